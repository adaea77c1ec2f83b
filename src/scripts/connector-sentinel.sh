# shellcheck shell=bash source-path=SCRIPTDIR
# The connector's sentinel: lives as long as the connector is declared. Its environment names only the
# connector and the API (those of connect-rest-client.sh), so a config change never replaces it. When it is
# stopped because the connector was removed from the code or destroyed, it deletes the connector; a 404 counts
# as done, a 409 during a rebalance is retried (10 attempts 5 s apart).
# A stop is not always a removal: a pod deleted, evicted or drained, a container restarted. Where the target
# renders a declaration beside the sentinel (DECLARATION_HOST: a name that resolves as long as the connector is
# declared, removed just before the sentinel and by nothing else), the sentinel deletes the connector only once
# that name stops resolving while the API's name still does (so a DNS outage is not taken for a removal); it
# looks for DECLARATION_CHECK_SECONDS (20, past DNS caches), and otherwise leaves the connector running.
# Ready once /tmp/task-done (TASK_DONE_FILE in model/tasks.ts) exists.

set -u
. ./connect-rest-client.sh
# declaration_removed: whether DECLARATION_HOST stops resolving within the check while the API's host resolves.
declaration_removed() {
  local api=${CONNECT_REST_ENDPOINTS%% *} second=0
  api=${api%:*}
  while [ "$second" -lt "${DECLARATION_CHECK_SECONDS:-20}" ]; do
    if ! getent hosts "$DECLARATION_HOST" >/dev/null && getent hosts "$api" >/dev/null; then return 0; fi
    sleep 1
    second=$((second + 1))
  done
  return 1
}
undo() {
  [ -z "${sleeper:-}" ] || kill "$sleeper" 2>/dev/null
  if [ -n "${DECLARATION_HOST:-}" ]; then
    if ! declaration_removed; then
      log "stopped while still declared ($DECLARATION_HOST did not go within ${DECLARATION_CHECK_SECONDS:-20} s, or DNS did not answer): a pod deletion, eviction, drain or restart; the connector keeps running"
      exit 0
    fi
    log "no longer declared ($DECLARATION_HOST is gone): deleting the connector"
  fi
  if call 10 DELETE "/connectors/$name" "" 204 404; then
    if [ "$STATUS" = 204 ]; then log "deleted"; else log "already absent (404)"; fi
  fi
  exit 0
}
trap undo TERM INT
touch /tmp/task-done
sleep infinity & sleeper=$!
wait "$sleeper"

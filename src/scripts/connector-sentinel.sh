# shellcheck shell=bash source-path=SCRIPTDIR
# The connector's sentinel: lives as long as the connector is declared. When it is stopped because the connector
# was removed from the code or destroyed, it deletes the connector; a 404 counts as done, a 409 during a rebalance
# is retried (10 attempts 5 s apart).
# A stop is not always a removal: a pod deleted, evicted or drained, a container restarted. Where the target
# renders a declaration beside the sentinel (removed just before the sentinel and by nothing else), the sentinel
# deletes the connector only once the declaration is seen gone, for DECLARATION_CHECK_SECONDS (default 20), and
# otherwise leaves the connector running. The target says how to see it:
# - DECLARATION_HOST: a name that resolves as long as the connector is declared (Kubernetes: a Service). It is
#   gone once it stops resolving while the API's name still does, so a DNS outage is not taken for a removal;
#   the check outlasts DNS caches.
# - DECLARATION_BEAT: a file whose content the declaration changes every second (Docker: a container writing to
#   a volume both mount). It is gone once the content stops changing.
# Where the target gives it the declared connector (CONNECTOR_CONFIG, CONNECTOR_STATE: only where a stop is told
# from a removal, since a change of them replaces the sentinel), it also reconciles, every
# RECONCILE_INTERVAL_SECONDS:
# - drift: a connector missing is created again in its declared state (POST with initial_state); a stored config
#   that differs from the declared one is PUT back; a state that differs (paused, resumed or stopped through the
#   API) is set back. Connect validates what is sent; a refusal is logged and tried again after 30 s, then
#   every 60 s: drift is set back within a minute of its cause's repair. Only differing keys are named, never values. Connectors it does not hold are left alone.
# - failures: with AUTO_RESTART=true, a FAILED connector or task is restarted
#   (POST /connectors/{name}/restart?includeTasks=true&onlyFailed=true), each restart logged with the failure's
#   trace (its first line and last cause). The first comes at once; after the n-th restart in a row the next one
#   waits min(n² + n, 60) minutes; the count starts again after AUTO_RESTART_STABLE_SECONDS without a failure.
#   AUTO_RESTART_MAX (empty: no bound) bounds the restarts in a row; past it the connector is left FAILED.
# A stop while still declared exits 75, a failure, so that what runs the sentinel starts it again; an undo exits 0.
# Ready once /tmp/task-done (TASK_DONE_FILE in model/tasks.ts) exists.

set -u
. ./connect-rest-client.sh
. ./json.sh
# declaration_removed: whether the declaration is seen gone within the check (see the header).
declaration_removed() {
  local api second=0 beat
  # The name the API is reached by: resolving it shows that DNS answers (see DECLARATION_HOST above).
  if [ -n "${DECLARATION_HOST:-}" ]; then
    api=${CONNECT_REST_ENDPOINTS%% *}
    api=${api%:*}
  fi
  [ -z "${DECLARATION_BEAT:-}" ] || beat=$(cat "$DECLARATION_BEAT" 2>/dev/null)
  while [ "$second" -lt "${DECLARATION_CHECK_SECONDS:-20}" ]; do
    if [ -n "${DECLARATION_HOST:-}" ]; then
      if ! getent hosts "$DECLARATION_HOST" >/dev/null && getent hosts "$api" >/dev/null; then return 0; fi
    fi
    sleep 1
    second=$((second + 1))
    if [ -n "${DECLARATION_BEAT:-}" ] && [ "$(cat "$DECLARATION_BEAT" 2>/dev/null)" != "$beat" ]; then return 1; fi
  done
  # A beat that did not change for the whole check is gone; a name that kept resolving is not.
  [ -n "${DECLARATION_BEAT:-}" ]
}
undo() {
  [ -z "${sleeper:-}" ] || kill "$sleeper" 2>/dev/null
  if [ -n "${DECLARATION_HOST:-}${DECLARATION_BEAT:-}" ]; then
    local declaration
    if [ -n "${DECLARATION_HOST:-}" ]; then
      declaration="$DECLARATION_HOST did not go within ${DECLARATION_CHECK_SECONDS:-20} s, or DNS did not answer): a pod deletion, eviction, drain or restart"
    else
      declaration="its declaration still beats): a container stop or restart"
    fi
    if ! declaration_removed; then
      log "stopped while still declared ($declaration; the connector keeps running"
      # A failure (TASK_STOPPED_WHILE_DECLARED_EXIT_CODE in model/tasks.ts), so the sentinel is started again.
      exit 75
    fi
    log "no longer declared (${DECLARATION_HOST:-its declaration} is gone): deleting the connector"
  fi
  if call 10 DELETE "/connectors/$name" "" 204 404; then
    if [ "$STATUS" = 204 ]; then log "deleted"; else log "already absent (404)"; fi
  fi
  exit 0
}
trap undo TERM INT
touch /tmp/task-done

# pause SECONDS: sleeps so that a stop is handled at once.
pause() {
  sleep "$1" & sleeper=$!
  wait "$sleeper"
}
[ -n "${CONNECTOR_CONFIG:-}" ] || { pause infinity; exit 0; }

declared=$(config_lines "$CONNECTOR_CONFIG")
restarts=0 next_restart=0 failing_since='' quiet_since=$SECONDS gave_up=''
restore_at=0 restore_wait=30
# restore WHY METHOD PATH BODY OK-STATUS...: sets what drifted back, unless a refusal is waited out.
restore() {
  local why=$1 method=$2 path=$3 body=$4
  shift 4
  [ "$SECONDS" -ge "$restore_at" ] || return 0
  log "$why: restoring the declared connector ($method $path)"
  request "$method" "$path" "$body" || return 0
  local ok
  for ok in "$@"; do
    if [ "$STATUS" = "$ok" ]; then
      log "restored ($STATUS)"
      restore_wait=30
      return 0
    fi
  done
  case "$STATUS" in
    409 | 500 | 503) log "not restored yet ($STATUS: a rebalance, a busy worker, or created meanwhile): looking again in ${RECONCILE_INTERVAL_SECONDS:-10} s" ;;
    *)
      log "not restored: $method $path answered $STATUS: $(json_text "$(json_scalars "$BODY" | grep $'^/message\t' | cut -f 2)"); trying again in ${restore_wait} s"
      restore_at=$((SECONDS + restore_wait))
      restore_wait=$((restore_wait * 2 > 60 ? 60 : restore_wait * 2))
      ;;
  esac
}
# trace_summary TOKEN: a trace's first line and its last cause, on one line.
trace_summary() {
  local s=${1#\"}
  s=${s%\"}
  s=${s//\\n/$'\n'}
  s=${s//\\t/ }
  local first cause
  first=$(printf '%s\n' "$s" | head -n 1)
  cause=$(printf '%s\n' "$s" | grep '^Caused by:' | tail -n 1)
  printf '%s%s' "$(json_text "\"$first\"")" "${cause:+ … $(json_text "\"$cause\"")}"
}
# reconcile: one look at the connector.
reconcile() {
  local p tok state='' status config differs failed=() traces=() i
  request GET "/connectors/$name/status" || return 0
  case "$STATUS" in
    404)
      restore "not found (deleted through the REST API, or not created yet)" POST /connectors \
        "{\"name\":\"$name\",\"config\":$CONNECTOR_CONFIG,\"initial_state\":\"$CONNECTOR_STATE\"}" 201
      return 0
      ;;
    200) status=$BODY ;;
    000) log "cannot look at the connector: $BODY"; return 0 ;;
    *) return 0 ;;
  esac
  request GET "/connectors/$name/config" || return 0
  if [ "$STATUS" = 404 ]; then
    # Its status can outlive it for a while (read back from the status topic): the config is what is declared.
    restore "its config is gone (deleted through the REST API; its last status still listed)" POST /connectors \
      "{\"name\":\"$name\",\"config\":$CONNECTOR_CONFIG,\"initial_state\":\"$CONNECTOR_STATE\"}" 201
    return 0
  fi
  if [ "$STATUS" = 200 ]; then
    config=$(config_lines "$BODY")
    if [ "$config" != "$declared" ]; then
      differs=$(comm -3 <(printf '%s\n' "$config") <(printf '%s\n' "$declared") | sed 's/^\t//' | cut -f 1 | sed 's|^/||' | sort -u | paste -sd ' ')
      restore "its stored config differs from the declared one in: $differs" PUT "/connectors/$name/config" "$CONNECTOR_CONFIG" 200 201
      return 0
    fi
  fi
  while IFS=$'\t' read -r p tok; do
    case $p in
      /connector/state) state=$(json_text "$tok") ;;
      /connector/trace) traces+=("connector: $(trace_summary "$tok")") ;;
      /tasks/*/state) [ "$tok" != '"FAILED"' ] || { i=${p#/tasks/}; failed+=("${i%%/*}"); } ;;
      /tasks/*/trace) i=${p#/tasks/}; traces+=("task ${i%%/*}: $(trace_summary "$tok")") ;;
    esac
  done <<< "$(json_scalars "$status")"
  if [ "$state" = FAILED ] || [ "${#failed[@]}" -gt 0 ]; then
    failing
    return 0
  fi
  if [ -n "$failing_since" ]; then log "running again: nothing FAILED"; failing_since=''; fi
  quiet_since=${quiet_since:-$SECONDS}
  if [ "$restarts" -gt 0 ] && [ $((SECONDS - quiet_since)) -ge "${AUTO_RESTART_STABLE_SECONDS:-600}" ]; then
    log "no failure for ${AUTO_RESTART_STABLE_SECONDS:-600} s: the restart count starts again (was $restarts)"
    restarts=0 next_restart=0 gave_up=''
  fi
  case "$CONNECTOR_STATE:$state" in
    RUNNING:PAUSED | RUNNING:STOPPED) restore "$state, declared RUNNING" PUT "/connectors/$name/resume" "" 202 204 ;;
    PAUSED:RUNNING | PAUSED:STOPPED) restore "$state, declared PAUSED" PUT "/connectors/$name/pause" "" 202 204 ;;
    STOPPED:RUNNING | STOPPED:PAUSED) restore "$state, declared STOPPED" PUT "/connectors/$name/stop" "" 202 204 ;;
  esac
}
# failing: what FAILED is restarted, with the back-off; uses state, failed and traces of reconcile.
failing() {
  local what="${state:-?} connector" minutes first=''
  [ "${#failed[@]}" -eq 0 ] || what+=", FAILED task(s) ${failed[*]}"
  [ -n "$failing_since" ] || { failing_since=$SECONDS; first=1; }
  quiet_since=''
  if [ "${AUTO_RESTART:-true}" != true ]; then
    [ -z "$first" ] || log "FAILED ($what: ${traces[*]:-no trace}): automatic restarts are disabled (autoRestart.enabled)"
    return 0
  fi
  if [ -n "${AUTO_RESTART_MAX:-}" ] && [ "$restarts" -ge "$AUTO_RESTART_MAX" ]; then
    [ -n "$gave_up" ] || log "FAILED ($what) after $restarts restart(s) in a row, the most allowed (autoRestart.maxRestarts): left FAILED"
    gave_up=1
    return 0
  fi
  [ "$SECONDS" -ge "$next_restart" ] || return 0
  request POST "/connectors/$name/restart?includeTasks=true&onlyFailed=true" ""
  case "$STATUS" in
    202 | 204)
      restarts=$((restarts + 1))
      minutes=$((restarts * restarts + restarts))
      [ "$minutes" -le 60 ] || minutes=60
      next_restart=$((SECONDS + minutes * 60))
      log "auto-restart $restarts${AUTO_RESTART_MAX:+ of at most $AUTO_RESTART_MAX} ($what): ${traces[*]:-no trace}; if it fails again, the next restart in $minutes min"
      ;;
    *) log "auto-restart of $what: POST answered $STATUS; trying again at the next look" ;;
  esac
}

while :; do
  reconcile
  pause "${RECONCILE_INTERVAL_SECONDS:-10}"
done

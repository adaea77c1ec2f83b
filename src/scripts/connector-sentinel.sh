# shellcheck shell=bash source-path=SCRIPTDIR
# The connector's sentinel: lives as long as the connector is declared. Its environment names only the
# connector and the API (those of connect-rest-client.sh), so a config change never replaces it. When it is
# stopped (the connector removed from the code, or destroyed) it deletes the connector; a 404 counts as done,
# a 409 during a rebalance is retried within the stop grace period (60 s): 10 attempts 5 s apart.
# Ready once /tmp/task-done (TASK_DONE_FILE in model/tasks.ts) exists.

set -u
. ./connect-rest-client.sh
undo() {
  [ -z "${sleeper:-}" ] || kill "$sleeper" 2>/dev/null
  call 10 DELETE "/connectors/$name" "" 204 404 && log "deleted"
  exit 0
}
trap undo TERM INT
touch /tmp/task-done
sleep infinity & sleeper=$!
wait "$sleeper"

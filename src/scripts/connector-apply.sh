# shellcheck shell=bash source-path=SCRIPTDIR
# The connector task: applies one connector through the Connect REST API. Waits for the API; a connector declared
# PAUSED or STOPPED that does not exist yet is created in that state (POST with initial_state, Kafka >= 3.7), so it
# never runs, not even for a moment (what a move of a connector with its offsets relies on); then PUTs the config
# (create-or-update, retried while a rebalance answers 409) and applies the declared state. Re-run whenever the
# config or state changes.
# Environment: those of connect-rest-client.sh, CONNECTOR_CONFIG (JSON), CONNECTOR_STATE (RUNNING, PAUSED, STOPPED).
# Every call is tried at most 120 times, 5 s apart.

set -u
. ./connect-rest-client.sh

. ./task-keep-alive.sh
trap stop TERM INT
call 120 GET / "" 200 || exit 1
if [ "$CONNECTOR_STATE" != RUNNING ]; then
  call 120 GET "/connectors/$name" "" 200 404 || exit 1
  if [ "$STATUS" = 404 ]; then
    # 409: created meanwhile, or a rebalance; the PUT below settles either.
    call 120 POST /connectors "{\"name\":\"$name\",\"config\":$CONNECTOR_CONFIG,\"initial_state\":\"$CONNECTOR_STATE\"}" 201 409 || exit 1
    [ "$STATUS" = 201 ] && log "created in state $CONNECTOR_STATE"
  fi
fi
call 120 PUT "/connectors/$name/config" "$CONNECTOR_CONFIG" 200 201 || exit 1
case "$CONNECTOR_STATE" in
  RUNNING) call 120 PUT "/connectors/$name/resume" "" 202 204 || exit 1 ;;
  PAUSED) call 120 PUT "/connectors/$name/pause" "" 202 204 || exit 1 ;;
  STOPPED) call 120 PUT "/connectors/$name/stop" "" 202 204 || exit 1 ;;
esac
log "applied (state $CONNECTOR_STATE)"
finish

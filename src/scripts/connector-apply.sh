# shellcheck shell=bash source-path=SCRIPTDIR
# The connector task: applies one connector through the Connect REST API. Waits for the API and reads the
# connector's stored config. A config equal to the declared one is not PUT again (a PUT, even an identical one,
# restarts the connector). Otherwise the declared config first goes through Connect's validation
# (PUT /connector-plugins/{class}/config/validate, which answers 200 with every field's errors); when it finds
# errors nothing is changed: the script reports them (below) and ends without retrying, and the running connector
# keeps its config and state. A valid config is applied: a connector declared PAUSED or STOPPED that does not exist
# yet is created in that state (POST with initial_state, Kafka >= 3.7), so it never runs, not even for a moment
# (what a move of a connector with its offsets relies on); then the config is PUT (create-or-update, retried while a
# rebalance answers 409), and the declared state applied. Re-run whenever the config or state changes.
# A database that is briefly down is not a config error: Debezium checks the connection only once every field
# passed its own checks, and reports a failed check on database.hostname. While that is the only field with
# errors, the validation is repeated for up to 60 s (5 s apart) before the errors are reported.
# The report of refused errors names the connector, then each field with Connect's message, one line each; values
# the worker resolved from a config provider (secrets) are shown as [hidden]. Each line goes to stdout prefixed with
# "[refused] " (TASK_REFUSED_PREFIX in model/tasks.ts), and the whole report to TASK_REPORT_FILE when that is set
# (Kubernetes: the container's termination message, at most 4096 bytes).
# Environment: those of connect-rest-client.sh, CONNECTOR_CONFIG (JSON), CONNECTOR_STATE (RUNNING, PAUSED, STOPPED),
# TASK_REPORT_FILE (optional). Every call is tried at most 120 times, 5 s apart; the validation 12 times.

set -u
. ./connect-rest-client.sh
. ./json.sh

. ./task-keep-alive.sh
trap stop TERM INT

# validation_errors BODY: "FIELD<TAB>MESSAGE" for every error of a validation answer, secrets hidden.
validation_errors() {
  local p tok i field msg count=0
  local -A names=() values=() declared=()
  local -a errors=() hidden=()
  while IFS=$'\t' read -r p tok; do [ -z "$p" ] || declared[${p#/}]=$tok; done <<< "$(config_lines "$CONNECTOR_CONFIG")"
  while IFS=$'\t' read -r p tok; do
    case $p in
      /error_count) count=$tok ;;
      /configs/*/value/name) i=${p#/configs/}; names[${i%%/*}]=$tok ;;
      /configs/*/value/value) i=${p#/configs/}; values[${i%%/*}]=$tok ;;
      /configs/*/value/errors/*) i=${p#/configs/}; errors+=("${i%%/*}"$'\t'"$tok") ;;
    esac
  done <<< "$(json_scalars "$1")"
  for i in "${!names[@]}"; do
    field=$(json_text "${names[$i]}")
    tok=${values[$i]:-null}
    # A value the worker resolved from a placeholder (a secret): never printed.
    if [[ ${declared[$field]:-} == *\$\{* ]] && [[ $tok == \"* ]] && [ "$tok" != '"[hidden]"' ] && [ "$tok" != '""' ]; then
      hidden+=("$(json_text "$tok")")
    fi
  done
  for p in "${errors[@]}"; do
    i=${p%%$'\t'*}
    field=$(json_text "${names[$i]:-\"(config)\"}")
    msg=$(json_text "${p#*$'\t'}")
    for tok in "${hidden[@]}"; do msg=${msg//"$tok"/[hidden]}; done
    printf '%s\t%s\n' "$field" "$msg"
  done
  # Errors Connect counted but attached to no field.
  [ "${#errors[@]}" -gt 0 ] || [ "$count" = 0 ] || printf '(config)\t%s error(s) without a field in the answer\n' "$count"
}
# validate CLASS: 0 when Connect finds no error; 1 with REPORT set when it does; 2 when the API fails.
validate() {
  local path="/connector-plugins/$1/config/validate" errors field msg started=$SECONDS
  while :; do
    # The framework's own fields are validated too: "name" is one of them.
    call 12 PUT "$path" "{\"name\":\"$name\",${CONNECTOR_CONFIG#\{}" 200 || return 2
    errors=$(validation_errors "$BODY")
    [ -n "$errors" ] || return 0
    if ! printf '%s\n' "$errors" | grep -qv $'^database\\.hostname\t' && [ $((SECONDS - started)) -lt 60 ]; then
      log "the connection check failed, validating again in 5 s: ${errors#*$'\t'}"
      sleep 5
      continue
    fi
    REPORT="connector \"$name\" was not applied: Connect's validation (PUT $path) found $(printf '%s\n' "$errors" | wc -l) error(s) in its config; the running connector keeps its config and state"
    while IFS=$'\t' read -r field msg; do REPORT+=$'\n'"  $field: $msg"; done <<< "$errors"
    return 1
  done
}
# refuse: reports REPORT; nothing was applied.
refuse() {
  local line
  while IFS= read -r line; do printf '[refused] %s\n' "$line"; done <<< "$REPORT"
  if [ -n "${TASK_REPORT_FILE:-}" ]; then
    if [ "${#REPORT}" -gt 4000 ]; then REPORT="${REPORT:0:3900}"$'\n'"  … (the rest in the task's log)"; fi
    printf '%s\n' "$REPORT" > "$TASK_REPORT_FILE"
  fi
}

call 120 GET / "" 200 || exit 1
call 120 GET "/connectors/$name/config" "" 200 404 || exit 1
if [ "$STATUS" = 200 ] && [ "$(config_lines "$BODY")" = "$(config_lines "$CONNECTOR_CONFIG")" ]; then
  log "config unchanged: not PUT again (a PUT restarts the connector)"
else
  exists=$STATUS
  class=$(config_lines "$CONNECTOR_CONFIG" | grep $'^/connector\\.class\t' | cut -f 2)
  validate "$(json_text "$class")"
  case $? in
    1) refuse; finish ;;
    2) exit 1 ;;
  esac
  if [ "$CONNECTOR_STATE" != RUNNING ] && [ "$exists" = 404 ]; then
    # 409: created meanwhile, or a rebalance; the PUT below settles either.
    call 120 POST /connectors "{\"name\":\"$name\",\"config\":$CONNECTOR_CONFIG,\"initial_state\":\"$CONNECTOR_STATE\"}" 201 409 || exit 1
    [ "$STATUS" = 201 ] && log "created in state $CONNECTOR_STATE"
  fi
  call 120 PUT "/connectors/$name/config" "$CONNECTOR_CONFIG" 200 201 || exit 1
fi
case "$CONNECTOR_STATE" in
  RUNNING) call 120 PUT "/connectors/$name/resume" "" 202 204 || exit 1 ;;
  PAUSED) call 120 PUT "/connectors/$name/pause" "" 202 204 || exit 1 ;;
  STOPPED) call 120 PUT "/connectors/$name/stop" "" 202 204 || exit 1 ;;
esac
log "applied (state $CONNECTOR_STATE)"
finish

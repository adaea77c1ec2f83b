# shellcheck shell=bash source-path=SCRIPTDIR
# The loggers task: applies connect.loggers to the running workers (the levels file they read at start is the
# target's: a ConfigMap, or on Docker a volume the levels holder writes). Each level is PUT to
# /admin/loggers/<name>?scope=cluster (Kafka >= 3.7): the receiving worker writes it to the config topic and every
# worker applies it; 204 is the answer. A PUT during a rebalance (409) or while the API is down is retried, 5 s
# apart, 120 times.
# Environment: those of connect-rest-client.sh, LOGGER_LEVELS (one "name=LEVEL" line per logger).

set -u
CONNECTOR_NAME=loggers # the client's log prefix; this task's own log() below replaces it
. ./connect-rest-client.sh
. ./task-keep-alive.sh
trap stop TERM INT
log() { printf '[loggers] %s\n' "$*"; }

while IFS='=' read -r logger level; do
  [ -n "$logger" ] || continue
  call 120 PUT "/admin/loggers/$logger?scope=cluster" "{\"level\":\"$level\"}" 204 || exit 1
  log "$logger at $level on every worker (scope=cluster)"
done <<<"$LOGGER_LEVELS"
finish

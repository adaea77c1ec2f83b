# shellcheck shell=bash source-path=SCRIPTDIR
# The broker loggers task: applies kafka.loggers to the running brokers with the Kafka image's own tools (the levels
# file they read at start is the target's: a ConfigMap, or on Docker a volume the levels holder writes). Each broker
# gets every level in one change of its broker-loggers configs (kafka-configs.sh --entity-type broker-loggers,
# KIP-412), which it keeps until it stops. A broker that does not answer yet is retried, 5 s apart, 120 times; a
# change refused (a logger the broker does not have) fails the task at once, with the reason.
# Environment: BOOTSTRAP_SERVERS, BROKER_IDS (space-separated), LOGGER_LEVELS (one "name=LEVEL" line per logger).

set -u
bin=/kafka/bin
log() { printf '[broker-loggers] %s\n' "$*"; }
. ./task-keep-alive.sh
trap stop TERM INT

# One incremental change: name=LEVEL,name=LEVEL.
changes=${LOGGER_LEVELS%$'\n'}
changes=${changes//$'\n'/,}
for id in $BROKER_IDS; do
  attempt=0
  until out=$("$bin/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --entity-type broker-loggers --entity-name "$id" \
    --alter --add-config "$changes" 2>&1); do
    # Refused (the tool checks the names against the broker's loggers first): waiting does not change the answer.
    if refused=$(grep -m 1 -o -E 'Invalid broker logger.*|Invalid[A-Za-z]*Exception: .*' <<<"$out"); then
      log "broker $id refused $changes: ${refused#*Exception: }"
      log "a broker changes only loggers it has (one in its log4j configuration, or a class's it created); the levels file holds them for its next start"
      exit 1
    fi
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 120 ]; then log "broker $id did not take the levels after 120 attempts: $(tail -n 1 <<<"$out")"; exit 1; fi
    if [ $((attempt % 12)) -eq 0 ]; then log "broker $id not reached yet (attempt $attempt): $(tail -n 1 <<<"$out")"; fi
    sleep 5
  done
  log "broker $id: $changes"
done
finish

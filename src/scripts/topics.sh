# shellcheck shell=bash source-path=SCRIPTDIR
# The topics task: creates the declared topics idempotently with the Kafka image's own tools; grows
# partitions; applies configs; never deletes or shrinks anything.
# Environment: BOOTSTRAP_SERVERS; TOPICS, one line per topic:
#   name partitions replication-factor create-configs alter-configs   (configs `;`- resp. `,`-separated, `-` for none)
# Waits for the brokers at most 120 attempts 5 s apart: every loop stops by itself.

set -u
export LC_ALL=C
bin=/kafka/bin
bs="$BOOTSTRAP_SERVERS"
log() { printf '[topics] %s\n' "$*"; }

. ./task-keep-alive.sh
trap stop TERM INT
attempt=0
until "$bin/kafka-topics.sh" --bootstrap-server "$bs" --list >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 120 ]; then log "brokers at $bs did not answer after 120 attempts"; exit 1; fi
  sleep 5
done
while read -r name partitions rf create alter; do
  [ -n "$name" ] || continue
  args=()
  if [ "$create" != - ]; then IFS=';' read -r -a cfgs <<< "$create"; for c in "${cfgs[@]}"; do args+=(--config "$c"); done; fi
  "$bin/kafka-topics.sh" --bootstrap-server "$bs" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$rf" "${args[@]}" >/dev/null || { log "creating $name failed"; exit 1; }
  current=$("$bin/kafka-topics.sh" --bootstrap-server "$bs" --describe --topic "$name" | sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)
  if [ -z "$current" ]; then log "cannot read the partition count of $name"; exit 1; fi
  if [ "$current" -lt "$partitions" ]; then
    log "$name: growing partitions from $current to $partitions"
    "$bin/kafka-topics.sh" --bootstrap-server "$bs" --alter --topic "$name" --partitions "$partitions" || exit 1
  elif [ "$current" -gt "$partitions" ]; then
    log "$name has $current partitions, more than the declared $partitions: partitions never shrink, left as is"
  fi
  if [ "$alter" != - ]; then
    "$bin/kafka-configs.sh" --bootstrap-server "$bs" --alter --entity-type topics --entity-name "$name" --add-config "$alter" >/dev/null || { log "configuring $name failed"; exit 1; }
  fi
  log "$name: ready ($partitions partitions, replication factor $rf)"
done <<< "$TOPICS"
log "all topics ready"
finish

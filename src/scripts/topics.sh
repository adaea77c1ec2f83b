# shellcheck shell=bash source-path=SCRIPTDIR
# The topics task: creates the declared topics idempotently with the Kafka image's own tools; grows
# partitions; applies configs; never deletes or shrinks anything.
# Environment: BOOTSTRAP_SERVERS; TOPICS, one line per topic:
#   name partitions replication-factor create-configs alter-configs   (configs `;`- resp. `,`-separated, `-` for none)
# Against a secured Kafka also: CLIENT_PROPERTIES (the client's plain settings, one per line); with SASL,
# CLIENT_SASL_LOGIN_MODULE, CLIENT_SASL_USERNAME and the password in the file CLIENT_SASL_PASSWORD_FILE or the variable
# CLIENT_SASL_PASSWORD_ENV names; with a client certificate, CLIENT_KEY_FILE and CLIENT_CERTIFICATE_FILE (PEM). The
# Kafka tools resolve no config providers: the script writes their client config itself, readable only by its user.
# Waits for the brokers at most 120 attempts 5 s apart: every loop stops by itself.

set -u
export LC_ALL=C
bin=/kafka/bin
bs="$BOOTSTRAP_SERVERS"
log() { printf '[topics] %s\n' "$*"; }

. ./task-keep-alive.sh
trap stop TERM INT
# The tools' client config: none against a plain-text Kafka.
client=()
if [ -n "${CLIENT_PROPERTIES:-}" ]; then
  umask 077
  cfg=$(mktemp /tmp/client-XXXXXX.properties)
  printf '%s\n' "$CLIENT_PROPERTIES" > "$cfg"
  if [ -n "${CLIENT_SASL_LOGIN_MODULE:-}" ]; then
    if [ -n "${CLIENT_SASL_PASSWORD_FILE:-}" ]; then
      password=$(cat "$CLIENT_SASL_PASSWORD_FILE") || { log "cannot read the SASL password from $CLIENT_SASL_PASSWORD_FILE"; exit 1; }
    else
      password=${!CLIENT_SASL_PASSWORD_ENV:-}
    fi
    [ -n "$password" ] || { log "the SASL password is empty"; exit 1; }
    printf 'sasl.jaas.config=%s required username="%s" password="%s";\n' "$CLIENT_SASL_LOGIN_MODULE" "$CLIENT_SASL_USERNAME" "$password" >> "$cfg"
    unset password
  fi
  if [ -n "${CLIENT_KEY_FILE:-}" ]; then
    # One PEM file with the key and the chain serves as a key store (ssl.keystore.type=PEM).
    store=$(mktemp /tmp/client-XXXXXX.pem)
    cat "$CLIENT_KEY_FILE" "$CLIENT_CERTIFICATE_FILE" > "$store" || { log "cannot read the client key and certificate"; exit 1; }
    printf 'ssl.keystore.type=PEM\nssl.keystore.location=%s\n' "$store" >> "$cfg"
  fi
  client=(--command-config "$cfg")
fi
attempt=0
until out=$("$bin/kafka-topics.sh" --bootstrap-server "$bs" "${client[@]}" --list 2>&1); do
  # A refused login or handshake does not heal by waiting: say so at once.
  if grep -q -E 'AuthenticationException|AuthorizationException' <<< "$out"; then
    log "brokers at $bs refused the client: $(grep -m 1 -o -E '[A-Za-z.]*(Authentication|Authorization)Exception[^"]*' <<< "$out")"
    exit 1
  fi
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 120 ]; then log "brokers at $bs did not answer after 120 attempts"; exit 1; fi
  sleep 5
done
while read -r name partitions rf create alter; do
  [ -n "$name" ] || continue
  args=()
  if [ "$create" != - ]; then IFS=';' read -r -a cfgs <<< "$create"; for c in "${cfgs[@]}"; do args+=(--config "$c"); done; fi
  "$bin/kafka-topics.sh" --bootstrap-server "$bs" "${client[@]}" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$rf" "${args[@]}" >/dev/null || { log "creating $name failed"; exit 1; }
  current=$("$bin/kafka-topics.sh" --bootstrap-server "$bs" "${client[@]}" --describe --topic "$name" | sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)
  if [ -z "$current" ]; then log "cannot read the partition count of $name"; exit 1; fi
  if [ "$current" -lt "$partitions" ]; then
    log "$name: growing partitions from $current to $partitions"
    "$bin/kafka-topics.sh" --bootstrap-server "$bs" "${client[@]}" --alter --topic "$name" --partitions "$partitions" || exit 1
  elif [ "$current" -gt "$partitions" ]; then
    log "$name has $current partitions, more than the declared $partitions: partitions never shrink, left as is"
  fi
  if [ "$alter" != - ]; then
    "$bin/kafka-configs.sh" --bootstrap-server "$bs" "${client[@]}" --alter --entity-type topics --entity-name "$name" --add-config "$alter" >/dev/null || { log "configuring $name failed"; exit 1; }
  fi
  log "$name: ready ($partitions partitions, replication factor $rf)"
done <<< "$TOPICS"
log "all topics ready"
finish

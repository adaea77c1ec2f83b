#!/bin/bash
# Entrypoint of the local stand-in for quay.io/debezium/kafka:3.1 (Kafka 3.9.0), ZooKeeper mode only.
# Environment contract (same as the Debezium image):
#   ZOOKEEPER_CONNECT        -> zookeeper.connect (else Docker-link *_PORT_2181_TCP vars, else 0.0.0.0:2181)
#   BROKER_ID (or NODE_ID)   -> broker.id (default 1, with a warning); log.dirs=/kafka/data/<id>
#   HOST_NAME, PORT          bind address/port (defaults: container IP, 9092) -> listeners
#   ADVERTISED_HOST_NAME/_PORT -> advertised.listeners=PLAINTEXT://host:port (defaults HOST_NAME / 9092)
#   KAFKA_LISTENERS / KAFKA_ADVERTISED_LISTENERS override the two above
#   HEAP_OPTS                JVM heap (default -Xmx1G -Xms1G)
#   LOG_LEVEL                log4j root + stdout level (default INFO)
#   KAFKA_*                  any broker property: strip the prefix, lowercase, '_' -> '.';
#                            replaced in place in /kafka/config/server.properties, else appended
#   CREATE_TOPICS            name:partitions:replicas[:cleanup.policy],... created once the broker listens
#   JMXPORT + JMXHOST        remote JMX
# CLUSTER_ID (KRaft) is not supported by this local image. Commands: start (default); anything else is exec'd.
set -euo pipefail

KAFKA_HOME="${KAFKA_HOME:-/kafka}"
KAFKA_DATA="${KAFKA_DATA:-$KAFKA_HOME/data}"
CONFIG_FILE="$KAFKA_HOME/config/server.properties"

die() { echo "ERROR: $*" >&2; exit 1; }

host_ip() {
    local ip
    ip="$(hostname -i 2>/dev/null | awk '{print $1}')" || true
    [[ -n "$ip" ]] || ip="$(hostname)"
    printf '%s' "$ip"
}

# set_prop FILE KEY VALUE: replace "KEY=..." or "#KEY=..." lines in place, else append.
set_prop() {
    local file="$1" key="$2" value="$3" tmp
    if KEY="$key" awk 'BEGIN { k = ENVIRON["KEY"] "=" } index($0, k) == 1 || index($0, "#" k) == 1 { found = 1 } END { exit !found }' "$file"; then
        tmp="$(mktemp)"
        KEY="$key" VALUE="$value" awk 'BEGIN { k = ENVIRON["KEY"] "="; v = ENVIRON["VALUE"] }
            index($0, k) == 1 || index($0, "#" k) == 1 { print ENVIRON["KEY"] "=" v; next } { print }' "$file" > "$tmp"
        cat "$tmp" > "$file"
        rm -f "$tmp"
    else
        printf '%s=%s\n' "$key" "$value" >> "$file"
    fi
}

if [[ -n "${CLUSTER_ID:-}" ]]; then
    die "CLUSTER_ID is set (KRaft mode); this local 3.1-stream test image only runs ZooKeeper mode. Unset CLUSTER_ID and set ZOOKEEPER_CONNECT."
fi

if [[ -z "${NODE_ID:-}" ]]; then
    if [[ -z "${BROKER_ID:-}" ]]; then
        NODE_ID=1
        echo "WARNING: Using default BROKER_ID=1, which is valid only for non-clustered installations."
    else
        NODE_ID="$BROKER_ID"
    fi
fi
echo "Starting in ZooKeeper mode using BROKER_ID=$NODE_ID."

if [[ -z "${ZOOKEEPER_CONNECT:-}" ]]; then
    # Docker container links (e.g. ZOOKEEPER_PORT_2181_TCP=tcp://172.17.0.2:2181)
    ZOOKEEPER_CONNECT="$(env | grep -E '^[A-Z0-9_]*PORT_2181_TCP=' | sed -e 's|.*tcp://||' | sort -u | paste -sd, - || true)"
fi
: "${ZOOKEEPER_CONNECT:=0.0.0.0:2181}"
echo "Using ZOOKEEPER_CONNECT=$ZOOKEEPER_CONNECT"

export KAFKA_ZOOKEEPER_CONNECT="$ZOOKEEPER_CONNECT"
export KAFKA_BROKER_ID="$NODE_ID"
export KAFKA_LOG_DIRS="$KAFKA_DATA/$NODE_ID"
unset NODE_ID BROKER_ID ZOOKEEPER_CONNECT

: "${HOST_NAME:=$(host_ip)}"
: "${PORT:=9092}"
: "${ADVERTISED_HOST_NAME:=$HOST_NAME}"
: "${ADVERTISED_PORT:=9092}"
: "${KAFKA_LISTENERS:=PLAINTEXT://$HOST_NAME:$PORT}"
: "${KAFKA_ADVERTISED_LISTENERS:=PLAINTEXT://$ADVERTISED_HOST_NAME:$ADVERTISED_PORT}"
export KAFKA_LISTENERS KAFKA_ADVERTISED_LISTENERS
unset HOST_NAME PORT ADVERTISED_HOST_NAME ADVERTISED_PORT
echo "Using KAFKA_LISTENERS=$KAFKA_LISTENERS and KAFKA_ADVERTISED_LISTENERS=$KAFKA_ADVERTISED_LISTENERS"

if [[ -n "${JMXPORT:-}" && -n "${JMXHOST:-}" ]]; then
    echo "Enabling JMX on ${JMXHOST}:${JMXPORT}"
    export KAFKA_JMX_OPTS="-Djava.rmi.server.hostname=${JMXHOST} -Dcom.sun.management.jmxremote.rmi.port=${JMXPORT} -Dcom.sun.management.jmxremote.port=${JMXPORT} -Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=${JMXAUTH:-false} -Dcom.sun.management.jmxremote.ssl=${JMXSSL:-false}"
fi

mkdir -p "$KAFKA_HOME/config" "$KAFKA_HOME/logs"
# Copy the stock config files unless a volume already provides them.
cp -rn "$KAFKA_HOME/config.orig/." "$KAFKA_HOME/config/"

# First listener as host:port for the tools (0.0.0.0 / empty host -> 127.0.0.1).
broker_endpoint() {
    local first="${KAFKA_LISTENERS%%,*}"
    first="${first#*://}"
    local host="${first%:*}" port="${first##*:}"
    [[ -z "$host" || "$host" == 0.0.0.0 ]] && host=127.0.0.1
    printf '%s:%s' "$host" "$port"
}

create_topics() {
    local endpoint host port i spec name partitions replicas policy
    endpoint="$(broker_endpoint)"
    host="${endpoint%:*}"; port="${endpoint##*:}"
    echo "STARTUP: Waiting for the Kafka broker to listen on $endpoint ..."
    for ((i = 0; i < ${CREATE_TOPICS_TIMEOUT:-300}; i++)); do
        if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then break; fi
        sleep 1
    done
    echo "STARTUP: Creating topics on $endpoint ..."
    local IFS=','
    for spec in $CREATE_TOPICS; do
        spec="$(echo "$spec" | xargs)"
        IFS=':' read -r name partitions replicas policy <<< "$spec"
        local -a config=()
        [[ -n "${policy:-}" ]] && config=("--config=cleanup.policy=$policy")
        echo "STARTUP: Creating topic $name with $partitions partitions and $replicas replicas with cleanup policy ${policy:-}..."
        "$KAFKA_HOME/bin/kafka-topics.sh" --create --bootstrap-server "$endpoint" \
            --replication-factor "$replicas" --partitions "$partitions" --topic "$name" "${config[@]}" || true
    done
}

case "${1:-start}" in
    start)
        if [[ -n "${HEAP_OPTS:-}" ]]; then
            export KAFKA_HEAP_OPTS="$HEAP_OPTS"
        fi
        unset HEAP_OPTS

        LOG_LEVEL="${LOG_LEVEL:-INFO}"
        sed -i -r -e "s|=INFO, stdout|=${LOG_LEVEL}, stdout|g" \
                  -e "s|^(log4j.appender.stdout.threshold)=.*|\1=${LOG_LEVEL}|g" "$KAFKA_HOME/config/log4j.properties"
        export KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:$KAFKA_HOME/config/log4j.properties"
        unset LOG_LEVEL

        # Make sure the file ends with a newline before appending.
        [[ -z "$(tail -c1 "$CONFIG_FILE")" ]] || echo "" >> "$CONFIG_FILE"

        # KAFKA_* -> broker properties (not the variables of the launcher scripts).
        for env_var in $(compgen -e | LC_ALL=C sort); do
            [[ "$env_var" == KAFKA_* ]] || continue
            case "$env_var" in
                KAFKA_VERSION | KAFKA_HOME | KAFKA_DATA | KAFKA_LOG4J_OPTS | KAFKA_JMX_OPTS | KAFKA_HEAP_OPTS | \
                KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_GC_LOG_OPTS | KAFKA_DEBUG | KAFKA_CONNECT_PLUGINS_DIR) continue ;;
            esac
            value="${!env_var}"
            prop_name="$(printf '%s' "${env_var#KAFKA_}" | tr '[:upper:]' '[:lower:]' | tr _ .)"
            if [[ "$value" == *$'\n'* ]]; then
                die "$env_var contains a line break; the Debezium kafka image cannot apply multi-line values."
            fi
            if [[ "$value" == *%* ]]; then
                die "$env_var contains '%', which the Debezium kafka image cannot apply (its entrypoint edits server.properties with sed using '%' as the delimiter)."
            fi
            set_prop "$CONFIG_FILE" "$prop_name" "$value"
            echo "--- Setting property from $env_var: $prop_name=$value"
        done

        mkdir -p "$KAFKA_LOG_DIRS"

        if [[ -n "${CREATE_TOPICS:-}" ]]; then
            echo "Creating topics: $CREATE_TOPICS"
            create_topics &
        fi

        exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$CONFIG_FILE"
        ;;
esac

# Otherwise just run the specified command
exec "$@"

#!/bin/bash
# Entrypoint of the local stand-in for quay.io/debezium/connect:3.1 (connect-base contract, Kafka 3.9.0,
# Debezium PostgreSQL connector under /kafka/connect/debezium-connector-postgres).
# Environment contract (same as the Debezium image):
#   CONFIG_STORAGE_TOPIC, OFFSET_STORAGE_TOPIC   required (exit 1 before the JVM starts when empty)
#   STATUS_STORAGE_TOPIC                         recommended (warning; stock 'connect-status' stays)
#   GROUP_ID (default 1), BOOTSTRAP_SERVERS (else Docker-link *_PORT_9092_TCP vars, else 0.0.0.0:9092)
#   ADVERTISED_HOST_NAME / ADVERTISED_PORT       -> rest.advertised.host.name / rest.advertised.port
#                                                   (defaults: container IP / 8083)
#   REST_HOST_NAME / REST_PORT                   written as rest.host.name / rest.port, which Kafka >= 3.0
#                                                   ignores: move or bind the REST server with CONNECT_LISTENERS
#   KEY_CONVERTER / VALUE_CONVERTER              default org.apache.kafka.connect.json.JsonConverter
#   OFFSET_FLUSH_INTERVAL_MS (60000), OFFSET_FLUSH_TIMEOUT_MS (5000)
#   SHUTDOWN_TIMEOUT (10000)                     -> task.shutdown.graceful.timeout.ms
#   HEAP_OPTS                                    -> KAFKA_HEAP_OPTS (else -Xms256M -Xmx2G)
#   LOG_LEVEL                                    log4j root + stdout level
#   CONNECT_*                                    any worker property: strip the prefix, lowercase, '_' -> '.';
#                                                   replaced in place in /kafka/config/connect-distributed.properties,
#                                                   else appended. Values may not contain '@' (refused here).
#   CONNECT_PLUGIN_PATH                          plugin.path (image default: $KAFKA_CONNECT_PLUGINS_DIR=/kafka/connect,
#                                                   whose child directories are the plugins)
#   JMXPORT + JMXHOST                            remote JMX
# Commands: start (default); anything else is exec'd.
set -euo pipefail

KAFKA_HOME="${KAFKA_HOME:-/kafka}"
KAFKA_DATA="${KAFKA_DATA:-$KAFKA_HOME/data}"
: "${KAFKA_CONNECT_PLUGINS_DIR:=$KAFKA_HOME/connect}"
CONFIG_FILE="$KAFKA_HOME/config/connect-distributed.properties"

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

: "${SENSITIVE_PROPERTIES:=CONNECT_SASL_JAAS_CONFIG,CONNECT_CONSUMER_SASL_JAAS_CONFIG,CONNECT_PRODUCER_SASL_JAAS_CONFIG,CONNECT_SSL_KEYSTORE_PASSWORD,CONNECT_PRODUCER_SSL_KEYSTORE_PASSWORD,CONNECT_SSL_TRUSTSTORE_PASSWORD,CONNECT_PRODUCER_SSL_TRUSTSTORE_PASSWORD,CONNECT_SSL_KEY_PASSWORD,CONNECT_PRODUCER_SSL_KEY_PASSWORD,CONNECT_CONSUMER_SSL_TRUSTSTORE_PASSWORD,CONNECT_CONSUMER_SSL_KEYSTORE_PASSWORD,CONNECT_CONSUMER_SSL_KEY_PASSWORD}"

if [[ -z "${BOOTSTRAP_SERVERS:-}" ]]; then
    # Docker container links (e.g. KAFKA_PORT_9092_TCP=tcp://172.17.0.3:9092)
    BOOTSTRAP_SERVERS="$(env | grep -E '^[A-Z0-9_]*PORT_9092_TCP=' | sed -e 's|.*tcp://||' | sort -u | paste -sd, - || true)"
fi
: "${BOOTSTRAP_SERVERS:=0.0.0.0:9092}"
echo "Using BOOTSTRAP_SERVERS=$BOOTSTRAP_SERVERS"

: "${HOST_NAME:=$(host_ip)}"
: "${REST_PORT:=8083}"
: "${REST_HOST_NAME:=$HOST_NAME}"
: "${ADVERTISED_PORT:=8083}"
: "${ADVERTISED_HOST_NAME:=$HOST_NAME}"
: "${GROUP_ID:=1}"
: "${OFFSET_FLUSH_INTERVAL_MS:=60000}"
: "${OFFSET_FLUSH_TIMEOUT_MS:=5000}"
: "${SHUTDOWN_TIMEOUT:=10000}"
: "${KEY_CONVERTER:=org.apache.kafka.connect.json.JsonConverter}"
: "${VALUE_CONVERTER:=org.apache.kafka.connect.json.JsonConverter}"
export CONNECT_REST_ADVERTISED_PORT="$ADVERTISED_PORT"
export CONNECT_REST_ADVERTISED_HOST_NAME="$ADVERTISED_HOST_NAME"
export CONNECT_REST_PORT="$REST_PORT"
export CONNECT_REST_HOST_NAME="$REST_HOST_NAME"
export CONNECT_BOOTSTRAP_SERVERS="$BOOTSTRAP_SERVERS"
export CONNECT_GROUP_ID="$GROUP_ID"
export CONNECT_CONFIG_STORAGE_TOPIC="${CONFIG_STORAGE_TOPIC:-}"
export CONNECT_OFFSET_STORAGE_TOPIC="${OFFSET_STORAGE_TOPIC:-}"
if [[ -n "${STATUS_STORAGE_TOPIC:-}" ]]; then
    export CONNECT_STATUS_STORAGE_TOPIC="$STATUS_STORAGE_TOPIC"
fi
export CONNECT_KEY_CONVERTER="$KEY_CONVERTER"
export CONNECT_VALUE_CONVERTER="$VALUE_CONVERTER"
export CONNECT_TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS="$SHUTDOWN_TIMEOUT"
export CONNECT_OFFSET_FLUSH_INTERVAL_MS="$OFFSET_FLUSH_INTERVAL_MS"
export CONNECT_OFFSET_FLUSH_TIMEOUT_MS="$OFFSET_FLUSH_TIMEOUT_MS"
if [[ -n "${HEAP_OPTS:-}" ]]; then
    export KAFKA_HEAP_OPTS="$HEAP_OPTS"
fi
unset HOST_NAME REST_PORT REST_HOST_NAME ADVERTISED_PORT ADVERTISED_HOST_NAME GROUP_ID \
      OFFSET_FLUSH_INTERVAL_MS OFFSET_FLUSH_TIMEOUT_MS SHUTDOWN_TIMEOUT KEY_CONVERTER VALUE_CONVERTER HEAP_OPTS

# plugin.path: the plugins directory itself (Kafka treats each child directory as one plugin).
if [[ -z "${CONNECT_PLUGIN_PATH:-}" ]]; then
    export CONNECT_PLUGIN_PATH="$KAFKA_CONNECT_PLUGINS_DIR"
fi
echo "Plugins are loaded from $CONNECT_PLUGIN_PATH"

for switch in ENABLE_APICURIO_CONVERTERS ENABLE_DEBEZIUM_SCRIPTING ENABLE_OTEL ENABLE_JOLOKIA ENABLE_JFR ENABLE_DEBEZIUM_KC_REST_EXTENSION ENABLE_JMX_EXPORTER; do
    if [[ "${!switch:-false}" == true ]]; then
        echo "WARNING: $switch=true is not supported by this local test image; ignored."
    fi
done

if [[ -n "${JMXPORT:-}" && -n "${JMXHOST:-}" ]]; then
    echo "Enabling JMX on ${JMXHOST}:${JMXPORT}"
    export KAFKA_JMX_OPTS="-Djava.rmi.server.hostname=${JMXHOST} -Dcom.sun.management.jmxremote.rmi.port=${JMXPORT} -Dcom.sun.management.jmxremote.port=${JMXPORT} -Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=${JMXAUTH:-false} -Dcom.sun.management.jmxremote.ssl=${JMXSSL:-false}"
fi

mkdir -p "$KAFKA_DATA" "$KAFKA_HOME/logs"

case "${1:-start}" in
    start)
        if [[ -z "$CONNECT_BOOTSTRAP_SERVERS" ]]; then
            die "The BOOTSTRAP_SERVERS variable must be set, or the container must be linked to one that runs Kafka."
        fi
        if [[ -z "$CONNECT_GROUP_ID" ]]; then
            die "The GROUP_ID must be set to an ID that uniquely identifies the Kafka Connect cluster these workers belong to."
        fi
        if [[ -z "$CONNECT_CONFIG_STORAGE_TOPIC" ]]; then
            echo "The CONFIG_STORAGE_TOPIC variable must be set to the name of the topic where connector configurations will be stored." >&2
            echo "This topic must have a single partition, be highly replicated (e.g., 3x or more) and should be configured for compaction." >&2
            exit 1
        fi
        if [[ -z "$CONNECT_OFFSET_STORAGE_TOPIC" ]]; then
            echo "The OFFSET_STORAGE_TOPIC variable must be set to the name of the topic where connector offsets will be stored." >&2
            echo "This topic should have many partitions (e.g., 25 or 50), be highly replicated (e.g., 3x or more) and be configured for compaction." >&2
            exit 1
        fi
        if [[ -z "${CONNECT_STATUS_STORAGE_TOPIC:-}" ]]; then
            echo "WARNING: it is recommended to specify the STATUS_STORAGE_TOPIC variable for defining the name of the topic where connector statuses will be stored."
            echo "This topic may have multiple partitions, be highly replicated (e.g., 3x or more) and should be configured for compaction."
            echo "As no value is given, the default of 'connect-status' will be used."
        fi

        echo "Using the following environment variables:"
        echo "      GROUP_ID=$CONNECT_GROUP_ID"
        echo "      CONFIG_STORAGE_TOPIC=$CONNECT_CONFIG_STORAGE_TOPIC"
        echo "      OFFSET_STORAGE_TOPIC=$CONNECT_OFFSET_STORAGE_TOPIC"
        [[ -z "${CONNECT_STATUS_STORAGE_TOPIC:-}" ]] || echo "      STATUS_STORAGE_TOPIC=$CONNECT_STATUS_STORAGE_TOPIC"
        echo "      BOOTSTRAP_SERVERS=$CONNECT_BOOTSTRAP_SERVERS"
        echo "      ADVERTISED_HOST_NAME=$CONNECT_REST_ADVERTISED_HOST_NAME"
        echo "      ADVERTISED_PORT=$CONNECT_REST_ADVERTISED_PORT"
        echo "      KEY_CONVERTER=$CONNECT_KEY_CONVERTER"
        echo "      VALUE_CONVERTER=$CONNECT_VALUE_CONVERTER"
        echo "      OFFSET_FLUSH_INTERVAL_MS=$CONNECT_OFFSET_FLUSH_INTERVAL_MS"
        echo "      OFFSET_FLUSH_TIMEOUT_MS=$CONNECT_OFFSET_FLUSH_TIMEOUT_MS"
        echo "      SHUTDOWN_TIMEOUT=$CONNECT_TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS"

        # Check every CONNECT_* value before touching any file.
        names=()
        for env_var in $(compgen -e | LC_ALL=C sort); do
            [[ "$env_var" == CONNECT_* ]] || continue
            value="${!env_var}"
            if [[ "$value" == *@* ]]; then
                die "$env_var contains '@': values of CONNECT_* variables (and of the variables mapped to them) may not contain '@' in the Debezium connect image, whose entrypoint edits connect-distributed.properties with sed using '@' as the delimiter. Use a config provider (e.g. \${file:...}) for such values."
            fi
            if [[ "$value" == *$'\n'* ]]; then
                die "$env_var contains a line break; the Debezium connect image cannot apply multi-line values."
            fi
            names+=("$env_var")
        done

        mkdir -p "$KAFKA_HOME/config"
        # Copy the stock config files unless a volume already provides them.
        cp -rn "$KAFKA_HOME/config.orig/." "$KAFKA_HOME/config/"

        if [[ -n "${LOG_LEVEL:-}" ]]; then
            sed -i -r -e "s|=INFO, stdout|=${LOG_LEVEL}, stdout|g" \
                      -e "s|^(log4j.appender.stdout.threshold)=.*|\1=${LOG_LEVEL}|g" "$KAFKA_HOME/config/log4j.properties"
        fi
        export KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:$KAFKA_HOME/config/log4j.properties"

        [[ -z "$(tail -c1 "$CONFIG_FILE")" ]] || echo "" >> "$CONFIG_FILE"
        for env_var in "${names[@]}"; do
            value="${!env_var}"
            prop_name="$(printf '%s' "${env_var#CONNECT_}" | tr '[:upper:]' '[:lower:]' | tr _ .)"
            set_prop "$CONFIG_FILE" "$prop_name" "$value"
            if [[ ",$SENSITIVE_PROPERTIES," == *",$env_var,"* ]]; then
                echo "--- Setting property from $env_var: $prop_name=[hidden]"
            else
                echo "--- Setting property from $env_var: $prop_name=$value"
            fi
        done

        exec "$KAFKA_HOME/bin/connect-distributed.sh" "$CONFIG_FILE"
        ;;
esac

# Otherwise just run the specified command
exec "$@"

#!/bin/bash
# Minimal equivalent of Kafka's bin/kafka-run-class.sh for the local test images:
# runs a main class with every jar of $KAFKA_HOME/libs on the classpath.
#   kafka-run-class.sh [-name service] [-loggc] [-daemon] class [args...]
# Honours KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_LOG4J_OPTS, KAFKA_JMX_OPTS (+ JMX_PORT),
# KAFKA_OPTS, CLASSPATH, LOG_DIR like the original.
set -e
if [ $# -lt 1 ]; then
    echo "USAGE: $0 [-daemon] [-name servicename] [-loggc] classname [opts]" >&2
    exit 1
fi
base_dir="$(realpath "$(dirname "$0")/..")"
while [ $# -gt 0 ]; do
    case "$1" in
        -name) shift 2 ;;
        -loggc | -daemon) shift ;;
        *) break ;;
    esac
done
: "${LOG_DIR:=$base_dir/logs}"
mkdir -p "$LOG_DIR" 2>/dev/null || true
CLASSPATH="${CLASSPATH:+$CLASSPATH:}$base_dir/libs/*"
: "${KAFKA_HEAP_OPTS:=-Xmx256M}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j.configuration=file:$base_dir/config/tools-log4j.properties}"
# Unlike Kafka's script, JMX stays off unless asked for (KAFKA_JMX_OPTS or JMX_PORT): with --network host
# the default "-Dcom.sun.management.jmxremote" would open a listener on a random port of every interface.
if [ -n "$JMX_PORT" ]; then
    KAFKA_JMX_OPTS="${KAFKA_JMX_OPTS:--Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false} -Dcom.sun.management.jmxremote.port=$JMX_PORT"
fi
# shellcheck disable=SC2086  # option strings are word-split on purpose
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_JMX_OPTS \
    -Dkafka.logs.dir="$LOG_DIR" $KAFKA_LOG4J_OPTS \
    -cp "$CLASSPATH" $KAFKA_OPTS "$@"

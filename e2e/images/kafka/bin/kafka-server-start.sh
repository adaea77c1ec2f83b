#!/bin/bash
# kafka-server-start.sh server.properties [--override property=value]*
if [ $# -lt 1 ]; then
    echo "USAGE: $0 server.properties [--override property=value]*" >&2
    exit 1
fi
base_dir="$(realpath "$(dirname "$0")/..")"
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base_dir/config/log4j.properties}"
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
exec "$base_dir/bin/kafka-run-class.sh" -name kafkaServer kafka.Kafka "$@"

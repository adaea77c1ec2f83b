#!/bin/bash
# connect-distributed.sh connect-distributed.properties
if [ $# -lt 1 ]; then
    echo "USAGE: $0 connect-distributed.properties" >&2
    exit 1
fi
base_dir="$(realpath "$(dirname "$0")/..")"
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base_dir/config/connect-log4j.properties}"
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256M -Xmx2G}"
exec "$base_dir/bin/kafka-run-class.sh" -name connectDistributed org.apache.kafka.connect.cli.ConnectDistributed "$@"

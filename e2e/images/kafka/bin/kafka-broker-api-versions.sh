#!/bin/bash
# kafka-broker-api-versions.sh: same command-line tool as in the Kafka 3.9.0 distribution
exec "$(dirname "$0")/kafka-run-class.sh" kafka.admin.BrokerApiVersionsCommand "$@"

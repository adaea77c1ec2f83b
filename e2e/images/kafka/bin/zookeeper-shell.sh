#!/bin/bash
# zookeeper-shell.sh: same command-line tool as in the Kafka 3.9.0 distribution
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka -server "$@"

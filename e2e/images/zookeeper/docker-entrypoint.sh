#!/bin/bash
# Entrypoint of the local stand-in for quay.io/debezium/zookeeper:3.1 (ZooKeeper 3.8.4).
# Environment contract (same as the Debezium image):
#   SERVER_ID, SERVER_COUNT  both default 1 (standalone). For an ensemble, server.i=zookeeper-i:2888:3888
#                            is appended to /zookeeper/conf/zoo.cfg for i=1..SERVER_COUNT (own entry
#                            0.0.0.0:2888:3888) and SERVER_ID is written to /zookeeper/data/myid.
#   LOG_LEVEL                log4j root/console level (default INFO)
#   HEAP_OPTS                JVM heap options (default -Xmx512M -Xms512M)
#   JVMFLAGS                 extra JVM options; JMXPORT (+ JMXHOST) enable remote JMX
# Commands: start (default), status, cli; anything else is exec'd.
set -euo pipefail

ZK_HOME="${ZK_HOME:-/zookeeper}"
CMD="${1:-start}"

if [[ -n "${JMXPORT:-}" ]]; then
    JVMFLAGS="-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=${JMXAUTH:-false} -Dcom.sun.management.jmxremote.ssl=${JMXSSL:-false} -Djava.rmi.server.hostname=${JMXHOST:-localhost} -Dcom.sun.management.jmxremote.rmi.port=${JMXPORT} -Dcom.sun.management.jmxremote.port=${JMXPORT} ${JVMFLAGS:-}"
fi

four_letter_word() ( # word [host] [port] -> prints the answer (bash /dev/tcp, no nc in the image)
    exec 3<>"/dev/tcp/${2:-127.0.0.1}/${3:-2181}" || exit 1
    printf '%s' "$1" >&3
    timeout 5 cat <&3
)

case "$CMD" in
    start)
        mkdir -p "$ZK_HOME/conf" "$ZK_HOME/data" "$ZK_HOME/txns" "$ZK_HOME/logs"
        # Copy the stock config files unless a volume already provides them.
        cp -rn "$ZK_HOME/conf.orig/." "$ZK_HOME/conf/"

        LOG_LEVEL="${LOG_LEVEL:-INFO}"
        sed -i -r -e "s|^(log4j.rootLogger)=[A-Za-z]+,|\1=${LOG_LEVEL},|" \
                  -e "s|^(log4j.appender.CONSOLE.Threshold)=.*|\1=${LOG_LEVEL}|" "$ZK_HOME/conf/log4j.properties"

        SERVER_ID="${SERVER_ID:-1}"
        SERVER_COUNT="${SERVER_COUNT:-1}"
        if ! [[ "$SERVER_ID" =~ ^[0-9]+$ && "$SERVER_COUNT" =~ ^[0-9]+$ ]]; then
            echo "SERVER_ID ('$SERVER_ID') and SERVER_COUNT ('$SERVER_COUNT') must be positive integers" >&2
            exit 1
        fi
        if [[ "$SERVER_ID" == 1 && "$SERVER_COUNT" == 1 ]]; then
            echo "Starting up in standalone mode"
        else
            echo "Starting up ${SERVER_ID} of ${SERVER_COUNT}"
            # Appended at every start, like the Debezium image (duplicates are harmless: last wins).
            {
                echo ""
                echo "#Server List"
                for ((i = 1; i <= SERVER_COUNT; i++)); do
                    if [[ "$i" == "$SERVER_ID" ]]; then
                        echo "server.$i=0.0.0.0:2888:3888"
                    else
                        echo "server.$i=zookeeper-$i:2888:3888"
                    fi
                done
            } >> "$ZK_HOME/conf/zoo.cfg"
            echo "$SERVER_ID" > "$ZK_HOME/data/myid"
        fi

        # shellcheck disable=SC2086  # option strings are word-split on purpose
        exec java ${HEAP_OPTS:--Xmx512M -Xms512M} \
            -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
            -Dzookeeper.log.dir="$ZK_HOME/logs" \
            -Dlog4j.configuration="file:$ZK_HOME/conf/log4j.properties" \
            ${JVMFLAGS:-} \
            -cp "$ZK_HOME/lib/*:$ZK_HOME/conf" \
            org.apache.zookeeper.server.quorum.QuorumPeerMain "$ZK_HOME/conf/zoo.cfg"
        ;;
    status)
        four_letter_word srvr
        exit $?
        ;;
    cli)
        shift || true
        exec java -Xmx256M -Dlog4j.configuration="file:$ZK_HOME/conf/log4j.properties" \
            -cp "$ZK_HOME/lib/*:$ZK_HOME/conf" org.apache.zookeeper.ZooKeeperMain -server 127.0.0.1:2181 "$@"
        ;;
esac

# Otherwise just run the specified command
exec "$@"

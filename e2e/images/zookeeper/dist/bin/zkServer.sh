#!/usr/bin/env bash
# Stand-in for bin/zkServer.sh of the ZooKeeper binary distribution, whose tarball cannot be fetched
# offline (see e2e/images/README.md): only the commands the Debezium entrypoint uses,
# `start-foreground` (same JVM command line and JMX switches as the real script) and `status` (asks `srvr`).
ZOOBIN="${BASH_SOURCE-$0}"
ZOOBIN="$(dirname "${ZOOBIN}")"
ZOOBINDIR="$(cd "${ZOOBIN}"; pwd)"
. "$ZOOBINDIR"/zkEnv.sh

# JMX as the real script sets it: local connector by default, a port with JMXPORT, none with JMXDISABLE.
if [ "x$JMXDISABLE" = "x" ] || [ "$JMXDISABLE" = 'false' ]; then
    echo "ZooKeeper JMX enabled by default" >&2
    if [ "x$JMXPORT" = "x" ]; then
        ZOOMAIN="-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.local.only=${JMXLOCALONLY:-false} org.apache.zookeeper.server.quorum.QuorumPeerMain"
    else
        echo "ZooKeeper remote JMX Port set to $JMXPORT" >&2
        ZOOMAIN="-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.port=$JMXPORT -Dcom.sun.management.jmxremote.authenticate=${JMXAUTH:-false} -Dcom.sun.management.jmxremote.ssl=${JMXSSL:-false} -Dzookeeper.jmx.log4j.disable=${JMXLOG4J:-true} org.apache.zookeeper.server.quorum.QuorumPeerMain"
    fi
else
    echo "JMX disabled by user request" >&2
    ZOOMAIN="org.apache.zookeeper.server.quorum.QuorumPeerMain"
fi
ZOOCFG="$ZOOCFGDIR/$ZOOCFG"
ZOO_LOG_FILE="${ZOO_LOG_FILE:-zookeeper-$USER-server-$HOSTNAME.log}"
JVMFLAGS="$SERVER_JVMFLAGS $JVMFLAGS"

case $1 in
start-foreground)
    exec "$JAVA" "-Dzookeeper.log.dir=${ZOO_LOG_DIR}" "-Dzookeeper.log.file=${ZOO_LOG_FILE}" \
        -XX:+HeapDumpOnOutOfMemoryError -XX:OnOutOfMemoryError='kill -9 %p' \
        -cp "$CLASSPATH" $JVMFLAGS $ZOOMAIN "$ZOOCFG"
    ;;
status)
    port="$(sed -n 's/^clientPort=//p' "$ZOOCFG" | tail -n 1)"
    exec 3<>"/dev/tcp/127.0.0.1/${port:-2181}" || { echo "Error contacting service. It is probably not running."; exit 1; }
    printf srvr >&3
    mode="$(sed -n 's/^Mode: //p' <&3)"
    [ -n "$mode" ] || { echo "Error contacting service. It is probably not running."; exit 1; }
    echo "Mode: $mode"
    ;;
*)
    echo "Usage: $0 {start-foreground|status} (stand-in for ZooKeeper's zkServer.sh)" >&2
    exit 1
    ;;
esac

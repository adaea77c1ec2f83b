#!/usr/bin/env bash
# Stand-in for bin/zkEnv.sh of the ZooKeeper binary distribution, whose tarball cannot be fetched
# offline (see e2e/images/README.md). Same variables and defaults as the real script, for what
# bin/zkServer.sh (also a stand-in) uses. The Debezium Dockerfile appends its CLASSPATH fix-up below.
ZOOBINDIR="${ZOOBINDIR:-/usr/bin}"
ZOOKEEPER_PREFIX="${ZOOBINDIR}/.."
if [ -z "$ZOOCFGDIR" ]; then
    ZOOCFGDIR="$ZOOKEEPER_PREFIX/conf"
fi
if [ -f "$ZOOCFGDIR/zookeeper-env.sh" ]; then
    . "$ZOOCFGDIR/zookeeper-env.sh"
fi
if [ -z "$ZOOCFG" ]; then
    ZOOCFG="zoo.cfg"
fi
if [ -z "$ZOO_LOG_DIR" ]; then
    ZOO_LOG_DIR="$ZOOKEEPER_PREFIX/logs"
fi
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    JAVA="$JAVA_HOME/bin/java"
else
    JAVA=java
fi
CLASSPATH="$ZOOCFGDIR:$CLASSPATH"
for d in "$ZOOBINDIR"/../lib/*.jar; do
    CLASSPATH="$CLASSPATH:$d"
done
ZK_SERVER_HEAP="${ZK_SERVER_HEAP:-1000}"
export SERVER_JVMFLAGS="-Xmx${ZK_SERVER_HEAP}m $SERVER_JVMFLAGS"
ZK_CLIENT_HEAP="${ZK_CLIENT_HEAP:-256}"
export CLIENT_JVMFLAGS="-Xmx${ZK_CLIENT_HEAP}m $CLIENT_JVMFLAGS"

#!/usr/bin/env bash
# Smoke test of the test images of a stream (scripts/images/build.sh, built from Debezium's own files).
# Usage: scripts/images/smoke.sh [--stream 3.1|3.6]   (default 3.1; 3.6 runs one KRaft combined node instead of
# zookeeper + a ZooKeeper-mode broker, controller on 127.0.0.1:9093)
# Stream 3.1:
# starts the private engine (scripts/dockerd.sh), builds the images, checks that they hold the upstream
# files byte for byte (scripts/images/verify.sh), runs zookeeper (2181, AdminServer 8080), kafka (9092) and
# connect (8083) with --network host, bound to and advertised on 127.0.0.1 where the entrypoints allow it,
# then checks
#   - zookeeper answers "srvr" (the one 4-letter word ZooKeeper whitelists by default) with its mode
#   - kafka-topics.sh --list works inside the kafka container and CREATE_TOPICS created its topic
#   - GET /health of Connect answers 200, GET /connector-plugins lists the Debezium PostgresConnector
#   - the worker config got the mapped variables, the container runs as uid 1001, connect-service.log exists
#   - the real entrypoint's refusals: a missing CONFIG_STORAGE_TOPIC exits 1 before the JVM starts, and so
#     does an '@' in the value of a property the stock worker file has (its sed uses '@' as delimiter)
# and removes its containers. Exit status 0 = pass. Only loopback addresses are used.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PREFIX="cdktf-debezium-smoke"
ZK="$PREFIX-zookeeper"
STREAM=3.1
case "${1:-}" in
    --stream) STREAM="${2:?--stream needs 3.1 or 3.6}" ;;
    "") ;;
    *) echo "usage: $0 [--stream 3.1|3.6]" >&2; exit 2 ;;
esac
KAFKA="$PREFIX-kafka"
CONNECT="$PREFIX-connect"
START_TIMEOUT="${SMOKE_TIMEOUT:-240}" # seconds, per service
TMP="$(mktemp -d)"
FAILED=1

log() { printf '[images/smoke %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

cleanup() {
    local rc=$?
    if [[ "$FAILED" == 1 ]]; then
        for c in "$ZK" "$KAFKA" "$CONNECT"; do
            if docker container inspect "$c" >/dev/null 2>&1; then
                log "---- last log lines of $c ----"
                docker logs --tail 40 "$c" 2>&1 | sed 's/^/    /' >&2 || true
            fi
        done
    fi
    docker rm -f -v "$ZK" "$KAFKA" "$CONNECT" >/dev/null 2>&1 || true
    rm -rf "$TMP"
    exit "$rc"
}

# ---------------------------------------------------------------- engine + images
"$REPO_ROOT/scripts/dockerd.sh" start
eval "$("$REPO_ROOT/scripts/dockerd.sh" env)"
export DOCKER_HOST
trap cleanup EXIT

# Leftovers of an interrupted run (only our own container names).
docker rm -f -v "$ZK" "$KAFKA" "$CONNECT" >/dev/null 2>&1 || true

port_busy() { # port: something listens on it (any address)
    if command -v ss >/dev/null; then
        [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}
PORTS="2181 8080 9092 8083"
[[ "$STREAM" == 3.1 ]] || PORTS="9092 9093 8083"
for port in $PORTS; do
    if port_busy "$port"; then
        fail "port $port is already in use on this machine (ss -ltnp 'sport = :$port'); stop that process first"
    fi
done

BUILD_START=$SECONDS
"$REPO_ROOT/scripts/images/build.sh" --stream "$STREAM" > "$TMP/images.env"
log "images ready in $((SECONDS - BUILD_START))s"
"$REPO_ROOT/scripts/images/verify.sh" --stream "$STREAM"
# shellcheck disable=SC1091
source "$TMP/images.env"
: "${KAFKA_IMAGE:?}" "${CONNECT_IMAGE:?}"
[[ "$STREAM" != 3.1 ]] || : "${ZOOKEEPER_IMAGE:?}"

running() { [[ "$(docker container inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" == true ]]; }
# wait_for SECONDS DESCRIPTION CONTAINER COMMAND...: poll (1 s) until COMMAND succeeds; fail at once
# when CONTAINER stopped.
wait_for() {
    local timeout="$1" what="$2" container="$3" i
    shift 3
    for ((i = 0; i < timeout; i++)); do
        if ! running "$container"; then
            fail "$what: container $container stopped (exit code $(docker container inspect -f '{{.State.ExitCode}}' "$container" 2>/dev/null))"
        fi
        if "$@" >/dev/null 2>&1; then
            log "$what: ok after ${i}s"
            return 0
        fi
        sleep 1
    done
    fail "$what: not ready after ${timeout}s"
}
srvr() ( # subshell: a failed "exec 3<>" would end the calling shell
    exec 3<>/dev/tcp/127.0.0.1/2181 || exit 1
    printf 'srvr' >&3
    timeout 5 cat <&3 | grep -q '^Mode: standalone'
)

RUN_START=$SECONDS
# ---------------------------------------------------------------- zookeeper
# clientPortAddress=127.0.0.1 through a provided /zookeeper/conf (the entrypoint keeps provided files
# and adds the missing stock ones). HEAP_OPTS is not read by the ZooKeeper entrypoint (zkEnv.sh's
# ZK_SERVER_HEAP is, in MB).
if [[ "$STREAM" == 3.1 ]]; then
mkdir -p "$TMP/zk-conf"
docker run --rm --entrypoint cat "$ZOOKEEPER_IMAGE" /zookeeper/conf.orig/zoo.cfg > "$TMP/zk-conf/zoo.cfg"
echo "clientPortAddress=127.0.0.1" >> "$TMP/zk-conf/zoo.cfg"
chown -R 1001:1001 "$TMP/zk-conf" 2>/dev/null || chmod -R a+rwX "$TMP/zk-conf"
chmod 755 "$TMP"
docker run -d --name "$ZK" --network host \
    -v "$TMP/zk-conf:/zookeeper/conf" \
    -e ZK_SERVER_HEAP=256 -e LOG_LEVEL=INFO \
    "$ZOOKEEPER_IMAGE" >/dev/null
wait_for "$START_TIMEOUT" "zookeeper srvr on 127.0.0.1:2181" "$ZK" srvr
fi

# ---------------------------------------------------------------- kafka
if [[ "$STREAM" == 3.1 ]]; then
    MODE_ENV=(-e ZOOKEEPER_CONNECT=127.0.0.1:2181 -e BROKER_ID=1 -e KAFKA_LISTENERS=PLAINTEXT://127.0.0.1:9092)
else
    # shellcheck disable=SC2054 # the commas separate the listeners inside one value
    MODE_ENV=(-e CLUSTER_ID=c2Ntb2tlLWtyYWZ0LTAwMQ -e NODE_ID=1 -e NODE_ROLE=combined
        -e KAFKA_LISTENERS=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
        -e KAFKA_CONTROLLER_QUORUM_VOTERS=1@127.0.0.1:9093)
fi
docker run -d --name "$KAFKA" --network host \
    "${MODE_ENV[@]}" \
    -e ADVERTISED_HOST_NAME=127.0.0.1 -e ADVERTISED_PORT=9092 \
    -e HEAP_OPTS="-Xmx512M -Xms512M" \
    -e KAFKA_AUTO_CREATE_TOPICS_ENABLE=false \
    -e CREATE_TOPICS="smoke-created:1:1:compact" \
    "$KAFKA_IMAGE" >/dev/null
topics() { docker exec "$KAFKA" /kafka/bin/kafka-topics.sh --bootstrap-server 127.0.0.1:9092 --list; }
wait_for "$START_TIMEOUT" "kafka-topics.sh --list inside $KAFKA" "$KAFKA" topics
has_created_topic() { topics | grep -qx smoke-created; }
wait_for 60 "CREATE_TOPICS created smoke-created" "$KAFKA" has_created_topic
docker exec "$KAFKA" grep -qx 'log.dirs=/kafka/data/1' /kafka/config/server.properties || fail "log.dirs not /kafka/data/1"
docker exec "$KAFKA" grep -qx 'auto.create.topics.enable=false' /kafka/config/server.properties || fail "KAFKA_* mapping"

# ---------------------------------------------------------------- connect
docker run -d --name "$CONNECT" --network host \
    -e BOOTSTRAP_SERVERS=127.0.0.1:9092 \
    -e GROUP_ID=smoke \
    -e CONFIG_STORAGE_TOPIC=smoke_configs \
    -e OFFSET_STORAGE_TOPIC=smoke_offsets \
    -e STATUS_STORAGE_TOPIC=smoke_statuses \
    -e ADVERTISED_HOST_NAME=127.0.0.1 -e ADVERTISED_PORT=8083 \
    -e CONNECT_LISTENERS=http://127.0.0.1:8083 \
    -e CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR=1 \
    -e CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR=1 \
    -e CONNECT_STATUS_STORAGE_REPLICATION_FACTOR=1 \
    -e OFFSET_FLUSH_INTERVAL_MS=5000 \
    -e HEAP_OPTS="-Xms256M -Xmx768M" \
    -e LOG_LEVEL=INFO \
    "$CONNECT_IMAGE" >/dev/null
health() { curl -fsS --max-time 5 http://127.0.0.1:8083/health; }
wait_for "$START_TIMEOUT" "GET http://127.0.0.1:8083/health" "$CONNECT" health
log "health: $(health)"

curl -fsS --max-time 10 http://127.0.0.1:8083/connector-plugins > "$TMP/plugins.json" || fail "GET /connector-plugins"
grep -q '"io.debezium.connector.postgresql.PostgresConnector"' "$TMP/plugins.json" \
    || fail "PostgresConnector missing from /connector-plugins: $(cat "$TMP/plugins.json")"
log "connector-plugins: $(grep -o '"class":"[^"]*"' "$TMP/plugins.json" | sed 's/"class"://' | paste -sd' ' -)"

cfg="$(docker exec "$CONNECT" cat /kafka/config/connect-distributed.properties)"
for line in bootstrap.servers=127.0.0.1:9092 group.id=smoke config.storage.topic=smoke_configs \
    offset.storage.topic=smoke_offsets status.storage.topic=smoke_statuses listeners=http://127.0.0.1:8083 \
    rest.advertised.host.name=127.0.0.1 rest.advertised.port=8083 plugin.path=/kafka/connect \
    offset.flush.interval.ms=5000 task.shutdown.graceful.timeout.ms=10000; do
    grep -qx "$line" <<< "$cfg" || fail "connect-distributed.properties lacks '$line'"
done
[[ "$(docker exec "$CONNECT" id -u)" == 1001 ]] || fail "connect does not run as uid 1001"
docker exec "$CONNECT" test -s /kafka/logs/connect-service.log || fail "/kafka/logs/connect-service.log missing"
for t in smoke_configs smoke_offsets smoke_statuses; do
    topics | grep -qx "$t" || fail "internal topic $t not created"
done
log "services up in $((SECONDS - RUN_START))s"

# ---------------------------------------------------------------- refusals (exit before the JVM starts)
expect_exit1() { # description expected-message docker-run-args...
    local what="$1" msg="$2" rc=0 out; shift 2
    out="$(timeout 60 docker run --rm --network host "$@" "$CONNECT_IMAGE" 2>&1)" || rc=$?
    [[ "$rc" == 1 ]] || fail "$what: expected exit 1, got $rc: $out"
    grep -qF "$msg" <<< "$out" || fail "$what: message '$msg' missing from: $out"
    grep -q 'org.apache.kafka.connect.cli.ConnectDistributed\|Kafka Connect worker' <<< "$out" && fail "$what: the JVM started: $out"
    log "$what: exit 1 with '$msg'"
}
expect_exit1 "GROUP_ID=a@b (group.id is in the stock worker file)" "unknown option to \`s'" \
    -e BOOTSTRAP_SERVERS=127.0.0.1:9092 -e CONFIG_STORAGE_TOPIC=c -e OFFSET_STORAGE_TOPIC=o -e GROUP_ID=a@b
expect_exit1 "no CONFIG_STORAGE_TOPIC" "The CONFIG_STORAGE_TOPIC variable must be set" \
    -e BOOTSTRAP_SERVERS=127.0.0.1:9092 -e OFFSET_STORAGE_TOPIC=o

FAILED=0
log "PASS (total $((SECONDS))s)"

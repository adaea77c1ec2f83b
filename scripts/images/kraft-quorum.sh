#!/usr/bin/env bash
# Proof, for multi-node KRaft on the stream-3.6 images, that a quorum of 3 combined nodes is correct with the
# real Debezium 3.6 entrypoint when each node's storage is formatted BEFORE the entrypoint runs:
#   - the entrypoint formats with `kafka-storage.sh format --standalone` from the stock server.properties
#     (node.id=1) before it applies any KAFKA_* variable, and only when meta.properties is absent: left to
#     itself, every node but node 1 fails ("Stored node id 1 doesn't match previous node id N"), and node 1
#     is a one-voter quorum;
#   - so a step before the entrypoint formats /kafka/data/<NODE_ID> with the full voter set
#     (`--initial-controllers id@host:port:directory-id,...`, the same cluster id), and the entrypoint then
#     leaves it alone; KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS lists every controller (the entrypoint keeps
#     only the first entry of KAFKA_CONTROLLER_QUORUM_VOTERS).
# Checks: 3 voters, a topic with replication factor 3 fully in sync, a restarted node rejoins without formatting.
# Runs on 127.0.0.1 only (ports 19091-19093, 19191-19193), private engine (scripts/dockerd.sh), removes its containers.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PREFIX=cdktf-debezium-kraft-proof
log() { printf '[images/kraft-quorum %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
"$REPO_ROOT/scripts/dockerd.sh" start
eval "$("$REPO_ROOT/scripts/dockerd.sh" env)"
export DOCKER_HOST
eval "$("$REPO_ROOT/scripts/images/build.sh" --stream 3.6 | sed 's/^/export /')"
cleanup() { docker rm -f -v "$PREFIX-1" "$PREFIX-2" "$PREFIX-3" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup
tool() { docker exec "$PREFIX-1" "/kafka/bin/$1" --bootstrap-server 127.0.0.1:19091 "${@:2}" 2>/dev/null; }

read -r CID D1 D2 D3 < <(docker run --rm --network none --entrypoint bash "$KAFKA_IMAGE" \
    -c 'for i in 1 2 3 4; do /kafka/bin/kafka-storage.sh random-uuid 2>/dev/null; done' | paste -sd' ')
BOOTSTRAP=127.0.0.1:19191,127.0.0.1:19192,127.0.0.1:19193
VOTERS="1@127.0.0.1:19191:$D1,2@127.0.0.1:19192:$D2,3@127.0.0.1:19193:$D3"
for i in 1 2 3; do
    listeners="PLAINTEXT://127.0.0.1:1909$i,CONTROLLER://127.0.0.1:1919$i"
    docker run -d --name "$PREFIX-$i" --network host \
        -e CLUSTER_ID="$CID" -e NODE_ID="$i" -e NODE_ROLE=combined \
        -e KAFKA_LISTENERS="$listeners" -e KAFKA_ADVERTISED_LISTENERS="$listeners" \
        -e KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS="$BOOTSTRAP" \
        -e KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=3 -e KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=3 \
        -e KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=2 -e KAFKA_JMX_OPTS=-Dcom.sun.management.jmxremote.ssl=false \
        -e HEAP_OPTS="-Xmx384M -Xms384M" \
        --entrypoint bash "$KAFKA_IMAGE" -c "
            set -e
            dir=/kafka/data/$i
            mkdir -p \$dir
            if [ ! -f \$dir/meta.properties ]; then
                printf '%s\n' process.roles=broker,controller node.id=$i controller.listener.names=CONTROLLER \
                    listeners=$listeners advertised.listeners=$listeners \
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT \
                    controller.quorum.bootstrap.servers=$BOOTSTRAP log.dirs=\$dir > /tmp/format.properties
                echo 'pre-format: --initial-controllers $VOTERS'
                /kafka/bin/kafka-storage.sh format -t \$CLUSTER_ID -c /tmp/format.properties --initial-controllers '$VOTERS'
            fi
            exec /docker-entrypoint.sh start" >/dev/null
done
for ((t = 0; t < 120; t++)); do
    [[ "$(tool kafka-metadata-quorum.sh describe --status | grep -o '"id": [0-9]' | wc -l)" == 3 ]] && break
    sleep 2
done
voters="$(tool kafka-metadata-quorum.sh describe --status | sed -n 's/^CurrentVoters: *//p')"
[[ "$(grep -o '"id": [0-9]' <<< "$voters" | wc -l)" == 3 ]] || fail "expected 3 voters, got: $voters"
log "quorum: $voters"
for i in 1 2 3; do
    docker logs "$PREFIX-$i" 2>&1 | grep -q 'going to format' && fail "node $i: the entrypoint formatted the storage itself"
done
tool kafka-topics.sh --create --topic proof-rf3 --partitions 3 --replication-factor 3 >/dev/null
sleep 3
isr="$(tool kafka-topics.sh --describe --topic proof-rf3 | grep -c 'Isr: [123],[123],[123]' || true)"
[[ "$isr" == 3 ]] || fail "proof-rf3: not every partition has 3 in-sync replicas: $(tool kafka-topics.sh --describe --topic proof-rf3)"
log "topic proof-rf3: 3 partitions, replication factor 3, all in sync"
docker restart "$PREFIX-2" >/dev/null
for ((t = 0; t < 60; t++)); do
    tool kafka-metadata-quorum.sh describe --replication | grep -qE '^2 .*(Follower|Leader)' && break
    sleep 2
done
tool kafka-metadata-quorum.sh describe --replication | grep -qE '^2 .*(Follower|Leader)' || fail "node 2 did not rejoin the quorum"
docker logs "$PREFIX-2" 2>&1 | grep -q 'going to format' && fail "node 2 was formatted again on restart"
log "node 2 restarted: rejoined as a voter, storage kept"
log "PASS"

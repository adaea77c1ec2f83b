#!/usr/bin/env bash
# Checks that the test images of one stream hold the upstream files byte for byte (run by scripts/images/build.sh
# after each build, and by scripts/images/smoke.sh):
#   - /docker-entrypoint.sh of every image = Debezium's docker-entrypoint.sh of that image and stream
#   - zookeeper: /zookeeper/conf.orig/zoo.cfg = Debezium's zoo.cfg
#   - kafka: /kafka/config.orig/log4j.properties = Debezium's kafka log4j.properties; every file of /kafka/bin
#     and /kafka/config.orig = Kafka's own, except the edits the build makes and lists (each compared with
#     the upstream file after exactly that edit)
#   - connect: /kafka/config/log4j.properties = Debezium's connect-base log4j.properties,
#     /usr/local/bin/docker-maven-download = docker-maven-download.sh
# Usage: scripts/images/verify.sh [--stream 3.1|3.6]   (image names from $CDKTF_DEBEZIUM_CACHE/images-<stream>.env,
#        or ZOOKEEPER_IMAGE / KAFKA_IMAGE / CONNECT_IMAGE in the environment). Exit status 0 = all equal.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}"
UPSTREAM="${IMAGES_UPSTREAM_DIR:-$REPO_ROOT/../shared/upstream}"
STREAM="${STREAM:-3.1}"
if [[ "${1:-}" == --stream ]]; then STREAM="$2"; fi
DBZ="$UPSTREAM/debezium-container-images"
# shellcheck disable=SC1090
source "$REPO_ROOT/e2e/images/stream-$STREAM.env"
KAFKA_SRC="$UPSTREAM/$KAFKA_SOURCE"
if [[ -z "${KAFKA_IMAGE:-}" ]]; then
    # shellcheck disable=SC1090
    source "$CACHE/images-$STREAM.env"
fi
if [[ -z "${DOCKER_HOST:-}" ]]; then
    eval "$("$REPO_ROOT/scripts/dockerd.sh" env)"
    export DOCKER_HOST
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
FAILS=0
CHECKED=0
log() { printf '[images/verify %s] %s\n' "$STREAM" "$*" >&2; }

# extract IMAGE DIR PATH...: the files at PATH... (absolute) of IMAGE under DIR.
extract() {
    local image="$1" dir="$2"; shift 2
    mkdir -p "$dir"
    docker run --rm --network none --entrypoint tar "$image" -C / -cf - "${@#/}" | tar -x -C "$dir"
}
# same WHAT GOT WANT: byte-for-byte comparison.
same() {
    CHECKED=$((CHECKED + 1))
    if cmp -s "$2" "$3"; then
        return 0
    fi
    log "DIFFERS: $1"
    diff -u "$3" "$2" | head -n 20 | sed 's/^/    /' >&2 || true
    FAILS=$((FAILS + 1))
}

# ---------------------------------------------------------------- zookeeper
if [[ -n "${ZOOKEEPER_IMAGE:-}" ]]; then
    d="$TMP/zookeeper"
    extract "$ZOOKEEPER_IMAGE" "$d" /docker-entrypoint.sh /zookeeper/conf.orig/zoo.cfg
    same "zookeeper /docker-entrypoint.sh" "$d/docker-entrypoint.sh" "$DBZ/zookeeper/$STREAM/docker-entrypoint.sh"
    same "zookeeper /zookeeper/conf.orig/zoo.cfg" "$d/zookeeper/conf.orig/zoo.cfg" "$DBZ/zookeeper/$STREAM/zoo.cfg"
fi

# ---------------------------------------------------------------- kafka
d="$TMP/kafka"
extract "$KAFKA_IMAGE" "$d" /docker-entrypoint.sh /kafka/bin /kafka/config.orig
same "kafka /docker-entrypoint.sh" "$d/docker-entrypoint.sh" "$DBZ/kafka/$STREAM/docker-entrypoint.sh"
same "kafka /kafka/config.orig/log4j.properties" "$d/kafka/config.orig/log4j.properties" "$DBZ/kafka/$STREAM/log4j.properties"

# What each of Kafka's files must be: the upstream file, or the upstream file after the listed edit.
want="$TMP/want"
mkdir -p "$want/bin" "$want/config"
cp "$KAFKA_SRC"/bin/*.sh "$want/bin/"
(cd "$KAFKA_SRC/config" && find . -type f -exec cp --parents {} "$want/config/" \;)
if [[ "$KAFKA_SOURCE" == kafka-trunk ]]; then
    # The 4.x layout (scripts/images/build.sh, kafka_4_edits): KRaft configs in config/, no ZooKeeper files.
    for f in "$want"/config/kraft/*.properties; do mv -f "$f" "$want/config/$(basename "$f")"; done
    rmdir "$want/config/kraft"
    rm -f "$want/config/zookeeper.properties" "$want/config/reconfig-server.properties" "$want"/bin/zookeeper-*.sh
    # Edited files: the dynamic quorum in server.properties, the Log4j 1.x compatibility line, moved main
    # classes. Compare them with the build's record, and show how they differ from upstream.
    for f in "$want"/bin/*.sh "$want"/config/*.properties; do
        b="${f#"$want"/}"
        if ! cmp -s "$f" "$CACHE/expected-$STREAM/kafka/$b"; then
            log "edited at build time: $b: $(diff "$f" "$CACHE/expected-$STREAM/kafka/$b" | grep '^>' | cut -c3- | tr '\n' ' ' | cut -c1-200)"
            cp "$CACHE/expected-$STREAM/kafka/$b" "$f"
        fi
    done
    # Added: the 4.x tools logging file (kafka_4_edits), compared with the build's record.
    cp "$CACHE/expected-$STREAM/kafka/config/tools-log4j2.yaml" "$want/config/tools-log4j2.yaml"
    log "added at build time: config/tools-log4j2.yaml"
fi
rm -f "$want/config/log4j.properties" # Debezium's, compared above
# The Debezium Dockerfile's own edit of kafka-run-class.sh.
# shellcheck disable=SC2016 # the $(dirname $0) edited is text of kafka-run-class.sh, as the Dockerfile's sed sees it
sed -i 's/base_dir=\$(dirname \$0)\/../base_dir=\$(realpath \$(dirname \$0)\/..)/' "$want/bin/kafka-run-class.sh"
got_list="$( (cd "$d/kafka" && find bin config.orig -type f ! -path config.orig/log4j.properties | sed 's|^config.orig/|config/|' | LC_ALL=C sort) )"
want_list="$( (cd "$want" && find bin config -type f | LC_ALL=C sort) )"
if [[ "$got_list" != "$want_list" ]]; then
    log "DIFFERS: the file lists of /kafka/bin + /kafka/config.orig and of Kafka's bin/ + config/:"
    diff <(echo "$want_list") <(echo "$got_list") | sed 's/^/    /' >&2 || true
    FAILS=$((FAILS + 1))
fi
while read -r f; do
    [[ -n "$f" ]] || continue
    g="$d/kafka/${f/#config\//config.orig/}"
    [[ -f "$g" ]] && same "kafka /kafka/${f/#config\//config.orig/}" "$g" "$want/$f"
done <<< "$want_list"

# ---------------------------------------------------------------- connect
d="$TMP/connect"
extract "$CONNECT_IMAGE" "$d" /docker-entrypoint.sh /kafka/config/log4j.properties /usr/local/bin/docker-maven-download
same "connect /docker-entrypoint.sh" "$d/docker-entrypoint.sh" "$DBZ/connect-base/$STREAM/docker-entrypoint.sh"
same "connect /kafka/config/log4j.properties" "$d/kafka/config/log4j.properties" "$DBZ/connect-base/$STREAM/log4j.properties"
same "connect /usr/local/bin/docker-maven-download" "$d/usr/local/bin/docker-maven-download" "$DBZ/connect-base/$STREAM/docker-maven-download.sh"

if [[ "$FAILS" != 0 ]]; then
    log "FAIL: $FAILS of $CHECKED files differ from upstream"
    exit 1
fi
log "PASS: $CHECKED files equal to upstream byte for byte (entrypoints, log4j.properties, ${ZOOKEEPER_IMAGE:+zoo.cfg, }docker-maven-download, Kafka bin/ and config/)"

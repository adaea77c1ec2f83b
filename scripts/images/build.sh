#!/usr/bin/env bash
# Builds, without any container registry, the test images of one Debezium stream from Debezium's own
# build files (github.com/debezium/container-images) and Apache Kafka's own bin/ and config/:
#   stream 3.1 (ZooKeeper mode):  cdktf-debezium/zookeeper:<ZooKeeper version>-<hash>
#                                 cdktf-debezium/kafka:<Kafka version>-<hash>
#                                 cdktf-debezium/connect:<Debezium version>-<hash>
#   stream 3.6 (KRaft only):      cdktf-debezium/kafka:<Kafka version>-<hash>
#                                 cdktf-debezium/connect:<Debezium version>-<hash>
# (plus the intermediate cdktf-debezium-<hash>/{base,kafka,connect-base} the Dockerfiles build FROM).
#
# The upstream files are read at build time from the upstream directory and never copied into this
# repository: each Debezium Dockerfile is built with the few edits listed in e2e/images/<image>/<stream>.edits
# (scripts/images/patch-dockerfile.ts); docker-entrypoint.sh, log4j.properties, zoo.cfg, docker-maven-download.sh
# and Kafka's bin/ and config/ go into the images byte for byte (exceptions: e2e/images/README.md).
# In place of what an offline machine cannot fetch: a debootstrap'ed Debian base instead of Fedora minimal,
# the Kafka / ZooKeeper jars from Maven Central instead of the Apache tarballs.
#
# Usage: scripts/images/build.sh [--stream 3.1|3.6] [--force]
#   --stream  image set (default 3.1)
#   --force   rebuild even when the tags already exist
# Environment:
#   IMAGES_UPSTREAM_DIR           the unmodified upstream files (default: ../shared/upstream beside the repository),
#                                 with debezium-container-images/, kafka-3.9/, kafka-trunk/
#   CDKTF_DEBEZIUM_CACHE          cache directory (default ~/.cache/cdktf-debezium-connect): base rootfs tarball,
#                                 Maven repository, collected jars, images-<stream>.env
#   DOCKER_HOST                   engine to build in (default: the private engine of scripts/dockerd.sh, started if needed)
#   CDKTF_DEBEZIUM_DEBIAN_MIRROR  Debian mirror for debootstrap (default: the one apt uses here)
# Output: the image names on stdout and in $CDKTF_DEBEZIUM_CACHE/images-<stream>.env (stream 3.1 also in
#   images.env): ZOOKEEPER_IMAGE=... (3.1 only), KAFKA_IMAGE=..., CONNECT_IMAGE=...
# After a build, scripts/images/verify.sh checks that the files above are in the images byte for byte.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGES_DIR="$REPO_ROOT/e2e/images"
CACHE="${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}"
UPSTREAM="${IMAGES_UPSTREAM_DIR:-$REPO_ROOT/../shared/upstream}"
FORCE=0
STREAM=3.1
usage() { echo "usage: $0 [--stream 3.1|3.6] [--force]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --force) FORCE=1 ;;
        --stream) [[ $# -ge 2 ]] || usage; STREAM="$2"; shift ;;
        --stream=*) STREAM="${1#--stream=}" ;;
        *) usage ;;
    esac
    shift
done
[[ -f "$IMAGES_DIR/stream-$STREAM.env" ]] || { echo "unknown stream '$STREAM' (no e2e/images/stream-$STREAM.env)" >&2; exit 2; }

log() { printf '[images/build %s %s] %s\n' "$STREAM" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
sha() { sha256sum | cut -c1-12; }

# shellcheck disable=SC1091
source "$IMAGES_DIR/versions.env"
# shellcheck disable=SC1090
source "$IMAGES_DIR/stream-$STREAM.env"

[[ -d "$UPSTREAM" ]] || die "upstream directory $UPSTREAM not found (set IMAGES_UPSTREAM_DIR)"
UPSTREAM="$(cd "$UPSTREAM" && pwd)"
DBZ="$UPSTREAM/debezium-container-images"
KAFKA_SRC="$UPSTREAM/$KAFKA_SOURCE"
for f in "$DBZ/kafka/$STREAM/Dockerfile" "$KAFKA_SRC/bin/kafka-run-class.sh" "$KAFKA_SRC/config/connect-distributed.properties"; do
    [[ -f "$f" ]] || die "$f not found: $UPSTREAM is not the expected upstream directory"
done

mkdir -p "$CACHE"
case "$CACHE" in
    "$REPO_ROOT" | "$REPO_ROOT"/*) die "CDKTF_DEBEZIUM_CACHE ($CACHE) must live outside the repository" ;;
esac

# One build at a time per cache directory.
exec 9>"$CACHE/.build.lock"
flock -w 1800 9 || die "another build holds $CACHE/.build.lock"

# ---------------------------------------------------------------- engine
if [[ -z "${DOCKER_HOST:-}" ]]; then
    eval "$("$REPO_ROOT/scripts/dockerd.sh" env)"
    export DOCKER_HOST
fi
if ! docker info >/dev/null 2>&1; then
    if [[ "$DOCKER_HOST" == "$("$REPO_ROOT/scripts/dockerd.sh" env | sed 's/^export DOCKER_HOST=//')" ]]; then
        "$REPO_ROOT/scripts/dockerd.sh" start
    else
        die "no Docker engine answers on $DOCKER_HOST"
    fi
fi
export DOCKER_BUILDKIT=0 # classic builder: no buildx plugin needed, works with the Debian engine

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- versions, from the upstream Dockerfiles
# upstream_value FILE NAME: the value the Dockerfile gives NAME in its first `NAME=value` (ENV or ARG).
upstream_value() {
    local v
    v="$(grep -oE "(^|[[:space:]])$2=(\"[^\"]*\"|[^[:space:]\\\\]+)" "$1" | head -n 1 | sed -E 's/^[[:space:]]*[^=]+=//; s/"//g')"
    [[ -n "$v" ]] || die "$1 sets no $2"
    printf '%s' "$v"
}
KAFKA_VERSION="$(upstream_value "$DBZ/kafka/$STREAM/Dockerfile" KAFKA_VERSION)"
SCALA_VERSION="$(upstream_value "$DBZ/kafka/$STREAM/Dockerfile" SCALA_VERSION)"
# DEBEZIUM_VERSION as the (edited) connect Dockerfile sets it
DEBEZIUM_VERSION="$(sed -n 's/^set DEBEZIUM_VERSION //p' "$IMAGES_DIR/connect/$STREAM.edits")"
[[ -n "$DEBEZIUM_VERSION" ]] || DEBEZIUM_VERSION="$(upstream_value "$DBZ/connect/$STREAM/Dockerfile" DEBEZIUM_VERSION)"
HAS_ZOOKEEPER=0
[[ " $IMAGES " == *" zookeeper "* ]] && HAS_ZOOKEEPER=1
if [[ "$HAS_ZOOKEEPER" == 1 ]]; then
    ZOOKEEPER_VERSION="$(upstream_value "$DBZ/zookeeper/$STREAM/Dockerfile" ZK_VERSION)"
fi

# ---------------------------------------------------------------- input hashes
debian_mirror() {
    if [[ -n "${CDKTF_DEBEZIUM_DEBIAN_MIRROR:-}" ]]; then
        printf '%s' "$CDKTF_DEBEZIUM_DEBIAN_MIRROR"
        return
    fi
    local f uri
    # deb822 (*.sources): first URIs of a stanza whose Suites include "$DEBIAN_SUITE" itself.
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] || continue
        uri="$(awk -v suite="$DEBIAN_SUITE" '
            /^[[:space:]]*$/ { if (u != "" && ok) { print u; exit } u = ""; ok = 0; next }
            /^URIs:/ { u = $2 }
            /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
            END { if (u != "" && ok) print u }' "$f" | head -n1)"
        [[ -n "$uri" ]] && { printf '%s' "$uri"; return; }
    done
    # one-line format: deb [opts] URI SUITE components
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f "$f" ]] || continue
        uri="$(awk -v suite="$DEBIAN_SUITE" '$1 == "deb" { sub(/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?/, ""); if ($2 == suite) { print $1; exit } }' "$f")"
        [[ -n "$uri" ]] && { printf '%s' "$uri"; return; }
    done
    printf '%s' "http://deb.debian.org/debian"
}
MIRROR="$(debian_mirror)"
ROOTFS_KEY="$(printf '%s\n' "$DEBIAN_SUITE" minbase "$DEBIAN_INCLUDE" "$MIRROR" | sha)"
BASE_TAR="$CACHE/rootfs/base-$DEBIAN_SUITE-$ROOTFS_KEY.tar"
# The CA certificates the build's downloads (docker-maven-download, from Maven Central) trust: this
# machine's bundle, so that they work where the egress is a TLS-intercepting proxy, as here.
CA_BUNDLE="${CDKTF_DEBEZIUM_CA_BUNDLE:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}"
[[ -s "$CA_BUNDLE" ]] || die "CA bundle $CA_BUNDLE not found (set CDKTF_DEBEZIUM_CA_BUNDLE)"
BASE_KEY="$(printf '%s\n' "$ROOTFS_KEY" "$(sha256sum < "$CA_BUNDLE")" | sha)"

# The upstream files this stream reads: Debezium's per-image folders and Kafka's bin/ + config/.
upstream_files() {
    local image
    for image in $IMAGES; do
        find "$DBZ/$image/$STREAM" -type f ! -name '*.md' ! -name 'Dockerfile.local'
    done
    find "$KAFKA_SRC/bin" "$KAFKA_SRC/config" -type f ! -path '*/windows/*'
    [[ -f "$KAFKA_SRC/LICENSE" ]] && echo "$KAFKA_SRC/LICENSE"
    [[ -f "$KAFKA_SRC/NOTICE" ]] && echo "$KAFKA_SRC/NOTICE"
    return 0
}
# Every file that defines the images (content and names, relative to their root) + this script + the base.
INPUTS_HASH="$(
    {
        echo "$STREAM $BASE_KEY"
        cd "$REPO_ROOT"
        find e2e/images scripts/images/build.sh scripts/images/patch-dockerfile.ts -type f ! -name '*.md' -print0 \
            | LC_ALL=C sort -z | xargs -0 sha256sum
        find e2e/images -type f -perm -u+x -print | LC_ALL=C sort
        cd "$UPSTREAM"
        upstream_files | sed "s|^$UPSTREAM/||" | LC_ALL=C sort | tr '\n' '\0' | xargs -0 sha256sum
    } | sha
)"
NS="cdktf-debezium-$INPUTS_HASH" # the registry name the Dockerfiles build FROM ($DEBEZIUM_DOCKER_REGISTRY_PRIMARY_NAME)
ZOOKEEPER_IMAGE=""
[[ "$HAS_ZOOKEEPER" == 1 ]] && ZOOKEEPER_IMAGE="cdktf-debezium/zookeeper:$ZOOKEEPER_VERSION-$INPUTS_HASH"
KAFKA_IMAGE="cdktf-debezium/kafka:$KAFKA_VERSION-$INPUTS_HASH"
CONNECT_IMAGE="cdktf-debezium/connect:$DEBEZIUM_VERSION-$INPUTS_HASH"

write_result() {
    local tmp="$CACHE/images-$STREAM.env.tmp"
    {
        echo "# written by scripts/images/build.sh --stream $STREAM $(date -u +%Y-%m-%dT%H:%M:%SZ) for DOCKER_HOST=$DOCKER_HOST"
        [[ -n "$ZOOKEEPER_IMAGE" ]] && echo "ZOOKEEPER_IMAGE=$ZOOKEEPER_IMAGE"
        echo "KAFKA_IMAGE=$KAFKA_IMAGE"
        echo "CONNECT_IMAGE=$CONNECT_IMAGE"
    } > "$tmp"
    mv "$tmp" "$CACHE/images-$STREAM.env"
    [[ "$STREAM" == 3.1 ]] && cp "$CACHE/images-$STREAM.env" "$CACHE/images.env"
    grep -v '^#' "$CACHE/images-$STREAM.env"
    log "image names written to $CACHE/images-$STREAM.env"
}

all_exist() {
    [[ -z "$ZOOKEEPER_IMAGE" ]] || image_exists "$ZOOKEEPER_IMAGE" || return 1
    image_exists "$KAFKA_IMAGE" && image_exists "$CONNECT_IMAGE"
}
if [[ "$FORCE" == 0 ]] && all_exist; then
    log "images up to date (inputs $INPUTS_HASH)"
    write_result
    exit 0
fi

# ---------------------------------------------------------------- base image (instead of Fedora minimal)
BASE_IMAGE="$NS/base" # FROM $DEBEZIUM_DOCKER_REGISTRY_PRIMARY_NAME/base
ensure_base() {
    local cached="cdktf-debezium/base:$DEBIAN_SUITE-$BASE_KEY" rootfs="cdktf-debezium/rootfs:$DEBIAN_SUITE-$ROOTFS_KEY"
    if image_exists "$cached"; then
        docker tag "$cached" "$BASE_IMAGE"
        return
    fi
    if ! image_exists "$rootfs"; then
        if [[ ! -s "$BASE_TAR" ]]; then
            command -v debootstrap >/dev/null || die "debootstrap not found: apt-get install -y debootstrap"
            [[ "$(id -u)" == 0 ]] || die "debootstrap needs root"
            mkdir -p "$CACHE/rootfs"
            local dir="$CACHE/rootfs/tmp.$$"
            rm -rf "$dir"
            log "debootstrap $DEBIAN_SUITE (minbase + $DEBIAN_INCLUDE) from $MIRROR ..."
            if ! debootstrap --variant=minbase --include="$DEBIAN_INCLUDE" "$DEBIAN_SUITE" "$dir" "$MIRROR" \
                > "$CACHE/rootfs/debootstrap.log" 2>&1; then
                tail -n 30 "$CACHE/rootfs/debootstrap.log" >&2
                rm -rf "$dir"
                die "debootstrap failed (log: $CACHE/rootfs/debootstrap.log)"
            fi
            # Slim the tree: downloaded packages and apt lists are not needed at run time.
            rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/var/log/* \
                   "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/locale/*
            tar --numeric-owner -C "$dir" -cf "$BASE_TAR.tmp" .
            mv "$BASE_TAR.tmp" "$BASE_TAR"
            rm -rf "$dir"
            log "base rootfs cached in $BASE_TAR ($(du -h "$BASE_TAR" | cut -f1))"
        else
            log "using cached base rootfs $BASE_TAR"
        fi
        docker import \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'ENV LANG=C.UTF-8' \
            --change 'CMD ["/bin/bash"]' \
            --message "debootstrap --variant=minbase --include=$DEBIAN_INCLUDE $DEBIAN_SUITE" \
            "$BASE_TAR" "$rootfs" >/dev/null
        log "imported $rootfs"
    fi
    local dir="$CACHE/ctx-base-$$"
    rm -rf "$dir"
    mkdir -p "$dir"
    cp "$CA_BUNDLE" "$dir/ca-certificates.crt"
    printf 'FROM %s\nCOPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n' "$rootfs" > "$dir/Dockerfile"
    DOCKER_BUILDKIT=0 docker build -q -t "$cached" "$dir" >/dev/null 2>&1 || die "cannot build $cached"
    rm -rf "$dir"
    docker tag "$cached" "$BASE_IMAGE"
}

# ---------------------------------------------------------------- jars (Maven Central, instead of the tarballs)
pom() { # artifactId dependencies-xml [dependencyManagement-xml]
    cat <<POM
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/images/build.sh -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.cdktf-debezium</groupId>
  <artifactId>$1</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
${3:-}
    </dependencies>
  </dependencyManagement>
  <dependencies>
$2
  </dependencies>
</project>
POM
}
dep() { printf '    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>%s</dependency>\n' "$1" "$2" "$3" "${4:-}"; }

# libs/ of the Kafka distribution: broker, storage and tools (kafka-topics, kafka-storage, console
# consumer/producer, ...), the Connect runtime, and the distribution's logging stack (connect-file is left
# out: Kafka keeps it off the classpath since 3.2). kafka-shell: kafka-metadata-shell.sh.
if [[ -n "${RELOAD4J_VERSION:-}" ]]; then
    KAFKA_LOGGING_DEPS="$(dep org.slf4j slf4j-api "$SLF4J_VERSION"; dep org.slf4j slf4j-reload4j "$SLF4J_VERSION"; dep ch.qos.reload4j reload4j "$RELOAD4J_VERSION")"
else
    KAFKA_LOGGING_DEPS="$(for a in log4j-api log4j-core log4j-slf4j-impl log4j-1.2-api; do dep org.apache.logging.log4j "$a" "$LOG4J2_VERSION"; done)"
fi
POM_KAFKA="$(pom kafka-libs "$(
    dep org.apache.kafka "kafka_$SCALA_VERSION" "$KAFKA_VERSION"
    dep org.apache.kafka kafka-tools "$KAFKA_VERSION"
    dep org.apache.kafka kafka-shell "$KAFKA_VERSION"
    dep org.apache.kafka connect-runtime "$KAFKA_VERSION"
    dep org.apache.kafka connect-json "$KAFKA_VERSION"
    dep org.apache.kafka connect-transforms "$KAFKA_VERSION"
    dep org.apache.kafka connect-mirror "$KAFKA_VERSION"
    echo "$KAFKA_LOGGING_DEPS"
)")"
# lib/ of the ZooKeeper binary distribution: the server with its logback logging, and the libraries the
# distribution adds that its pom declares "provided" (metrics-core for the server, Jetty + Jackson for the
# AdminServer, snappy, commons-cli and jline for the tools), at the versions of ZooKeeper's parent pom.
POM_ZOOKEEPER=""
if [[ "$HAS_ZOOKEEPER" == 1 ]]; then
    POM_ZOOKEEPER="$(pom zookeeper-libs "$(
        dep org.apache.zookeeper zookeeper "$ZOOKEEPER_VERSION"
        for ga in io.dropwizard.metrics:metrics-core org.xerial.snappy:snappy-java commons-cli:commons-cli jline:jline \
            org.eclipse.jetty:jetty-server org.eclipse.jetty:jetty-servlet org.eclipse.jetty:jetty-client \
            com.fasterxml.jackson.core:jackson-databind ch.qos.logback:logback-classic ch.qos.logback:logback-core; do
            printf '    <dependency><groupId>%s</groupId><artifactId>%s</artifactId></dependency>\n' "${ga%%:*}" "${ga#*:}"
        done
    )" "$(dep org.apache.zookeeper parent "$ZOOKEEPER_VERSION" '<type>pom</type><scope>import</scope>')")"
fi

JARS_KEY="$(printf '%s\n' "$POM_KAFKA" "$POM_ZOOKEEPER" "$MAVEN_DEPENDENCY_PLUGIN_VERSION" | sha)"
JARS="$CACHE/jars/$JARS_KEY"

collect() { # name pom-xml
    local name="$1" pom_xml="$2"
    local work="$JARS.tmp/$name"
    mkdir -p "$work"
    printf '%s\n' "$pom_xml" > "$work/pom.xml"
    log "mvn copy-dependencies: $name"
    # --strict-checksums: each jar must match the checksum Maven Central publishes for it.
    if ! mvn -B --strict-checksums -f "$work/pom.xml" -Dmaven.repo.local="$CACHE/m2" \
        "org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$work/libs" > "$work/mvn.log" 2>&1; then
        tail -n 40 "$work/mvn.log" >&2
        die "mvn failed for $name (log: $work/mvn.log)"
    fi
    log "  $name: $(find "$work/libs" -name '*.jar' | wc -l) jars, $(du -sh "$work/libs" | cut -f1)"
}

ensure_jars() {
    if [[ -f "$JARS/.complete" ]]; then
        log "using cached jars $JARS"
        return
    fi
    command -v mvn >/dev/null || die "mvn not found"
    rm -rf "$JARS.tmp"
    collect kafka "$POM_KAFKA"
    [[ "$HAS_ZOOKEEPER" == 1 ]] && collect zookeeper "$POM_ZOOKEEPER"
    touch "$JARS.tmp/.complete"
    rm -rf "$JARS"
    mv "$JARS.tmp" "$JARS"
}

# ---------------------------------------------------------------- build contexts
CTX="$CACHE/ctx-$STREAM"
# put SRC DEST: copy one upstream file byte for byte; mode as a git checkout gives it (upstream trees may be
# read-only; the entrypoints append to some of these files at run time).
put() {
    mkdir -p "$(dirname "$2")"
    if [[ -x "$1" ]]; then install -m 755 "$1" "$2"; else install -m 644 "$1" "$2"; fi
}
# context IMAGE: a fresh context with the edited upstream Dockerfile and the files it COPYs from upstream.
context() {
    local image="$1" dir="$CTX/$1" src="$DBZ/$1/$STREAM" f
    rm -rf "$dir"
    mkdir -p "$dir"
    "$REPO_ROOT/node_modules/.bin/ts-node" --transpile-only "$REPO_ROOT/scripts/images/patch-dockerfile.ts" "$src/Dockerfile" "$IMAGES_DIR/$image/$STREAM.edits" > "$dir/Dockerfile" \
        || die "cannot apply e2e/images/$image/$STREAM.edits to $src/Dockerfile"
    for f in "$src"/*; do
        case "$(basename "$f")" in Dockerfile | Dockerfile.* | *.md) continue ;; esac
        put "$f" "$dir/$(basename "$f")"
    done
    printf '%s' "$dir"
}

# Kafka's distribution tree (bin/, config/, libs/, LICENSE, NOTICE) in DIR.
kafka_tree() {
    local dir="$1" f
    mkdir -p "$dir/bin" "$dir/config" "$dir/libs"
    for f in "$KAFKA_SRC"/bin/*.sh; do put "$f" "$dir/bin/$(basename "$f")"; done
    (cd "$KAFKA_SRC/config" && find . -type f) | while read -r f; do put "$KAFKA_SRC/config/$f" "$dir/config/$f"; done
    for f in LICENSE NOTICE; do [[ -f "$KAFKA_SRC/$f" ]] && put "$KAFKA_SRC/$f" "$dir/$f"; done
    cp -al "$JARS/kafka/libs/." "$dir/libs/"
    if [[ "$KAFKA_SOURCE" == kafka-trunk ]]; then kafka_4_edits "$dir"; fi
}

# The Kafka trunk files of late 2024 (4.0.0-SNAPSHOT) brought to what the Kafka 4.x distribution ships,
# by the smallest changes Kafka itself made before 4.0 (listed in e2e/images/README.md):
kafka_4_edits() {
    local dir="$1" f cls
    # 1. KRaft only: the KRaft configs moved from config/kraft/ to config/ (the Debezium 3.6 entrypoint reads
    #    config/server.properties, broker.properties, controller.properties); the ZooKeeper ones are gone.
    for f in "$dir"/config/kraft/*.properties; do mv -f "$f" "$dir/config/$(basename "$f")"; done
    rmdir "$dir/config/kraft"
    rm -f "$dir/config/zookeeper.properties" "$dir"/bin/zookeeper-*.sh
    #    The combined-mode server.properties uses the dynamic quorum, as trunk's reconfig-server.properties did
    #    before the two were merged (4.0): the 3.6 entrypoint formats with --standalone before it applies any
    #    KAFKA_* variable, and kafka-storage refuses --standalone next to controller.quorum.voters.
    grep -qx 'controller.quorum.voters=1@localhost:9093' "$dir/config/server.properties" \
        || die "config/kraft/server.properties: no controller.quorum.voters line to patch"
    sed -i -e 's|^# The connect string for the controller quorum$|# List of controller endpoints used connect to the controller cluster|' \
        -e 's|^controller.quorum.voters=1@localhost:9093$|controller.quorum.bootstrap.servers=localhost:9093|' "$dir/config/server.properties"
    rm -f "$dir/config/reconfig-server.properties"
    # 2. Logging is Log4j 2: a Log4j 1.x properties file (Debezium's log4j.properties, the stock ones) is read
    #    in Log4j's 1.x compatibility mode, which kafka-run-class.sh of 4.x turns on for such a file.
    grep -q '^KAFKA_LOG4J_CMD_OPTS=' "$dir/bin/kafka-run-class.sh" || die "kafka-run-class.sh: no KAFKA_LOG4J_CMD_OPTS line to patch"
    # shellcheck disable=SC2016 # the $KAFKA_LOG4J_OPTS written into kafka-run-class.sh is expanded there, not here
    sed -i 's|^KAFKA_LOG4J_CMD_OPTS=|if echo "$KAFKA_LOG4J_OPTS" \| grep -qE "log4j\\.[^[:space:]]+(\\.properties\|\\.xml)$"; then export LOG4J_COMPATIBILITY=true; fi # Kafka 4.x: Log4j 1.x configuration file\n&|' \
        "$dir/bin/kafka-run-class.sh"
    #    The 4.x distribution's logging file for the command-line tools, config/tools-log4j2.yaml (the one a
    #    tool run without the entrypoint is pointed at; the trunk of late 2024 still has tools-log4j.properties):
    #    everything at WARN and above to standard error, as the 4.x file does.
    [[ ! -e "$dir/config/tools-log4j2.yaml" ]] || die "config/tools-log4j2.yaml exists already: drop this edit"
    printf '%s\n' 'Configuration:' '  Appenders:' '    Console:' '      name: STDERR' '      target: SYSTEM_ERR' \
        '      PatternLayout:' '        pattern: "[%d] %p %m (%c)%n"' '  Loggers:' '    Root:' '      level: WARN' \
        '      AppenderRef:' '        - ref: STDERR' > "$dir/config/tools-log4j2.yaml"
    # 3. Tools whose main class moved before 4.x: the scripts name the new class.
    for f in "$dir"/bin/*.sh; do
        cls="$(grep -oE 'kafka-run-class\.sh"?( +\$[A-Z_]+)* +[a-z][A-Za-z0-9_.]+' "$f" | awk '{print $NF}' | head -n 1 || true)"
        [[ -n "$cls" ]] || continue
        if ! class_in_libs "$dir/libs" "$cls"; then
            local moved
            moved="$(kafka_4_class "$cls")"
            if [[ -n "$moved" ]] && class_in_libs "$dir/libs" "$moved"; then
                sed -i "s|$cls|$moved|" "$f"
                log "  $(basename "$f"): $cls -> $moved"
            else
                log "  $(basename "$f"): $cls is not in the Kafka $KAFKA_VERSION jars (script left as is)"
            fi
        fi
    done
}
CLASS_INDEX=""
class_in_libs() { # libs-dir class
    if [[ -z "$CLASS_INDEX" ]]; then
        CLASS_INDEX="$CTX/classes.txt"
        local j
        for j in "$1"/*.jar; do unzip -Z1 "$j" 2>/dev/null; done | grep '\.class$' | sed 's|\.class$||; s|/|.|g' | sort -u > "$CLASS_INDEX"
    fi
    grep -qxF "$2" "$CLASS_INDEX"
}
# Where Kafka 4.x has the tools whose main class moved (same name under org.apache.kafka.tools, else none).
kafka_4_class() {
    local simple="${1##*.}"
    grep -E "^org\.apache\.kafka\.tools(\.[a-z]+)*\.$simple$" "$CLASS_INDEX" | head -n 1
    return 0
}

docker_build() { # image context [build args...]
    local image="$1" ctx="$2"; shift 2
    local logf
    logf="$CACHE/build-$STREAM-$(basename "$ctx").log"
    log "docker build $image"
    # --network host: docker-maven-download fetches from Maven Central as in the upstream build.
    if ! docker build --rm --force-rm --network host -t "$image" \
        --build-arg DEBEZIUM_DOCKER_REGISTRY_PRIMARY_NAME="$NS" \
        --label "io.cdktf-debezium.inputs=$INPUTS_HASH" --label "io.cdktf-debezium.stream=$STREAM" \
        "$@" "$ctx" > "$logf" 2>&1; then
        tail -n 40 "$logf" >&2
        die "docker build failed for $image (log: $logf)"
    fi
}

START=$SECONDS
[[ -x "$REPO_ROOT/node_modules/.bin/ts-node" ]] || die "node_modules missing (scripts/images/patch-dockerfile.ts runs with ts-node): npm ci"
[[ "$KAFKA_SOURCE" != kafka-trunk ]] || command -v unzip >/dev/null || die "unzip not found: apt-get install -y unzip"
ensure_base
ensure_jars
rm -rf "$CTX"
mkdir -p "$CTX"

if [[ "$HAS_ZOOKEEPER" == 1 ]]; then
    ctx="$(context zookeeper)"
    mkdir -p "$ctx/zookeeper"
    cp -a "$IMAGES_DIR/zookeeper/dist/." "$ctx/zookeeper/"
    cp -al "$JARS/zookeeper/libs" "$ctx/zookeeper/lib"
    docker_build "$ZOOKEEPER_IMAGE" "$ctx"
fi

ctx="$(context kafka)"
kafka_tree "$ctx/kafka"
docker_build "$NS/kafka:$STREAM" "$ctx"
docker tag "$NS/kafka:$STREAM" "$KAFKA_IMAGE"

ctx="$(context connect-base)"
docker_build "$NS/connect-base:$STREAM" "$ctx"

ctx="$(context connect)"
docker_build "$CONNECT_IMAGE" "$ctx"

# The expected contents of the Kafka tree, for scripts/images/verify.sh.
mkdir -p "$CACHE/expected-$STREAM"
rm -rf "$CACHE/expected-$STREAM/kafka"
cp -a "$CTX/kafka/kafka" "$CACHE/expected-$STREAM/kafka"
rm -rf "$CACHE/expected-$STREAM/kafka/libs" "$CTX"
log "built in $((SECONDS - START))s"

IMAGES_UPSTREAM_DIR="$UPSTREAM" STREAM="$STREAM" ZOOKEEPER_IMAGE="$ZOOKEEPER_IMAGE" KAFKA_IMAGE="$KAFKA_IMAGE" \
    CONNECT_IMAGE="$CONNECT_IMAGE" "$REPO_ROOT/scripts/images/verify.sh" >&2 \
    || die "the images do not hold the upstream files byte for byte (scripts/images/verify.sh)"
write_result

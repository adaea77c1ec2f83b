#!/usr/bin/env bash
# Private Docker engine for the end-to-end tests.
#   scripts/dockerd.sh start   start dockerd (if not already answering) and wait for it
#   scripts/dockerd.sh stop    stop the dockerd started here (by its pid file)
#   scripts/dockerd.sh status  exit 0 when the engine answers
#   scripts/dockerd.sh env     print `export DOCKER_HOST=...` (eval "$(scripts/dockerd.sh env)")
#   scripts/dockerd.sh build   with CDKTF_DEBEZIUM_DOCKERD_VERSION: only build that engine (start builds it too)
# Containers are meant to run with --network host (the engine has no bridge, no iptables).
# Paths are deliberately distinct from a system dockerd (/var/run/docker.sock, /var/lib/docker).
#
# The engine: Debian's docker.io (`dockerd` on PATH) by default. CDKTF_DEBEZIUM_DOCKERD_VERSION=25.0.6 runs Docker
# Engine 25.0.6 instead, built here from its unmodified source, the Go module github.com/docker/docker at
# v25.0.6+incompatible (no registry reaches this machine, and Debian's engine is 20.10). Docker Engine 25 is the
# first with a health-check start interval (API 1.44), which Target.docker({ healthStartIntervalSeconds }) needs.
# It is built once per version into <cache>/docker-engine/<version>/ (Go caches: TOOLCHAIN_GO_CACHE, default
# <cache>/go; <cache>: CDKTF_DEBEZIUM_CACHE, default ~/.cache/cdktf-debezium-connect) and runs as an engine of its
# own: socket, data root, exec root, pid file and log carry the version, so both engines can exist side by side.
# It uses Debian's containerd and runc, as Debian's engine does.
set -euo pipefail

ENGINE_VERSION="${CDKTF_DEBEZIUM_DOCKERD_VERSION:-}"
[[ -z "$ENGINE_VERSION" || "$ENGINE_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  { echo "CDKTF_DEBEZIUM_DOCKERD_VERSION=$ENGINE_VERSION is not a Docker Engine release such as 25.0.6" >&2; exit 2; }
SUFFIX="${ENGINE_VERSION:+-$ENGINE_VERSION}"
RUN_DIR=/run/cdktf-debezium
SOCK="$RUN_DIR/docker$SUFFIX.sock"
HOST="unix://$SOCK"
DATA_ROOT=/var/lib/cdktf-debezium/docker$SUFFIX
EXEC_ROOT="$RUN_DIR/exec$SUFFIX"
PIDFILE="$RUN_DIR/docker$SUFFIX.pid"
LOG_DIR=/var/log/cdktf-debezium
LOG="$LOG_DIR/dockerd$SUFFIX.log"
START_TIMEOUT="${CDKTF_DEBEZIUM_DOCKERD_TIMEOUT:-60}"   # seconds
STOP_TIMEOUT=30
CACHE="${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}"
ENGINE_BIN="$CACHE/docker-engine/$ENGINE_VERSION/dockerd"
MOBY_MODULE=github.com/docker/docker
# As Docker's static release build: no cgo, so no graph drivers that need it (the engine runs overlay2).
MOBY_TAGS="netgo osusergo static_build exclude_graphdriver_btrfs exclude_graphdriver_devicemapper exclude_graphdriver_zfs"

answers() { docker -H "$HOST" info >/dev/null 2>&1; }

# The pid file names our engine only while that pid is a dockerd serving our socket: a stale file may name a
# reused pid, or another engine's process, and that must never be signalled.
pid_alive() {
  [[ -s "$PIDFILE" ]] || return 1
  local pid argv0 args; pid="$(cat "$PIDFILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  args=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  argv0=$(printf '%s\n' "$args" | sed -n 1p)
  [[ "${argv0##*/}" == dockerd ]] && printf '%s\n' "$args" | grep -qxF -- "$HOST"
}

# Whether $ENGINE_BIN is there and reports Docker Engine $ENGINE_VERSION.
engine_built() { [[ -x "$ENGINE_BIN" ]] && "$ENGINE_BIN" --version 2>/dev/null | grep -q "^Docker version $ENGINE_VERSION,"; }

# Builds Docker Engine $ENGINE_VERSION's dockerd into $ENGINE_BIN unless it is there and says it is that version.
build_engine() {
  if engine_built; then return 0; fi
  command -v go >/dev/null || { echo "go not found: Docker Engine $ENGINE_VERSION is built from the Go module proxy" >&2; exit 1; }
  local dir="$CACHE/docker-engine/$ENGINE_VERSION" src t=$SECONDS
  # shellcheck source=scripts/go-module.sh
  source "$(dirname "${BASH_SOURCE[0]}")/go-module.sh"
  GO_CACHE_ROOT="${TOOLCHAIN_GO_CACHE:-$CACHE/go}" GO_WORK_DIR="$dir" GO_ERR_FILE="$dir/download.err"
  mkdir -p "$dir"
  go_env
  echo "building Docker Engine $ENGINE_VERSION from $MOBY_MODULE@v$ENGINE_VERSION+incompatible (minutes on a cold cache) ..." >&2
  src=$(go_download "$MOBY_MODULE" "v$ENGINE_VERSION+incompatible") ||
    { echo "cannot download $MOBY_MODULE@v$ENGINE_VERSION+incompatible: $(go_err)" >&2; exit 1; }
  [[ -f "$src/vendor.mod" ]] || { echo "$MOBY_MODULE@v$ENGINE_VERSION+incompatible has no vendor.mod" >&2; exit 1; }
  # The module zip holds the source without vendor/: its dependencies are those vendor.mod and vendor.sum pin, as
  # `go mod vendor` reads them upstream; here they come from the module proxy.
  stage_source "$src" "$dir/src"
  cp "$dir/src/vendor.mod" "$dir/src/go.mod"; cp "$dir/src/vendor.sum" "$dir/src/go.sum"
  if ! (cd "$dir/src" && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -tags "$MOBY_TAGS" -ldflags "-s -w \
      -X $MOBY_MODULE/dockerversion.Version=$ENGINE_VERSION -X $MOBY_MODULE/dockerversion.GitCommit=v$ENGINE_VERSION-go-module" -o "$ENGINE_BIN.tmp" ./cmd/dockerd) >"$dir/build.log" 2>&1; then
    tail -n 30 "$dir/build.log" >&2
    echo "go build of Docker Engine $ENGINE_VERSION failed (log: $dir/build.log)" >&2
    exit 1
  fi
  rm -rf "$dir/src"
  mv -f "$ENGINE_BIN.tmp" "$ENGINE_BIN"
  engine_built || { echo "$ENGINE_BIN does not report version $ENGINE_VERSION" >&2; exit 1; }
  echo "built Docker Engine $ENGINE_VERSION in $((SECONDS - t))s: $ENGINE_BIN" >&2
}

start() {
  if answers; then
    echo "dockerd already running on $HOST" >&2
    return 0
  fi
  local dockerd=dockerd
  if [[ -n "$ENGINE_VERSION" ]]; then
    build_engine
    dockerd="$ENGINE_BIN"
    if ! command -v containerd >/dev/null || ! command -v runc >/dev/null; then
      echo "containerd and runc not found: apt-get install -y docker.io (its containerd and runc run this engine)" >&2
      exit 1
    fi
  fi
  command -v "$dockerd" >/dev/null || { echo "dockerd not found: apt-get install -y docker.io" >&2; exit 1; }
  [[ "$(id -u)" == 0 ]] || { echo "scripts/dockerd.sh must run as root" >&2; exit 1; }
  if pid_alive; then
    echo "dockerd (pid $(cat "$PIDFILE")) exists but does not answer yet; waiting" >&2
  else
    mkdir -p "$RUN_DIR" "$DATA_ROOT" "$EXEC_ROOT" "$LOG_DIR"
    rm -f "$PIDFILE" "$SOCK"
    # setsid: detach from our process group so the engine survives the calling shell.
    setsid "$dockerd" \
      --bridge=none --iptables=false --ip6tables=false \
      -H "$HOST" \
      --data-root "$DATA_ROOT" \
      --exec-root "$EXEC_ROOT" \
      --pidfile "$PIDFILE" \
      >>"$LOG" 2>&1 </dev/null &
    disown || true
  fi
  local i
  for ((i = 0; i < START_TIMEOUT * 2; i++)); do
    if answers; then
      echo "dockerd running on $HOST (log: $LOG)" >&2
      return 0
    fi
    sleep 0.5
  done
  echo "dockerd did not answer on $HOST within ${START_TIMEOUT}s; last log lines:" >&2
  tail -n 30 "$LOG" >&2 || true
  exit 1
}

stop() {
  if ! pid_alive; then
    if answers; then
      echo "an engine answers on $HOST but $PIDFILE names no live process; not touching it" >&2
      exit 1
    fi
    echo "dockerd${SUFFIX:+ $ENGINE_VERSION} not running" >&2
    rm -f "$PIDFILE"
    return 0
  fi
  local pid i; pid="$(cat "$PIDFILE")"
  kill -TERM "$pid"
  for ((i = 0; i < STOP_TIMEOUT * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || { echo "dockerd stopped" >&2; return 0; }
    sleep 0.5
  done
  echo "dockerd (pid $pid) did not stop within ${STOP_TIMEOUT}s; sending KILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if answers; then echo "running on $HOST"; else echo "not running"; exit 1; fi ;;
  env) echo "export DOCKER_HOST=$HOST" ;;
  build)
    [[ -n "$ENGINE_VERSION" ]] || { echo "build: set CDKTF_DEBEZIUM_DOCKERD_VERSION (Debian's engine is installed, not built)" >&2; exit 2; }
    build_engine
    echo "Docker Engine $ENGINE_VERSION: $ENGINE_BIN" >&2
    ;;
  *) echo "usage: $0 start|stop|status|env|build" >&2; exit 2 ;;
esac

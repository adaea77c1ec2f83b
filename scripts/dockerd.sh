#!/usr/bin/env bash
# Private Docker engine for the end-to-end tests.
#   scripts/dockerd.sh start   start dockerd (if not already answering) and wait for it
#   scripts/dockerd.sh stop    stop the dockerd started here (by its pid file)
#   scripts/dockerd.sh status  exit 0 when the engine answers
#   scripts/dockerd.sh env     print `export DOCKER_HOST=...` (eval "$(scripts/dockerd.sh env)")
# Containers are meant to run with --network host (the engine has no bridge, no iptables).
# Paths are deliberately distinct from a system dockerd (/var/run/docker.sock, /var/lib/docker).
set -euo pipefail

RUN_DIR=/run/cdktf-debezium
SOCK="$RUN_DIR/docker.sock"
HOST="unix://$SOCK"
DATA_ROOT=/var/lib/cdktf-debezium/docker
EXEC_ROOT="$RUN_DIR/exec"
PIDFILE="$RUN_DIR/docker.pid"
LOG_DIR=/var/log/cdktf-debezium
LOG="$LOG_DIR/dockerd.log"
START_TIMEOUT="${CDKTF_DEBEZIUM_DOCKERD_TIMEOUT:-60}"   # seconds
STOP_TIMEOUT=30

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

start() {
  if answers; then
    echo "dockerd already running on $HOST" >&2
    return 0
  fi
  command -v dockerd >/dev/null || { echo "dockerd not found: apt-get install -y docker.io" >&2; exit 1; }
  [[ "$(id -u)" == 0 ]] || { echo "scripts/dockerd.sh must run as root" >&2; exit 1; }
  if pid_alive; then
    echo "dockerd (pid $(cat "$PIDFILE")) exists but does not answer yet; waiting" >&2
  else
    mkdir -p "$RUN_DIR" "$DATA_ROOT" "$EXEC_ROOT" "$LOG_DIR"
    rm -f "$PIDFILE" "$SOCK"
    # setsid: detach from our process group so the engine survives the calling shell.
    setsid dockerd \
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
    echo "dockerd not running" >&2
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
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac

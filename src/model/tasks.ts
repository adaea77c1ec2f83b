import { HealthCheckSpec } from './nodes';
import { SecretRef } from './secret-ref';
import { Size } from './size';

/**
 * One-shot work the cluster needs after it starts: creating topics, applying a connector. Each task is a
 * bash script run in one of the cluster's own images, parameterized only through its environment.
 *
 * A task that must act again when it is removed (a connector: DELETE on removal/destroy) stays alive after
 * its work, as the handle whose stop does the undoing; its readiness is the marker file.
 */
export enum TaskKind {
  TOPICS = 'topics',
  CONNECTOR = 'connector',
  CONNECTOR_SENTINEL = 'connector-sentinel',
}

export interface TaskSpec {
  readonly kind: TaskKind;
  /** Stable name, unique within the cluster (`topics`, `connector-inventory-db`). */
  readonly name: string;
  readonly image: string;
  readonly script: string;
  readonly env: { readonly [name: string]: string };
  /** Lives as long as what it guards and undoes it on stop (a Pod on Kubernetes, not a Job). */
  readonly keepAlive: boolean;
  readonly memoryLimit: Size;
  readonly health: HealthCheckSpec;
  /** Seconds to allow the undo on stop. */
  readonly stopGraceSeconds: number;
}

/** Secrets a cluster's workers need, by environment variable name. */
export interface SecretEnv {
  readonly [envName: string]: SecretRef;
}

export const TASK_DONE_FILE = '/tmp/task-done';
/** Set to 1 by a target that gates on the task's health instead of its exit (Docker). */
export const TASK_KEEP_ALIVE_ENV = 'TASK_KEEP_ALIVE';

export const TASK_HEALTH: HealthCheckSpec = {
  command: ['test', '-f', TASK_DONE_FILE],
  intervalSeconds: 5,
  timeoutSeconds: 3,
  retries: 120,
  startPeriodSeconds: 5,
  port: 0,
};

/** Bounded waits: every loop in the scripts stops by itself. */
const WAIT_ATTEMPTS = 120;
const WAIT_SECONDS = 5;
/** Undo runs within the stop grace period (60 s): 10 attempts 5 s apart. */
const UNDO_ATTEMPTS = 10;

const KEEP_ALIVE = `
finish() {
  if [ "\${${TASK_KEEP_ALIVE_ENV}:-0}" = 1 ]; then
    touch ${TASK_DONE_FILE}
    sleep infinity & sleeper=$!
    wait "$sleeper"
  fi
  exit 0
}
stop() { [ -z "\${sleeper:-}" ] || kill "$sleeper" 2>/dev/null; exit 0; }`;

/**
 * Creates the declared topics idempotently with the Kafka image's own tools; grows partitions; applies
 * configs; never deletes or shrinks anything. TOPICS has one line per topic:
 * `name partitions replication-factor create-configs alter-configs` (`-` for none).
 */
export const TOPICS_SCRIPT = `set -u
export LC_ALL=C
bin=/kafka/bin
bs="$BOOTSTRAP_SERVERS"
log() { printf '[topics] %s\\n' "$*"; }
${KEEP_ALIVE}
trap stop TERM INT
attempt=0
until "$bin/kafka-topics.sh" --bootstrap-server "$bs" --list >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge ${WAIT_ATTEMPTS} ]; then log "brokers at $bs did not answer after ${WAIT_ATTEMPTS} attempts"; exit 1; fi
  sleep ${WAIT_SECONDS}
done
while read -r name partitions rf create alter; do
  [ -n "$name" ] || continue
  args=()
  if [ "$create" != - ]; then IFS=';' read -r -a cfgs <<< "$create"; for c in "\${cfgs[@]}"; do args+=(--config "$c"); done; fi
  "$bin/kafka-topics.sh" --bootstrap-server "$bs" --create --if-not-exists --topic "$name" \\
    --partitions "$partitions" --replication-factor "$rf" "\${args[@]}" >/dev/null || { log "creating $name failed"; exit 1; }
  current=$("$bin/kafka-topics.sh" --bootstrap-server "$bs" --describe --topic "$name" | sed -n 's/.*PartitionCount: *\\([0-9][0-9]*\\).*/\\1/p' | head -n 1)
  if [ -z "$current" ]; then log "cannot read the partition count of $name"; exit 1; fi
  if [ "$current" -lt "$partitions" ]; then
    log "$name: growing partitions from $current to $partitions"
    "$bin/kafka-topics.sh" --bootstrap-server "$bs" --alter --topic "$name" --partitions "$partitions" || exit 1
  elif [ "$current" -gt "$partitions" ]; then
    log "$name has $current partitions, more than the declared $partitions: partitions never shrink, left as is"
  fi
  if [ "$alter" != - ]; then
    "$bin/kafka-configs.sh" --bootstrap-server "$bs" --alter --entity-type topics --entity-name "$name" --add-config "$alter" >/dev/null || { log "configuring $name failed"; exit 1; }
  fi
  log "$name: ready ($partitions partitions, replication factor $rf)"
done <<< "$TOPICS"
log "all topics ready"
finish
`;

const REST_CLIENT = `export LC_ALL=C
name="$CONNECTOR_NAME"
log() { printf '[connector %s] %s\\n' "$name" "$*"; }
# request METHOD PATH [BODY]: the first endpoint of CONNECT_REST_ENDPOINTS that accepts the connection answers.
request() {
  local body="\${3:-}" resp endpoint host port
  STATUS=000; BODY=
  for endpoint in $CONNECT_REST_ENDPOINTS; do
    host=\${endpoint%:*}; port=\${endpoint##*:}
    { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || continue
    printf '%s %s HTTP/1.0\\r\\nHost: %s\\r\\nAccept: application/json\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n\\r\\n%s' \\
      "$1" "$2" "$host" "\${#body}" "$body" >&3
    resp=$(cat <&3)
    exec 3<&-
    STATUS=$(printf '%s\\n' "$resp" | head -n 1 | cut -d ' ' -f 2)
    BODY=\${resp#*$'\\r\\n\\r\\n'}
    return 0
  done
  return 1
}
call() {
  local attempts=$1 method=$2 path=$3 body=$4 attempt=0 ok
  shift 4
  while [ "$attempt" -lt "$attempts" ]; do
    attempt=$((attempt + 1))
    request "$method" "$path" "$body"
    for ok in "$@"; do [ "$STATUS" = "$ok" ] && return 0; done
    case "$STATUS" in
      000|409|500|503) sleep ${WAIT_SECONDS} ;;
      *) log "$method $path answered $STATUS: $BODY"; return 1 ;;
    esac
  done
  log "$method $path: no success after $attempts attempts (last status $STATUS)"
  return 1
}`;

/**
 * Applies one connector through the Connect REST API with bash's /dev/tcp (the images need no curl): waits
 * for the API, PUTs the config (create-or-update, retried while a rebalance answers 409), then applies the
 * declared state. Re-run whenever the config or state changes.
 */
export const CONNECTOR_APPLY_SCRIPT = `set -u
${REST_CLIENT}
${KEEP_ALIVE}
trap stop TERM INT
call ${WAIT_ATTEMPTS} GET / "" 200 || exit 1
call ${WAIT_ATTEMPTS} PUT "/connectors/$name/config" "$CONNECTOR_CONFIG" 200 201 || exit 1
case "$CONNECTOR_STATE" in
  RUNNING) call ${WAIT_ATTEMPTS} PUT "/connectors/$name/resume" "" 202 204 || exit 1 ;;
  PAUSED) call ${WAIT_ATTEMPTS} PUT "/connectors/$name/pause" "" 202 204 || exit 1 ;;
  STOPPED) call ${WAIT_ATTEMPTS} PUT "/connectors/$name/stop" "" 202 204 || exit 1 ;;
esac
log "applied (state $CONNECTOR_STATE)"
finish
`;

/**
 * Lives as long as the connector is declared: its environment names only the connector and the API, so a
 * config change never replaces it. When it is stopped (the connector removed from the code, or destroyed) it
 * deletes the connector; a 404 counts as done, a 409 during a rebalance is retried within the grace period.
 */
export const CONNECTOR_SENTINEL_SCRIPT = `set -u
${REST_CLIENT}
undo() {
  [ -z "\${sleeper:-}" ] || kill "$sleeper" 2>/dev/null
  call ${UNDO_ATTEMPTS} DELETE "/connectors/$name" "" 204 404 && log "deleted"
  exit 0
}
trap undo TERM INT
touch ${TASK_DONE_FILE}
sleep infinity & sleeper=$!
wait "$sleeper"
`;

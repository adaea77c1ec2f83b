import { Component, FileMountSpec, HealthCheckSpec } from './nodes';
import { SecretRef } from './secret-ref';
import { Size } from './size';

/**
 * One-shot work the cluster needs after it starts: creating topics, applying a connector. Each task is a
 * bash script (`src/scripts/*.sh`, which the renderers load: the model reads no files) run in one of the cluster's
 * own images, parameterized only through its environment.
 *
 * A task that must act again when it is removed (a connector: DELETE on removal/destroy) stays alive after
 * its work, as the handle whose stop does the undoing; its readiness is the marker file.
 */
export enum TaskKind {
  TOPICS = 'topics',
  CONNECTOR = 'connector',
  CONNECTOR_SENTINEL = 'connector-sentinel',
  /** Applies connect.loggers to the running workers (src/model/loggers.ts). */
  LOGGERS = 'loggers',
  /** Applies kafka.loggers to the running brokers (src/model/loggers.ts). */
  BROKER_LOGGERS = 'broker-loggers',
}

/**
 * A value known only at synthesis (the topic list of a topics task, which grows as topics are declared): the
 * renderer turns it into its target's deferred value at the same place.
 */
export class Deferred {
  constructor(public readonly produce: () => string) {}
}

/**
 * What a task waits for when it is created, and what is destroyed only after it: the renderer maps each to its
 * target's resources. A connector's sentinel undoes on destroy, so what it reaches must outlive it.
 */
export interface TaskAfter {
  /** The components whose nodes and endpoints the task reaches. */
  readonly components: readonly Component[];
  /**
   * The cluster's topics task, when the cluster has one at synthesis: a topic declared after this task may be
   * one its work names.
   */
  readonly topicsTask: boolean;
  /** Names of other tasks of the cluster (`TaskSpec.name`). */
  readonly tasks: readonly string[];
}

export interface TaskSpec {
  readonly kind: TaskKind;
  /** Stable name, unique within the cluster (`topics`, `connector-inventory-db`). */
  readonly name: string;
  readonly image: string;
  /** The file of its bash script under `src/scripts` (`topics.sh`), which the renderer loads (`shellScript`). */
  readonly script: string;
  readonly env: { readonly [name: string]: string | Deferred };
  /**
   * Lives as long as what it guards and undoes it on stop (on Kubernetes a Job that never completes while
   * declared, so that a deleted or evicted pod is made again).
   */
  readonly keepAlive: boolean;
  /** Read-only files from outside the stack (the REST API's certificates over HTTPS). @default none */
  readonly fileMounts?: FileMountSpec[];
  /**
   * Secrets the task reads (a SASL password), delivered as the workers receive theirs (`SecretDelivery`): an
   * environment variable of that name, or a file of that name under the secrets mount. @default none
   */
  readonly secrets?: SecretEnv;
  readonly memoryLimit: Size;
  readonly health: HealthCheckSpec;
  /** Seconds to allow the undo on stop. */
  readonly stopGraceSeconds: number;
  readonly after: TaskAfter;
  /**
   * A task that undoes on stop (`keepAlive`) does so only when it is no longer declared, where the target can
   * show it: the name of a declaration the target renders beside the task, which only the task's removal or
   * destroy removes, just before the task. The task sees it as the target says: a Service on Kubernetes, whose
   * DNS name it looks up (`DECLARATION_HOST_ENV`); a container on Docker, whose beat it reads from a volume both
   * mount (`DECLARATION_BEAT_ENV`). A target that renders none leaves every stop an undo.
   */
  readonly declaration?: string;
  /**
   * The task may refuse its work and end with a report of why (a connector config Connect's validation rejects):
   * each line printed with TASK_REFUSED_PREFIX, the whole report in the file TASK_REPORT_FILE_ENV names when the
   * target sets it. The target makes the apply fail with that report in its own error. @default false
   */
  readonly reportsRefusal?: boolean;
}

/** Secrets a cluster's workers need, by environment variable name. */
export interface SecretEnv {
  readonly [envName: string]: SecretRef;
}

/** The marker a task's health check tests; the scripts touch the same path (a test holds them to it). */
export const TASK_DONE_FILE = '/tmp/task-done';
/** The name of a task's declaration, as the sentinel script resolves it (set by a target that renders one). */
export const DECLARATION_HOST_ENV = 'DECLARATION_HOST';
/** The file whose content a task's declaration changes every second (set by a target whose declaration beats). */
export const DECLARATION_BEAT_ENV = 'DECLARATION_BEAT';
/** Seconds a stopped task looks for its declaration before it takes it for gone (the script's default: 20). */
export const DECLARATION_CHECK_SECONDS_ENV = 'DECLARATION_CHECK_SECONDS';
/**
 * The exit code of a sentinel stopped while its connector is still declared (a pod deleted or evicted, a container
 * restarted): a failure, so that what runs the sentinel starts it again (Kubernetes: its Job makes a new pod, and
 * counts such a stop against nothing). The script exits with it (a test holds it to this value).
 */
export const TASK_STOPPED_WHILE_DECLARED_EXIT_CODE = 75;
/** Set to 1 by a target that gates on the task's health instead of its exit (Docker). */
export const TASK_KEEP_ALIVE_ENV = 'TASK_KEEP_ALIVE';

/** Printed before each line of a task's refusal report (a test holds the scripts to it). */
export const TASK_REFUSED_PREFIX = '[refused] ';
/** Set by a target that reads a task's refusal report from a file (Kubernetes: the termination message). */
export const TASK_REPORT_FILE_ENV = 'TASK_REPORT_FILE';

export const TASK_HEALTH: HealthCheckSpec = {
  command: ['test', '-f', TASK_DONE_FILE],
  intervalSeconds: 5,
  timeoutSeconds: 3,
  retries: 120,
  startPeriodSeconds: 5,
  port: 0,
};

/**
 * Creates the declared topics idempotently with the Kafka image's own tools; grows partitions; applies
 * configs; never deletes or shrinks anything. TOPICS has one line per topic:
 * `name partitions replication-factor create-configs alter-configs` (`-` for none). `src/scripts/topics.sh`.
 */
export const TOPICS_SCRIPT = 'topics.sh';

/**
 * Applies one connector through the Connect REST API with bash's /dev/tcp (the images need no curl): waits
 * for the API; leaves a stored config equal to the declared one alone (a PUT restarts the connector); otherwise
 * validates the declared config first and, when Connect finds errors, changes nothing and reports them (a
 * refusal); else PUTs the config (create-or-update, retried while a rebalance answers 409). Then applies the
 * declared state. Re-run whenever the config or state changes. `src/scripts/connector-apply.sh`.
 */
export const CONNECTOR_APPLY_SCRIPT = 'connector-apply.sh';

/**
 * Lives as long as the connector is declared. When it is stopped because the connector was removed from the code
 * or destroyed, it deletes the connector; a 404 counts as done, a 409 during a rebalance is retried within the
 * grace period. With a declaration (`TaskSpec.declaration`), any other stop (an eviction, a drain, a restart)
 * leaves the connector running; there (`NetworkInput.reconcilesConnectors`) it also holds the declared config and
 * state, so a change of them replaces it, and reconciles the connector: drift set back, FAILED restarted with a
 * back-off. Elsewhere its environment names only the connector and the API, so a config change never replaces it
 * (which would delete the connector). `src/scripts/connector-sentinel.sh`.
 */
export const CONNECTOR_SENTINEL_SCRIPT = 'connector-sentinel.sh';

import { compareVersions } from './image';
import { isPlainCredential, SecretDelivery, secretEnvName, secretProvider, SecretRef, secretReference } from './secret-ref';
import { Component } from './nodes';
import type { RestClientSpec } from './rest-tls';
import { Size } from './size';
import { CONNECTOR_APPLY_SCRIPT, CONNECTOR_SENTINEL_SCRIPT, TASK_HEALTH, TaskKind, TaskSpec } from './tasks';
import { topicNameProblem } from './topic';
import { Problems, show } from './validation';

/** The states a connector is kept in (the public `ConnectorState`'s values, src/connector-source.ts). */
export enum ConnectorState {
  RUNNING = 'RUNNING',
  PAUSED = 'PAUSED',
  STOPPED = 'STOPPED',
}

/** Connector classes shipped in the `debezium/connect` image. */
export const DEBEZIUM_CONNECTOR_CLASSES = {
  postgres: 'io.debezium.connector.postgresql.PostgresConnector',
  mysql: 'io.debezium.connector.mysql.MySqlConnector',
  mariadb: 'io.debezium.connector.mariadb.MariaDbConnector',
  mongodb: 'io.debezium.connector.mongodb.MongoDbConnector',
  sqlserver: 'io.debezium.connector.sqlserver.SqlServerConnector',
  oracle: 'io.debezium.connector.oracle.OracleConnector',
  db2: 'io.debezium.connector.db2.Db2Connector',
  informix: 'io.debezium.connector.informix.InformixConnector',
  jdbcSink: 'io.debezium.connector.jdbc.JdbcSinkConnector',
  mongodbSink: 'io.debezium.connector.mongodb.MongoDbSinkConnector',
} as const;

/** Config keys the library writes itself. */
export const OWNED_CONNECTOR_KEYS = ['name', 'connector.class'];

/** A problem a connector source found in its options. */
export interface SourceProblem {
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** A connector as the model knows it: plain config plus secret keys (never their values). */
export interface ConnectorSpec {
  readonly name: string;
  readonly className: string;
  readonly config: { readonly [key: string]: string };
  readonly secrets: { readonly [key: string]: SecretRef };
  readonly state: ConnectorState;
  /** Restarts of what FAILED, as given (`ConnectorOptions.autoRestart`); checked by `validateConnector`. */
  readonly autoRestart?: AutoRestartInput;
  /** Where problems are reported. */
  readonly constructPath: string;
  /** Problems the source found (missing required fields, …), reported with the rest at synth. */
  readonly problems: SourceProblem[];
}

/** `ConnectorOptions.autoRestart` as given. */
export interface AutoRestartInput {
  readonly enabled?: boolean;
  readonly maxRestarts?: number;
}

/**
 * What a connector's sentinel does besides deleting it on removal, on a target that tells a removal from any other
 * stop (`NetworkInput.reconcilesConnectors`): it holds the declared config and state, and every
 * `RECONCILE_INTERVAL_SECONDS` restores them when they drifted (the connector deleted, paused, resumed or
 * reconfigured through the REST API) and restarts what FAILED, with a back-off. Elsewhere it only waits.
 */
export const RECONCILE_INTERVAL_SECONDS = 10;
/**
 * Auto-restart back-off: after the n-th restart in a row the next one waits min(n² + n, 60) minutes (0, 2, 6,
 * 12 … 60); the count starts again once the connector and its tasks ran this long without a failure.
 */
export const AUTO_RESTART_STABLE_SECONDS = 600;

const CONNECTOR_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function validateConnector(
  problems: Problems,
  spec: ConnectorSpec,
  providedClasses: string[] | undefined,
  kafkaVersion: string,
  delivery: SecretDelivery,
): void {
  for (const p of spec.problems) problems.add(p.field, p.message, p.fix);
  if (!CONNECTOR_NAME.test(spec.name) || spec.name.length > 200) {
    problems.add(
      'name',
      `connector name ${JSON.stringify(spec.name)} is not usable in a REST path`,
      'use letters, digits, ".", "_" and "-" (at most 200 characters), starting with a letter or digit',
    );
  }
  for (const key of Object.keys(spec.config)) {
    if (OWNED_CONNECTOR_KEYS.includes(key)) {
      problems.add(
        `config["${key}"]`,
        `"${key}" is set by the library`,
        key === 'connector.class'
          ? 'use a typed source or ConnectorSource.generic({ connectorClass })'
          : "remove it; the connector name is the construct's name",
      );
    }
    if (key in spec.secrets)
      problems.add(`config["${key}"]`, `"${key}" is given both as a plain value and as a secret`, 'give it once, as a Secret');
    else if (isPlainCredential(key, spec.config[key])) {
      problems.add(
        `config["${key}"]`,
        `"${key}" looks like a credential given as plain text, which would be written into the synthesized JSON and the connector config`,
        `give it as a secret: secrets: { "${key}": Secret.fromVariable(aSensitiveVariable) }`,
      );
    }
  }
  const prefix = spec.config['topic.prefix'];
  if (prefix !== undefined) {
    const why = topicNameProblem(prefix);
    if (why) problems.add('topicPrefix', `topic prefix ${why}`, 'use only letters, digits, ".", "_" and "-" (it starts every topic name)');
  }
  if (providedClasses !== undefined && !providedClasses.includes(spec.className)) {
    const closest = closestClass(spec.className, providedClasses);
    problems.add(
      'connectorClass',
      `no declared plugin or image connector provides "${spec.className}"`,
      `declare the plugin that contains it, or fix the class name${closest ? ` (did you mean "${closest}"?)` : ''}`,
    );
  } else if (providedClasses === undefined) {
    // No plugins declared: any class is accepted (a prebuilt image may hold it), except a near miss of a
    // connector the image ships, which is a typo that would only fail when the connector is applied.
    const builtIn: string[] = Object.values(DEBEZIUM_CONNECTOR_CLASSES);
    const closest = builtIn.includes(spec.className) ? undefined : closestClass(spec.className, builtIn);
    if (closest) {
      problems.add(
        'connectorClass',
        `"${spec.className}" is not a connector of the image, but close to "${closest}", which is`,
        `use "${closest}" (or a typed source such as ConnectorSource.postgres), or declare the plugin that provides "${spec.className}"`,
      );
    }
  }
  const provider = secretProvider(delivery);
  if (Object.keys(spec.secrets).length > 0 && compareVersions(kafkaVersion, provider.since) < 0) {
    problems.add(
      'secrets',
      `Kafka ${kafkaVersion} in the Connect image has no ${provider.className} (added in ${provider.since})`,
      `use an image with Kafka ${provider.since} or later`,
    );
  }
  if (!(Object.values(ConnectorState) as string[]).includes(spec.state)) {
    problems.add('state', `${JSON.stringify(spec.state)} is not a connector state`, 'use ConnectorState.RUNNING, PAUSED or STOPPED');
  }
}

/** The most restarts in a row `autoRestart.maxRestarts` may bound (past it, a bound means little). */
const MAX_RESTARTS_BOUND = 1000;

/**
 * `autoRestart` of a connector: a bound is a whole number of restarts, given only with restarts enabled; on a
 * target whose sentinel cannot reconcile (`reconcilesConnectors`), restarts cannot be asked for.
 */
export function validateAutoRestart(
  problems: Problems,
  input: AutoRestartInput | undefined,
  target: { readonly reconcilesConnectors: boolean; readonly targetName: string },
): void {
  if (input === undefined || input === null) return;
  const { enabled, maxRestarts } = input;
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    problems.add('autoRestart.enabled', `${show(enabled)} is not true or false`, 'give true or false, or leave it unset');
  }
  if (maxRestarts !== undefined) {
    if (typeof maxRestarts !== 'number' || !Number.isInteger(maxRestarts) || maxRestarts < 1 || maxRestarts > MAX_RESTARTS_BOUND) {
      problems.add(
        'autoRestart.maxRestarts',
        `${show(maxRestarts)} is not a whole number of restarts from 1 to ${MAX_RESTARTS_BOUND}`,
        'give how many restarts in a row to try before leaving the connector FAILED, or leave it unset for no bound',
      );
    } else if (enabled === false) {
      problems.add('autoRestart.maxRestarts', 'a bound is given while restarts are disabled', 'remove maxRestarts, or enable the restarts');
    }
  }
  if (!target.reconcilesConnectors && (enabled === true || maxRestarts !== undefined)) {
    problems.add(
      enabled === true ? 'autoRestart.enabled' : 'autoRestart.maxRestarts',
      `the ${target.targetName} target does not restart a FAILED connector or task: its sentinel cannot hold the declared connector, since replacing it deletes the connector`,
      'leave autoRestart unset; restart what FAILED with POST /connectors/<name>/restart?includeTasks=true&onlyFailed=true',
    );
  }
}

/**
 * Edits (insertions, deletions, substitutions; case ignored) within which a class name is taken for a misspelling
 * of a known one: `PostgresConector`, `postgres.PostgresConnector` for `postgresql.PostgresConnector`, while
 * distinct connectors of one vendor (`MySqlConnector`, `MariaDbConnector`) stay further apart than this.
 */
const NEAR_MISS_EDITS = 3;

/** The known class `name` is a near miss of, if any. */
function closestClass(name: string, known: readonly string[]): string | undefined {
  if (typeof name !== 'string') return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(name.toLowerCase(), k.toLowerCase(), NEAR_MISS_EDITS);
    if (distance <= NEAR_MISS_EDITS && (best === undefined || distance < best.distance)) best = { name: k, distance };
  }
  return best?.name;
}

/** Levenshtein distance of `a` and `b`; any value above `limit` is returned as `limit + 1`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length], limit + 1);
}

/** Environment variable per secret key of the connector. */
export function connectorSecretEnv(spec: ConnectorSpec): { [envName: string]: SecretRef } {
  const out: { [envName: string]: SecretRef } = {};
  for (const [key, ref] of Object.entries(spec.secrets)) out[secretEnvName(spec.name, key)] = ref;
  return out;
}

/** The REST payload: plain values, and for secrets only a config-provider reference. */
export function connectorPayload(spec: ConnectorSpec, delivery: SecretDelivery): string {
  const config: Record<string, string> = { 'connector.class': spec.className };
  for (const key of Object.keys(spec.config).sort()) config[key] = spec.config[key];
  for (const key of Object.keys(spec.secrets).sort()) config[key] = secretReference(delivery, secretEnvName(spec.name, key));
  return JSON.stringify(config);
}

function taskName(spec: ConnectorSpec): string {
  return spec.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/**
 * Every name the targets derive from a connector's name (task containers, Jobs and Deployments; worker
 * secret variables and files), as `what → name`. Derivation drops case and punctuation, so two distinct
 * connector names can map to one of these; the cluster refuses that.
 */
export function connectorDerivedNames(spec: ConnectorSpec): { what: string; name: string; from: string }[] {
  return [
    { what: 'task name', name: `connector-${taskName(spec)}`, from: `connector "${spec.name}"` },
    // Per key, not from connectorSecretEnv: two keys of one connector can derive one name too.
    ...Object.keys(spec.secrets).map((key) => ({
      what: 'worker secret name',
      name: secretEnvName(spec.name, key),
      from: `secret "${key}" of connector "${spec.name}"`,
    })),
  ];
}

/** Debezium's PostgreSQL connector uses this replication slot unless `slot.name` is set. */
export const POSTGRES_DEFAULT_SLOT = 'debezium';

/**
 * The replication slot a PostgreSQL connector streams from (`host:port/database/slot`), undefined for other
 * connectors. A slot serves one consumer: a second connector on it fails or steals the first one's changes.
 */
export function replicationSlotKey(spec: ConnectorSpec): string | undefined {
  if (spec.className !== DEBEZIUM_CONNECTOR_CLASSES.postgres) return undefined;
  const c = spec.config;
  return `${(c['database.hostname'] ?? '').toLowerCase()}:${c['database.port'] ?? '5432'}/${c['database.dbname'] ?? ''}/${c['slot.name'] ?? POSTGRES_DEFAULT_SLOT}`;
}

/**
 * A connector's tasks, both after the workers and the topics task (the config may name a declared topic): the
 * sentinel, then the apply task, which also waits for the sentinel (so a connector is never applied without the
 * handle that deletes it).
 */
export function connectorTasks(
  spec: ConnectorSpec,
  image: string,
  rest: RestClientSpec,
  delivery: SecretDelivery,
  reconciles: boolean,
): [TaskSpec, TaskSpec] {
  const sentinel = connectorSentinelTask(spec, image, rest, reconciles ? connectorPayload(spec, delivery) : undefined);
  return [sentinel, connectorApplyTask(spec, image, rest, delivery, sentinel.name)];
}

/** The one-shot task that validates and PUTs the config (or refuses it with Connect's errors) and applies the state. */
function connectorApplyTask(
  spec: ConnectorSpec,
  image: string,
  rest: RestClientSpec,
  delivery: SecretDelivery,
  sentinel: string,
): TaskSpec {
  return {
    kind: TaskKind.CONNECTOR,
    name: `connector-${taskName(spec)}`,
    image,
    script: CONNECTOR_APPLY_SCRIPT,
    env: {
      ...rest.env,
      CONNECTOR_NAME: spec.name,
      CONNECTOR_CONFIG: connectorPayload(spec, delivery),
      CONNECTOR_STATE: spec.state,
    },
    keepAlive: false,
    ...(rest.fileMounts.length > 0 ? { fileMounts: rest.fileMounts } : {}),
    memoryLimit: Size.mebibytes(64),
    health: TASK_HEALTH,
    stopGraceSeconds: 10,
    after: { components: [Component.CONNECT], topicsTask: true, tasks: [sentinel] },
    reportsRefusal: true,
  };
}

/**
 * The task that deletes the connector when the declaration goes away. Given the declared config (`payload`: where
 * the target tells a removal from any other stop), it also reconciles the connector: it holds the config, the state
 * and the restart settings, so a change of any of them replaces it.
 */
function connectorSentinelTask(spec: ConnectorSpec, image: string, rest: RestClientSpec, payload: string | undefined): TaskSpec {
  const reconcile: Record<string, string> =
    payload === undefined
      ? {}
      : {
          CONNECTOR_CONFIG: payload,
          CONNECTOR_STATE: spec.state,
          RECONCILE_INTERVAL_SECONDS: String(RECONCILE_INTERVAL_SECONDS),
          AUTO_RESTART: spec.autoRestart?.enabled === false ? 'false' : 'true',
          AUTO_RESTART_MAX: spec.autoRestart?.maxRestarts === undefined ? '' : String(spec.autoRestart.maxRestarts),
          AUTO_RESTART_STABLE_SECONDS: String(AUTO_RESTART_STABLE_SECONDS),
        };
  return {
    kind: TaskKind.CONNECTOR_SENTINEL,
    name: `connector-${taskName(spec)}-sentinel`,
    image,
    script: CONNECTOR_SENTINEL_SCRIPT,
    env: { ...rest.env, CONNECTOR_NAME: spec.name, ...reconcile },
    keepAlive: true,
    ...(rest.fileMounts.length > 0 ? { fileMounts: rest.fileMounts } : {}),
    memoryLimit: Size.mebibytes(64),
    health: TASK_HEALTH,
    // The declaration check (up to 20 s) and 10 DELETE attempts 5 s apart.
    stopGraceSeconds: 90,
    after: { components: [Component.CONNECT], topicsTask: true, tasks: [] },
    declaration: `connector-${taskName(spec)}`,
  };
}

import { SecretRef } from './model/secret-ref';
import { DEBEZIUM_CONNECTOR_CLASSES } from './model/connector';
import { Secret } from './secret';
import { JAVA_CLASS_NAME } from './model/names';
import { show } from './model/validation';

/** The state a connector is kept in. */
export enum ConnectorState {
  /** Running: its tasks read (or write) records. */
  RUNNING = 'RUNNING',
  /** Paused: its tasks stay assigned but process nothing until resumed. */
  PAUSED = 'PAUSED',
  /** Stopped: no tasks, config kept (Kafka ≥ 3.5). */
  STOPPED = 'STOPPED',
}

/** `snapshot.mode` of the Debezium PostgreSQL connector. */
export enum PostgresSnapshotMode {
  /** Snapshot the captured tables when no offset is stored yet, then stream changes. */
  INITIAL = 'initial',
  /** Snapshot the captured tables at every start, then stream changes. */
  ALWAYS = 'always',
  /** Snapshot the captured tables once, then stop without streaming changes. */
  INITIAL_ONLY = 'initial_only',
  /** No snapshot of the data: stream changes only, from the replication slot's position. */
  NO_DATA = 'no_data',
  /** Snapshot when no offset is stored, or when the stored offset is no longer available on the server. */
  WHEN_NEEDED = 'when_needed',
}

/** `snapshot.mode` of the Debezium MySQL connector. */
export enum MySqlSnapshotMode {
  /** Snapshot the schema and the captured tables when no offset is stored yet, then read the binlog. */
  INITIAL = 'initial',
  /** Snapshot the schema and the captured tables at every start, then read the binlog. */
  ALWAYS = 'always',
  /** Snapshot the schema and the captured tables once, then stop without reading the binlog. */
  INITIAL_ONLY = 'initial_only',
  /** Snapshot the schema only, then read the binlog from the current position (no existing data). */
  NO_DATA = 'no_data',
  /** Snapshot when no offset is stored, or when the stored binlog position has been purged from the server. */
  WHEN_NEEDED = 'when_needed',
  /** Rebuild a lost or corrupted schema history topic from the current schema, then continue from the stored offset. */
  RECOVERY = 'recovery',
}

/** Logical decoding plugin of the PostgreSQL connector (`plugin.name`). */
export enum PostgresPluginName {
  /** PostgreSQL's built-in logical replication output plugin (PostgreSQL ≥ 10); needs a publication. */
  PGOUTPUT = 'pgoutput',
  /** Debezium's Protocol Buffers plugin, which must be installed on the database server. */
  DECODERBUFS = 'decoderbufs',
}

/** Fields every Debezium database source shares. */
export interface DatabaseConnectorSourceOptions {
  /** `database.hostname`. */
  readonly hostname: string;
  /** `database.user`. */
  readonly user: string;
  /** `database.password`, never a literal. */
  readonly password: Secret;
  /** `topic.prefix`: the first part of every topic the connector writes; a legal topic name. */
  readonly topicPrefix: string;
  /** `table.include.list` entries. @default all tables */
  readonly tableIncludeList?: string[];
  /** `tasks.max`. @default 1 */
  readonly tasksMax?: number;
  /** Any other connector config. @default none */
  readonly additionalConfig?: { [key: string]: string };
  /** Any other sensitive connector config, by key. @default none */
  readonly additionalSecrets?: { [key: string]: Secret };
}

/** A Debezium PostgreSQL source (`io.debezium.connector.postgresql.PostgresConnector`). */
export interface PostgresConnectorSourceOptions extends DatabaseConnectorSourceOptions {
  /** `database.port`. @default 5432 */
  readonly port?: number;
  /** `database.dbname`. */
  readonly databaseName: string;
  /** `schema.include.list` entries. @default all schemas */
  readonly schemaIncludeList?: string[];
  /** When the connector snapshots the tables before streaming (`snapshot.mode`). @default PostgresSnapshotMode.INITIAL */
  readonly snapshotMode?: PostgresSnapshotMode;
  /** The logical decoding plugin on the server (`plugin.name`). @default PostgresPluginName.PGOUTPUT */
  readonly pluginName?: PostgresPluginName;
  /** `slot.name`: one replication slot per connector. @default Debezium's default ("debezium") */
  readonly slotName?: string;
  /** `publication.name` (pgoutput). @default Debezium's default ("dbz_publication") */
  readonly publicationName?: string;
}

/** A Debezium MySQL source (`io.debezium.connector.mysql.MySqlConnector`). */
export interface MySqlConnectorSourceOptions extends DatabaseConnectorSourceOptions {
  /** `database.port`. @default 3306 */
  readonly port?: number;
  /** `database.server.id`: unique among all MySQL replication clients, 1 … 2^32-1. */
  readonly serverId: number;
  /** `database.include.list` entries. @default all databases */
  readonly databaseIncludeList?: string[];
  /** When the connector snapshots the tables before reading the binlog (`snapshot.mode`). @default MySqlSnapshotMode.INITIAL */
  readonly snapshotMode?: MySqlSnapshotMode;
  /**
   * `schema.history.internal.kafka.topic`; its bootstrap servers are the cluster's.
   * @default - the topic prefix followed by ".schema-history" (e.g. "inventory.schema-history")
   */
  readonly schemaHistoryTopic?: string;
}

/** Any connector class, configured by a map (for connectors without a typed source). */
export interface GenericConnectorSourceOptions {
  /** `connector.class`. */
  readonly connectorClass: string;
  /** Plain config values. @default none */
  readonly config?: { [key: string]: string };
  /** Sensitive config values, by key. @default none */
  readonly secrets?: { [key: string]: Secret };
}

interface ResolvedSource {
  className: string;
  config: Record<string, string>;
  secrets: Record<string, SecretRef>;
  problems: { field: string; message: string; fix: string }[];
}

/** What a connector runs: a typed Debezium source, or any connector class with a config map. */
export class ConnectorSource {
  /**
   * The Debezium PostgreSQL source connector.
   * @param options the database, the tables to capture and the replication settings.
   */
  public static postgres(options: PostgresConnectorSourceOptions): ConnectorSource {
    // Untyped callers may pass nothing: every required field is then reported missing.
    options ??= {} as PostgresConnectorSourceOptions;
    return new ConnectorSource((ctx) => {
      const r = databaseSource(DEBEZIUM_CONNECTOR_CLASSES.postgres, options, [
        'hostname',
        'user',
        'password',
        'topicPrefix',
        'databaseName',
      ]);
      put(r.config, 'database.port', String(options.port ?? 5432));
      put(r.config, 'database.dbname', options.databaseName);
      put(r.config, 'schema.include.list', list(r, 'schemaIncludeList', options.schemaIncludeList));
      put(r.config, 'snapshot.mode', options.snapshotMode);
      put(r.config, 'plugin.name', options.pluginName ?? PostgresPluginName.PGOUTPUT);
      put(r.config, 'slot.name', options.slotName);
      put(r.config, 'publication.name', options.publicationName);
      if (options.slotName !== undefined && !/^[a-z0-9_]{1,63}$/.test(options.slotName)) {
        r.problems.push({
          field: 'slotName',
          message: `slot name ${JSON.stringify(options.slotName)} is not a PostgreSQL replication slot name`,
          fix: 'use lowercase letters, digits and "_", at most 63 characters',
        });
      }
      checkPort(r, options.port);
      return finish(r, options, ctx);
    });
  }

  /**
   * The Debezium MySQL source connector; its schema history topic is on the cluster's own brokers.
   * @param options the database, the tables to capture, the server id and the snapshot mode.
   */
  public static mysql(options: MySqlConnectorSourceOptions): ConnectorSource {
    options ??= {} as MySqlConnectorSourceOptions;
    return new ConnectorSource((ctx) => {
      const r = databaseSource(DEBEZIUM_CONNECTOR_CLASSES.mysql, options, ['hostname', 'user', 'password', 'topicPrefix', 'serverId']);
      put(r.config, 'database.port', String(options.port ?? 3306));
      if (
        options.serverId !== undefined &&
        (!Number.isInteger(options.serverId) || options.serverId < 1 || options.serverId > 4294967295)
      ) {
        r.problems.push({
          field: 'serverId',
          message: `${show(options.serverId)} is not a MySQL server id`,
          fix: 'use a whole number from 1 to 4294967295, unique among the replication clients of that MySQL',
        });
      }
      put(r.config, 'database.server.id', options.serverId === undefined ? undefined : String(options.serverId));
      put(r.config, 'database.include.list', list(r, 'databaseIncludeList', options.databaseIncludeList));
      put(r.config, 'snapshot.mode', options.snapshotMode);
      put(
        r.config,
        'schema.history.internal.kafka.topic',
        options.schemaHistoryTopic ?? (options.topicPrefix ? `${options.topicPrefix}.schema-history` : undefined),
      );
      put(r.config, 'schema.history.internal.kafka.bootstrap.servers', ctx.bootstrapServers);
      checkPort(r, options.port);
      return finish(r, options, ctx);
    });
  }

  /**
   * Any connector class (source or sink), configured with a map; secrets by key.
   * @param options the connector class, its plain config and its sensitive config.
   */
  public static generic(options: GenericConnectorSourceOptions): ConnectorSource {
    options ??= {} as GenericConnectorSourceOptions;
    return new ConnectorSource(() => {
      const r: ResolvedSource = { className: options.connectorClass, config: { ...(options.config ?? {}) }, secrets: {}, problems: [] };
      if (typeof options.connectorClass !== 'string' || !JAVA_CLASS_NAME.test(options.connectorClass)) {
        r.problems.push({
          field: 'connectorClass',
          message: `${JSON.stringify(options.connectorClass)} is not a fully-qualified class name`,
          fix: 'give the connector\'s Java class, e.g. "io.debezium.connector.postgresql.PostgresConnector"',
        });
      }
      addSecrets(r, options.secrets ?? {});
      return r;
    });
  }

  private constructor(private readonly resolver: (ctx: { bootstrapServers: string }) => ResolvedSource) {}

  /** @internal */
  public _resolve(ctx: { bootstrapServers: string }): ResolvedSource {
    return this.resolver(ctx);
  }
}

function databaseSource(className: string, o: DatabaseConnectorSourceOptions, required: string[]): ResolvedSource {
  const r: ResolvedSource = { className, config: {}, secrets: {}, problems: [] };
  for (const field of required) {
    const v = (o as unknown as Record<string, unknown>)[field];
    if (v === undefined || v === null || v === '') r.problems.push({ field, message: `${field} is required`, fix: `set ${field}` });
  }
  put(r.config, 'database.hostname', o.hostname);
  put(r.config, 'database.user', o.user);
  put(r.config, 'topic.prefix', o.topicPrefix);
  put(r.config, 'table.include.list', list(r, 'tableIncludeList', o.tableIncludeList));
  if (o.password !== undefined && !(o.password instanceof Secret)) {
    r.problems.push({
      field: 'password',
      message: 'the password is not a Secret',
      fix: 'pass Secret.fromVariable(aSensitiveVariable) or Secret.fromKubernetesSecret(name, key); literals are refused so they never reach the synthesized JSON',
    });
  } else if (o.password) {
    addSecrets(r, { 'database.password': o.password });
  }
  return r;
}

function addSecrets(r: ResolvedSource, secrets: { [key: string]: Secret }): void {
  for (const [key, secret] of Object.entries(secrets)) {
    if (!(secret instanceof Secret)) {
      r.problems.push({
        field: `secrets["${key}"]`,
        message: 'the value is not a Secret',
        fix: 'pass Secret.fromVariable(...) or Secret.fromKubernetesSecret(...)',
      });
      continue;
    }
    if (secret._problem)
      r.problems.push({
        field: `secrets["${key}"]`,
        message: secret._problem,
        fix: 'declare the variable with sensitive: true and no default; pass the value at apply time (TF_VAR_<name>)',
      });
    r.secrets[key] = secret._ref;
  }
}

function finish(r: ResolvedSource, o: DatabaseConnectorSourceOptions, _ctx: unknown): ResolvedSource {
  if (o.tasksMax !== undefined) {
    if (!Number.isInteger(o.tasksMax) || o.tasksMax < 1)
      r.problems.push({
        field: 'tasksMax',
        message: `${show(o.tasksMax)} is not a positive whole number`,
        fix: 'set tasksMax to 1 or more',
      });
    put(r.config, 'tasks.max', String(o.tasksMax));
  }
  for (const [k, v] of Object.entries(o.additionalConfig ?? {})) {
    if (k in r.config)
      r.problems.push({ field: `additionalConfig["${k}"]`, message: `"${k}" is already set by a typed field`, fix: 'use the typed field' });
    else r.config[k] = v;
  }
  addSecrets(r, o.additionalSecrets ?? {});
  return r;
}

function put(config: Record<string, string>, key: string, value: string | undefined): void {
  if (value !== undefined && value !== '') config[key] = value;
}

/** A list prop as Debezium's comma-separated value; what is not a list of strings (an untyped caller) is reported. */
function list(r: ResolvedSource, field: string, values: string[] | undefined): string | undefined {
  if (values === undefined || values === null) return undefined;
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
    r.problems.push({
      field,
      message: `${JSON.stringify(values)} is not a list of strings`,
      fix: `give ${field} as a list, e.g. ["inventory.customers", "inventory.orders"]`,
    });
    return undefined;
  }
  return values.length > 0 ? values.join(',') : undefined;
}

function checkPort(r: ResolvedSource, port: number | undefined): void {
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    r.problems.push({ field: 'port', message: `${show(port)} is not a port`, fix: 'use 1 to 65535' });
  }
}

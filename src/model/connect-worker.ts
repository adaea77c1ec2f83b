import { compareVersions } from './image';
import { CONNECT_LOGGERS, LOGGERS, loggersStartupScript, validateLoggers } from './loggers';
import { Component, FileSource, httpProbe, NodeSpec, RestEndpoint } from './nodes';
import { defaultMemoryLimit, HeapInput, heapOpts, Size } from './size';
import { KAFKA } from './kafka';
import { checkTopicName, InternalTopicsInput, resolveInternalTopics, ResolvedInternalTopics } from './topic';
import type { NetworkInput } from './network';
import { Problems } from './validation';
import { nodeCount, Topology } from './topology';
import { configProviderProperties, SecretDelivery, secretProvider, secretReference, workerSecretEnvName } from './secret-ref';
import {
  checkPassThroughName,
  checkPassThroughProperties,
  CONNECT_ENV_PREFIX,
  propertyToEnvName,
  propertyValueProblem,
} from './worker-properties';
import { JAVA_CLASS_NAME } from './names';
import {
  CONNECT_CLIENT_PREFIXES,
  KAFKA_CLIENT_TLS,
  kafkaClientMounts,
  kafkaClientProperties,
  KafkaClientSecurity,
  KafkaClientSecurityInput,
  needsFileProvider,
  ownedByKafkaSecurity,
  prefixedClientProperties,
  validateKafkaClientSecurity,
} from './kafka-client';
import { httpsProbe, REST_TLS, REST_TLS_PROPERTIES, RestTls, RestTlsInput, restTlsMount, restTlsWorkerProperties } from './rest-tls';

/** Levels of Kafka Connect's application log (the public `LogLevel`'s values). */
export enum LogLevel {
  INFO = 'INFO',
  WARN = 'WARN',
  ERROR = 'ERROR',
  DEBUG = 'DEBUG',
  TRACE = 'TRACE',
}

/** `connector.client.config.override.policy` values (the public `ConnectorClientConfigOverridePolicy`'s). */
export enum ConnectorClientConfigOverridePolicy {
  NONE = 'None',
  PRINCIPAL = 'Principal',
  ALL = 'All',
}

/** Kafka's JSON converter, the image's default (`Converters.JSON`). */
const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';

/** A `SecretFiles` as the model reads it: its source and name (the construct's internal fields). */
export interface SecretFilesInput {
  /** Absent only from an object a JavaScript caller made by hand (refused). */
  readonly _source?: FileSource;
  readonly _name: string;
}

/**
 * `connect` as the model takes it: the public `ConnectWorkersInput` (src/connect-workers.ts, where each field is
 * documented) without its classes. Only the names of `workerSecrets` are read here; their values reach the model as
 * `ClusterInput.workerSecrets`.
 */
export interface ConnectWorkersInput {
  readonly workers?: number;
  readonly groupId?: string;
  readonly configStorageTopic?: string;
  readonly offsetStorageTopic?: string;
  readonly statusStorageTopic?: string;
  readonly bootstrapServers?: string[];
  readonly restHostName?: string;
  readonly restPort?: number;
  readonly advertisedHostName?: string;
  readonly keyConverter?: string;
  readonly valueConverter?: string;
  readonly internalKeyConverter?: string;
  readonly internalValueConverter?: string;
  readonly offsetFlushIntervalMs?: number;
  readonly offsetFlushTimeoutMs?: number;
  readonly shutdownTimeoutMs?: number;
  readonly rebalanceDelaySeconds?: number;
  readonly heap?: HeapInput;
  readonly memoryLimit?: Size;
  readonly storageSize?: Size;
  readonly logLevel?: `${LogLevel}`;
  readonly loggers?: { readonly [logger: string]: `${LogLevel}` };
  readonly idempotentProducers?: boolean;
  readonly connectorClientConfigOverridePolicy?: `${ConnectorClientConfigOverridePolicy}`;
  readonly internalTopics?: InternalTopicsInput;
  readonly workerProperties?: { readonly [property: string]: string };
  readonly workerSecrets?: { readonly [property: string]: unknown };
  readonly secretFiles?: readonly { readonly mountPath: string; readonly files: SecretFilesInput }[];
  readonly restTls?: RestTlsInput;
  readonly kafkaSecurity?: KafkaClientSecurityInput;
}

export const CONNECT = {
  restPort: 8083,
  logsDir: '/kafka/logs',
  configDir: '/kafka/config',
  /**
   * What the connect image writes at run time besides /kafka/config (the entrypoint's `cp -rn config.orig/*` and
   * `sed -i` of connect-distributed.properties and log4j.properties) and /kafka/logs (connect-service.log,
   * kafka-run-class.sh's LOG_DIR): the JVM's temporary directory (its perf data, the native libraries of the
   * compression codecs it unpacks there). The entrypoint's `mkdir -p /kafka/data/` names a directory the image
   * has; nothing else is written.
   */
  scratch: { name: 'tmp', mountPath: '/tmp', size: Size.mebibytes(256) },
  pluginsDir: '/kafka/connect',
  linkName: 'connect',
  nodeName: (i: number) => `connect-${i}`,
  defaultHeap: { maximum: Size.gibibytes(1) } as HeapInput,
  defaultStorage: Size.gibibytes(1),
  /** The library's `offset.flush.interval.ms` (`connect.offsetFlushIntervalMs`); the image's is 60000. */
  defaultOffsetFlushIntervalMs: 10000,
  /** The image's `offset.flush.timeout.ms` (`connect.offsetFlushTimeoutMs`, not rendered unless given). */
  imageOffsetFlushTimeoutMs: 5000,
  /** The library's `scheduled.rebalance.max.delay.ms`, in seconds (`connect.rebalanceDelaySeconds`); Connect's is 300. */
  defaultRebalanceDelaySeconds: 30,
  defaultConverter: JSON_CONVERTER,
  /** The image edits connect-distributed.properties with `@` as the sed delimiter (a rule of the Debezium connect-base image documentation). */
  sedDelimiter: '@',
  /** Kafka 3.0 removed internal.key/value.converter. */
  internalConvertersRemovedIn: '3.0.0',
  /** Kafka 3.9 added `GET /health`. */
  healthEndpointSince: '3.9.0',
  topicNames: {
    config: (cluster: string) => `${cluster}-connect-configs`,
    offset: (cluster: string) => `${cluster}-connect-offsets`,
    status: (cluster: string) => `${cluster}-connect-statuses`,
  },
  /** The variables the Debezium connect-base image documentation lists. */
  env: {
    groupId: 'GROUP_ID',
    configStorageTopic: 'CONFIG_STORAGE_TOPIC',
    offsetStorageTopic: 'OFFSET_STORAGE_TOPIC',
    statusStorageTopic: 'STATUS_STORAGE_TOPIC',
    bootstrapServers: 'BOOTSTRAP_SERVERS',
    restHostName: 'REST_HOST_NAME',
    restPort: 'REST_PORT',
    advertisedHostName: 'ADVERTISED_HOST_NAME',
    advertisedPort: 'ADVERTISED_PORT',
    keyConverter: 'KEY_CONVERTER',
    valueConverter: 'VALUE_CONVERTER',
    internalKeyConverter: 'INTERNAL_KEY_CONVERTER',
    internalValueConverter: 'INTERNAL_VALUE_CONVERTER',
    offsetFlushIntervalMs: 'OFFSET_FLUSH_INTERVAL_MS',
    offsetFlushTimeoutMs: 'OFFSET_FLUSH_TIMEOUT_MS',
    shutdownTimeout: 'SHUTDOWN_TIMEOUT',
    heapOpts: 'HEAP_OPTS',
    logLevel: 'LOG_LEVEL',
    /** Read by kafka-run-class.sh, not mapped to a worker property. */
    jmxOpts: 'KAFKA_JMX_OPTS',
  },
} as const;

/** Worker properties the library owns, each with the typed field to use instead. */
const OWNED_WORKER_PROPERTIES: Record<string, string> = {
  'group.id': 'connect.groupId',
  'bootstrap.servers': 'connect.bootstrapServers',
  'config.storage.topic': 'connect.configStorageTopic',
  'offset.storage.topic': 'connect.offsetStorageTopic',
  'status.storage.topic': 'connect.statusStorageTopic',
  listeners: 'connect.restHostName / connect.restPort / connect.restTls',
  'key.converter': 'connect.keyConverter',
  'value.converter': 'connect.valueConverter',
  'internal.key.converter': 'connect.internalKeyConverter',
  'internal.value.converter': 'connect.internalValueConverter',
  'offset.flush.interval.ms': 'connect.offsetFlushIntervalMs',
  'offset.flush.timeout.ms': 'connect.offsetFlushTimeoutMs',
  'task.shutdown.graceful.timeout.ms': 'connect.shutdownTimeoutMs',
  'scheduled.rebalance.max.delay.ms': 'connect.rebalanceDelaySeconds',
  'plugin.path': 'connector plugins (the image derives it from /kafka/connect)',
  'connector.client.config.override.policy': 'connect.connectorClientConfigOverridePolicy',
  'producer.enable.idempotence': 'connect.idempotentProducers',
  'config.storage.replication.factor': 'connect.internalTopics.replicationFactor',
  'offset.storage.replication.factor': 'connect.internalTopics.replicationFactor',
  'status.storage.replication.factor': 'connect.internalTopics.replicationFactor',
  'config.storage.partitions': 'connect.internalTopics.configPartitions',
  'offset.storage.partitions': 'connect.internalTopics.offsetPartitions',
  'status.storage.partitions': 'connect.internalTopics.statusPartitions',
  ...Object.fromEntries(REST_TLS_PROPERTIES.map((p) => [p, 'connect.restTls'])),
};

function ownedBy(property: string): string | undefined {
  if (OWNED_WORKER_PROPERTIES[property]) return OWNED_WORKER_PROPERTIES[property];
  if (property.startsWith('rest.')) return 'connect.restHostName / connect.restPort / connect.advertisedHostName';
  return undefined;
}

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;

export interface ConnectValidation {
  readonly workers: number;
  readonly logLevel: string;
}

/** Kafka's client setting of the protocol towards the brokers, plain or prefixed for the connectors' clients. */
const SECURITY_PROTOCOL = /^((producer|consumer|admin)\.)?security\.protocol$/;

/**
 * `ownBrokers`: the workers reach the cluster's own brokers, which listen in plain text (PLAINTEXT listeners, no
 * TLS, no SASL), so a worker told to speak SSL or SASL to them would never connect, nor would its connectors'
 * clients.
 */
export function validateConnect(
  problems: Problems,
  options: ConnectWorkersInput,
  delivery: SecretDelivery,
  ownBrokers: boolean,
  kafkaSecurity: KafkaClientSecurity | undefined,
): ConnectValidation {
  const workers = options.workers ?? 1;
  problems.integer('connect.workers', workers, 1, 100);
  if (options.groupId !== undefined && (typeof options.groupId !== 'string' || options.groupId.trim() === '')) {
    problems.add(
      'connect.groupId',
      'group id is empty',
      'set connect.groupId to a name that identifies this Connect cluster, or leave it unset to use the cluster name',
    );
  }
  const logLevel = options.logLevel ?? LogLevel.INFO;
  if (!(Object.values(LogLevel) as string[]).includes(logLevel)) {
    problems.add(
      'connect.logLevel',
      `${JSON.stringify(logLevel)} is not a log level`,
      `use one of ${Object.values(LogLevel).join(', ')} (LogLevel enum)`,
    );
  }
  if (options.idempotentProducers !== undefined && typeof options.idempotentProducers !== 'boolean') {
    problems.add('connect.idempotentProducers', `${JSON.stringify(options.idempotentProducers)} is not a boolean`, 'use true or false');
  }
  problems.integer('connect.restPort', options.restPort, 1, 65535);
  for (const field of ['offsetFlushIntervalMs', 'offsetFlushTimeoutMs', 'shutdownTimeoutMs'] as const) {
    problems.integer(`connect.${field}`, options[field], 0, 2147483647);
  }
  problems.integer('connect.rebalanceDelaySeconds', options.rebalanceDelaySeconds, 0, 2147483);
  for (const field of ['keyConverter', 'valueConverter', 'internalKeyConverter', 'internalValueConverter'] as const) {
    const v = options[field];
    if (v !== undefined && (typeof v !== 'string' || !JAVA_CLASS_NAME.test(v))) {
      problems.add(
        `connect.${field}`,
        `${JSON.stringify(v)} is not a fully-qualified Java class name`,
        'use a class name such as Converters.JSON',
      );
    }
  }
  if (options.bootstrapServers !== undefined) {
    if (!Array.isArray(options.bootstrapServers)) {
      problems.add(
        'connect.bootstrapServers',
        `${JSON.stringify(options.bootstrapServers)} is not a list`,
        'give a list of host:port entries, e.g. ["kafka-1:9092", "kafka-2:9092"]',
      );
    } else if (options.bootstrapServers.length === 0) {
      problems.add(
        'connect.bootstrapServers',
        'the list is empty',
        'give at least one host:port, or leave it unset to use the modelled brokers',
      );
    } else {
      for (const s of options.bootstrapServers) {
        if (typeof s !== 'string' || !HOST_PORT.test(s))
          problems.add(
            'connect.bootstrapServers',
            `${JSON.stringify(s)} is not host:port`,
            'write each entry as host:port, e.g. "kafka-1:9092"',
          );
      }
    }
  }
  if (
    options.connectorClientConfigOverridePolicy !== undefined &&
    !(Object.values(ConnectorClientConfigOverridePolicy) as string[]).includes(options.connectorClientConfigOverridePolicy)
  ) {
    problems.add(
      'connect.connectorClientConfigOverridePolicy',
      `${JSON.stringify(options.connectorClientConfigOverridePolicy)} is not a policy`,
      'use ConnectorClientConfigOverridePolicy.NONE, PRINCIPAL or ALL',
    );
  }
  const alias = secretProvider(delivery).alias;
  const rules = {
    block: 'connect.workerProperties',
    envPrefix: CONNECT_ENV_PREFIX,
    ownedFix: (property: string) => {
      const owner = options.kafkaSecurity !== undefined && ownedByKafkaSecurity(property) ? 'connect.kafkaSecurity' : ownedBy(property);
      return owner ? `use ${owner} instead` : undefined;
    },
    credentialFix: (property: string) => `give it as connect.workerSecrets: { "${property}": Secret.fromVariable(aSensitiveVariable) }`,
  };
  checkPassThroughProperties(problems, options.workerProperties, rules, (field, property, value) => {
    if (property === 'config.providers') {
      const listed = String(value)
        .split(',')
        .map((x) => x.trim());
      const { alias: fileAlias } = KAFKA_CLIENT_TLS.fileProvider;
      for (const [needed, what] of [
        [alias, 'connector secrets are resolved with'],
        ...(needsFileProvider(kafkaSecurity) ? [[fileAlias, "connect.kafkaSecurity's client key is read with"]] : []),
      ]) {
        if (!listed.includes(needed))
          problems.add(field, `"${value}" leaves out the "${needed}" provider that ${what}`, `list it too, e.g. "${needed},${value}"`);
      }
    }
    if (ownBrokers && SECURITY_PROTOCOL.test(property) && typeof value === 'string' && value.toUpperCase() !== 'PLAINTEXT') {
      problems.add(
        field,
        `${JSON.stringify(value)} cannot reach the cluster's own brokers, which listen in plain text (PLAINTEXT): the workers would never connect`,
        'remove it; a secured Kafka is reached with connect.bootstrapServers and connect.kafkaSecurity',
      );
    }
    if (options.workerSecrets !== undefined && property in options.workerSecrets) {
      problems.add(field, `"${property}" is given both in workerProperties and in workerSecrets`, 'give it once, in workerSecrets');
    }
  });
  for (const property of Object.keys(options.workerSecrets ?? {})) {
    checkPassThroughName(problems, property, { ...rules, block: 'connect.workerSecrets' });
  }
  return { workers, logLevel };
}

export interface ConnectAddressing {
  host(ordinal: number): string;
  /** Port the REST API listens on inside worker i. */
  restPort(ordinal: number): number;
  /** Published host port for worker i, if any. */
  publishedPort(ordinal: number): number | undefined;
  /** Host interface published ports bind to. */
  readonly publishHostIp?: string;
  /** Interface the REST API binds to when the user does not say. */
  readonly defaultRestBindHost?: string;
}

export interface ConnectNodesArgs {
  readonly options: ConnectWorkersInput;
  readonly workers: number;
  readonly clusterName: string;
  readonly image: string;
  readonly kafkaVersion: string;
  readonly logLevel: string;
  /** connect.loggers, checked: the workers read their levels at start (src/model/loggers.ts). @default none */
  readonly loggers?: Readonly<Record<string, string>>;
  readonly bootstrapServers: string;
  readonly topics: ResolvedInternalTopics;
  readonly addressing: ConnectAddressing;
  /** Called for settings the image ignores. */
  readonly warn: (message: string) => void;
  readonly secretDelivery: SecretDelivery;
  /** HTTPS for the REST API (`connect.restTls`, checked). @default plain HTTP */
  readonly restTls?: RestTls;
  /** How the workers and their connectors' clients reach a secured Kafka (`connect.kafkaSecurity`, checked). @default plain text */
  readonly kafkaSecurity?: KafkaClientSecurity;
}

export function connectNodes(args: ConnectNodesArgs): NodeSpec[] {
  const { options: o, addressing } = args;
  const heap = o.heap ?? CONNECT.defaultHeap;
  const memoryLimit = o.memoryLimit ?? defaultMemoryLimit(heap);
  const size = o.storageSize ?? CONNECT.defaultStorage;
  const internalConvertersIgnored = compareVersions(args.kafkaVersion, CONNECT.internalConvertersRemovedIn) >= 0;
  for (const field of ['internalKeyConverter', 'internalValueConverter'] as const) {
    if (o[field] !== undefined && internalConvertersIgnored) {
      args.warn(
        `connect.${field}: Kafka ${args.kafkaVersion} in the Connect image ignores ${field === 'internalKeyConverter' ? CONNECT.env.internalKeyConverter : CONNECT.env.internalValueConverter} (internal converters were removed in Kafka 3.0); the variable is set but has no effect, remove it`,
      );
    }
  }
  const nodes: NodeSpec[] = [];
  for (let i = 1; i <= args.workers; i++) {
    const restPort = addressing.restPort(i);
    const bindHost = o.restHostName ?? addressing.defaultRestBindHost ?? '';
    const env: Record<string, string> = {
      [CONNECT.env.groupId]: o.groupId ?? args.clusterName,
      [CONNECT.env.configStorageTopic]: args.topics.config.name,
      [CONNECT.env.offsetStorageTopic]: args.topics.offset.name,
      [CONNECT.env.statusStorageTopic]: args.topics.status.name,
      [CONNECT.env.bootstrapServers]: args.bootstrapServers,
      [CONNECT.env.advertisedHostName]: o.advertisedHostName ?? addressing.host(i),
      [CONNECT.env.advertisedPort]: String(restPort),
      [CONNECT.env.heapOpts]: heapOpts(heap),
      // With loggers the root logger carries the level and the console appender passes what the loggers let through.
      ...(args.loggers ? { [LOGGERS.rootEnv]: `${args.logLevel}, ${LOGGERS.rootAppenders}` } : { [CONNECT.env.logLevel]: args.logLevel }),
    };
    if (o.restHostName !== undefined) env[CONNECT.env.restHostName] = o.restHostName;
    if (args.restTls?.revision !== undefined) env[REST_TLS.revisionEnv] = args.restTls.revision;
    if (args.kafkaSecurity?.revision !== undefined) env[KAFKA_CLIENT_TLS.revisionEnv] = args.kafkaSecurity.revision;
    if (addressing.defaultRestBindHost !== undefined) env[CONNECT.env.jmxOpts] = KAFKA.loopbackJmxOpts; // host networking
    if (o.restPort !== undefined || restPort !== CONNECT.restPort) env[CONNECT.env.restPort] = String(restPort);
    const optional: [keyof ConnectWorkersInput, string][] = [
      ['keyConverter', CONNECT.env.keyConverter],
      ['valueConverter', CONNECT.env.valueConverter],
      ['internalKeyConverter', CONNECT.env.internalKeyConverter],
      ['internalValueConverter', CONNECT.env.internalValueConverter],
      ['offsetFlushTimeoutMs', CONNECT.env.offsetFlushTimeoutMs],
      ['shutdownTimeoutMs', CONNECT.env.shutdownTimeout],
    ];
    for (const [field, name] of optional) {
      if (o[field] !== undefined) env[name] = String(o[field]);
    }
    env[CONNECT.env.offsetFlushIntervalMs] = String(o.offsetFlushIntervalMs ?? CONNECT.defaultOffsetFlushIntervalMs);
    const properties: Record<string, string> = {
      // Kafka ≥ 3.0 ignores REST_HOST_NAME/REST_PORT: the listener is what binds.
      listeners: `http://${bindHost}:${restPort}`,
      ...(args.restTls ? restTlsWorkerProperties(args.restTls, args.secretDelivery, bindHost, restPort) : {}),
      'connector.client.config.override.policy': o.connectorClientConfigOverridePolicy ?? ConnectorClientConfigOverridePolicy.NONE,
      // The image's stock worker file says 1 for each; Connect creates the topics from these.
      'config.storage.replication.factor': String(args.topics.config.replicationFactor),
      'offset.storage.replication.factor': String(args.topics.offset.replicationFactor),
      'status.storage.replication.factor': String(args.topics.status.replicationFactor),
      'offset.storage.partitions': String(args.topics.offset.partitions),
      'status.storage.partitions': String(args.topics.status.partitions),
      'producer.enable.idempotence': String(o.idempotentProducers ?? true),
      'scheduled.rebalance.max.delay.ms': String((o.rebalanceDelaySeconds ?? CONNECT.defaultRebalanceDelaySeconds) * 1000),
      // Connectors reference secrets as ${env:NAME}; the values reach the workers as environment variables.
      ...configProviderProperties(args.secretDelivery, needsFileProvider(args.kafkaSecurity) ? [KAFKA_CLIENT_TLS.fileProvider] : []),
      // The worker's own clients and, repeated under each prefix, its connectors' (which inherit only bootstrap.servers).
      ...(args.kafkaSecurity
        ? prefixedClientProperties(kafkaClientProperties(args.kafkaSecurity, args.secretDelivery), CONNECT_CLIENT_PREFIXES)
        : {}),
      ...(o.workerProperties ?? {}),
      // Only a reference: the value reaches the worker as a secret variable or file.
      ...Object.fromEntries(
        Object.keys(o.workerSecrets ?? {}).map((p) => [p, secretReference(args.secretDelivery, workerSecretEnvName(p))]),
      ),
    };
    for (const [property, value] of Object.entries(properties)) env[propertyToEnvName(property)] = value;
    const probeHost = bindHost === '' || bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost;
    const healthPath = compareVersions(args.kafkaVersion, CONNECT.healthEndpointSince) >= 0 ? '/health' : '/';
    const published = addressing.publishedPort(i);
    nodes.push({
      component: Component.CONNECT,
      ordinal: i,
      name: CONNECT.nodeName(i),
      host: addressing.host(i),
      image: args.image,
      env,
      ports: [
        {
          name: 'rest',
          containerPort: restPort,
          ...(published !== undefined ? { hostPort: published, hostIp: addressing.publishHostIp } : {}),
        },
      ],
      volumes: [
        { name: 'logs', mountPath: CONNECT.logsDir, size },
        { name: 'config', mountPath: CONNECT.configDir, size },
      ],
      heap,
      memoryLimit,
      // A mount without a source (made by hand in JavaScript) is refused by validateSecretFiles, not mounted.
      fileMounts: [
        ...(o.secretFiles ?? []).flatMap((m) =>
          m.files?._source ? [{ mountPath: m.mountPath, kind: m.files._source.kind, name: m.files._name }] : [],
        ),
        ...(args.restTls ? [restTlsMount(args.restTls)] : []),
        ...kafkaClientMounts(args.kafkaSecurity),
      ],
      scratchVolumes: [CONNECT.scratch],
      ...(args.loggers ? { startupScript: loggersStartupScript(CONNECT.configDir), loggerLevels: true } : {}),
      health: {
        command: args.restTls
          ? httpsProbe(env[CONNECT.env.advertisedHostName], probeHost, restPort, healthPath)
          : httpProbe(probeHost, restPort, healthPath),
        intervalSeconds: 10,
        timeoutSeconds: 5,
        retries: 30,
        startPeriodSeconds: 30,
        // Over HTTPS the command only: a plain HTTP prober (Kubernetes' httpGet) presents no client certificate.
        ...(args.restTls ? {} : { httpPath: healthPath }),
        port: restPort,
      },
    });
  }
  return nodes;
}

/** Every `CONNECT_*` value must be writable by the image (the Debezium connect-base image documentation: no `@`). */
export function validateConnectEnv(
  problems: Problems,
  env: { readonly [name: string]: string },
  fieldOf: (envName: string) => string,
): void {
  for (const [name, value] of Object.entries(env)) {
    // A value that is not a string (an untyped caller) is reported where it was given.
    if (!name.startsWith(CONNECT_ENV_PREFIX) || typeof value !== 'string') continue;
    const why = propertyValueProblem(value, CONNECT.sedDelimiter);
    if (why)
      problems.add(
        fieldOf(name),
        `value of ${name} ${why}`,
        'remove the "@" (or line break) from the value; a credential such as sasl.jaas.config goes in connect.workerSecrets, where the value may contain "@"',
      );
  }
}

/** The prop a `CONNECT_*` variable came from, so a bad value is reported where the user wrote it. */
export function connectFieldOf(envName: string, options: ConnectWorkersInput): string {
  const property = Object.keys(options.workerProperties ?? {}).find((p) => propertyToEnvName(p) === envName);
  if (property !== undefined) return `connect.workerProperties["${property}"]`;
  if (envName === propertyToEnvName('listeners')) return 'connect.restHostName';
  return `connect (${envName})`;
}

/** The workers' config, offset and status storage topics: named after the cluster unless given, three distinct topics. */
export function resolveStorageTopics(
  problems: Problems,
  name: string,
  connectOptions: ConnectWorkersInput,
  brokers: number,
): ResolvedInternalTopics {
  const topicNames = {
    config: connectOptions.configStorageTopic ?? CONNECT.topicNames.config(name),
    offset: connectOptions.offsetStorageTopic ?? CONNECT.topicNames.offset(name),
    status: connectOptions.statusStorageTopic ?? CONNECT.topicNames.status(name),
  };
  // A name derived from a valid cluster name is a valid topic name; from an invalid one it is a follow-on problem
  // of clusterName, reported there. Only names given are checked.
  if (connectOptions.configStorageTopic !== undefined) checkTopicName(problems, 'connect.configStorageTopic', topicNames.config);
  if (connectOptions.offsetStorageTopic !== undefined) checkTopicName(problems, 'connect.offsetStorageTopic', topicNames.offset);
  if (connectOptions.statusStorageTopic !== undefined) checkTopicName(problems, 'connect.statusStorageTopic', topicNames.status);
  const distinct = new Set(Object.values(topicNames));
  if (distinct.size < 3) {
    problems.add(
      'connect.configStorageTopic',
      `the config, offset and status storage topics must be three different topics, got ${JSON.stringify(topicNames)}`,
      'give each storage topic its own name',
    );
  }
  return resolveInternalTopics(problems, topicNames, connectOptions.internalTopics ?? {}, brokers);
}

/**
 * Where the REST API is reached: the URLs users get (published host ports on a Docker bridge, the nodes' own
 * addresses elsewhere), and where tasks inside the cluster try it — every worker with Docker host networking,
 * where there is no Service, else the workers' Service (`serviceHost`).
 */
export function restAccess(
  workers: NodeSpec[],
  network: NetworkInput,
  serviceHost: string,
  scheme: 'http' | 'https',
): { restUrls: string[]; restEndpoints: RestEndpoint[] } {
  const restUrls = workers.map((n) => {
    const p = n.ports[0];
    if (network.publishesRestPorts) return `${scheme}://${p.hostIp === '0.0.0.0' ? '127.0.0.1' : p.hostIp}:${p.hostPort}`;
    return `${scheme}://${n.host}:${p.containerPort}`;
  });
  const restEndpoints = network.sharedHost
    ? workers.map((n) => ({ host: n.host, port: n.ports[0].containerPort }))
    : [{ host: serviceHost, port: workers[0].ports[0].containerPort }];
  return { restUrls, restEndpoints };
}

/**
 * The Connect workers: their options checked, their storage topics, their nodes with the REST API's ports and
 * addresses, and the values the image cannot write. `topicBrokers` is the number of brokers the storage topics'
 * replication factor defaults from.
 */
export function resolveConnect(
  problems: Problems,
  topo: Topology,
  options: ConnectWorkersInput,
  args: {
    readonly image: string;
    readonly kafkaVersion: string;
    readonly bootstrapServers: string;
    readonly topicBrokers: number;
    readonly warn: (message: string) => void;
    readonly restTls?: RestTls;
  },
): {
  workers: number;
  nodes: NodeSpec[];
  internalTopics: ResolvedInternalTopics;
  kafkaSecurity?: KafkaClientSecurity;
  loggers?: Readonly<Record<string, string>>;
} {
  const net = topo.network;
  const kafkaSecurity = validateKafkaClientSecurity(problems, options.kafkaSecurity, net, topo.external);
  const { workers } = validateConnect(problems, options, net.secretDelivery, !topo.external, kafkaSecurity);
  const internalTopics = resolveStorageTopics(problems, topo.name, options, args.topicBrokers);
  if (options.restHostName !== undefined && topo.hostMode && !['127.0.0.1', '0.0.0.0'].includes(options.restHostName)) {
    problems.add(
      'connect.restHostName',
      `"${options.restHostName}" is not an interface of ${net.sharedHostWording?.host ?? 'the shared host'}`,
      'with host networking use "127.0.0.1" (default) or "0.0.0.0" (with publishRestOnAllInterfaces)',
    );
  }
  const restPort = options.restPort ?? CONNECT.restPort;
  const restHostPortBase = net.restHostPortBase ?? CONNECT.restPort;
  const loggers = validateLoggers(problems, CONNECT_LOGGERS, options.loggers, Object.values(LogLevel), args.kafkaVersion);
  const nodes = connectNodes({
    options,
    workers: nodeCount(workers),
    clusterName: topo.name,
    image: args.image,
    kafkaVersion: args.kafkaVersion,
    logLevel: topo.logLevel,
    loggers,
    bootstrapServers: args.bootstrapServers,
    topics: internalTopics,
    addressing: {
      host: (i) => net.addressing.nodeHost(topo.name, Component.CONNECT, i, CONNECT.nodeName(i)),
      restPort: (i) => (topo.hostMode ? restPort + i - 1 : restPort),
      publishedPort: (i) => (net.publishesRestPorts ? restHostPortBase + i - 1 : undefined),
      publishHostIp: net.publishRestOnAllInterfaces ? '0.0.0.0' : '127.0.0.1',
      defaultRestBindHost: topo.hostMode ? (net.publishRestOnAllInterfaces ? '0.0.0.0' : '127.0.0.1') : undefined,
    },
    warn: args.warn,
    secretDelivery: net.secretDelivery,
    restTls: args.restTls,
    kafkaSecurity,
  });
  // Every worker carries the same user-supplied values.
  if (nodes.length > 0) validateConnectEnv(problems, nodes[0].env, (envName) => connectFieldOf(envName, options));
  // restHostName reaches the image through CONNECT_LISTENERS, checked above; a `listeners` worker property (refused as
  // the library's) replaces that value, so the host name is checked on its own then, to report both at once.
  const listenersGiven = options.workerProperties !== undefined && 'listeners' in options.workerProperties;
  const unwritable =
    typeof options.restHostName === 'string' ? propertyValueProblem(options.restHostName, CONNECT.sedDelimiter) : undefined;
  if (listenersGiven && unwritable) {
    problems.add(
      'connect.restHostName',
      `value ${JSON.stringify(options.restHostName)} ${unwritable}`,
      'remove the "@" (or line break) from the host name',
    );
  }
  return { workers, nodes, internalTopics, ...(kafkaSecurity ? { kafkaSecurity } : {}), ...(loggers ? { loggers } : {}) };
}

// Generators of fuzz cases for ConnectCluster: stacks of one to three clusters and the topics and connectors
// declared on them, each case with its verdict. A valid case is drawn from values the library must accept, and
// repaired where two valid values only clash together; an invalid case is a valid one with one to three
// breakers applied, each of which makes one field invalid and records it (`Broken`), so that the property can
// demand that the library refuse the case with a problem naming that field.
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import * as fc from 'fast-check';
import {
  ConnectClusterProps,
  ConnectorClientConfigOverridePolicy,
  Converters,
  CoordinationMode,
  DockerNetworkMode,
  DockerRestartPolicy,
  KafkaSaslMechanism,
  KafkaSecurityProtocol,
  KubernetesServiceType,
  KubernetesWorkerStorage,
  LogLevel,
  PodAntiAffinity,
  Secret,
  SecretFiles,
  Size,
  Target,
} from '../../src';

/**
 * When the library reports a problem: the props (the model, the target's addressing, add* calls it refuses at
 * the call) always; the target's own options once the props are valid; topics, connectors and the rules
 * between clusters once the cluster itself is valid. A case's problems of the earliest stage it breaks are
 * the ones that must be reported.
 */
export enum Stage {
  PROPS = 1,
  TARGET = 2,
  DECLARED = 3,
}

/** A field a breaker made invalid, as the problem that must name it shows it. */
export interface Broken {
  /** Index of the cluster in the stack (construct id `c<i>`). */
  readonly cluster: number;
  /** The construct below the cluster the problem belongs to (`Topics/orders`); the cluster's own when unset. */
  readonly under?: string;
  /** The field, as problems name it: `kafka.port`, `connect.workerProperties["a_b"]`, `addTopic("")`. */
  readonly field: string;
  readonly stage: Stage;
  /** The breaker that made it, for the failure report. */
  readonly by: string;
}

/** A topic or connector declared on one of the stack's clusters after it was constructed. */
export interface AddCall {
  /** Index of the cluster. */
  readonly cluster: number;
  readonly kind: 'topic' | 'connector';
  readonly name: string;
  /** topic: partitions - 1 (3: 0 partitions, invalid); connector: which source (see the fuzz test; 2 is invalid). */
  readonly variant: number;
}

/** Connector sources (the fuzz test builds them): which carry a secret, which is a PostgreSQL one. */
export const CONNECTOR_VARIANTS = { postgres: 0, sinkWithSecret: 1, invalidPostgres: 2, sinkWithoutSecret: 3 } as const;

export interface FuzzCase {
  readonly props: ConnectClusterProps[];
  readonly calls: AddCall[];
  /** Empty: a valid case, which must synthesize. */
  readonly broken: Broken[];
}

type Options = Record<string, any>;

/** One cluster's props before they become ConnectClusterProps: plain objects a breaker can change. */
interface Draft {
  clusterName: any;
  coordination?: any;
  zookeeper?: Options;
  kafka?: Options;
  kraft?: Options;
  connect?: Options;
  images?: Options;
  metrics?: Options;
  target: { kind: 'docker' | 'kubernetes'; options: Options };
}

interface Stack {
  drafts: Draft[];
  calls: AddCall[];
}

/** A deep copy of plain objects and arrays; class instances (Size) are shared, being immutable. */
function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copy) as T;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
  return v;
}

/** Drops undefined fields so that props look like what a user writes. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Mostly set, sometimes unset. */
function opt<T>(arb: fc.Arbitrary<T>, unset = 2): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: unset }, { arbitrary: arb, weight: 6 });
}

// ---------------------------------------------------------------------------------------------------------
// Valid values
// ---------------------------------------------------------------------------------------------------------

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The Debezium image streams the library knows the Kafka version of: `3.1`, `3.1.2.Final`. */
const KNOWN_STREAM = /^3\.[0-6](\.|$)/;
/** The smallest maximum heap each component runs with (the JVM fails at start below it). */
const MINIMUM_HEAP: Record<'connect' | 'kafka' | 'kraft' | 'zookeeper', number> = { connect: 256, kafka: 256, kraft: 128, zookeeper: 64 };

const clusterName = fc.stringMatching(/^[a-z]([-a-z0-9]{0,12}[a-z0-9])?$/);

const size = (min: number, max: number): fc.Arbitrary<Size> =>
  max < 1024
    ? fc.integer({ min, max }).map((n) => Size.mebibytes(n))
    : fc.oneof(
        { arbitrary: fc.integer({ min, max }).map((n) => Size.mebibytes(n)), weight: 8 },
        {
          arbitrary: fc.integer({ min: Math.max(1, Math.ceil(min / 1024)), max: Math.floor(max / 1024) }).map((n) => Size.gibibytes(n)),
          weight: 3,
        },
      );

/** Heap, memory limit and storage: the limit above the heap, the initial heap at most the maximum. */
const memory = (heapMin: number, heapMax: number) =>
  fc
    .record({
      heap: opt(fc.record({ maximum: size(heapMin, heapMax), initial: opt(size(heapMin, heapMin * 2)) })),
      headroom: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 2048 })),
      storageSize: opt(size(1, 10240)),
    })
    .map(({ heap, headroom, storageSize }) => {
      const h =
        heap === undefined
          ? undefined
          : {
              maximum: heap.maximum,
              ...(heap.initial && heap.initial.inMebibytes <= heap.maximum.inMebibytes ? { initial: heap.initial } : {}),
            };
      // Unset, a component's heap is at most 1 GiB.
      const memoryLimit = headroom === undefined ? undefined : Size.mebibytes((h?.maximum.inMebibytes ?? 1024) + headroom);
      return compact({ heap: h, memoryLimit, storageSize });
    });

const port = opt(fc.oneof(fc.integer({ min: 1024, max: 65535 }), fc.constantFrom(1024, 2181, 8083, 8084, 9092, 9093, 65534, 65535)), 4);

/** Names no library-owned property or namespace starts with, and no credential-like last word. */
const propertyName = fc.oneof(
  fc
    .stringMatching(/^x[a-z0-9]{0,8}(\.[a-z0-9]{1,8}){0,3}$/)
    .filter((n) => !/(^|\.)(password|passwd|pwd|secret|token|credentials?)$/.test(n)),
  fc.constantFrom('heartbeat.interval.ms', 'session.timeout.ms', 'log.retention.hours', 'num.partitions'),
);

const propertyValue = (forbidden: string): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.stringMatching(/^[A-Za-z0-9.,:/_-]{0,16}$/), weight: 6 },
    {
      arbitrary: fc
        .constantFrom(' ', '${var.x}', '"quoted"', "it's", '$(reboot)', '\\', '50%', 'user@example.com')
        .filter((v) => !v.includes(forbidden)),
      weight: 1,
    },
  );

const properties = (forbidden: string) => fc.dictionary(propertyName, propertyValue(forbidden), { maxKeys: 4 });

const topicName = fc.stringMatching(/^[a-zA-Z0-9._-]{1,30}$/).filter((s) => s !== '.' && s !== '..');

const connectOptions = fc
  .record({
    workers: opt(fc.constantFrom(1, 1, 2, 3), 1),
    groupId: opt(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), 6),
    configStorageTopic: opt(topicName, 12),
    offsetStorageTopic: opt(topicName, 12),
    statusStorageTopic: opt(topicName, 12),
    bootstrapServers: opt(
      fc.array(
        fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/), fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
        { minLength: 1, maxLength: 3 },
      ),
      12,
    ),
    restHostName: opt(fc.constantFrom('0.0.0.0', '127.0.0.1'), 8),
    restPort: port,
    advertisedHostName: opt(fc.constantFrom('connect.example.com', 'worker'), 10),
    keyConverter: opt(fc.constantFrom(Converters.JSON, Converters.STRING, Converters.BYTE_ARRAY)),
    valueConverter: opt(fc.constantFrom(Converters.JSON, Converters.APICURIO_AVRO)),
    internalKeyConverter: opt(fc.constant(Converters.JSON), 10),
    internalValueConverter: opt(fc.constant(Converters.JSON), 10),
    offsetFlushIntervalMs: opt(fc.integer({ min: 0, max: 600000 })),
    rebalanceDelaySeconds: opt(fc.integer({ min: 0, max: 3600 })),
    offsetFlushTimeoutMs: opt(fc.integer({ min: 0, max: 60000 })),
    shutdownTimeoutMs: opt(fc.integer({ min: 0, max: 60000 })),
    memory: memory(256, 2048),
    logLevel: opt(fc.constantFrom(...Object.values(LogLevel))),
    loggers: opt(
      fc.dictionary(
        fc.constantFrom(
          'io.debezium',
          'io.debezium.connector.postgresql.PostgresConnector',
          'org.apache.kafka.connect.runtime.WorkerSourceTask',
          '$Proxy_1.a',
        ),
        fc.constantFrom(...Object.values(LogLevel)),
        { minKeys: 1, maxKeys: 3 },
      ),
      6,
    ),
    connectorClientConfigOverridePolicy: opt(fc.constantFrom(...Object.values(ConnectorClientConfigOverridePolicy))),
    internalTopics: opt(
      fc
        .record({
          // 1 never exceeds the broker count.
          replicationFactor: opt(fc.constant(1), 3),
          offsetPartitions: opt(fc.constantFrom(1, 25, 50), 3),
          statusPartitions: opt(fc.constantFrom(1, 5), 3),
          configPartitions: opt(fc.constant(1), 3),
        })
        .map(compact),
    ),
    workerProperties: opt(properties('@'), 3),
    // Worker properties held as secrets, from the target's source (`repairSecretFiles`).
    workerSecrets: opt(
      fc
        .uniqueArray(fc.constantFrom('ssl.keystore.password', 'ssl.truststore.password', 'x.api.token'), { minLength: 1, maxLength: 2 })
        .map((keys) => ({ [DRAWN_FILES]: keys })),
      6,
    ),
    // Directories for connect.secretFiles, each given files from the target's source by `repairSecretFiles`.
    secretFiles: opt(
      fc
        .uniqueArray(fc.constantFrom('/kafka/tls', '/etc/kafka-tls', '/opt/certs/a.b-c_d', '/kafka/truststores'), {
          minLength: 1,
          maxLength: 2,
        })
        .map((paths) => ({ [DRAWN_FILES]: paths })),
      6,
    ),
    // The REST API over HTTPS, made one the target accepts by `repairRestTls`.
    restTls: opt(
      fc
        .record({
          requireClientCertificates: opt(fc.boolean()),
          revision: opt(fc.constantFrom('1', '2026-12-07', 'serial.0A1B_c')),
        })
        .map((t) => ({ ...compact(t), [DRAWN_SECURITY]: true })),
      6,
    ),
    kafkaSecurity: opt(
      fc
        .record({
          sasl: fc.boolean(),
          saslMechanism: opt(fc.constantFrom(...Object.values(KafkaSaslMechanism))),
          username: fc.constantFrom('connect', 'svc.cdc-prod', 'a~b+c=d_e-f'),
          files: fc.boolean(),
          clientCertificate: opt(fc.boolean()),
          revision: opt(fc.constantFrom('1', '2026-12-07', 'serial.0A1B_c')),
        })
        .map((k) => ({ ...k, [DRAWN_SECURITY]: true })),
      4,
    ),
  })
  .map(({ memory: m, ...rest }) => compact({ ...rest, ...m }));

/** Holds the directories of connect.secretFiles as drawn, before `repair` gives each files from the cluster's target. */
const DRAWN_FILES = '__paths';

/** Files the target can mount: a Docker volume or a Kubernetes Secret the stack does not manage. */
const mountedFiles = (d: Draft, name: string) =>
  isDocker(d) ? SecretFiles.fromDockerVolume(name) : SecretFiles.fromKubernetesSecret(name);

/**
 * A Secret from a sensitive Terraform variable: the one source Docker takes secrets from. The variable belongs to a
 * stack of its own, which the model-only runs never synthesize; a synthesized stack is given its own variable in
 * its place (`withOwnVariables`, in the test).
 */
export const VARIABLE_SECRET = Secret.fromVariable(
  new TerraformVariable(new TerraformStack(Testing.app(), 'fuzz-variables'), 'fuzz_secret', { type: 'string', sensitive: true }),
);

/** A secret from the source the draft's target takes: a Terraform variable (Docker), or a Kubernetes Secret's key. */
const targetSecret = (d: Draft, secretName: string, key: string): Secret =>
  isDocker(d) ? VARIABLE_SECRET : Secret.fromKubernetesSecret(secretName, key);

/**
 * connect.secretFiles and connect.workerSecrets as the cluster accepts them: each drawn directory with files from the
 * target's source; each drawn property from the target's secret source.
 */
function repairSecretFiles(d: Draft): void {
  const drawn = d.connect?.secretFiles?.[DRAWN_FILES] as string[] | undefined;
  if (drawn !== undefined)
    d.connect!.secretFiles = drawn.map((mountPath, j) => ({ mountPath, files: mountedFiles(d, `mounted-files-${j}`) }));
  const keys = d.connect?.workerSecrets?.[DRAWN_FILES] as string[] | undefined;
  if (keys === undefined) return;
  // None that connect.kafkaSecurity sets.
  if (d.connect!.kafkaSecurity !== undefined) delete d.connect!.workerSecrets;
  else d.connect!.workerSecrets = Object.fromEntries(keys.map((k, j) => [k, targetSecret(d, 'connect-worker-secrets', `key-${j}`)]));
}

/** Marks connect.kafkaSecurity as drawn, before `repair` makes it one the cluster's target accepts. */
const DRAWN_SECURITY = '__drawn';

/** Files and a password the target can deliver (no Terraform variable: the fuzz's stacks declare none). */
const securityFiles = (d: Draft) =>
  isDocker(d) ? SecretFiles.fromDockerVolume('kafka-tls') : SecretFiles.fromKubernetesSecret('kafka-tls');
const securityPassword = (d: Draft) => targetSecret(d, 'connect-kafka-user', 'password');

/**
 * connect.kafkaSecurity as the cluster accepts it: only towards an existing Kafka; SASL with a password from the
 * target's secret source; files from the target's source, always with a client certificate.
 */
function repairKafkaSecurity(d: Draft): void {
  const c = d.connect;
  const k = c?.kafkaSecurity;
  if (c === undefined || k === undefined || !k[DRAWN_SECURITY]) return;
  if (!external(d)) {
    delete c.kafkaSecurity;
    return;
  }
  const sasl = k.sasl;
  const clientCertificate = k.clientCertificate ?? !sasl;
  c.kafkaSecurity = compact({
    protocol: sasl ? KafkaSecurityProtocol.SASL_SSL : KafkaSecurityProtocol.SSL,
    saslMechanism: sasl ? k.saslMechanism : undefined,
    username: sasl ? k.username : undefined,
    password: sasl ? securityPassword(d) : undefined,
    files: k.files || clientCertificate ? securityFiles(d) : undefined,
    clientCertificate: k.clientCertificate,
    revision: k.revision,
  });
}

/** The REST API's stores and their password from the target's sources. */
const restTlsFiles = (d: Draft) =>
  isDocker(d) ? SecretFiles.fromDockerVolume('connect-rest-tls') : SecretFiles.fromKubernetesSecret('connect-rest-tls');
const restTlsPassword = (d: Draft) => targetSecret(d, 'connect-rest-tls', 'store-password');

/** connect.restTls as the cluster accepts it: stores and password from the target's sources. */
function repairRestTls(d: Draft): void {
  const t = d.connect?.restTls;
  if (t === undefined || !t[DRAWN_SECURITY]) return;
  d.connect!.restTls = compact({
    files: restTlsFiles(d),
    storePassword: restTlsPassword(d),
    requireClientCertificates: t.requireClientCertificates,
    revision: t.revision,
  });
}

const kafkaOptions = fc
  .record({
    brokers: opt(fc.constantFrom(1, 1, 2, 3)),
    memory: memory(256, 2048),
    startupTimeoutSeconds: opt(fc.integer({ min: 30, max: 86400 }), 8),
    port,
    brokerProperties: opt(properties('%'), 3),
    loggers: opt(
      fc.dictionary(
        fc.constantFrom('kafka.server.ReplicaManager', 'kafka.network', 'kafka.network.RequestChannel$', 'state.change.logger'),
        fc.constantFrom(...Object.values(LogLevel)),
        { minKeys: 1, maxKeys: 2 },
      ),
      4,
    ),
  })
  .map(({ memory: m, ...rest }) => compact({ ...rest, ...m }));

const kraftOptions = fc
  .record({
    controllers: opt(fc.constantFrom(1, 3, 3, 5)),
    memory: memory(128, 1024),
    startupTimeoutSeconds: opt(fc.integer({ min: 30, max: 86400 }), 8),
    controllerPort: port,
    controllerProperties: opt(properties('%'), 3),
  })
  .map(({ memory: m, ...rest }) => compact({ ...rest, ...m }));

const zookeeperOptions = fc
  .record({ nodes: opt(fc.constantFrom(1, 3, 5)), memory: memory(64, 1024) })
  .map(({ memory: m, ...rest }) => compact({ ...rest, ...m }));

const imageOptions = fc
  .record({
    registry: opt(fc.constantFrom('mirror.internal:5000', 'registry.local', '')),
    repositoryPrefix: opt(fc.constantFrom('debezium', 'mirror/debezium', '')),
    tag: opt(fc.constantFrom('3.1', '3.0', '3.6', '3.1.2.Final', '3.4', 'latest', 'nightly')),
    kafkaVersion: opt(fc.constantFrom('3.9.0', '2.8.1', '4.3.0'), 8),
  })
  .map(compact);

const dockerOptions = fc
  .record({
    networkMode: opt(fc.constantFrom(DockerNetworkMode.BRIDGE, DockerNetworkMode.HOST), 3),
    publishRestOnAllInterfaces: opt(fc.boolean(), 6),
    restHostPortBase: port,
    restartPolicy: opt(fc.constantFrom(...Object.values(DockerRestartPolicy))),
    healthWaitTimeoutSeconds: opt(fc.integer({ min: 1, max: 900 })),
    healthStartIntervalSeconds: opt(fc.integer({ min: 1, max: 4 }), 6),
  })
  .map((options) => ({ kind: 'docker' as const, options: compact(options) }));

const labelMap = fc.dictionary(fc.constantFrom('team', 'example.com/tier', 'cost-center'), fc.constantFrom('data', 'platform', 'a-1', ''), {
  maxKeys: 2,
});

const peers = fc.array(fc.record({ podLabels: opt(labelMap), namespaceLabels: opt(labelMap) }).map(compact), { maxLength: 2 });

const kubernetesOptions = fc
  .record({
    namespace: opt(fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/)),
    createNamespace: opt(fc.boolean()),
    storageClassName: opt(fc.constantFrom('fast-ssd', 'standard')),
    workerStorage: opt(fc.constantFrom(...Object.values(KubernetesWorkerStorage))),
    podAntiAffinity: opt(fc.constantFrom(...Object.values(PodAntiAffinity))),
    restServiceType: opt(fc.constantFrom(...Object.values(KubernetesServiceType))),
    kafkaClients: opt(peers),
    restClients: opt(peers),
    restClientIpBlocks: opt(fc.constantFrom(['10.0.0.0/16'], ['192.168.1.0/24', '2001:db8::/48'])),
    labels: opt(labelMap),
    annotations: opt(labelMap),
    cpuRequest: opt(fc.constantFrom('250m', '1', '0.5', '100m')),
    cpuLimit: opt(fc.constantFrom('2', '4', '1000m')),
    // At most every component's memory limit (a limit is above a heap of at least 64 MiB).
    memoryRequest: opt(size(16, 64), 6),
  })
  .map((options) => ({ kind: 'kubernetes' as const, options: compact(options) }));

/** The targets the fuzzer renders to. Adding a target is one entry here and its breakers below. */
const targetDrafts: fc.Arbitrary<Draft['target']>[] = [dockerOptions, kubernetesOptions];

/** Offsets within a cluster's block of host ports (see `repair`). */
interface PortOffsets {
  readonly rest: number;
  readonly kafka: number;
  readonly controller: number;
}
const portOffsets: fc.Arbitrary<PortOffsets> = fc.record({
  rest: fc.integer({ min: 0, max: 900 }),
  kafka: fc.integer({ min: 0, max: 900 }),
  controller: fc.integer({ min: 0, max: 900 }),
});

const draft = fc
  .record({
    clusterName,
    target: fc.oneof(...targetDrafts),
    coordination: fc.oneof(
      { arbitrary: fc.constant({}), weight: 3 },
      { arbitrary: fc.record({ coordination: fc.constant(CoordinationMode.ZOOKEEPER), zookeeper: opt(zookeeperOptions) }), weight: 3 },
      { arbitrary: fc.constant({ coordination: CoordinationMode.KRAFT_COMBINED, kafkaBrokers: 1 }), weight: 2 },
      { arbitrary: fc.constant({ coordination: CoordinationMode.KRAFT_COMBINED, kafkaBrokers: 3 }), weight: 1 },
      {
        arbitrary: fc.record({ coordination: fc.constant(CoordinationMode.KRAFT_DEDICATED_CONTROLLERS), kraft: opt(kraftOptions) }),
        weight: 2,
      },
    ),
    kafka: opt(kafkaOptions, 3),
    connect: opt(connectOptions, 1),
    images: opt(imageOptions, 12),
    // Prometheus metrics: on Docker its port is set by `repair` (host ports); on Kubernetes any port but the nodes' own.
    metrics: opt(fc.record({ prometheus: fc.boolean(), port: opt(fc.integer({ min: 1024, max: 65535 }), 3) }).map(compact), 3),
    ports: portOffsets,
  })
  .map(({ coordination: c, kafka, ports, ...rest }) => {
    const { kafkaBrokers, ...coordination } = c as {
      coordination?: CoordinationMode;
      zookeeper?: Options;
      kraft?: Options;
      kafkaBrokers?: number;
    };
    const k = kafkaBrokers !== undefined ? { ...kafka, brokers: kafkaBrokers } : kafka;
    return { draft: compact({ ...rest, ...coordination, kafka: k }) as Draft, ports };
  });

// ---------------------------------------------------------------------------------------------------------
// Facts about a draft, as the README and the props' documentation state them
// ---------------------------------------------------------------------------------------------------------

const isDocker = (d: Draft) => d.target.kind === 'docker';
const isKubernetes = (d: Draft) => d.target.kind === 'kubernetes';
const hostMode = (d: Draft) => isDocker(d) && d.target.options.networkMode === DockerNetworkMode.HOST;
/** connect.bootstrapServers names an existing Kafka: no ZooKeeper, brokers or controllers run. */
const external = (d: Draft) => d.connect?.bootstrapServers !== undefined;
const mode = (d: Draft): CoordinationMode => d.coordination ?? CoordinationMode.ZOOKEEPER;
const runsZooKeeper = (d: Draft) => mode(d) === CoordinationMode.ZOOKEEPER && !external(d);
const runsKafka = (d: Draft) => !external(d);
const runsControllers = (d: Draft) => mode(d) === CoordinationMode.KRAFT_DEDICATED_CONTROLLERS && !external(d);
const combined = (d: Draft) => mode(d) === CoordinationMode.KRAFT_COMBINED && !external(d);
const brokers = (d: Draft): number => d.kafka?.brokers ?? 1;
const workers = (d: Draft): number => d.connect?.workers ?? 1;
const multiNodeKRaft = (d: Draft) => runsControllers(d) || (combined(d) && brokers(d) !== 1);
const storageTopics = (d: Draft): [string, string][] => [
  ['configStorageTopic', d.connect?.configStorageTopic ?? `${d.clusterName}-connect-configs`],
  ['offsetStorageTopic', d.connect?.offsetStorageTopic ?? `${d.clusterName}-connect-offsets`],
  ['statusStorageTopic', d.connect?.statusStorageTopic ?? `${d.clusterName}-connect-statuses`],
];
const namespace = (d: Draft): string => d.target.options.namespace ?? d.clusterName;

// ---------------------------------------------------------------------------------------------------------
// Repair: valid values that clash together
// ---------------------------------------------------------------------------------------------------------

/**
 * Makes a stack of valid drafts valid together. Docker clusters of one stack share a host: from the second
 * one on, every port is set, from a block of its own (20000 + 4000 i: REST, brokers, controllers, published
 * REST, 1000 apart), and with host networking the ports of a single cluster come from its block too, so that
 * nodes never share a port. Names, namespaces' creators and storage topics are made distinct.
 */
function repair(drafts: Draft[], offsets: PortOffsets[]): void {
  const multi = drafts.length > 1;
  drafts.forEach((d, i) => {
    if (multi) d.clusterName = `${d.clusterName}-n${i}`;
    const c = (d.connect ??= {});
    const block = 20000 + 4000 * i;
    const o = offsets[i];
    if (isDocker(d) && i > 0 && hostMode(d) && runsZooKeeper(d)) d.target.options.networkMode = DockerNetworkMode.BRIDGE; // 2181 is taken
    const host = hostMode(d);
    if (host || (isDocker(d) && i > 0)) {
      if (c.restPort !== undefined || i > 0) c.restPort = block + o.rest;
      if (d.kafka?.port !== undefined || i > 0) d.kafka = { ...d.kafka, port: block + 1000 + o.kafka };
      if (mode(d) !== CoordinationMode.ZOOKEEPER && (d.kraft?.controllerPort !== undefined || i > 0))
        d.kraft = { ...d.kraft, controllerPort: block + 2000 + o.controller };
      if (!host && i > 0) d.target.options.restHostPortBase = block + 3000 + o.rest;
    }
    if (host && runsZooKeeper(d) && d.zookeeper?.nodes !== undefined) d.zookeeper.nodes = 1; // an ensemble needs its own hosts
    const base = d.target.options.restHostPortBase;
    if (isDocker(d) && !host && base !== undefined && base + workers(d) - 1 > 65535) d.target.options.restHostPortBase = 65536 - workers(d);
    if (combined(d) && !host && (d.kraft?.controllerPort ?? 9093) === (d.kafka?.port ?? 9092)) {
      const kafkaPort = d.kafka?.port ?? 9092;
      d.kraft = { ...d.kraft, controllerPort: kafkaPort === 65535 ? 65534 : kafkaPort + 1 };
    }
    if (d.images !== undefined) {
      // Kafka 4 has no ZooKeeper mode; a KRaft quorum of more than one node needs Kafka 3.9; Docker delivers
      // connector secrets with Kafka 3.5's EnvVarConfigProvider.
      // A tag of no known stream (3.0 to 3.6) says nothing of the Kafka inside: images.kafkaVersion must.
      if (d.images.tag !== undefined && !KNOWN_STREAM.test(d.images.tag) && d.images.kafkaVersion === undefined)
        d.images.kafkaVersion = mode(d) === CoordinationMode.ZOOKEEPER ? '3.9.0' : '4.3.0';
      if (mode(d) === CoordinationMode.ZOOKEEPER && /^3\.[2-6](\.|$)/.test(d.images.tag ?? '')) d.images.tag = '3.1';
      if (mode(d) === CoordinationMode.ZOOKEEPER && d.images.kafkaVersion === '4.3.0') d.images.kafkaVersion = '3.9.0';
      if (d.images.kafkaVersion === '2.8.1' && (multiNodeKRaft(d) || isDocker(d))) d.images.kafkaVersion = '3.9.0';
    }
    if (multi) {
      for (const field of ['configStorageTopic', 'offsetStorageTopic', 'statusStorageTopic'])
        if (c[field] !== undefined) c[field] = `${c[field]}-n${i}`;
    }
    const names = storageTopics(d);
    for (const [field, name] of names) if (names.filter(([, n]) => n === name).length > 1) delete c[field];
    if (external(d) && isKubernetes(d)) delete d.target.options.kafkaClients; // no brokers to admit clients to
    repairKafkaSecurity(d);
    repairSecretFiles(d);
    repairRestTls(d);
    // connect.loggers changes levels on every worker at once since Kafka 3.7.
    if (d.images?.kafkaVersion === '2.8.1') delete c.loggers;
    repairMetrics(d, block, host);
    if (isKubernetes(d) && drafts.slice(0, i).some((e) => isKubernetes(e) && namespace(e) === namespace(d)))
      d.target.options.createNamespace = false;
    if (Object.keys(c).length === 0) delete d.connect;
  });
}

/**
 * metrics on a port no node takes: on Docker from the cluster's block (block + 3950, past its published REST ports),
 * on one host with every other port; on Kubernetes any port but a node's own.
 */
function repairMetrics(d: Draft, block: number, host: boolean): void {
  const m = d.metrics;
  if (m === undefined) return;
  if (isDocker(d)) {
    m.port = block + 3950;
    // The first cluster's published REST ports are drawn freely: keep them below the metrics ports.
    const base = d.target.options.restHostPortBase;
    if (!host && base !== undefined && base + workers(d) > m.port - 20 && base <= m.port + 20)
      d.target.options.restHostPortBase = block + 3000;
  } else if (m.port !== undefined) {
    const taken = [d.connect?.restPort ?? 8083, d.kafka?.port ?? 9092, d.kraft?.controllerPort ?? 9093];
    if (taken.includes(m.port)) delete m.port;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Declared topics and connectors
// ---------------------------------------------------------------------------------------------------------

const topicCallName = fc.oneof(
  { arbitrary: fc.constantFrom('orders', 'orders.v1', 'orders-v1', 'Orders', 'constructor', '__proto__', 'toString'), weight: 2 },
  { arbitrary: topicName, weight: 1 },
);
const connectorCallName = fc.oneof(
  { arbitrary: fc.constantFrom('orders', 'orders.v1', 'Orders2', 'constructor', 'toString'), weight: 2 },
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,11}$/), weight: 1 },
);

const calls: fc.Arbitrary<AddCall[]> = fc.array(
  fc.oneof(
    fc.record({ cluster: fc.nat(2), kind: fc.constant<'topic'>('topic'), name: topicCallName, variant: fc.nat(2) }),
    fc.record({
      cluster: fc.nat(2),
      kind: fc.constant<'connector'>('connector'),
      name: connectorCallName,
      variant: fc.constantFrom(CONNECTOR_VARIANTS.postgres, CONNECTOR_VARIANTS.sinkWithSecret, CONNECTOR_VARIANTS.sinkWithoutSecret),
    }),
  ),
  { maxLength: 4 },
);

/** Kafka treats "." and "_" alike in topic names. */
const topicKey = (name: string) => name.replace(/\./g, '_');
/** Connector names derive task and secret names without case or punctuation. */
const connectorKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_');

/** Valid declarations: on an existing cluster, distinct names, one PostgreSQL connector per stack (one slot). */
function repairCalls(stack: Stack): void {
  const seen = new Set<string>();
  let postgres = false;
  stack.calls = stack.calls
    .map((call) => ({ ...call, cluster: call.cluster % stack.drafts.length }))
    .filter((call) => {
      const key = `${call.cluster} ${call.kind} ${call.kind === 'topic' ? topicKey(call.name) : connectorKey(call.name)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((call) => {
      if (call.kind !== 'connector' || call.variant !== CONNECTOR_VARIANTS.postgres) return call;
      if (!postgres) return ((postgres = true), call);
      return { ...call, variant: CONNECTOR_VARIANTS.sinkWithoutSecret };
    });
}

/** The construct id a declared name gets (src/model/construct-ids.ts; "/" is not allowed in an id). */
const childId = (name: string) => (name in Object.prototype ? `~${name}` : name).replace(/\//g, '--');

/** A name not declared on the stack yet. */
function freshName(stack: Stack, stem: string): string {
  for (let i = 0; ; i++) {
    const name = `${stem}${i}`;
    if (!stack.calls.some((c) => topicKey(c.name) === topicKey(name) || connectorKey(c.name) === connectorKey(name))) return name;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Breakers
// ---------------------------------------------------------------------------------------------------------

/**
 * Makes one field of cluster `i` invalid: `applies` says whether the library checks that field for the
 * stack, `break` draws the invalid value and returns the change, which records what it broke.
 */
interface Breaker {
  readonly name: string;
  applies(stack: Stack, i: number): boolean;
  break(stack: Stack, i: number): fc.Arbitrary<(stack: Stack) => Omit<Broken, 'by'>[]>;
  /** It changes what other checks depend on (mode, external Kafka, counts, pairs of values): never combined. */
  readonly alone?: boolean;
  /** It declares topics or connectors. */
  readonly declares?: boolean;
  /** It breaks a rule between two clusters of the stack. */
  readonly between?: boolean;
}

const INVALID_PORTS = [0, -1, 65536, 70000, 80.5, Number.NaN];
const INVALID_SIZES = [0, -1, 0.5, 1.5, Number.NaN];

/** A breaker that sets one value, drawn from `values`, at `path` of cluster `i` and records `field`. */
function setter(
  name: string,
  values: fc.Arbitrary<unknown>,
  at: (d: Draft, v: unknown) => void,
  field: string,
  applies: (d: Draft, stack: Stack) => boolean,
  stage = Stage.PROPS,
  alone = false,
): Breaker {
  return {
    name,
    alone,
    applies: (stack, i) => applies(stack.drafts[i], stack),
    break: (_stack, i) =>
      values.map((v) => (s: Stack) => {
        at(s.drafts[i], v);
        return [{ cluster: i, field, stage }];
      }),
  };
}

const always = () => true;
/** connect.secretFiles as a list a breaker can change in place: the drawn one, or one valid mount. */
function secretMounts(d: Draft): Options[] {
  const c = options(d, 'connect');
  if (!Array.isArray(c.secretFiles) || c.secretFiles.length === 0)
    c.secretFiles = [{ mountPath: '/kafka/tls', files: mountedFiles(d, 'mounted-files-0') }];
  return c.secretFiles;
}
const options = (d: Draft, block: 'connect' | 'kafka' | 'kraft' | 'zookeeper' | 'images'): Options => (d[block] ??= {});

/** connect.restTls as an object a breaker can change in place: the drawn one, or a valid one. */
function restTlsOf(d: Draft): Options {
  const c = options(d, 'connect');
  c.restTls ??= { files: restTlsFiles(d), storePassword: restTlsPassword(d) };
  return c.restTls;
}

/** The invalid values of a property map: names the image cannot carry, names the library owns, values it cannot write. */
function propertyBreakers(block: 'connect' | 'kafka' | 'kraft', map: string, forbidden: string, applies: (d: Draft) => boolean): Breaker[] {
  const owned: Record<string, string[]> = {
    connect: [
      'group.id',
      'bootstrap.servers',
      'listeners',
      'rest.port',
      'rest.advertised.host.name',
      'plugin.path',
      'key.converter',
      'offset.storage.replication.factor',
      'config.storage.partitions',
      'producer.enable.idempotence',
      'task.shutdown.graceful.timeout.ms',
    ],
    kafka: [
      'broker.id',
      'node.id',
      'listeners',
      'advertised.listeners',
      'log.dirs',
      'process.roles',
      'controller.quorum.voters',
      'inter.broker.listener.name',
    ],
    kraft: [
      'node.id',
      'process.roles',
      'listeners',
      'advertised.listeners',
      'log.dirs',
      'controller.quorum.voters',
      'controller.listener.names',
    ],
  };
  const ROUND_TRIP = /^[a-z0-9]+(\.[a-z0-9]+)*$/;
  const badNames = fc.oneof(
    fc.constantFrom('', 'Group.Id', 'a_b', 'a..b', '.a', 'a.', 'a-b', 'a b', 'a@b', 'a=b', 'ä', 'A', 'a]"b'),
    fc.string({ maxLength: 12 }).filter((n) => !ROUND_TRIP.test(n)),
    fc.constantFrom(...owned[block]),
  );
  const put = (d: Draft, name: string, value: string) => {
    const o = options(d, block);
    o[map] = { ...o[map], [name]: value };
  };
  const field = (name: string) => `${block}.${map}["${name}"]`;
  const list: Breaker[] = [
    {
      name: `${block}.${map}: a name`,
      applies: (s, i) => applies(s.drafts[i]),
      break: (_s, i) =>
        fc.tuple(badNames, propertyValue(forbidden)).map(([name, value]) => (s: Stack) => {
          put(s.drafts[i], name, value);
          return [{ cluster: i, field: field(name), stage: Stage.PROPS }];
        }),
    },
    {
      name: `${block}.${map}: a value`,
      applies: (s, i) => applies(s.drafts[i]),
      break: (_s, i) =>
        fc.tuple(propertyName, fc.constantFrom(`a${forbidden}b`, 'a\nb', 'a\rb', forbidden)).map(([name, value]) => (s: Stack) => {
          put(s.drafts[i], name, value);
          return [{ cluster: i, field: field(name), stage: Stage.PROPS }];
        }),
    },
  ];
  // A credential as a plain value: refused in every block (the brokers' and controllers' have no secret option).
  list.push({
    name: `${block}.${map}: a credential in plain text`,
    applies: (s, i) => applies(s.drafts[i]),
    break: (_s, i) =>
      fc
        .tuple(
          fc.constantFrom('sasl.jaas.config', 'ssl.key.password', 'xa.token', 'ssl.truststore.password'),
          fc.constantFrom('hunter2', 'x'),
        )
        .map(([name, value]) => (s: Stack) => {
          put(s.drafts[i], name, value);
          return [{ cluster: i, field: field(name), stage: Stage.PROPS }];
        }),
  });
  if (block === 'connect') {
    list.push({
      name: 'connect.workerProperties: a credential in plain text (a consumer client)',
      applies: (s, i) => applies(s.drafts[i]),
      break: (_s, i) =>
        fc
          .tuple(
            fc.constantFrom('consumer.sasl.jaas.config', 'producer.ssl.key.password', 'admin.sasl.jaas.config'),
            fc.constantFrom('hunter2', 'x'),
          )
          .map(([name, value]) => (s: Stack) => {
            put(s.drafts[i], name, value);
            return [{ cluster: i, field: field(name), stage: Stage.PROPS }];
          }),
    });
  } else {
    // A ZooKeeper-mode property under KRaft and the reverse.
    list.push({
      name: `${block}.${map}: the other mode's property`,
      applies: (s, i) => applies(s.drafts[i]),
      break: (s, i) =>
        fc
          .constantFrom(
            ...(mode(s.drafts[i]) === CoordinationMode.ZOOKEEPER
              ? ['controller.quorum.election.timeout.ms']
              : ['zookeeper.session.timeout.ms', 'broker.id.generation.enable']),
          )
          .map((name) => (s2: Stack) => {
            put(s2.drafts[i], name, '1');
            return [{ cluster: i, field: field(name), stage: Stage.PROPS }];
          }),
    });
  }
  return list;
}

/** Size breakers of one component's memory block. */
function memoryBreakers(block: 'connect' | 'kafka' | 'kraft' | 'zookeeper', applies: (d: Draft) => boolean): Breaker[] {
  const bad = fc.constantFrom(...INVALID_SIZES).map((n) => Size.mebibytes(n));
  return [
    setter(
      `${block}.heap.maximum`,
      bad,
      (d, v) => (options(d, block).heap = { maximum: v }),
      `${block}.heap.maximum`,
      applies,
      Stage.PROPS,
      true,
    ),
    setter(
      `${block}.heap.initial`,
      bad,
      (d, v) => (options(d, block).heap = { maximum: Size.mebibytes(256), initial: v }),
      `${block}.heap.initial`,
      applies,
      Stage.PROPS,
      true,
    ),
    setter(
      `${block}.heap.initial above the maximum`,
      fc.integer({ min: 64, max: 1024 }),
      (d, v) => {
        const o = options(d, block);
        o.heap = { maximum: Size.mebibytes(v as number), initial: Size.mebibytes((v as number) + 1) };
        delete o.memoryLimit;
      },
      `${block}.heap.initial`,
      applies,
      Stage.PROPS,
      true,
    ),
    setter(`${block}.memoryLimit`, bad, (d, v) => (options(d, block).memoryLimit = v), `${block}.memoryLimit`, applies, Stage.PROPS, true),
    setter(
      `${block}.memoryLimit not above the heap`,
      fc.tuple(fc.integer({ min: 64, max: 2048 }), fc.integer({ min: 0, max: 63 })),
      (d, v) => {
        const [heap, below] = v as [number, number];
        const o = options(d, block);
        o.heap = { maximum: Size.mebibytes(heap) };
        o.memoryLimit = Size.mebibytes(heap - below);
      },
      `${block}.memoryLimit`,
      applies,
      Stage.PROPS,
      true,
    ),
    setter(`${block}.storageSize`, bad, (d, v) => (options(d, block).storageSize = v), `${block}.storageSize`, applies),
    setter(
      `${block}.heap.maximum below the minimum`,
      fc.integer({ min: 1, max: MINIMUM_HEAP[block] - 1 }),
      (d, v) => {
        const o = options(d, block);
        o.heap = { maximum: Size.mebibytes(v as number) };
        delete o.memoryLimit;
      },
      `${block}.heap.maximum`,
      applies,
      Stage.PROPS,
      true,
    ),
  ];
}

function storageTopicBreakers(): Breaker[] {
  return (['configStorageTopic', 'offsetStorageTopic', 'statusStorageTopic'] as const).flatMap((field) => [
    setter(
      `connect.${field}`,
      fc.constantFrom('', '.', '..', 'a b', 'a/b', 'x'.repeat(250), 'ü'),
      (d, v) => (options(d, 'connect')[field] = v),
      `connect.${field}`,
      always,
    ),
  ]);
}

/** Every breaker; one entry per rule the fuzz proves the library keeps. */
export const BREAKERS: Breaker[] = [
  setter(
    'clusterName: not a DNS-1123 label',
    fc.oneof(
      fc.constantFrom('', 'Inventory', '1abc', 'abc-', '-abc', 'a_b', 'a.b', 'ünïcode', 'a b', 'a\nb', 'a@b'),
      fc.string({ maxLength: 40 }).filter((s) => !DNS_LABEL.test(s)),
    ),
    (d, v) => (d.clusterName = v),
    'clusterName',
    always,
  ),
  setter(
    'clusterName: longer than 30 characters',
    fc.stringMatching(/^[a-z][-a-z0-9]{29,38}[a-z0-9]$/),
    (d, v) => (d.clusterName = v),
    'clusterName',
    always,
  ),
  setter('coordination', fc.constantFrom('kraft', 'KRaft', ''), (d, v) => (d.coordination = v), 'coordination', always, Stage.PROPS, true),
  setter(
    'zookeeper under KRaft',
    zookeeperOptions,
    (d, v) => (d.zookeeper = v as Options),
    'zookeeper',
    (d) => mode(d) !== CoordinationMode.ZOOKEEPER,
    Stage.PROPS,
    true,
  ),
  setter(
    'kraft under ZooKeeper',
    kraftOptions,
    (d, v) => (d.kraft = v as Options),
    'kraft',
    (d) => mode(d) === CoordinationMode.ZOOKEEPER && !external(d),
    Stage.PROPS,
    true,
  ),
  setter(
    'kraft options of dedicated controllers in combined mode',
    fc.constantFrom<[string, unknown]>(
      ['controllers', 3],
      ['heap', { maximum: Size.mebibytes(256) }],
      ['memoryLimit', Size.gibibytes(1)],
      ['storageSize', Size.gibibytes(1)],
      ['controllerProperties', {}],
    ),
    (d, v) => {
      const [key, value] = v as [string, unknown];
      options(d, 'kraft')[key] = value;
    },
    'kraft',
    combined,
    Stage.PROPS,
    true,
  ),
  setter(
    'kafka.brokers',
    fc.constantFrom(0, -1, 2.5, 101, Number.NaN),
    (d, v) => (options(d, 'kafka').brokers = v),
    'kafka.brokers',
    always,
    Stage.PROPS,
    true,
  ),
  setter(
    'kafka.brokers: an even combined quorum',
    fc.constantFrom(2, 4),
    (d, v) => (options(d, 'kafka').brokers = v),
    'kafka.brokers',
    combined,
    Stage.PROPS,
    true,
  ),
  setter('kafka.port', fc.constantFrom(...INVALID_PORTS), (d, v) => (options(d, 'kafka').port = v), 'kafka.port', always),
  setter('connect.restPort', fc.constantFrom(...INVALID_PORTS), (d, v) => (options(d, 'connect').restPort = v), 'connect.restPort', always),
  setter(
    'kraft.controllerPort',
    fc.constantFrom(...INVALID_PORTS),
    (d, v) => (options(d, 'kraft').controllerPort = v),
    'kraft.controllerPort',
    (d) => mode(d) !== CoordinationMode.ZOOKEEPER && !external(d),
  ),
  setter(
    'kraft.controllerPort: a combined node listening twice on one port',
    fc.constant(undefined),
    (d) => (options(d, 'kraft').controllerPort = d.kafka?.port ?? 9092),
    'kraft.controllerPort',
    (d) => combined(d) && !hostMode(d),
    Stage.PROPS,
    true,
  ),
  setter(
    'target.restHostPortBase',
    fc.constantFrom(...INVALID_PORTS),
    (d, v) => (d.target.options.restHostPortBase = v),
    'target.restHostPortBase',
    (d) => isDocker(d) && !hostMode(d),
  ),
  setter(
    'target.restHostPortBase: the last worker above 65535',
    fc.constant(undefined),
    (d) => {
      const c = options(d, 'connect');
      c.workers = Math.max(2, workers(d));
      d.target.options.restHostPortBase = 65535 - c.workers + 2;
    },
    'target.restHostPortBase',
    (d) => isDocker(d) && !hostMode(d),
    Stage.PROPS,
    true,
  ),
  setter(
    'connect.restPort: the last worker above 65535 (host networking)',
    fc.constant(undefined),
    (d) => {
      const c = options(d, 'connect');
      c.workers = Math.max(2, workers(d));
      c.restPort = 65535 - c.workers + 2;
    },
    'connect.restPort',
    hostMode,
    Stage.PROPS,
    true,
  ),
  setter(
    'kafka.port: the last broker above 65535 (host networking)',
    fc.constant(undefined),
    (d) => {
      const k = options(d, 'kafka');
      k.brokers = Math.max(2, brokers(d));
      k.port = 65535 - k.brokers + 2;
    },
    'kafka.port',
    (d) => hostMode(d) && runsKafka(d) && !combined(d),
    Stage.PROPS,
    true,
  ),
  setter(
    'connect.restPort: the brokers port (host networking)',
    fc.constant(undefined),
    (d) => (options(d, 'connect').restPort = d.kafka?.port ?? 9092),
    'connect.restPort',
    (d) => hostMode(d) && runsKafka(d),
    Stage.PROPS,
    true,
  ),
  setter(
    'connect.workers',
    fc.constantFrom(0, -1, 1.5, 101, Number.NaN),
    (d, v) => (options(d, 'connect').workers = v),
    'connect.workers',
    always,
    Stage.PROPS,
    true,
  ),
  setter('connect.groupId', fc.constantFrom('', '   '), (d, v) => (options(d, 'connect').groupId = v), 'connect.groupId', always),
  ...storageTopicBreakers(),
  setter(
    'connect.*StorageTopic: two storage topics alike',
    fc.constant(undefined),
    (d) => (options(d, 'connect').configStorageTopic = storageTopics(d)[1][1]),
    'connect.configStorageTopic',
    always,
    Stage.PROPS,
    true,
  ),
  setter(
    'connect.bootstrapServers',
    fc.constantFrom<string[][]>([], ['kafka'], ['kafka:'], ['kafka:9092', 'no port'], ['a b:1'], ['kafka:123456']),
    (d, v) => (options(d, 'connect').bootstrapServers = v),
    'connect.bootstrapServers',
    always,
    Stage.PROPS,
    true,
  ),
  setter(
    "connect.kafkaSecurity towards the cluster's own plain-text brokers",
    fc.constantFrom(KafkaSecurityProtocol.SSL, KafkaSecurityProtocol.SASL_SSL),
    (d, v) => (options(d, 'connect').kafkaSecurity = { protocol: v, files: securityFiles(d), clientCertificate: true }),
    'connect.kafkaSecurity',
    (d) => !external(d),
  ),
  setter(
    'connect.kafkaSecurity.protocol',
    fc.constantFrom('PLAINTEXT', 'SASL_PLAINTEXT', 'ssl', 7, undefined),
    (d, v) => (options(d, 'connect').kafkaSecurity = { ...options(d, 'connect').kafkaSecurity, protocol: v }),
    'connect.kafkaSecurity.protocol',
    external,
  ),
  setter(
    'connect.kafkaSecurity.username',
    fc.constantFrom('', 'connect@corp', 'a b', 'x"y', 'x'.repeat(256)),
    (d, v) =>
      (options(d, 'connect').kafkaSecurity = {
        protocol: KafkaSecurityProtocol.SASL_SSL,
        username: v,
        password: securityPassword(d),
      }),
    'connect.kafkaSecurity.username',
    external,
    Stage.PROPS,
    // It sets connect.kafkaSecurity anew: combined, it would undo what another breaker of it broke.
    true,
  ),
  setter(
    'connect.kafkaSecurity.revision',
    fc.constantFrom('', 'renewed on monday', 'x'.repeat(64), 5),
    (d, v) =>
      (options(d, 'connect').kafkaSecurity = {
        protocol: KafkaSecurityProtocol.SSL,
        files: securityFiles(d),
        revision: v,
      }),
    'connect.kafkaSecurity.revision',
    external,
    Stage.PROPS,
    // It sets connect.kafkaSecurity anew: combined, it would undo what another breaker of it broke.
    true,
  ),
  setter(
    'connect.kafkaSecurity.files: a client certificate without files',
    fc.constant(undefined),
    (d) => (options(d, 'connect').kafkaSecurity = { protocol: KafkaSecurityProtocol.SSL }),
    'connect.kafkaSecurity.files',
    external,
    Stage.PROPS,
    // It sets connect.kafkaSecurity anew: combined, it would undo what another breaker of it broke.
    true,
  ),
  setter(
    'connect.workerSecrets: a value that is not a Secret',
    fc.constantFrom('hunter2', '', 42),
    (d, v) => (options(d, 'connect').workerSecrets = { 'ssl.keystore.password': v }),
    'connect.workerSecrets["ssl.keystore.password"]',
    always,
  ),
  // The three change the same list and compose: each leaves what the others broke broken.
  setter(
    'connect.secretFiles[0].mountPath: not an absolute directory, or one the image or the library writes',
    fc.constantFrom(
      'kafka/tls',
      '/kafka/tls/',
      '/a/../b',
      '',
      7,
      '/kafka/config',
      '/kafka/secrets',
      '/kafka/rest-tls',
      '/kafka/client-tls',
    ),
    (d, v) => secretMounts(d).forEach((m) => (m.mountPath = v)),
    'connect.secretFiles[0].mountPath',
    always,
  ),
  setter(
    'connect.secretFiles[1].mountPath: mounted twice',
    fc.constant(undefined),
    (d) => {
      const list = secretMounts(d);
      list.splice(1, list.length, { mountPath: list[0].mountPath, files: mountedFiles(d, 'mounted-files-1') });
    },
    'connect.secretFiles[1].mountPath',
    always,
  ),
  setter(
    "connect.secretFiles[0].files: the other target's source",
    fc.constant(undefined),
    (d) =>
      (secretMounts(d)[0].files = isDocker(d)
        ? SecretFiles.fromKubernetesSecret('mounted-files-0')
        : SecretFiles.fromDockerVolume('mounted-files-0')),
    'connect.secretFiles[0].files',
    always,
  ),
  // The four change connect.restTls in place and compose: each leaves what the others broke broken.
  setter(
    'connect.restTls.revision: not a revision label',
    fc.constantFrom('', 'renewed on monday', 'x'.repeat(64), 5),
    (d, v) => (restTlsOf(d).revision = v),
    'connect.restTls.revision',
    always,
  ),
  setter(
    'connect.restTls.requireClientCertificates: not a boolean',
    fc.constantFrom('yes', 1),
    (d, v) => (restTlsOf(d).requireClientCertificates = v),
    'connect.restTls.requireClientCertificates',
    always,
  ),
  setter(
    "connect.restTls.files: the other target's source",
    fc.constant(undefined),
    (d) =>
      (restTlsOf(d).files = isDocker(d)
        ? SecretFiles.fromKubernetesSecret('connect-rest-tls')
        : SecretFiles.fromDockerVolume('connect-rest-tls')),
    'connect.restTls.files',
    always,
  ),
  setter(
    'connect.restTls.storePassword: not a Secret, or none',
    fc.constantFrom('hunter2', '', 42, undefined),
    (d, v) => (restTlsOf(d).storePassword = v),
    'connect.restTls.storePassword',
    always,
  ),
  setter(
    'connect.restHostName: a character the image cannot write',
    fc.constantFrom('a@b', 'a\nb'),
    (d, v) => (options(d, 'connect').restHostName = v),
    'connect.restHostName',
    always,
  ),
  setter(
    'connect.restHostName: not an interface of the Docker host',
    fc.constantFrom('connect.local', '10.0.0.1'),
    (d, v) => (options(d, 'connect').restHostName = v),
    'connect.restHostName',
    hostMode,
  ),
  ...(['keyConverter', 'valueConverter', 'internalKeyConverter', 'internalValueConverter'] as const).map((f) =>
    setter(
      `connect.${f}`,
      fc.constantFrom('', 'NotAClass', 'a.b c', 'json', '1a.b'),
      (d, v) => (options(d, 'connect')[f] = v),
      `connect.${f}`,
      always,
    ),
  ),
  setter(
    'connect.offsetFlushIntervalMs',
    fc.constantFrom(-1, 0.5, 2 ** 31),
    (d, v) => (options(d, 'connect').offsetFlushIntervalMs = v),
    'connect.offsetFlushIntervalMs',
    always,
  ),
  setter(
    'connect.rebalanceDelaySeconds',
    fc.constantFrom(-1, 2.5, 2 ** 31),
    (d, v) => (options(d, 'connect').rebalanceDelaySeconds = v),
    'connect.rebalanceDelaySeconds',
    always,
  ),
  setter(
    'connect.offsetFlushTimeoutMs',
    fc.constantFrom(-5, Number.NaN),
    (d, v) => (options(d, 'connect').offsetFlushTimeoutMs = v),
    'connect.offsetFlushTimeoutMs',
    always,
  ),
  setter(
    'connect.shutdownTimeoutMs',
    fc.constantFrom(Number.POSITIVE_INFINITY, -1),
    (d, v) => (options(d, 'connect').shutdownTimeoutMs = v),
    'connect.shutdownTimeoutMs',
    always,
  ),
  setter(
    'connect.logLevel',
    fc.constantFrom('info', 'VERBOSE', ''),
    (d, v) => (options(d, 'connect').logLevel = v),
    'connect.logLevel',
    always,
  ),
  setter(
    'connect.connectorClientConfigOverridePolicy',
    fc.constantFrom('none', 'Any', ''),
    (d, v) => (options(d, 'connect').connectorClientConfigOverridePolicy = v),
    'connect.connectorClientConfigOverridePolicy',
    always,
  ),
  ...(
    [
      ['replicationFactor', [0, -1, 1.5, 40000]],
      ['offsetPartitions', [0, 10001, 2.5]],
      ['statusPartitions', [0, -3]],
      ['configPartitions', [0, 2, 25]],
    ] as const
  ).map(([f, values]) =>
    setter(
      `connect.internalTopics.${f}`,
      fc.constantFrom(...values),
      (d, v) => {
        const c = options(d, 'connect');
        c.internalTopics = { ...c.internalTopics, [f]: v };
      },
      `connect.internalTopics.${f}`,
      always,
    ),
  ),
  setter(
    'connect.internalTopics.replicationFactor: above the brokers',
    fc.integer({ min: 1, max: 3 }),
    (d, v) => {
      const c = options(d, 'connect');
      // Against an existing Kafka, kafka.brokers is that Kafka's size, 3 when unset.
      const count = external(d) ? (d.kafka?.brokers ?? 3) : brokers(d);
      c.internalTopics = { ...c.internalTopics, replicationFactor: count + (v as number) };
    },
    'connect.internalTopics.replicationFactor',
    always,
    Stage.PROPS,
    true,
  ),
  setter(
    'zookeeper.nodes',
    fc.constantFrom(0, 2, 4, 6, -1, 1.5, 7),
    (d, v) => (options(d, 'zookeeper').nodes = v),
    'zookeeper.nodes',
    runsZooKeeper,
    Stage.PROPS,
    true,
  ),
  setter(
    'zookeeper.nodes: an ensemble with host networking',
    fc.constantFrom(3, 5),
    (d, v) => (options(d, 'zookeeper').nodes = v),
    'zookeeper.nodes',
    (d) => runsZooKeeper(d) && hostMode(d),
    Stage.PROPS,
    true,
  ),
  setter(
    'kraft.controllers',
    fc.constantFrom(0, 2, 4, 11, 1.5),
    (d, v) => (options(d, 'kraft').controllers = v),
    'kraft.controllers',
    runsControllers,
    Stage.PROPS,
    true,
  ),
  ...memoryBreakers('connect', always),
  ...memoryBreakers('kafka', runsKafka),
  ...memoryBreakers('zookeeper', runsZooKeeper),
  ...memoryBreakers('kraft', runsControllers),
  ...propertyBreakers('connect', 'workerProperties', '@', always),
  ...propertyBreakers('kafka', 'brokerProperties', '%', always),
  ...propertyBreakers('kraft', 'controllerProperties', '%', runsControllers),
  setter(
    'connect.workerProperties["config.providers"] without the secrets provider',
    fc.constantFrom('file', 'file,vault', ''),
    (d, v) => {
      const c = options(d, 'connect');
      c.workerProperties = { ...c.workerProperties, 'config.providers': v };
    },
    'connect.workerProperties["config.providers"]',
    always,
  ),
  setter(
    "connect.workerProperties: SSL or SASL towards the cluster's own plain-text brokers",
    fc.constantFrom('SSL', 'SASL_SSL', 'SASL_PLAINTEXT'),
    (d, v) => {
      const c = options(d, 'connect');
      c.workerProperties = { ...c.workerProperties, 'producer.security.protocol': v };
    },
    'connect.workerProperties["producer.security.protocol"]',
    (d) => !external(d),
  ),
  setter(
    'images.kafkaVersion: Kafka 4 in ZooKeeper mode',
    fc.constantFrom('4.0.0', '4.3.0'),
    (d, v) => (options(d, 'images').kafkaVersion = v),
    'images.kafkaVersion',
    runsZooKeeper,
    Stage.PROPS,
    true,
  ),
  setter(
    'images.tag: Kafka 4 in ZooKeeper mode',
    fc.constantFrom('3.2', '3.6'),
    (d, v) => {
      options(d, 'images').tag = v;
      delete options(d, 'images').kafkaVersion;
    },
    'images.tag',
    runsZooKeeper,
    Stage.PROPS,
    true,
  ),
  setter(
    'images.kafkaVersion: a KRaft quorum older than Kafka 3.9',
    fc.constantFrom('3.8.0', '2.8.1'),
    (d, v) => {
      options(d, 'images').kafkaVersion = v;
      // connect.loggers needs Kafka 3.7: one problem at a time.
      if (v === '2.8.1') delete d.connect?.loggers;
    },
    'images.kafkaVersion',
    multiNodeKRaft,
    Stage.PROPS,
    true,
  ),
  setter(
    'images.tag: no stream the library knows',
    fc.constantFrom('latest', 'nightly', '2.7', '4.0', 'main'),
    (d, v) => {
      options(d, 'images').tag = v;
      delete options(d, 'images').kafkaVersion;
    },
    'images.tag',
    always,
    Stage.PROPS,
    true,
  ),
  setter(
    'images.kafkaVersion: not a version',
    fc.constantFrom('latest', 'v4.0.0', '4', '', '4.0 .0'),
    (d, v) => (options(d, 'images').kafkaVersion = v),
    'images.kafkaVersion',
    always,
    Stage.PROPS,
    true,
  ),
  ...(['kafka', 'kraft'] as const).map((block) =>
    setter(
      `${block}.startupTimeoutSeconds`,
      fc.constantFrom(0, 29, 86401, 1.5, -1),
      (d, v) => (options(d, block).startupTimeoutSeconds = v),
      `${block}.startupTimeoutSeconds`,
      block === 'kafka' ? runsKafka : runsControllers,
    ),
  ),
  setter(
    'images.registry',
    fc.constantFrom('https://mirror', '/mirror', 'mirror/', 'a b'),
    (d, v) => (options(d, 'images').registry = v),
    'images.registry',
    always,
  ),
  setter(
    'images.repositoryPrefix',
    fc.constantFrom('/debezium', 'debezium/', 'a//b', 'a b', 'a:b'),
    (d, v) => (options(d, 'images').repositoryPrefix = v),
    'images.repositoryPrefix',
    always,
  ),
  ...(['zookeeperDigest', 'kafkaDigest', 'connectDigest'] as const).map((f) =>
    setter(
      `images.${f}`,
      fc.constantFrom('', 'sha256:abc', `sha256:${'A'.repeat(64)}`, 'latest'),
      (d, v) => (options(d, 'images')[f] = v),
      `images.${f}`,
      always,
    ),
  ),
  // Docker's options, checked once the props are valid.
  setter(
    'target.healthWaitTimeoutSeconds',
    fc.constantFrom(0, -5, 1.5, 86401),
    (d, v) => (d.target.options.healthWaitTimeoutSeconds = v),
    'target.healthWaitTimeoutSeconds',
    isDocker,
    Stage.TARGET,
  ),
  setter(
    'target.healthStartIntervalSeconds',
    fc.constantFrom(0, 5, 2.5),
    (d, v) => (d.target.options.healthStartIntervalSeconds = v),
    'target.healthStartIntervalSeconds',
    isDocker,
    Stage.TARGET,
  ),
  // Kubernetes' options: the namespace with the props, the rest once the props are valid.
  setter(
    'target.namespace',
    fc.constantFrom('', 'Bad', 'a.b', 'x'.repeat(64), 'a_b'),
    (d, v) => (d.target.options.namespace = v),
    'target.namespace',
    isKubernetes,
  ),
  ...(
    [
      ['workerStorage', 'tmp'],
      ['podAntiAffinity', 'hard'],
      ['restServiceType', 'Ingress'],
    ] as const
  ).map(([f, v]) => setter(`target.${f}`, fc.constant(v), (d, x) => (d.target.options[f] = x), `target.${f}`, isKubernetes, Stage.TARGET)),
  setter(
    'target.storageClassName',
    fc.constantFrom('Fast_SSD', 'a b', '-x', 'x.'),
    (d, v) => (d.target.options.storageClassName = v),
    'target.storageClassName',
    isKubernetes,
    Stage.TARGET,
  ),
  setter(
    'target.cpuRequest',
    fc.constantFrom('', 'abc', '-1', '1.5.2'),
    (d, v) => (d.target.options.cpuRequest = v),
    'target.cpuRequest',
    isKubernetes,
    Stage.TARGET,
  ),
  setter(
    'target.cpuLimit',
    fc.constantFrom('x', '1Gi', ''),
    (d, v) => (d.target.options.cpuLimit = v),
    'target.cpuLimit',
    isKubernetes,
    Stage.TARGET,
  ),
  setter(
    'target.cpuRequest: above the limit',
    fc.constant(undefined),
    (d) => Object.assign(d.target.options, { cpuRequest: '2', cpuLimit: '1500m' }),
    'target.cpuRequest',
    isKubernetes,
    Stage.TARGET,
    true,
  ),
  setter(
    'target.memoryRequest: above a memory limit',
    fc.constant(undefined),
    (d) => (d.target.options.memoryRequest = Size.gibibytes(64)),
    'target.memoryRequest',
    isKubernetes,
    Stage.TARGET,
    true,
  ),
  ...(['labels', 'annotations'] as const).map((f) =>
    setter(
      `target.${f}`,
      fc.constantFrom('Bad Key', '', 'a/b/c', '-a', 'example.com/', ...(f === 'labels' ? ['app.kubernetes.io/name'] : [])),
      (d, v) => (d.target.options[f] = { ...d.target.options[f], [v as string]: 'x' }),
      'target.' + f,
      isKubernetes,
      Stage.TARGET,
    ),
  ),
  setter(
    'target.labels: a value',
    fc.constantFrom('a b', 'x'.repeat(64), '-a', 'a-'),
    (d, v) => (d.target.options.labels = { ...d.target.options.labels, team: v }),
    'target.labels["team"]',
    isKubernetes,
    Stage.TARGET,
  ),
  setter(
    'target.kafkaClients: a label',
    fc.constantFrom('Bad Key', 'a/b/c'),
    (d, v) => (d.target.options.kafkaClients = [{ podLabels: { [v as string]: 'x' } }]),
    'target.kafkaClients[0].podLabels',
    (d) => isKubernetes(d) && !external(d),
    Stage.TARGET,
  ),
  setter(
    'connect.loggers: not a logger name',
    fc.constant(undefined),
    (d) => (options(d, 'connect').loggers = { ...options(d, 'connect').loggers, 'io debezium': LogLevel.DEBUG }),
    'connect.loggers["io debezium"]',
    (d) => d.images?.kafkaVersion !== '2.8.1',
  ),
  setter(
    'kafka.loggers: not a logger name',
    fc.constant(undefined),
    (d) => (options(d, 'kafka').loggers = { ...options(d, 'kafka').loggers, 'kafka..network': LogLevel.DEBUG }),
    'kafka.loggers["kafka..network"]',
    (d) => !external(d),
  ),
  setter(
    'kafka.loggers: not a level',
    fc.constantFrom('LOUD', 'debug', 'FATAL'),
    (d, v) => (options(d, 'kafka').loggers = { ...options(d, 'kafka').loggers, 'kafka.network': v }),
    'kafka.loggers["kafka.network"]',
    (d) => !external(d),
  ),
  setter(
    'connect.loggers: not a level',
    fc.constantFrom('LOUD', 'debug', 'FATAL'),
    (d, v) => (options(d, 'connect').loggers = { ...options(d, 'connect').loggers, 'io.debezium': v }),
    'connect.loggers["io.debezium"]',
    (d) => d.images?.kafkaVersion !== '2.8.1',
  ),
  setter(
    'metrics.port: not a port the agent may take',
    fc.constantFrom(80, 1023, 65536, 9404.5),
    (d, v) => (d.metrics = { prometheus: true, port: v }),
    'metrics.port',
    always,
  ),
  setter(
    'target.restClientIpBlocks: not a CIDR',
    fc.constantFrom('10.0.0.1', '10.0.0.0/40', 'anywhere'),
    (d, v) => (d.target.options.restClientIpBlocks = [v as string]),
    'target.restClientIpBlocks[0]',
    isKubernetes,
    Stage.TARGET,
  ),
  setter(
    'target.restClients: a label value',
    fc.constantFrom('a b', '-a'),
    (d, v) => (d.target.options.restClients = [{ namespaceLabels: { team: v } }]),
    'target.restClients[0].namespaceLabels["team"]',
    isKubernetes,
    Stage.TARGET,
  ),
  setter(
    'target.kafkaClients: no brokers to admit to',
    fc.constant(undefined),
    (d) => (d.target.options.kafkaClients = [{ podLabels: { team: 'data' } }]),
    'target.kafkaClients',
    (d) => isKubernetes(d) && external(d),
    Stage.TARGET,
  ),
  // Declarations refused at the call, reported whatever the cluster.
  ...(['topic', 'connector'] as const).map((kind): Breaker => ({
    name: `add${kind === 'topic' ? 'Topic' : 'Connector'}(""): an empty name`,
    declares: true,
    applies: always,
    break: (_s, i) =>
      fc.constant((s: Stack) => {
        s.calls.push({ cluster: i, kind, name: '', variant: 0 });
        return [{ cluster: i, field: `add${kind === 'topic' ? 'Topic' : 'Connector'}("")`, stage: Stage.PROPS }];
      }),
  })),
  {
    name: 'addConnector: a name declared twice',
    declares: true,
    applies: always,
    break: (_s, i) =>
      fc.constantFrom(CONNECTOR_VARIANTS.sinkWithoutSecret, CONNECTOR_VARIANTS.sinkWithSecret).map((variant) => (s: Stack) => {
        const name = freshName(s, 'twice');
        s.calls.push({ cluster: i, kind: 'connector', name, variant }, { cluster: i, kind: 'connector', name, variant });
        return [{ cluster: i, field: `addConnector("${name}")`, stage: Stage.PROPS }];
      }),
  },
  // Declarations checked once the cluster is valid.
  {
    name: 'addTopic: 0 partitions',
    declares: true,
    applies: always,
    break: (_s, i) =>
      fc.constant((s: Stack) => {
        const name = freshName(s, 'zero');
        s.calls.push({ cluster: i, kind: 'topic', name, variant: 3 });
        return [{ cluster: i, under: `Topics/${childId(name)}`, field: 'partitions', stage: Stage.DECLARED }];
      }),
  },
  {
    name: 'addTopic: a name Kafka refuses',
    declares: true,
    applies: always,
    break: (_s, i) =>
      fc.constantFrom(' ', 'a b', 'a/b', 'ü', 'x'.repeat(250), 'a;b').map((name) => (s: Stack) => {
        s.calls.push({ cluster: i, kind: 'topic', name, variant: 0 });
        return [{ cluster: i, under: `Topics/${childId(name)}`, field: 'name', stage: Stage.DECLARED }];
      }),
  },
  {
    name: 'addTopic: one topic twice, or two names Kafka takes as one',
    declares: true,
    applies: always,
    break: (_s, i) =>
      fc
        .constantFrom<[string, string]>(['twice', 'twice'], ['a.b', 'a_b'], ['a_b', 'a.b'], ['x.y.z', 'x_y.z'])
        .map(([first, second]) => (s: Stack) => {
          const stem = freshName(s, 'dup');
          s.calls.push(
            { cluster: i, kind: 'topic', name: `${stem}${first}`, variant: 0 },
            { cluster: i, kind: 'topic', name: `${stem}${second}`, variant: 1 },
          );
          return [
            {
              cluster: i,
              field: `addTopic("${stem}${second}")`,
              stage: Stage.DECLARED,
            },
          ];
        }),
  },
  {
    name: 'addConnector: a name not usable in a REST path',
    declares: true,
    applies: always,
    break: (_s, i) =>
      fc.constantFrom(' ', 'a b', '-x', '__proto__', '.x', 'a?b', 'x'.repeat(201)).map((name) => (s: Stack) => {
        s.calls.push({ cluster: i, kind: 'connector', name, variant: CONNECTOR_VARIANTS.sinkWithoutSecret });
        return [
          {
            cluster: i,
            under: `Connectors/${childId(name)}`,
            field: 'name',
            stage: Stage.DECLARED,
          },
        ];
      }),
  },
  {
    name: 'addConnector: an invalid source',
    declares: true,
    applies: always,
    break: (_s, i) =>
      fc.constant((s: Stack) => {
        const name = freshName(s, 'nohost');
        s.calls.push({ cluster: i, kind: 'connector', name, variant: CONNECTOR_VARIANTS.invalidPostgres });
        return [
          {
            cluster: i,
            under: `Connectors/${childId(name)}`,
            field: 'hostname',
            stage: Stage.DECLARED,
          },
        ];
      }),
  },
  {
    name: 'addConnector: two names deriving one',
    declares: true,
    applies: always,
    break: (_s, i) =>
      fc.constantFrom<[string, string]>(['a.b', 'a-b'], ['Ab', 'ab'], ['a_b', 'A.B']).map(([first, second]) => (s: Stack) => {
        const stem = freshName(s, 'derive');
        s.calls.push(
          { cluster: i, kind: 'connector', name: `${stem}${first}`, variant: CONNECTOR_VARIANTS.sinkWithoutSecret },
          { cluster: i, kind: 'connector', name: `${stem}${second}`, variant: CONNECTOR_VARIANTS.sinkWithoutSecret },
        );
        return [{ cluster: i, field: `addConnector("${stem}${second}")`, stage: Stage.DECLARED }];
      }),
  },
  {
    name: 'addConnector: one replication slot, two connectors',
    declares: true,
    applies: (s, i) => !s.calls.some((c) => c.kind === 'connector' && c.variant === CONNECTOR_VARIANTS.postgres && c.cluster !== i),
    break: (_s, i) =>
      fc.constant((s: Stack) => {
        const first = freshName(s, 'slot');
        s.calls.push({ cluster: i, kind: 'connector', name: first, variant: CONNECTOR_VARIANTS.postgres });
        const second = freshName(s, 'slot');
        s.calls.push({ cluster: i, kind: 'connector', name: second, variant: CONNECTOR_VARIANTS.postgres });
        return [
          {
            cluster: i,
            field: `addConnector("${second}")`,
            stage: Stage.DECLARED,
          },
        ];
      }),
    alone: true,
  },
  {
    name: 'addConnector: one replication slot on two clusters',
    between: true,
    declares: true,
    applies: (s, i) => i > 0 && !s.calls.some((c) => c.kind === 'connector' && c.variant === CONNECTOR_VARIANTS.postgres),
    break: (_s, i) =>
      fc.nat(i - 1).map((j) => (s: Stack) => {
        const name = freshName(s, 'moved');
        s.calls.push({ cluster: j, kind: 'connector', name, variant: CONNECTOR_VARIANTS.postgres });
        s.calls.push({ cluster: i, kind: 'connector', name, variant: CONNECTOR_VARIANTS.postgres });
        return [{ cluster: i, field: `addConnector("${name}")`, stage: Stage.DECLARED }];
      }),
    alone: true,
  },
  {
    name: 'connector secrets with a Kafka older than 3.5 on Docker',
    declares: true,
    applies: (s, i) =>
      isDocker(s.drafts[i]) && (mode(s.drafts[i]) === CoordinationMode.ZOOKEEPER || (combined(s.drafts[i]) && brokers(s.drafts[i]) === 1)),
    break: (_s, i) =>
      fc.constantFrom('2.8.1', '3.4.0').map((version) => (s: Stack) => {
        options(s.drafts[i], 'images').kafkaVersion = version;
        delete s.drafts[i].connect?.loggers; // connect.loggers needs Kafka 3.7: one problem at a time
        const name = freshName(s, 'old');
        s.calls.push({ cluster: i, kind: 'connector', name, variant: CONNECTOR_VARIANTS.sinkWithSecret });
        return [
          {
            cluster: i,
            under: `Connectors/${childId(name)}`,
            field: 'secrets',
            stage: Stage.DECLARED,
          },
        ];
      }),
    alone: true,
  },
  // Rules between the clusters of a stack, checked once each is valid.
  {
    name: 'clusterName: two clusters of one name in one place',
    between: true,
    applies: (s, i) => i > 0 && s.drafts.slice(0, i).some((e) => sharePlace(e, s.drafts[i])),
    break: (s, i) =>
      fc.constantFrom(...s.drafts.slice(0, i).flatMap((e, j) => (sharePlace(e, s.drafts[i]) ? [j] : []))).map((j) => (s2: Stack) => {
        const [other, d] = [s2.drafts[j], s2.drafts[i]];
        const namespaceOf = isKubernetes(d) ? namespace(d) : undefined;
        d.clusterName = other.clusterName;
        if (namespaceOf !== undefined) d.target.options.namespace = namespaceOf; // unset, it was the old name
        return [j, i].map((c) => ({
          cluster: c,
          field: 'clusterName',
          stage: Stage.DECLARED,
        }));
      }),
    alone: true,
  },
  {
    name: 'target.createNamespace: one namespace created by two clusters',
    between: true,
    applies: (s, i) => i > 0 && isKubernetes(s.drafts[i]) && s.drafts.slice(0, i).some(isKubernetes),
    break: (s, i) =>
      fc.constantFrom(...s.drafts.slice(0, i).flatMap((e, j) => (isKubernetes(e) ? [j] : []))).map((j) => (s2: Stack) => {
        const [other, d] = [s2.drafts[j], s2.drafts[i]];
        const ns = namespace(other);
        other.target.options.namespace = ns;
        d.target.options.namespace = ns;
        delete other.target.options.createNamespace;
        d.target.options.createNamespace = true;
        return [j, i].map((c) => ({
          cluster: c,
          field: 'target.createNamespace',
          stage: Stage.DECLARED,
        }));
      }),
    alone: true,
  },
  {
    name: 'target.restHostPortBase: two clusters publishing one host port',
    between: true,
    applies: (s, i) =>
      i > 0 && isDocker(s.drafts[i]) && !hostMode(s.drafts[i]) && s.drafts.slice(0, i).some((e) => isDocker(e) && !hostMode(e)),
    break: (s, i) =>
      fc.constantFrom(...s.drafts.slice(0, i).flatMap((e, j) => (isDocker(e) && !hostMode(e) ? [j] : []))).map((j) => (s2: Stack) => {
        const [other, d] = [s2.drafts[j], s2.drafts[i]];
        // The other's first port, or, where this cluster's workers would run past 65535 from it, the highest base
        // they fit from: its ports then still include the other's first.
        d.target.options.restHostPortBase = Math.min(other.target.options.restHostPortBase ?? 8083, 65536 - workers(d));
        return [j, i].map((c) => ({
          cluster: c,
          field: 'target.restHostPortBase',
          stage: Stage.DECLARED,
        }));
      }),
    alone: true,
  },
  {
    name: 'connect.configStorageTopic: two Connect clusters sharing one on one Kafka',
    between: true,
    applies: (s, i) =>
      i > 0 &&
      s.drafts.slice(0, i).some((e) => e.target.kind === s.drafts[i].target.kind && isDocker(e) && hostMode(e) === hostMode(s.drafts[i])),
    break: (s, i) =>
      fc
        .constantFrom(
          ...s.drafts
            .slice(0, i)
            .flatMap((e, j) =>
              e.target.kind === s.drafts[i].target.kind && isDocker(e) && hostMode(e) === hostMode(s.drafts[i]) ? [j] : [],
            ),
        )
        .map((j) => (s2: Stack) => {
          const [other, d] = [s2.drafts[j], s2.drafts[i]];
          const servers = ['shared-kafka:9092'];
          for (const c of [other, d]) {
            options(c, 'connect').bootstrapServers = servers;
            delete c.target.options.kafkaClients;
          }
          options(d, 'connect').configStorageTopic = storageTopics(other)[0][1];
          return [j, i].map((c) => ({
            cluster: c,
            field: 'connect.configStorageTopic',
            stage: Stage.DECLARED,
          }));
        }),
    alone: true,
  },
];

/** Two clusters whose objects share names: one Docker engine, or one namespace. */
function sharePlace(a: Draft, b: Draft): boolean {
  if (a.target.kind !== b.target.kind) return false;
  return isDocker(a) || namespace(a) === namespace(b);
}

function toProps(d: Draft): ConnectClusterProps {
  const { target, ...rest } = d;
  return compact({
    ...rest,
    target: target.kind === 'docker' ? Target.docker(target.options) : Target.kubernetes(target.options),
  }) as ConnectClusterProps;
}

/** A stack of valid clusters (one, or with `many` one to three) and, with `declarations`, valid declarations. */
function validStack(many: boolean, declarations: boolean): fc.Arbitrary<Stack> {
  return fc
    .record({
      clusters: many
        ? fc.oneof(
            { arbitrary: fc.array(draft, { minLength: 1, maxLength: 1 }), weight: 4 },
            { arbitrary: fc.array(draft, { minLength: 2, maxLength: 3 }), weight: 1 },
          )
        : fc.array(draft, { minLength: 1, maxLength: 1 }),
      calls: declarations ? calls : fc.constant<AddCall[]>([]),
    })
    .map(({ clusters, calls: c }) => {
      const stack: Stack = { drafts: clusters.map((x) => copy(x.draft)), calls: c };
      repair(
        stack.drafts,
        clusters.map((x) => x.ports),
      );
      repairCalls(stack);
      return stack;
    });
}

/**
 * One to three breakers for a stack: any that applies (each rule as likely as any other, then one of the
 * clusters it applies to), alone, or up to three that do not change the context.
 */
function breakersFor(stack: Stack, declarations: boolean): fc.Arbitrary<{ breaker: Breaker; cluster: number }[]> {
  const applicable = BREAKERS.filter((b) => declarations || !b.declares).flatMap((breaker) => {
    const clusters = stack.drafts.flatMap((_d, i) => (breaker.applies(stack, i) ? [i] : []));
    return clusters.length > 0 ? [{ breaker, clusters }] : [];
  });
  const one = (choices: typeof applicable) =>
    fc.constantFrom(...choices).chain(({ breaker, clusters }) => fc.constantFrom(...clusters).map((cluster) => ({ breaker, cluster })));
  const combinable = applicable.filter((a) => !a.breaker.alone);
  // The rules between clusters apply only to stacks of several, a share of the cases: they are drawn more often there.
  const between = applicable.filter((a) => a.breaker.between);
  return fc.oneof(
    { arbitrary: one(applicable).map((a) => [a]), weight: 3 },
    { arbitrary: fc.uniqueArray(one(combinable), { minLength: 2, maxLength: 3, selector: (a) => a.breaker.name }), weight: 1 },
    ...(between.length > 0 ? [{ arbitrary: one(between).map((a) => [a]), weight: 2 }] : []),
  );
}

function toCase(stack: Stack, broken: Broken[]): FuzzCase {
  return { props: stack.drafts.map(toProps), calls: stack.calls, broken };
}

/** Valid and invalid cases, about half each. */
function cases(many: boolean, declarations: boolean): fc.Arbitrary<FuzzCase> {
  const valid = validStack(many, declarations);
  return fc.oneof(
    valid.map((s) => toCase(s, [])),
    valid.chain((base) =>
      breakersFor(base, declarations).chain((chosen) =>
        fc.tuple(...chosen.map((c) => c.breaker.break(base, c.cluster))).map((changes) => {
          const stack: Stack = { drafts: copy(base.drafts), calls: copy(base.calls) };
          const broken = changes.flatMap((change, k) => change(stack).map((b) => ({ ...b, by: chosen[k].breaker.name })));
          return toCase(stack, broken);
        }),
      ),
    ),
  );
}

/** Stacks of one to three clusters with their declarations: for the full-synth property. */
export const fuzzCases = cases(true, true);

/** Single clusters, without declarations: for the model-level property. */
export const clusterCases = cases(false, false);

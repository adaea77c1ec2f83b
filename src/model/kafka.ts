import { CoordinationMode } from './image';
import { brokerLoggersStartupScript, brokerLoggersTask, KAFKA_LOGGERS, validateLoggers } from './loggers';
import { Component, HealthCheckSpec, NodeSpec } from './nodes';
import { defaultMemoryLimit, HeapInput, heapOpts, Size } from './size';
import { Problems, show } from './validation';
import { TaskSpec } from './tasks';
import { nodeCount, Topology } from './topology';
import { checkPassThroughProperties, propertyToEnvName } from './worker-properties';

/** `KafkaInput` as the model takes it (the public type, src/kafka.ts, documents each field). */
export interface KafkaInput {
  readonly brokers?: number;
  readonly heap?: HeapInput;
  readonly memoryLimit?: Size;
  readonly storageSize?: Size;
  readonly startupTimeoutSeconds?: number;
  readonly port?: number;
  readonly brokerProperties?: { [property: string]: string };
  readonly loggers?: { readonly [logger: string]: string };
}

/**
 * The request of a Kafka node's health check: ApiVersions (API key 18) version 0, correlation id 1, no client id,
 * after its size (10 bytes), as bash's `printf` escapes. Every Kafka version answers version 0 of ApiVersions,
 * the request a client sends first.
 */
const API_VERSIONS_REQUEST = '\\x00\\x00\\x00\\x0a' + '\\x00\\x12' + '\\x00\\x00' + '\\x00\\x00\\x00\\x01' + '\\xff\\xff';

/**
 * A Kafka node's health check: bash asks the node's listener on 127.0.0.1:`port` for its API versions and passes
 * when the answer carries the request's correlation id (1) and error code 0 — the node processes requests. It
 * starts no JVM (the image's tools each start one), so it can run as often as a probe must; it needs bash,
 * `timeout`, `head` and `od` (coreutils), and fails when no answer comes within 5 s. The listeners bind to
 * 0.0.0.0 or to 127.0.0.1 (host networking), so 127.0.0.1 reaches them on every target without a name lookup.
 */
export function apiVersionsCheck(port: number): string[] {
  return [
    'bash',
    '-c',
    `exec 3<>/dev/tcp/127.0.0.1/${port} && printf '${API_VERSIONS_REQUEST}' >&3 && ` +
      `answer=$(timeout 5 head -c 10 <&3 | od -An -tx1 | tr -d ' \\n') && [[ $answer == ????????000000010000 ]]`,
  ];
}

export const KAFKA = {
  port: 9092,
  controllerPort: 9093,
  dataDir: '/kafka/data',
  /** Where the entrypoint keeps the broker's config files (copied from the image's `config.orig`). */
  configDir: '/kafka/config',
  logsDir: '/kafka/logs',
  linkName: 'kafka',
  nodeName: (i: number) => `kafka-${i}`,
  defaultHeap: { maximum: Size.gibibytes(1) } as HeapInput,
  defaultStorage: Size.gibibytes(20),
  envPrefix: 'KAFKA_',
  /** Since image 1.7 the entrypoint edits server.properties with `%` as the sed delimiter. */
  sedDelimiter: '%',
  /**
   * `KAFKA_JMX_OPTS` that keeps the JVM's JMX agent off: Kafka's default (kafka-run-class.sh) without
   * `-Dcom.sun.management.jmxremote`, which starts a local JMX connector on an ephemeral port of every
   * interface. Set where every listener must stay on loopback (Docker host networking), for brokers and workers.
   */
  loopbackJmxOpts: '-Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false',
  env: {
    brokerId: 'BROKER_ID',
    zookeeperConnect: 'ZOOKEEPER_CONNECT',
    advertisedHostName: 'ADVERTISED_HOST_NAME',
    advertisedPort: 'ADVERTISED_PORT',
    clusterId: 'CLUSTER_ID',
    nodeId: 'NODE_ID',
    nodeRole: 'NODE_ROLE',
    heapOpts: 'HEAP_OPTS',
    logLevel: 'LOG_LEVEL',
    /** Read by kafka-run-class.sh (the entrypoint excludes it from the KAFKA_* property mapping). */
    jmxOpts: 'KAFKA_JMX_OPTS',
  },
} as const;

/** The bounds of a broker's or controller's start-up budget (`startupTimeoutSeconds`) and its default. */
export const STARTUP_TIMEOUT = {
  /** The default for small volumes: the health check's 20 s start period and 10 retries of 15 s. */
  baseSeconds: 170,
  /** Reading a GiB at 256 MiB/s. */
  secondsPerGiB: 4,
  /** The largest default; larger volumes set their own. */
  maximumDefaultSeconds: 3600,
  /** Below this a JVM's start alone can exceed the budget. */
  minimumSeconds: 30,
  /** A day: beyond it a hung node would never be restarted. */
  maximumSeconds: 86400,
} as const;

/** The start-up budget of a node whose data volume is `storage`: see `KafkaInput.startupTimeoutSeconds`. */
export function defaultStartupTimeoutSeconds(storage: Size | undefined): number {
  const gibibytes = (storage?.inMebibytes ?? 0) / 1024;
  const byVolume = Number.isFinite(gibibytes) ? Math.ceil(gibibytes * STARTUP_TIMEOUT.secondsPerGiB) : 0;
  return Math.min(STARTUP_TIMEOUT.maximumDefaultSeconds, Math.max(STARTUP_TIMEOUT.baseSeconds, byVolume));
}

/** `startupTimeoutSeconds` of `block` (kafka, kraft) is whole seconds within the bounds. */
export function validateStartupTimeout(problems: Problems, block: string, value: number | undefined): void {
  if (value === undefined) return;
  const { minimumSeconds: min, maximumSeconds: max } = STARTUP_TIMEOUT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.add(
      `${block}.startupTimeoutSeconds`,
      `${show(value)} is not a whole number of seconds from ${min} to ${max}`,
      `give the seconds a starting node may take before it is restarted (below ${min} a JVM's start alone can exceed it; above a day a hung node is never restarted), or leave it unset for a default from ${block}.storageSize`,
    );
  }
}

/**
 * A broker's or controller's health check with a start-up budget: Docker's start period grows with it (its
 * retries follow), and Kubernetes' startup probe takes it as it is.
 */
export function withStartupBudget(health: Omit<HealthCheckSpec, 'startPeriodSeconds'>, budgetSeconds: number): HealthCheckSpec {
  return {
    ...health,
    startPeriodSeconds: Math.max(0, budgetSeconds - health.intervalSeconds * health.retries),
    startupBudgetSeconds: budgetSeconds,
  };
}

/** Broker properties the library sets itself, with the typed field to use instead. */
const OWNED_BROKER_PROPERTIES: Record<string, string> = {
  'broker.id': 'derived from the node ordinal',
  'node.id': 'derived from the node ordinal',
  'zookeeper.connect': 'derived from the modelled ZooKeeper ensemble',
  listeners: 'kafka.port',
  'advertised.listeners': "derived from each broker's address",
  'listener.security.protocol.map': 'derived from the coordination mode',
  'controller.listener.names': 'derived from the coordination mode',
  'controller.quorum.voters': 'derived from the coordination mode',
  'controller.quorum.bootstrap.servers': 'derived from the coordination mode',
  'inter.broker.listener.name': 'derived from the coordination mode',
  'process.roles': 'coordination',
  'log.dirs': 'fixed by the image (/kafka/data/<node id>)',
};

/**
 * Checks the broker options; `modeProblem` says why a property cannot be used under the coordination mode
 * (ZooKeeper-only properties under KRaft and the reverse).
 */
export function validateKafka(
  problems: Problems,
  options: KafkaInput,
  modeProblem: (property: string) => { message: string; fix: string } | undefined = () => undefined,
): number {
  const brokers = options.brokers ?? 1;
  problems.integer('kafka.brokers', brokers, 1, 100);
  problems.integer('kafka.port', options.port, 1, 65535);
  validateStartupTimeout(problems, 'kafka', options.startupTimeoutSeconds);
  checkPassThroughProperties(problems, options.brokerProperties, {
    block: 'kafka.brokerProperties',
    envPrefix: KAFKA.envPrefix,
    modeProblem,
    ownedFix: (property) => (OWNED_BROKER_PROPERTIES[property] ? `remove it (${OWNED_BROKER_PROPERTIES[property]})` : undefined),
    sedDelimiter: KAFKA.sedDelimiter,
    credentialFix: () => BROKER_CREDENTIAL_FIX,
  });
  return brokers;
}

/**
 * The fix for a credential in the brokers' or controllers' properties: the library has no secret-typed option for
 * them yet, and a value there reaches the synthesized JSON and the ConfigMap or container environment.
 */
export const BROKER_CREDENTIAL_FIX =
  'remove it: the library takes no credentials for its own brokers and controllers yet (their listeners are plain text); a key store in PEM needs no password (ssl.keystore.type=PEM with an unencrypted PKCS#8 key)';

/** The node's startup script: the parts that are there, in order (undefined when none is). */
function startup(...parts: (string | undefined)[]): { startupScript?: string } {
  const given = parts.filter((p): p is string => p !== undefined);
  return given.length > 0 ? { startupScript: given.join('\n') } : {};
}

/** How a broker takes part in KRaft: its variables, its controller listener (voters only), its pre-start step. */
export interface KafkaKRaftNode {
  env(ordinal: number, host: string, port: number): Record<string, string>;
  /** The controller listener's port of a combined node; undefined on a broker-only node. */
  controllerPort(ordinal: number): number | undefined;
  startupScript(ordinal: number, env: Record<string, string>): string | undefined;
}

export interface KafkaAddressing {
  host(ordinal: number): string;
  port(ordinal: number): number;
  /** Interface the listeners bind to. */
  readonly bindHost: string;
}

export function kafkaNodes(args: {
  options: KafkaInput;
  brokers: number;
  mode: CoordinationMode;
  clusterName: string;
  image: string;
  logLevel: string;
  zookeeperConnect: string;
  addressing: KafkaAddressing;
  /** KRaft modes: how broker i joins the quorum (see kraft.ts). */
  kraft?: KafkaKRaftNode;
  /** kafka.loggers is declared: each broker reads the levels file at start. */
  loggers?: boolean;
}): NodeSpec[] {
  const { options, brokers, mode, addressing } = args;
  const heap = options.heap ?? KAFKA.defaultHeap;
  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit(heap);
  const size = options.storageSize ?? KAFKA.defaultStorage;
  const startupBudget = options.startupTimeoutSeconds ?? defaultStartupTimeoutSeconds(size);
  const rf = Math.min(3, brokers);
  const nodes: NodeSpec[] = [];
  for (let i = 1; i <= brokers; i++) {
    const host = addressing.host(i);
    const port = addressing.port(i);
    const env: Record<string, string> = {
      [KAFKA.env.advertisedHostName]: host,
      [KAFKA.env.advertisedPort]: String(port),
      [KAFKA.env.heapOpts]: heapOpts(heap),
      [KAFKA.env.logLevel]: args.logLevel,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${port}`,
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: String(rf),
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: String(rf),
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: String(Math.min(2, rf)),
      KAFKA_DEFAULT_REPLICATION_FACTOR: String(rf),
      KAFKA_MIN_INSYNC_REPLICAS: String(rf >= 3 ? 2 : 1),
    };
    if (mode === CoordinationMode.ZOOKEEPER) {
      env[KAFKA.env.brokerId] = String(i);
      env[KAFKA.env.zookeeperConnect] = args.zookeeperConnect;
      env.KAFKA_LISTENERS = `PLAINTEXT://${addressing.bindHost}:${port}`;
    } else if (args.kraft) {
      Object.assign(env, args.kraft.env(i, host, port));
    }
    if (addressing.bindHost === '127.0.0.1') env[KAFKA.env.jmxOpts] = KAFKA.loopbackJmxOpts;
    for (const [property, value] of Object.entries(options.brokerProperties ?? {})) {
      env[propertyToEnvName(property, KAFKA.envPrefix)] = value;
    }
    const controllerPort = args.kraft?.controllerPort(i);
    const health = withStartupBudget(
      { command: apiVersionsCheck(port), intervalSeconds: 15, timeoutSeconds: 10, retries: 10, port },
      startupBudget,
    );
    nodes.push({
      component: Component.KAFKA,
      ordinal: i,
      name: KAFKA.nodeName(i),
      host,
      image: args.image,
      env,
      ports: [
        { name: 'kafka', containerPort: port },
        ...(controllerPort === undefined ? [] : [{ name: 'controller', containerPort: controllerPort }]),
      ],
      volumes: [{ name: 'data', mountPath: KAFKA.dataDir, size }],
      heap,
      memoryLimit,
      health,
      ...startup(args.kraft?.startupScript(i, env), args.loggers ? brokerLoggersStartupScript(KAFKA.configDir) : undefined),
      ...(args.loggers ? { loggerLevels: true } : {}),
    });
  }
  return nodes;
}

/**
 * The brokers (unless Connect uses an existing Kafka): their count, port and properties checked, their nodes, and
 * the bootstrap servers the workers use — the brokers', or `external` (`connect.bootstrapServers`).
 */
export function resolveKafka(
  problems: Problems,
  topo: Topology,
  given: KafkaInput | undefined,
  args: {
    readonly image: string;
    readonly zookeeperConnect: string;
    /** How a broker joins the KRaft quorum (KRaft modes). */
    readonly kraft?: KafkaKRaftNode;
    /** Why a property cannot be used under the coordination mode. */
    readonly modeProblem: (property: string) => { message: string; fix: string } | undefined;
    readonly external?: readonly string[];
    /** The Kafka version of the images, and the log levels there are (kafka.loggers). */
    readonly kafkaVersion: string;
    readonly logLevels: readonly string[];
  },
): {
  brokers: number;
  nodes: NodeSpec[];
  bootstrapServers: string;
  topicDefaults: Record<string, string>;
  /** kafka.loggers, checked, and the task that applies them to the running brokers; undefined when none are declared. */
  loggers?: { readonly levels: Readonly<Record<string, string>>; readonly task: TaskSpec };
} {
  const options = given ?? {};
  const brokers = validateKafka(problems, options, args.modeProblem);
  // With an existing Kafka no broker runs: kafka.loggers is then among the options reported as ignored.
  const levels = topo.external ? undefined : validateLoggers(problems, KAFKA_LOGGERS, options.loggers, args.logLevels, args.kafkaVersion);
  const port = options.port ?? KAFKA.port;
  const net = topo.network;
  const nodes = topo.external
    ? []
    : kafkaNodes({
        options,
        brokers: nodeCount(brokers),
        mode: topo.coordination,
        clusterName: topo.name,
        image: args.image,
        logLevel: topo.logLevel,
        zookeeperConnect: args.zookeeperConnect,
        addressing: {
          host: (i) => net.addressing.nodeHost(topo.name, Component.KAFKA, i, KAFKA.nodeName(i)),
          port: (i) => (topo.hostMode ? port + i - 1 : port),
          bindHost: topo.bindHost,
        },
        kraft: args.kraft,
        loggers: levels !== undefined,
      });
  const bootstrapServers = topo.external
    ? (Array.isArray(args.external) ? args.external : []).join(',')
    : nodes.map((n) => `${n.host}:${n.ports[0].containerPort}`).join(',');
  // What the brokers apply to topics created without them (the KRaft controllers create topics for them).
  const first = nodes[0]?.env ?? {};
  const topicDefaults = {
    KAFKA_DEFAULT_REPLICATION_FACTOR: first.KAFKA_DEFAULT_REPLICATION_FACTOR,
    KAFKA_MIN_INSYNC_REPLICAS: first.KAFKA_MIN_INSYNC_REPLICAS,
  };
  // A broker's id: NODE_ID under KRaft, BROKER_ID under ZooKeeper.
  const ids = nodes.map((n) => n.env[KAFKA.env.nodeId] ?? n.env[KAFKA.env.brokerId]);
  const loggers =
    levels === undefined ? undefined : { levels, task: brokerLoggersTask(levels, args.image, bootstrapServers, ids, args.kafkaVersion) };
  return { brokers, nodes, bootstrapServers, topicDefaults, ...(loggers ? { loggers } : {}) };
}

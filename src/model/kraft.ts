import { createHash } from 'crypto';
import { compareVersions, CoordinationMode, ImageInput, kafkaVersionSource } from './image';
import {
  BROKER_CREDENTIAL_FIX,
  defaultStartupTimeoutSeconds,
  KAFKA,
  KafkaKRaftNode,
  validateStartupTimeout,
  withStartupBudget,
} from './kafka';
import { Component, NodeSpec, onceListening } from './nodes';
import { shellQuote } from './shell';
import { defaultMemoryLimit, HeapInput, heapOpts, Size } from './size';
import { Problems, show } from './validation';
import { nodeCount, Topology } from './topology';
import { checkPassThroughProperties, propertyToEnvName } from './worker-properties';

/** `KRaftInput` as the model takes it (the public type, src/kraft.ts, documents each field). */
export interface KRaftInput {
  readonly controllers?: number;
  readonly heap?: HeapInput;
  readonly memoryLimit?: Size;
  readonly storageSize?: Size;
  readonly startupTimeoutSeconds?: number;
  readonly controllerPort?: number;
  readonly controllerProperties?: { [property: string]: string };
}

export const KRAFT = {
  listenerName: 'CONTROLLER',
  securityProtocolMap: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
  brokerListenerName: 'PLAINTEXT',
  defaultControllers: 3,
  maxVoters: 9,
  /** Dedicated controllers are nodes 1001, 1002, …: apart from the brokers' 1..kafka.brokers (at most 100). */
  controllerNodeIdBase: 1000,
  /** With Docker host networking 9093 is broker 2's port (`kafka.port + 1`): a quorum of several nodes moves. */
  hostNetworkControllerPortBase: 19093,
  defaultHeap: { maximum: Size.mebibytes(512) } as HeapInput,
  defaultStorage: Size.gibibytes(5),
  storageTool: '/kafka/bin/kafka-storage.sh',
  quorumTool: '/kafka/bin/kafka-metadata-quorum.sh',
  /** Written by the pre-format step only; the entrypoint builds its own properties file afterwards. */
  formatPropertiesFile: '/tmp/kraft-format.properties',
  /** `kafka-storage.sh format --initial-controllers` / `--no-initial-controllers` came with Kafka 3.9 (KIP-853). */
  minimumQuorumKafkaVersion: '3.9.0',
  nodeName: (i: number) => `kafka-controller-${i}`,
  linkName: 'kafka-controller',
} as const;

/** A KRaft cluster id is 16 bytes, base64url without padding; derived from the cluster name so it is stable. */
export function kraftClusterId(clusterName: string): string {
  // FNV-1a over the name, widened to 16 bytes; stability matters, not secrecy.
  const bytes: number[] = [];
  let h = 0x811c9dc5;
  for (let round = 0; round < 4; round++) {
    for (const ch of `${round}:${clusterName}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    bytes.push((h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
  }
  return Buffer.from(bytes).toString('base64url');
}

/** One voter of the controller quorum, as `--initial-controllers` names it. */
export interface KRaftVoter {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  /** The voter's metadata log directory id: part of its identity in the quorum. */
  readonly directoryId: string;
}

/**
 * A KRaft directory id: 16 bytes, base64url without padding, derived from the cluster name and node id so that
 * every synth writes the same `--initial-controllers` (a changed id would name a voter that does not exist).
 */
export function kraftDirectoryId(clusterName: string, nodeId: number): string {
  const digest = createHash('sha256').update(`kraft-directory\0${clusterName}\0${nodeId}`).digest();
  return digest.subarray(0, 16).toString('base64url');
}

/** The controller node id of dedicated controller `ordinal` (1-based). */
export function controllerNodeId(ordinal: number): number {
  return KRAFT.controllerNodeIdBase + ordinal;
}

/** `--initial-controllers`: `id@host:port:directoryId,…`. */
export function initialControllers(voters: KRaftVoter[]): string {
  return voters.map((v) => `${v.nodeId}@${v.host}:${v.port}:${v.directoryId}`).join(',');
}

/** `controller.quorum.bootstrap.servers`: every controller, so that a node finds the quorum with any one down. */
export function quorumBootstrapServers(voters: KRaftVoter[]): string {
  return voters.map((v) => `${v.host}:${v.port}`).join(',');
}

/** Properties a KRaft node reads before the entrypoint, to format its storage. */
export interface KRaftFormatInput {
  readonly nodeId: number;
  readonly processRoles: string;
  readonly clusterId: string;
  /** Node-level properties the format step must agree with (`listeners`, `advertised.listeners` …). */
  readonly properties: [string, string][];
  /** Controllers: the whole initial quorum. Brokers only: none (`--no-initial-controllers`). */
  readonly voters?: KRaftVoter[];
}

/**
 * The step before the image's entrypoint that formats a node of a multi-node quorum. The stream-3.6 entrypoint
 * formats a missing `meta.properties` with `--standalone` (a one-voter quorum of its own; on a broker-only node
 * it fails outright) from its stock config, before it applies any `KAFKA_*` variable. Formatted here first, with
 * the full voter set and the cluster's id, the directory has `meta.properties` and the entrypoint leaves it alone.
 * A failed format exits: the entrypoint would otherwise format the node as a quorum of one.
 */
export function kraftFormatScript(input: KRaftFormatInput): string {
  const dir = `${KAFKA.dataDir}/${input.nodeId}`;
  const lines = [
    `process.roles=${input.processRoles}`,
    `node.id=${input.nodeId}`,
    ...input.properties.map(([k, v]) => `${k}=${v}`),
    `log.dirs=${dir}`,
  ];
  const quorum = input.voters ? `--initial-controllers=${shellQuote(initialControllers(input.voters))}` : '--no-initial-controllers';
  return [
    `if [ ! -f ${dir}/meta.properties ]; then`,
    `mkdir -p ${dir}`,
    `printf '%s\\n' ${lines.map(shellQuote).join(' ')} > ${KRAFT.formatPropertiesFile}`,
    `${KRAFT.storageTool} format --cluster-id=${shellQuote(input.clusterId)} --config=${KRAFT.formatPropertiesFile} ${quorum} || exit 1`,
    'fi',
  ].join('\n');
}

/** Properties of brokers that exist only with ZooKeeper, and of nodes that exist only with KRaft. */
const ZOOKEEPER_ONLY = [/^zookeeper\./, /^broker\.id$/, /^broker\.id\.generation\.enable$/, /^reserved\.broker\.max\.id$/];
const KRAFT_ONLY = [
  /^process\.roles$/,
  /^node\.id$/,
  /^controller\.quorum\./,
  /^controller\.listener\.names$/,
  /^metadata\.log\./,
  /^broker\.heartbeat\.interval\.ms$/,
  /^broker\.session\.timeout\.ms$/,
  /^initial\.broker\.registration\.timeout\.ms$/,
];

/** Why `property` cannot be used under `mode`, with its fix; undefined when it can. */
export function propertyModeProblem(property: string, mode: CoordinationMode): { message: string; fix: string } | undefined {
  if (mode === CoordinationMode.ZOOKEEPER && KRAFT_ONLY.some((r) => r.test(property))) {
    return {
      message: `"${property}" is a KRaft property but the coordination mode is ZooKeeper`,
      fix: 'remove it, or use a KRaft coordination mode',
    };
  }
  if (mode !== CoordinationMode.ZOOKEEPER && ZOOKEEPER_ONLY.some((r) => r.test(property))) {
    return {
      message: `"${property}" is a ZooKeeper-mode property but the coordination mode is KRaft`,
      fix: 'remove it (KRaft nodes have node ids and a controller quorum instead)',
    };
  }
  return undefined;
}

/** Controller properties the library sets itself. */
const OWNED_CONTROLLER_PROPERTIES: Record<string, string> = {
  'node.id': 'derived from the controller ordinal (1000 + i)',
  'process.roles': 'coordination',
  listeners: 'kraft.controllerPort',
  'advertised.listeners': "derived from each controller's address",
  'listener.security.protocol.map': 'derived from the coordination mode',
  'controller.listener.names': 'derived from the coordination mode',
  'controller.quorum.voters': 'derived from the controllers',
  'controller.quorum.bootstrap.servers': 'derived from the controllers',
  'log.dirs': 'fixed by the image (/kafka/data/<node id>)',
};

/**
 * Checks `kraft` against the coordination mode; returns the number of dedicated controllers (0 unless
 * `KRAFT_DEDICATED_CONTROLLERS`).
 */
export function validateKRaft(problems: Problems, mode: CoordinationMode, options: KRaftInput | undefined, external: boolean): number {
  const set = options ?? {};
  if (mode === CoordinationMode.ZOOKEEPER) {
    if (options !== undefined && !external) {
      problems.add(
        'kraft',
        'KRaft options are set but the coordination mode is ZooKeeper',
        'remove kraft, or use CoordinationMode.KRAFT_COMBINED or CoordinationMode.KRAFT_DEDICATED_CONTROLLERS',
      );
    }
    return 0;
  }
  // Against an existing Kafka no controller runs: the block is ignored with a warning.
  if (external) return 0;
  problems.integer('kraft.controllerPort', set.controllerPort, 1, 65535);
  if (mode === CoordinationMode.KRAFT_COMBINED) {
    const instead: Record<string, string> = {
      controllers: 'size the quorum with kafka.brokers (every combined node is a voter)',
      heap: 'use kafka.heap (combined nodes are brokers)',
      memoryLimit: 'use kafka.memoryLimit (combined nodes are brokers)',
      storageSize: 'use kafka.storageSize (combined nodes are brokers)',
      startupTimeoutSeconds: 'use kafka.startupTimeoutSeconds (combined nodes are brokers)',
      controllerProperties: 'use kafka.brokerProperties (combined nodes read one properties file)',
    };
    for (const [field, fix] of Object.entries(instead)) {
      if (set[field as keyof KRaftInput] !== undefined) {
        problems.add(
          `kraft.${field}`,
          `kraft.${field} applies to dedicated controllers, but with CoordinationMode.KRAFT_COMBINED every broker is also the controller`,
          `${fix}, or use CoordinationMode.KRAFT_DEDICATED_CONTROLLERS`,
        );
      }
    }
    return 0;
  }
  validateStartupTimeout(problems, 'kraft', set.startupTimeoutSeconds);
  const controllers = set.controllers ?? KRAFT.defaultControllers;
  if (!isVoterCount(controllers)) {
    problems.add('kraft.controllers', voterCountProblem(controllers), 'use 1, 3, 5, 7 or 9 controllers (3 tolerate one failure, 5 two)');
  }
  checkPassThroughProperties(problems, set.controllerProperties, {
    block: 'kraft.controllerProperties',
    envPrefix: KAFKA.envPrefix,
    modeProblem: (property) => propertyModeProblem(property, mode),
    ownedFix: (property) => (OWNED_CONTROLLER_PROPERTIES[property] ? `remove it (${OWNED_CONTROLLER_PROPERTIES[property]})` : undefined),
    sedDelimiter: KAFKA.sedDelimiter,
    credentialFix: () => BROKER_CREDENTIAL_FIX,
  });
  return isVoterCount(controllers) ? controllers : KRAFT.defaultControllers;
}

/** An odd quorum of at most 9 voters. */
export function isVoterCount(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= KRAFT.maxVoters && n % 2 === 1;
}

export function voterCountProblem(n: number): string {
  if (Number.isInteger(n) && n >= 2 && n % 2 === 0)
    return `a quorum of ${n} controllers is even: it tolerates no more failures than ${n - 1}`;
  return `${show(n)} is not an odd number of controllers from 1 to ${KRAFT.maxVoters}`;
}

/** A multi-node quorum needs `--initial-controllers`; the image stream must ship Kafka 3.9 or later. */
export function quorumVersionSupported(kafkaVersion: string): boolean {
  return compareVersions(kafkaVersion, KRAFT.minimumQuorumKafkaVersion) >= 0;
}

/** The env and startup step that make a broker (or combined node) part of the KRaft quorum. */
export interface KRaftBrokerSettings {
  /** `combined` nodes are voters and listen on the controller port; `broker` nodes only reach the quorum. */
  readonly role: 'combined' | 'broker';
  readonly clusterName: string;
  readonly voters: KRaftVoter[];
  /** One combined node formats itself (the entrypoint's `--standalone` is right for one voter). */
  readonly standalone: boolean;
}

/** The KRaft part of broker `ordinal`'s environment, in the image's variable names. */
export function kraftBrokerEnv(
  s: KRaftBrokerSettings,
  ordinal: number,
  host: string,
  port: number,
  bindHost: string,
): Record<string, string> {
  const env: Record<string, string> = {
    [KAFKA.env.clusterId]: kraftClusterId(s.clusterName),
    [KAFKA.env.nodeId]: String(ordinal),
    [KAFKA.env.nodeRole]: s.role,
  };
  if (s.role === 'combined') {
    const own = s.voters[ordinal - 1];
    env.KAFKA_LISTENERS = `${KRAFT.brokerListenerName}://${bindHost}:${port},${KRAFT.listenerName}://${bindHost}:${own.port}`;
    // Voters advertise their controller endpoint too, as `--initial-controllers` names it.
    if (!s.standalone)
      env.KAFKA_ADVERTISED_LISTENERS = `${KRAFT.brokerListenerName}://${host}:${port},${KRAFT.listenerName}://${own.host}:${own.port}`;
  } else {
    env.KAFKA_LISTENERS = `${KRAFT.brokerListenerName}://${bindHost}:${port}`;
  }
  env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP = KRAFT.securityProtocolMap;
  env.KAFKA_CONTROLLER_LISTENER_NAMES = KRAFT.listenerName;
  env.KAFKA_INTER_BROKER_LISTENER_NAME = KRAFT.brokerListenerName;
  if (s.standalone) {
    const own = s.voters[0];
    env.KAFKA_CONTROLLER_QUORUM_VOTERS = `${own.nodeId}@${own.host}:${own.port}`;
  } else {
    // Not KAFKA_CONTROLLER_QUORUM_VOTERS: the stream-3.6 entrypoint keeps only its first entry.
    env.KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS = quorumBootstrapServers(s.voters);
  }
  return env;
}

/** The pre-format step of broker `ordinal`; undefined for a standalone combined node. */
export function kraftBrokerScript(s: KRaftBrokerSettings, ordinal: number, env: Record<string, string>): string | undefined {
  if (s.standalone) return undefined;
  return kraftFormatScript({
    nodeId: ordinal,
    processRoles: s.role === 'combined' ? 'broker,controller' : 'broker',
    clusterId: kraftClusterId(s.clusterName),
    properties: formatProperties(env, true),
    voters: s.role === 'combined' ? s.voters : undefined,
  });
}

/** The listener settings of a node's environment, as the format step reads them. */
function formatProperties(env: Record<string, string>, broker: boolean): [string, string][] {
  const names = [
    'KAFKA_CONTROLLER_LISTENER_NAMES',
    'KAFKA_LISTENERS',
    'KAFKA_ADVERTISED_LISTENERS',
    'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP',
    ...(broker ? ['KAFKA_INTER_BROKER_LISTENER_NAME'] : []),
    'KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS',
  ];
  return names.filter((n) => env[n] !== undefined).map((n) => [n.slice(KAFKA.envPrefix.length).toLowerCase().replace(/_/g, '.'), env[n]]);
}

/** The dedicated controllers of `CoordinationMode.KRAFT_DEDICATED_CONTROLLERS`. */
export function controllerNodes(args: {
  options: KRaftInput;
  voters: KRaftVoter[];
  clusterName: string;
  image: string;
  logLevel: string;
  bindHost: string;
  /** Cluster-wide topic defaults the controllers apply to topics created without them. */
  topicDefaults: Record<string, string>;
}): NodeSpec[] {
  const { options, voters } = args;
  const heap = options.heap ?? KRAFT.defaultHeap;
  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit(heap);
  const size = options.storageSize ?? KRAFT.defaultStorage;
  const startupBudget = options.startupTimeoutSeconds ?? defaultStartupTimeoutSeconds(size);
  return voters.map((v, index) => {
    const ordinal = index + 1;
    const env: Record<string, string> = {
      [KAFKA.env.clusterId]: kraftClusterId(args.clusterName),
      [KAFKA.env.nodeId]: String(v.nodeId),
      [KAFKA.env.nodeRole]: 'controller',
      [KAFKA.env.heapOpts]: heapOpts(heap),
      [KAFKA.env.logLevel]: args.logLevel,
      KAFKA_LISTENERS: `${KRAFT.listenerName}://${args.bindHost}:${v.port}`,
      // The entrypoint would advertise PLAINTEXT://<ip>:9092, a listener a controller does not have.
      KAFKA_ADVERTISED_LISTENERS: `${KRAFT.listenerName}://${v.host}:${v.port}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: KRAFT.securityProtocolMap,
      KAFKA_CONTROLLER_LISTENER_NAMES: KRAFT.listenerName,
      KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS: quorumBootstrapServers(voters),
      ...args.topicDefaults,
    };
    if (args.bindHost === '127.0.0.1') env[KAFKA.env.jmxOpts] = KAFKA.loopbackJmxOpts;
    for (const [property, value] of Object.entries(options.controllerProperties ?? {})) {
      env[propertyToEnvName(property, KAFKA.envPrefix)] = value;
    }
    const health = withStartupBudget(
      {
        // Healthy once the quorum has a leader: `describe --status` prints `LeaderId: -1` while it has none.
        command: onceListening(
          v.host,
          v.port,
          `${KRAFT.quorumTool} --bootstrap-controller ${v.host}:${v.port} describe --status | grep -Eq '^LeaderId:[[:space:]]+[0-9]'`,
        ),
        intervalSeconds: 15,
        timeoutSeconds: 30,
        retries: 10,
        port: v.port,
        // A JVM per check: Docker's start-up wait only; Kubernetes probes the port.
        expensive: true,
      },
      startupBudget,
    );
    return {
      component: Component.KAFKA_CONTROLLER,
      ordinal,
      name: KRAFT.nodeName(ordinal),
      host: v.host,
      image: args.image,
      env,
      ports: [{ name: 'controller', containerPort: v.port }],
      volumes: [{ name: 'data', mountPath: KAFKA.dataDir, size }],
      heap,
      memoryLimit,
      health,
      startupScript: kraftFormatScript({
        nodeId: v.nodeId,
        processRoles: 'controller',
        clusterId: kraftClusterId(args.clusterName),
        properties: formatProperties(env, false),
        voters,
      }),
    };
  });
}

/**
 * The controller listener's port of voter i. Every node has its own address on bridge networks and Kubernetes;
 * with Docker host networking all share 127.0.0.1, where brokers take `kafka.port + i - 1` (9092, 9093, …), so a
 * quorum of more than one KRaft node starts at 19093 (one combined node keeps the image's 9093).
 */
export function kraftControllerPorts(
  mode: CoordinationMode,
  configured: number | undefined,
  hostMode: boolean,
  brokers: number,
): (i: number) => number {
  const single = mode === CoordinationMode.KRAFT_COMBINED && brokers === 1;
  const base =
    Number.isInteger(configured) && configured! >= 1 && configured! <= 65535
      ? configured!
      : hostMode && !single
        ? KRAFT.hostNetworkControllerPortBase
        : KAFKA.controllerPort;
  return (i) => (hostMode ? base + i - 1 : base);
}

/** A multi-node quorum is formatted with `--initial-controllers`: refused when the images' Kafka predates it. */
export function checkQuorumVersion(problems: Problems, images: ImageInput, kafkaVersion: string): void {
  if (quorumVersionSupported(kafkaVersion)) return;
  const { field, value } = kafkaVersionSource(images);
  problems.add(
    field,
    `${JSON.stringify(value)} means Kafka ${kafkaVersion}, whose kafka-storage.sh cannot format a multi-node KRaft quorum (--initial-controllers came with Kafka ${KRAFT.minimumQuorumKafkaVersion})`,
    `use an image of Kafka ${KRAFT.minimumQuorumKafkaVersion} or later (Debezium stream 3.0 or later), or a single CoordinationMode.KRAFT_COMBINED node`,
  );
}

/** The KRaft quorum of a cluster: its voters, their controller ports, and how a broker takes part. */
export interface KRaftQuorum {
  /** Dedicated controllers, as given (checked). */
  readonly controllers: number;
  readonly voters: KRaftVoter[];
  /** The controller listener's port of voter i. */
  readonly controllerPort: (ordinal: number) => number;
  /** How a broker joins the quorum; undefined with ZooKeeper. */
  readonly brokerNode?: KafkaKRaftNode;
}

/**
 * The KRaft quorum (KRaft coordination modes): the controller count and properties, an odd number of combined
 * nodes, a Kafka that can format a multi-node quorum, and the voters with their addresses and ports.
 * `brokersGiven` is `kafka.brokers` as given (every broker is a voter with KRAFT_COMBINED).
 */
export function resolveKRaftQuorum(
  problems: Problems,
  topo: Topology,
  options: KRaftInput | undefined,
  brokersGiven: number,
  images: { readonly options: ImageInput; readonly kafkaVersion: string },
): KRaftQuorum {
  const { coordination, external, name, network: net } = topo;
  const controllers = validateKRaft(problems, coordination, options, external);
  const combined = coordination === CoordinationMode.KRAFT_COMBINED;
  if (combined && !external && Number.isInteger(brokersGiven) && brokersGiven >= 1 && !isVoterCount(brokersGiven)) {
    problems.add(
      'kafka.brokers',
      `with CoordinationMode.KRAFT_COMBINED every broker is a controller, and ${voterCountProblem(brokersGiven).replace(/controllers/g, 'voters')}`,
      `use 1, 3, 5, 7 or 9 brokers, or CoordinationMode.KRAFT_DEDICATED_CONTROLLERS for ${brokersGiven} brokers and a quorum of its own`,
    );
  }
  // One combined node formats itself; every other KRaft shape needs `kafka-storage.sh format --initial-controllers`.
  const multiNode = !external && (coordination === CoordinationMode.KRAFT_DEDICATED_CONTROLLERS || (combined && brokersGiven !== 1));
  if (multiNode) checkQuorumVersion(problems, images.options, images.kafkaVersion);
  const brokerCount = nodeCount(brokersGiven);
  const controllerPort = kraftControllerPorts(coordination, options?.controllerPort, topo.hostMode, brokerCount);
  const voters: KRaftVoter[] = [];
  if (combined) {
    for (let i = 1; i <= brokerCount; i++) {
      const host = net.addressing.nodeHost(name, Component.KAFKA, i, KAFKA.nodeName(i));
      voters.push({ nodeId: i, host, port: controllerPort(i), directoryId: kraftDirectoryId(name, i) });
    }
  } else if (coordination === CoordinationMode.KRAFT_DEDICATED_CONTROLLERS) {
    for (let i = 1; i <= controllers; i++) {
      voters.push({
        nodeId: controllerNodeId(i),
        host: net.addressing.nodeHost(name, Component.KAFKA_CONTROLLER, i, KRAFT.nodeName(i)),
        port: controllerPort(i),
        directoryId: kraftDirectoryId(name, controllerNodeId(i)),
      });
    }
  }
  const settings: KRaftBrokerSettings | undefined =
    coordination === CoordinationMode.ZOOKEEPER
      ? undefined
      : { role: combined ? 'combined' : 'broker', clusterName: name, voters, standalone: combined && brokerCount === 1 };
  const brokerNode: KafkaKRaftNode | undefined = settings && {
    env: (i, host, port) => kraftBrokerEnv(settings, i, host, port, topo.bindHost),
    controllerPort: (i) => (settings.role === 'combined' ? voters[i - 1].port : undefined),
    startupScript: (i, env) => kraftBrokerScript(settings, i, env),
  };
  return { controllers, voters, controllerPort, brokerNode };
}

/**
 * The dedicated controllers' nodes (KRAFT_DEDICATED_CONTROLLERS with the cluster's own Kafka), after the brokers:
 * the controllers create topics for them and apply the brokers' topic defaults to topics that name none.
 */
export function resolveControllers(
  topo: Topology,
  quorum: KRaftQuorum,
  options: KRaftInput | undefined,
  image: string,
  brokerTopicDefaults: Record<string, string>,
): NodeSpec[] {
  if (topo.external || topo.coordination !== CoordinationMode.KRAFT_DEDICATED_CONTROLLERS) return [];
  return controllerNodes({
    options: options ?? {},
    voters: quorum.voters,
    clusterName: topo.name,
    image,
    logLevel: topo.logLevel,
    bindHost: topo.bindHost,
    topicDefaults: brokerTopicDefaults,
  });
}

import { CONNECT, ConnectWorkersOptions, connectNodes, validateConnect, validateConnectEnv } from './connect-worker';
import { compareVersions, CoordinationMode, IMAGE_DIGEST, ImageOptions, resolveImages, ResolvedImages } from './image';
import { KAFKA, KafkaKRaftNode, KafkaOptions, kafkaNodes, validateKafka } from './kafka';
import {
  controllerNodeId,
  controllerNodes,
  isVoterCount,
  KRAFT,
  KRaftBrokerSettings,
  kraftBrokerEnv,
  kraftBrokerScript,
  kraftDirectoryId,
  KRaftOptions,
  KRaftVoter,
  propertyModeProblem,
  quorumVersionSupported,
  validateKRaft,
  voterCountProblem,
} from './kraft';
import { Addressing, Component, ComponentSpec, FileSourceKind, NetworkKind, NodeSpec, RestEndpoint } from './nodes';
import { checkTopicName, resolveInternalTopics, ResolvedInternalTopics } from './topic';
import { SecretDelivery, SecretSource } from './secret-ref';
import { Problems, ValidationProblem } from './validation';
import { propertyToEnvName } from './worker-properties';
import { validateZooKeeper, ZOOKEEPER, ZooKeeperOptions, zookeeperNodes } from './zookeeper';
import { DNS_1123_SUBDOMAIN } from './names';

/** DNS-1123 label; 30 characters leave room for the longest derived name (`<name>-kafka-controller-headless`, 56). */
const CLUSTER_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_CLUSTER_NAME_LENGTH = 30;

/**
 * Target facts the model needs (how the target is reached and what it can run, not what it renders). Given by
 * `Target._network()` from the target's policy; the model asks these instead of branching on `kind`.
 */
export interface NetworkInput {
  readonly kind: NetworkKind;
  /** Kubernetes namespace (pod DNS names include it). */
  readonly namespace?: string;
  /** Docker: publish the REST API on all host interfaces instead of 127.0.0.1. */
  readonly publishRestOnAllInterfaces?: boolean;
  /** Docker bridge: first host port the workers' REST APIs are published on. */
  readonly restHostPortBase?: number;
  /** Where the target reaches the nodes and services the model names. */
  readonly addressing: Addressing;
  /**
   * Every node listens on the interfaces of one shared host (Docker host networking): ports step per node
   * (`port + i - 1`), nodes bind to 127.0.0.1, there is no Service in front of the workers, and a ZooKeeper
   * ensemble cannot run.
   */
  readonly sharedHost: boolean;
  /** The peer names the images derive themselves (ZooKeeper's `zoo.cfg`) resolve on the target's network. */
  readonly imagePeerNamesResolve: boolean;
  /** The workers' REST APIs are published on host ports from `restHostPortBase` (Docker bridge). */
  readonly publishesRestPorts: boolean;
  /** The nodes bind or publish ports of one host (Docker): two nodes may not take the same host port. */
  readonly nodesShareHostPorts: boolean;
  /** How connector secrets reach the workers. */
  readonly secretDelivery: SecretDelivery;
  /** The sources of `Secret`s the target can deliver to the workers; the first is the one to suggest. */
  readonly secretSources: readonly SecretSource[];
  /** The kind of `SecretFiles` the target can mount. */
  readonly secretFileSource: FileSourceKind;
  /** What the target runs the nodes in, for messages: "Docker containers", "Kubernetes pods". */
  readonly nodesNoun: string;
  /**
   * Files on the synth machine reach the nodes (Docker builds the plugin image from them); where they do not
   * (Kubernetes), plugins must come from an image or a URL.
   */
  readonly localFilesReachNodes: boolean;
  /**
   * Where the host names of bootstrap servers resolve: two clusters of one scope with the same servers reach the
   * same Kafka (the cross-cluster storage-topic rule).
   */
  readonly nameScope: string;
  /** The target's name, for messages: "Docker", "Kubernetes". */
  readonly targetName: string;
  /** Checks of target options the model reports with its own (the Kubernetes namespace name). */
  validate?(problems: Problems): void;
}

/** Everything the user says about one cluster, target-neutral. */
export interface ClusterInput {
  /** Where problems are reported (construct path). */
  readonly constructPath: string;
  readonly clusterName: string;
  readonly coordination?: CoordinationMode;
  readonly zookeeper?: ZooKeeperOptions;
  readonly kafka?: KafkaOptions;
  /** The KRaft controller quorum (KRaft coordination modes). */
  readonly kraft?: KRaftOptions;
  readonly connect?: ConnectWorkersOptions;
  readonly images?: ImageOptions;
  readonly network: NetworkInput;
}

/** The resolved, validated cluster: plain data the renderers translate. */
export interface ClusterModel {
  readonly name: string;
  readonly coordination: CoordinationMode;
  readonly network: NetworkInput;
  readonly images: ResolvedImages;
  /** In start order. ZooKeeper and Kafka are absent when Connect uses an external Kafka. */
  readonly components: ComponentSpec[];
  readonly internalTopics: ResolvedInternalTopics;
  readonly bootstrapServers: string;
  /** REST URLs as reachable from where the cluster is deployed (host for Docker, cluster DNS for Kubernetes). */
  readonly restUrls: string[];
  /**
   * Where tasks inside the cluster reach the REST API, tried in order: the workers' Service (any worker) on
   * bridge networks and Kubernetes; every worker with Docker host networking, where there is no Service.
   */
  readonly restEndpoints: RestEndpoint[];
  /** Brokers the cluster's Kafka tools use. */
  readonly brokerCount: number;
  /** How connector secrets reach the workers. */
  readonly secretDelivery: SecretDelivery;
  readonly warnings: string[];
}

export function component(model: ClusterModel, c: Component): ComponentSpec | undefined {
  return model.components.find((x) => x.component === c);
}

export function validateClusterName(problems: Problems, name: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    problems.add('clusterName', 'cluster name is empty', 'set clusterName to a short lowercase name such as "inventory"');
    return;
  }
  if (name.length > MAX_CLUSTER_NAME_LENGTH) {
    problems.add(
      'clusterName',
      `"${name}" is ${name.length} characters long`,
      `use at most ${MAX_CLUSTER_NAME_LENGTH} characters (names of containers, volumes and Kubernetes objects are derived from it)`,
    );
  }
  if (!CLUSTER_NAME.test(name)) {
    problems.add(
      'clusterName',
      `"${name}" is not a DNS-1123 label`,
      'use lowercase letters, digits and "-", starting with a letter and ending with a letter or digit',
    );
  }
}

/**
 * The cluster the user describes, resolved and validated: the model, or — when anything is wrong — every
 * problem found (no model). Never throws for invalid input.
 */
export function resolveCluster(input: ClusterInput): { model?: ClusterModel; problems: ValidationProblem[] } {
  const problems = new Problems(input.constructPath);
  const warnings: string[] = [];
  const name = input.clusterName;
  validateClusterName(problems, name);
  const coordination = input.coordination ?? CoordinationMode.ZOOKEEPER;
  if (!(Object.values(CoordinationMode) as string[]).includes(coordination)) {
    problems.add(
      'coordination',
      `${JSON.stringify(coordination)} is not a coordination mode`,
      'use CoordinationMode.ZOOKEEPER, CoordinationMode.KRAFT_COMBINED or CoordinationMode.KRAFT_DEDICATED_CONTROLLERS',
    );
  }
  const net = input.network;
  net.validate?.(problems);
  const connectOptions = input.connect ?? {};
  const kafkaOptions = input.kafka ?? {};
  const external = connectOptions.bootstrapServers !== undefined;
  const zkOptions = input.zookeeper ?? {};
  const zkCount = coordination === CoordinationMode.ZOOKEEPER && !external ? validateZooKeeper(problems, zkOptions) : 0;
  if (coordination !== CoordinationMode.ZOOKEEPER && input.zookeeper !== undefined) {
    problems.add(
      'zookeeper',
      'a ZooKeeper ensemble is configured but the coordination mode is KRaft',
      'remove zookeeper, or use CoordinationMode.ZOOKEEPER',
    );
  }
  const brokers = validateKafka(problems, kafkaOptions, (property) => propertyModeProblem(property, coordination));
  const controllers = validateKRaft(problems, coordination, input.kraft, external);
  if (
    coordination === CoordinationMode.KRAFT_COMBINED &&
    !external &&
    Number.isInteger(brokers) &&
    brokers >= 1 &&
    !isVoterCount(brokers)
  ) {
    problems.add(
      'kafka.brokers',
      `with CoordinationMode.KRAFT_COMBINED every broker is a controller, and ${voterCountProblem(brokers).replace(/controllers/g, 'voters')}`,
      `use 1, 3, 5, 7 or 9 brokers, or CoordinationMode.KRAFT_DEDICATED_CONTROLLERS for ${brokers} brokers and a quorum of its own`,
    );
  }
  const secretDelivery = net.secretDelivery;
  const { workers, logLevel } = validateConnect(problems, connectOptions, secretDelivery);
  if (connectOptions.secretFiles !== undefined) validateSecretFiles(problems, connectOptions, net);
  const images = resolveImages(coordination, input.images);
  validateImages(problems, coordination, external, input.images ?? {}, images.kafkaVersion);
  // One combined node formats itself; every other KRaft shape needs `kafka-storage.sh format --initial-controllers`.
  const multiNodeKRaft =
    !external &&
    (coordination === CoordinationMode.KRAFT_DEDICATED_CONTROLLERS || (coordination === CoordinationMode.KRAFT_COMBINED && brokers !== 1));
  if (multiNodeKRaft && !quorumVersionSupported(images.kafkaVersion)) {
    const opts = input.images ?? {};
    const field =
      opts.kafkaVersion !== undefined ? 'images.kafkaVersion' : opts.kafkaImage !== undefined ? 'images.kafkaImage' : 'images.tag';
    problems.add(
      field,
      `${JSON.stringify(opts.kafkaVersion ?? opts.kafkaImage ?? opts.tag)} means Kafka ${images.kafkaVersion}, whose kafka-storage.sh cannot format a multi-node KRaft quorum (--initial-controllers came with Kafka ${KRAFT.minimumQuorumKafkaVersion})`,
      `use an image of Kafka ${KRAFT.minimumQuorumKafkaVersion} or later (Debezium stream 3.0 or later), or a single CoordinationMode.KRAFT_COMBINED node`,
    );
  }
  if (external) {
    // A Connect-only cluster runs no ZooKeeper or brokers: these blocks would be silently ignored.
    if (input.zookeeper !== undefined)
      warnings.push(`zookeeper: ignored because connect.bootstrapServers points at an existing Kafka; remove it`);
    const { brokers: _brokers, ...kafkaRest } = kafkaOptions;
    if (kafkaOptions.brokers !== undefined && connectOptions.internalTopics?.replicationFactor === undefined) {
      warnings.push(
        `kafka.brokers: no broker runs because connect.bootstrapServers points at an existing Kafka; ${kafkaOptions.brokers} is taken as that Kafka's size and the internal topics' replication factor defaults to ${Math.min(3, kafkaOptions.brokers)} from it — set connect.internalTopics.replicationFactor to say so explicitly`,
      );
    }
    if (input.kraft !== undefined) warnings.push('kraft: ignored because connect.bootstrapServers points at an existing Kafka; remove it');
    if (Object.keys(kafkaRest).length > 0)
      warnings.push(
        `kafka.${Object.keys(kafkaRest).sort().join(', kafka.')}: ignored because connect.bootstrapServers points at an existing Kafka; remove them`,
      );
  }
  const hostMode = net.sharedHost;
  if (hostMode && zkCount > 1) {
    problems.add(
      'zookeeper.nodes',
      `an ensemble of ${zkCount} nodes cannot run with Docker host networking (every node would need ports 2181, 2888 and 3888)`,
      'use 1 ZooKeeper node with host networking, or a bridge network',
    );
  }
  const validCount = (n: number) => (Number.isInteger(n) && n >= 1 && n <= 100 ? n : 1);

  // Addresses per target.
  const kafkaPort = kafkaOptions.port ?? KAFKA.port;
  const restPortBase = connectOptions.restPort ?? CONNECT.restPort;
  const zkHost = (i: number) => net.addressing.nodeHost(name, Component.ZOOKEEPER, i, ZOOKEEPER.peerName(i));
  const kafkaHost = (i: number) => net.addressing.nodeHost(name, Component.KAFKA, i, KAFKA.nodeName(i));
  const connectHost = (i: number) => net.addressing.nodeHost(name, Component.CONNECT, i, CONNECT.nodeName(i));

  const zkNodes = zookeeperNodes(zkOptions, validCount(zkCount || 1), images.zookeeper, logLevel, {
    host: zkHost,
    imagePeerNamesResolve: net.imagePeerNamesResolve,
    clientBindHost: hostMode ? '127.0.0.1' : undefined,
  }).slice(0, zkCount);
  const zookeeperConnect = zkNodes.map((n) => `${n.host}:${ZOOKEEPER.clientPort}`).join(',');
  const brokerCount = validCount(brokers);
  const kraftPorts = kraftControllerPorts(coordination, input.kraft?.controllerPort, hostMode, brokerCount);
  const controllerHost = (i: number) => net.addressing.nodeHost(name, Component.KAFKA_CONTROLLER, i, KRAFT.nodeName(i));
  const voters: KRaftVoter[] = [];
  if (coordination === CoordinationMode.KRAFT_COMBINED) {
    for (let i = 1; i <= brokerCount; i++)
      voters.push({ nodeId: i, host: kafkaHost(i), port: kraftPorts(i), directoryId: kraftDirectoryId(name, i) });
  } else if (coordination === CoordinationMode.KRAFT_DEDICATED_CONTROLLERS) {
    for (let i = 1; i <= controllers; i++) {
      voters.push({
        nodeId: controllerNodeId(i),
        host: controllerHost(i),
        port: kraftPorts(i),
        directoryId: kraftDirectoryId(name, controllerNodeId(i)),
      });
    }
  }
  const bindHost = hostMode ? '127.0.0.1' : '0.0.0.0';
  const kraftSettings: KRaftBrokerSettings | undefined =
    coordination === CoordinationMode.ZOOKEEPER
      ? undefined
      : {
          role: coordination === CoordinationMode.KRAFT_COMBINED ? 'combined' : 'broker',
          clusterName: name,
          voters,
          standalone: coordination === CoordinationMode.KRAFT_COMBINED && brokerCount === 1,
        };
  const kraftNode: KafkaKRaftNode | undefined = kraftSettings && {
    env: (i, host, port) => kraftBrokerEnv(kraftSettings, i, host, port, bindHost),
    controllerPort: (i) => (kraftSettings.role === 'combined' ? voters[i - 1].port : undefined),
    startupScript: (i, env) => kraftBrokerScript(kraftSettings, i, env),
  };
  const kNodes = external
    ? []
    : kafkaNodes({
        options: kafkaOptions,
        brokers: brokerCount,
        mode: coordination,
        clusterName: name,
        image: images.kafka,
        logLevel,
        zookeeperConnect,
        addressing: {
          host: kafkaHost,
          port: (i) => (hostMode ? kafkaPort + i - 1 : kafkaPort),
          bindHost,
        },
        kraft: kraftNode,
      });
  const ctrlNodes =
    external || coordination !== CoordinationMode.KRAFT_DEDICATED_CONTROLLERS
      ? []
      : controllerNodes({
          options: input.kraft ?? {},
          voters,
          clusterName: name,
          image: images.kafka,
          logLevel,
          bindHost,
          // The controllers create topics for the brokers: they apply these defaults to topics that name none.
          topicDefaults: {
            KAFKA_DEFAULT_REPLICATION_FACTOR: kNodes[0].env.KAFKA_DEFAULT_REPLICATION_FACTOR,
            KAFKA_MIN_INSYNC_REPLICAS: kNodes[0].env.KAFKA_MIN_INSYNC_REPLICAS,
          },
        });
  const bootstrapServers = external
    ? (connectOptions.bootstrapServers ?? []).join(',')
    : kNodes.map((n) => `${n.host}:${n.ports[0].containerPort}`).join(',');

  const topicNames = {
    config: connectOptions.configStorageTopic ?? CONNECT.topicNames.config(name),
    offset: connectOptions.offsetStorageTopic ?? CONNECT.topicNames.offset(name),
    status: connectOptions.statusStorageTopic ?? CONNECT.topicNames.status(name),
  };
  checkTopicName(problems, 'connect.configStorageTopic', topicNames.config);
  checkTopicName(problems, 'connect.offsetStorageTopic', topicNames.offset);
  checkTopicName(problems, 'connect.statusStorageTopic', topicNames.status);
  const distinct = new Set(Object.values(topicNames));
  if (distinct.size < 3) {
    problems.add(
      'connect.configStorageTopic',
      `the config, offset and status storage topics must be three different topics, got ${JSON.stringify(topicNames)}`,
      'give each storage topic its own name',
    );
  }
  // Against an existing Kafka, kafka.brokers describes that Kafka (the replication factors default from it);
  // unset, it is assumed to have at least Kafka's default replication factor of 3 brokers.
  const effectiveBrokers = external ? (kafkaOptions.brokers ?? 3) : validCount(brokers);
  const internalTopics = resolveInternalTopics(problems, topicNames, connectOptions.internalTopics ?? {}, effectiveBrokers);

  // Ports that step per node must stay within the port range for the last node too.
  const lastPort = (field: string, base: number | undefined, nodes: number) => {
    if (base === undefined || !Number.isInteger(base) || base < 1 || base > 65535) return;
    if (Number.isInteger(nodes) && base + nodes - 1 > 65535) {
      problems.add(
        field,
        `port ${base} + ${nodes - 1} for the last of ${nodes} nodes is above 65535`,
        `use a port of at most ${65536 - nodes}`,
      );
    }
  };
  if (net.publishesRestPorts && problems.integer('target.restHostPortBase', net.restHostPortBase, 1, 65535)) {
    lastPort('target.restHostPortBase', net.restHostPortBase, workers);
  }
  if (hostMode) {
    lastPort('connect.restPort', connectOptions.restPort, workers);
    if (!external) lastPort('kafka.port', kafkaOptions.port, brokers);
    if (!external && coordination !== CoordinationMode.ZOOKEEPER) {
      lastPort(
        'kraft.controllerPort',
        input.kraft?.controllerPort,
        coordination === CoordinationMode.KRAFT_COMBINED ? brokers : controllers,
      );
    }
  }
  // A combined node has both listeners in one container, whatever the network.
  if (!external && coordination === CoordinationMode.KRAFT_COMBINED && !hostMode && kraftPorts(1) === kafkaPort) {
    problems.add(
      'kraft.controllerPort',
      `port ${kafkaPort} is also kafka.port: a combined node cannot listen twice on one port`,
      'give kraft.controllerPort and kafka.port different values',
    );
  }
  const publishIp = net.publishRestOnAllInterfaces ? '0.0.0.0' : '127.0.0.1';
  const restHostPortBase = net.restHostPortBase ?? CONNECT.restPort;
  if (connectOptions.restHostName !== undefined && hostMode && !['127.0.0.1', '0.0.0.0'].includes(connectOptions.restHostName)) {
    problems.add(
      'connect.restHostName',
      `"${connectOptions.restHostName}" is not an interface of the Docker host`,
      'with host networking use "127.0.0.1" (default) or "0.0.0.0" (with publishRestOnAllInterfaces)',
    );
  }
  const cNodes = connectNodes({
    options: connectOptions,
    workers: validCount(workers),
    clusterName: name,
    image: images.connect,
    kafkaVersion: images.kafkaVersion,
    logLevel,
    bootstrapServers,
    topics: internalTopics,
    addressing: {
      host: connectHost,
      restPort: (i) => (hostMode ? restPortBase + i - 1 : restPortBase),
      publishedPort: (i) => (net.publishesRestPorts ? restHostPortBase + i - 1 : undefined),
      publishHostIp: publishIp,
      defaultRestBindHost: hostMode ? (net.publishRestOnAllInterfaces ? '0.0.0.0' : '127.0.0.1') : undefined,
    },
    warn: (m) => warnings.push(m),
    secretDelivery,
  });

  for (const node of cNodes) {
    validateConnectEnv(problems, node.env, (envName) => connectFieldOf(envName, connectOptions));
    break; // every worker carries the same user-supplied values
  }
  const allNodes = [...zkNodes, ...ctrlNodes, ...kNodes, ...cNodes];
  validateMemory(problems, allNodes);
  if (net.nodesShareHostPorts) validateHostPorts(problems, allNodes, hostMode);

  if (!problems.empty) return { problems: problems.list };

  const components: ComponentSpec[] = [];
  if (zkNodes.length > 0) {
    components.push({
      component: Component.ZOOKEEPER,
      nodes: zkNodes,
      serviceHost: net.addressing.serviceHost(name, Component.ZOOKEEPER, ZOOKEEPER.linkName),
      dependsOn: [],
      quorum: zkNodes.length > 1,
    });
  }
  if (ctrlNodes.length > 0) {
    components.push({
      component: Component.KAFKA_CONTROLLER,
      nodes: ctrlNodes,
      serviceHost: net.addressing.serviceHost(name, Component.KAFKA_CONTROLLER, KRAFT.linkName),
      dependsOn: [],
      quorum: true,
    });
  }
  if (kNodes.length > 0) {
    components.push({
      component: Component.KAFKA,
      nodes: kNodes,
      serviceHost: net.addressing.serviceHost(name, Component.KAFKA, KAFKA.linkName),
      dependsOn: zkNodes.length > 0 ? [Component.ZOOKEEPER] : ctrlNodes.length > 0 ? [Component.KAFKA_CONTROLLER] : [],
      // Combined nodes are the voters: a disruption must leave a majority of them.
      quorum: coordination === CoordinationMode.KRAFT_COMBINED && kNodes.length > 1,
    });
  }
  components.push({
    component: Component.CONNECT,
    nodes: cNodes,
    serviceHost: net.addressing.serviceHost(name, Component.CONNECT, CONNECT.linkName),
    dependsOn: kNodes.length > 0 ? [Component.KAFKA] : [],
  });

  const restUrls = cNodes.map((n) => {
    const p = n.ports[0];
    if (net.publishesRestPorts) return `http://${p.hostIp === '0.0.0.0' ? '127.0.0.1' : p.hostIp}:${p.hostPort}`;
    return `http://${n.host}:${p.containerPort}`;
  });
  const restEndpoints = hostMode
    ? cNodes.map((n) => ({ host: n.host, port: n.ports[0].containerPort }))
    : [{ host: components[components.length - 1].serviceHost, port: cNodes[0].ports[0].containerPort }];
  return {
    model: {
      name,
      coordination,
      network: net,
      images,
      components,
      internalTopics,
      bootstrapServers,
      restUrls,
      restEndpoints,
      brokerCount: effectiveBrokers,
      secretDelivery,
      warnings,
    },
    problems: [],
  };
}

/**
 * The controller listener's port of voter i. Every node has its own address on bridge networks and Kubernetes;
 * with Docker host networking all share 127.0.0.1, where brokers take `kafka.port + i - 1` (9092, 9093, …), so a
 * quorum of more than one KRaft node starts at 19093 (one combined node keeps the image's 9093).
 */
function kraftControllerPorts(
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

/** The prop a `CONNECT_*` variable came from, so a bad value is reported where the user wrote it. */
function connectFieldOf(envName: string, options: ConnectWorkersOptions): string {
  const property = Object.keys(options.workerProperties ?? {}).find((p) => propertyToEnvName(p) === envName);
  if (property !== undefined) return `connect.workerProperties["${property}"]`;
  if (envName === propertyToEnvName('listeners')) return 'connect.restHostName';
  return `connect (${envName})`;
}

/** Directories the images own: a mount there would hide or freeze what they write. */
const IMAGE_OWNED_DIRS = [
  '/kafka',
  '/kafka/config',
  '/kafka/logs',
  '/kafka/connect',
  '/kafka/data',
  '/kafka/bin',
  '/kafka/libs',
  '/kafka/secrets',
];

/** How each kind of `SecretFiles` is named in messages and made. */
const FILE_SOURCES: Record<FileSourceKind, { readonly label: string; readonly factory: string }> = {
  [FileSourceKind.KUBERNETES_SECRET]: { label: 'Kubernetes Secret', factory: 'fromKubernetesSecret' },
  [FileSourceKind.DOCKER_VOLUME]: { label: 'Docker volume', factory: 'fromDockerVolume' },
};

function validateSecretFiles(problems: Problems, options: ConnectWorkersOptions, network: NetworkInput): void {
  const seen = new Set<string>();
  (options.secretFiles ?? []).forEach((m, i) => {
    const field = `connect.secretFiles[${i}]`;
    const kind = (m?.files as { _kind?: string } | undefined)?._kind;
    if (kind === undefined) {
      problems.add(`${field}.files`, 'no files given', 'use SecretFiles.fromKubernetesSecret(name) or SecretFiles.fromDockerVolume(name)');
      return;
    }
    const path = m.mountPath;
    if (
      typeof path !== 'string' ||
      !/^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/.test(path) ||
      path.split('/').some((s) => s === '..' || s === '.')
    ) {
      problems.add(
        `${field}.mountPath`,
        `${JSON.stringify(path)} is not an absolute directory`,
        'give an absolute path such as "/kafka/tls"',
      );
    } else if (IMAGE_OWNED_DIRS.some((d) => path === d || (path.startsWith(`${d}/`) && d !== '/kafka'))) {
      problems.add(
        `${field}.mountPath`,
        `"${path}" is a directory the image or the library writes`,
        'mount elsewhere, e.g. "/kafka/tls" or "/etc/kafka-tls"',
      );
    } else if (seen.has(path)) {
      problems.add(`${field}.mountPath`, `"${path}" is mounted twice`, 'give each mount its own directory');
    }
    seen.add(path);
    const name = m.files._name;
    const source = (Object.values(FileSourceKind) as string[]).includes(kind) ? FILE_SOURCES[kind as FileSourceKind] : undefined;
    if (source !== undefined && kind !== network.secretFileSource) {
      problems.add(
        `${field}.files`,
        `${source.label} "${name}" cannot reach ${network.nodesNoun}`,
        `use SecretFiles.${FILE_SOURCES[network.secretFileSource].factory}(name) on the ${network.targetName} target`,
      );
    }
    if (
      typeof name !== 'string' ||
      !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) ||
      (kind === FileSourceKind.KUBERNETES_SECRET && !DNS_1123_SUBDOMAIN.test(name))
    ) {
      problems.add(
        `${field}.files`,
        `${JSON.stringify(name)} is not a ${kind === FileSourceKind.KUBERNETES_SECRET ? 'Secret' : 'volume'} name`,
        'give the name of an existing one',
      );
    }
  });
}

/** Kafka 4 removed ZooKeeper mode; a registry is a host[:port], not a URL. */
function validateImages(problems: Problems, coordination: string, external: boolean, options: ImageOptions, kafkaVersion: string): void {
  if (coordination === CoordinationMode.ZOOKEEPER && !external && compareVersions(kafkaVersion, '4.0.0') >= 0) {
    const field =
      options.kafkaVersion !== undefined ? 'images.kafkaVersion' : options.kafkaImage !== undefined ? 'images.kafkaImage' : 'images.tag';
    const value = options.kafkaVersion ?? options.kafkaImage ?? options.tag;
    problems.add(
      field,
      `${JSON.stringify(value)} means Kafka ${kafkaVersion}, which has no ZooKeeper mode (removed in Kafka 4.0)`,
      `use a 3.0 or 3.1 image stream with CoordinationMode.ZOOKEEPER, or CoordinationMode.KRAFT_COMBINED for ${JSON.stringify(value)}`,
    );
  }
  const registry = options.registry;
  if (
    registry !== undefined &&
    (typeof registry !== 'string' || /:\/\//.test(registry) || /^\/|\/$/.test(registry) || /\s/.test(registry))
  ) {
    problems.add(
      'images.registry',
      `${JSON.stringify(registry)} is not a registry host`,
      'give host[:port] only, without a scheme or slashes, e.g. "mirror.internal:5000"',
    );
  }
  for (const field of ['zookeeperDigest', 'kafkaDigest', 'connectDigest'] as const) {
    const digest = options[field];
    if (digest !== undefined && (typeof digest !== 'string' || !IMAGE_DIGEST.test(digest))) {
      problems.add(
        `images.${field}`,
        `${JSON.stringify(digest)} is not an image digest`,
        'give "sha256:" and 64 lowercase hex digits, as `docker buildx imagetools inspect <image>` prints it',
      );
    }
  }
  const prefix = options.repositoryPrefix;
  if (prefix !== undefined && (typeof prefix !== 'string' || /^\/|\/$|\/\/|\s|:/.test(prefix))) {
    problems.add(
      'images.repositoryPrefix',
      `${JSON.stringify(prefix)} is not a repository path`,
      'give path segments separated by single "/", without leading or trailing "/", e.g. "debezium" or "platform/debezium"',
    );
  }
}

/** The prop block each component is described by. */
const FIELD_OF: Record<Component, string> = {
  [Component.ZOOKEEPER]: 'zookeeper',
  [Component.KAFKA]: 'kafka',
  [Component.KAFKA_CONTROLLER]: 'kraft',
  [Component.CONNECT]: 'connect',
};

/** The prop that sets a port, by the model's port names. */
const PORT_FIELDS: Record<string, string> = {
  kafka: 'kafka.port',
  controller: 'kraft.controllerPort',
  rest: 'connect.restPort',
};

function validateMemory(problems: Problems, nodes: NodeSpec[]): void {
  const seen = new Set<Component>();
  for (const n of nodes) {
    if (seen.has(n.component)) continue;
    seen.add(n.component);
    const field = FIELD_OF[n.component];
    for (const [label, size] of [
      ['heap.maximum', n.heap.maximum],
      ['heap.initial', n.heap.initial],
      ['memoryLimit', n.memoryLimit],
    ] as const) {
      if (size !== undefined && !size.isWholeMebibytes) {
        problems.add(
          `${field}.${label}`,
          `${size.inMebibytes} MiB is not a whole positive number of mebibytes`,
          'use Size.mebibytes(n) or Size.gibibytes(n) with a positive amount',
        );
      }
    }
    // A claim of 0 or fewer bytes renders as "0Gi"/"-1Gi": the apply would fail or the volume hold nothing.
    const storage = n.volumes.find((v) => v.size !== undefined && !v.size.isWholeMebibytes);
    if (storage !== undefined) {
      problems.add(
        `${field}.storageSize`,
        `${storage.size.inMebibytes} MiB is not a whole positive number of mebibytes`,
        'use Size.mebibytes(n) or Size.gibibytes(n) with a positive amount',
      );
    }
    if (n.heap.initial && n.heap.initial.inMebibytes > n.heap.maximum.inMebibytes) {
      problems.add(
        `${field}.heap.initial`,
        `initial heap ${n.heap.initial} is above the maximum ${n.heap.maximum}`,
        'make the initial heap at most the maximum',
      );
    }
    if (n.heap.maximum.inMebibytes >= n.memoryLimit.inMebibytes) {
      problems.add(
        `${field}.memoryLimit`,
        `the container memory limit ${n.memoryLimit} is not above the maximum heap ${n.heap.maximum}`,
        `raise ${field}.memoryLimit above the heap (the JVM needs memory beyond its heap) or lower ${field}.heap.maximum`,
      );
    }
  }
}

function validateHostPorts(problems: Problems, nodes: NodeSpec[], hostMode: boolean): void {
  const used = new Map<number, { ip: string; who: string; field: string }[]>();
  for (const n of nodes) {
    for (const p of n.ports) {
      const port = hostMode ? p.containerPort : p.hostPort;
      if (port === undefined) continue;
      const ip = hostMode ? '127.0.0.1' : (p.hostIp ?? '0.0.0.0');
      const who = `${n.name} (${p.name})`;
      const field = PORT_FIELDS[p.name] ?? FIELD_OF[n.component];
      const list = used.get(port) ?? [];
      for (const other of list) {
        if (other.ip === ip || other.ip === '0.0.0.0' || ip === '0.0.0.0') {
          const fields = [...new Set([other.field, field])];
          problems.add(
            field,
            `host port ${port} is published by both ${other.who} and ${who}`,
            hostMode
              ? `move ${fields.join(' or ')} so that the ranges do not overlap (with host networking node i of a service listens on its port + i - 1)`
              : "give the services distinct ports (connect.restPort, kafka.port, or the target's restHostPortBase)",
          );
        }
      }
      list.push({ ip, who, field });
      used.set(port, list);
    }
  }
}

import {
  CONNECT,
  connectFieldOf,
  ConnectWorkersOptions,
  connectNodes,
  resolveStorageTopics,
  restAccess,
  validateConnect,
  validateConnectEnv,
} from './connect-worker';
import { CoordinationMode, ImageOptions, resolveImages, ResolvedImages, validateImages } from './image';
import { KAFKA, KafkaKRaftNode, KafkaOptions, kafkaNodes, validateKafka } from './kafka';
import {
  controllerNodeId,
  controllerNodes,
  isVoterCount,
  KRAFT,
  checkQuorumVersion,
  KRaftBrokerSettings,
  kraftControllerPorts,
  kraftBrokerEnv,
  kraftBrokerScript,
  kraftDirectoryId,
  KRaftOptions,
  KRaftVoter,
  propertyModeProblem,
  validateKRaft,
  voterCountProblem,
} from './kraft';
import { Component, ComponentSpec, NodeSpec, RestEndpoint } from './nodes';
import { NetworkInput } from './network';
import { validateHostPorts, validateMemory, validatePortRanges } from './node-checks';
import { validateSecretFiles } from './secret-files';
import { ResolvedInternalTopics, TopicSpec } from './topic';
import type { ConnectorSpec } from './connector';
import { resolveWorkerSecrets, SecretDelivery, SecretInput, SecretRef } from './secret-ref';
import { publicDownloadWarnings, resolvePlugins } from './plugin';
import { LocalFiles, PluginsInput, PluginsModel } from './plugin-types';
import { Problems, ValidationProblem } from './validation';
import { validateZooKeeper, ZOOKEEPER, ZooKeeperOptions, zookeeperNodes } from './zookeeper';

/** DNS-1123 label; 30 characters leave room for the longest derived name (`<name>-kafka-controller-headless`, 56). */
const CLUSTER_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_CLUSTER_NAME_LENGTH = 30;

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
  /** Connector plugins (as `_pluginsInput` makes them from the props). */
  readonly plugins?: PluginsInput;
  /** The synth machine's files, for local plugin sources. @default none found */
  readonly files?: LocalFiles;
  /** connect.workerSecrets, as the constructs hand them over. */
  readonly workerSecrets?: { readonly [property: string]: SecretInput };
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
  /** The connector plugins the workers run; undefined when none are declared. */
  readonly plugins?: PluginsModel;
  /** Worker-level secrets (connect.workerSecrets), by the workers' environment variable. */
  readonly workerSecrets: Readonly<Record<string, SecretRef>>;
  /** The storage topics are created by the topics task before the workers start (`internalTopics.precreate`). */
  readonly precreateInternalTopics: boolean;
  /**
   * The topics declared on the cluster (`addTopic`), in declaration order: appended by the cluster as they are
   * declared, after resolution; renderers read them at synthesis (`src/model/declarations.ts`).
   */
  readonly topics: TopicSpec[];
  /** The connectors declared on the cluster, in declaration order: appended as they are declared. */
  readonly connectors: ConnectorSpec[];
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
 * The cluster the user describes, resolved and validated, and every problem found. The model is there unless its
 * shape (nodes, ports, images, topics) is wrong; problems of the plugins and the workers' secrets come with a
 * model, so that the target's options can still be checked against it and every problem is reported at once. A
 * model with problems is not rendered. Never throws for invalid input.
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
  if (multiNodeKRaft) checkQuorumVersion(problems, input.images ?? {}, images.kafkaVersion);
  if (external) warnings.push(...ignoredByExternalKafka(input));
  const hostMode = net.sharedHost;
  if (hostMode && zkCount > 1) {
    problems.add(
      'zookeeper.nodes',
      `an ensemble of ${zkCount} nodes cannot run with ${net.sharedHostWording?.networking ?? 'host networking'} (every node would need ports 2181, 2888 and 3888)`,
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
    ? (Array.isArray(connectOptions.bootstrapServers) ? connectOptions.bootstrapServers : []).join(',')
    : kNodes.map((n) => `${n.host}:${n.ports[0].containerPort}`).join(',');

  // Against an existing Kafka, kafka.brokers describes that Kafka (the replication factors default from it);
  // unset, it is assumed to have at least Kafka's default replication factor of 3 brokers.
  const effectiveBrokers = external ? (kafkaOptions.brokers ?? 3) : validCount(brokers);
  const internalTopics = resolveStorageTopics(problems, name, connectOptions, effectiveBrokers);

  validatePortRanges(problems, {
    network: net,
    coordination,
    external,
    workers,
    brokers,
    controllers,
    restPort: connectOptions.restPort,
    kafkaPort: kafkaOptions.port,
    controllerPort: input.kraft?.controllerPort,
    combinedControllerPort: kraftPorts(1),
  });
  const publishIp = net.publishRestOnAllInterfaces ? '0.0.0.0' : '127.0.0.1';
  const restHostPortBase = net.restHostPortBase ?? CONNECT.restPort;
  if (connectOptions.restHostName !== undefined && hostMode && !['127.0.0.1', '0.0.0.0'].includes(connectOptions.restHostName)) {
    problems.add(
      'connect.restHostName',
      `"${connectOptions.restHostName}" is not an interface of ${net.sharedHostWording?.host ?? 'the shared host'}`,
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

  // Nothing declared, nothing to resolve (and the plugin resolver is not even run: this is on every synth's path).
  const late = new Problems(input.constructPath);
  const plugins =
    input.plugins === undefined
      ? undefined
      : resolvePlugins(late, input.plugins, { target: net, files: input.files ?? NO_LOCAL_FILES, registry: input.images?.registry });
  const workerSecrets = resolveWorkerSecrets(late, input.workerSecrets, net);
  // A mirror for the images while a plugin still downloads from a public repository at apply time.
  const registry = input.images?.registry;
  if (plugins !== undefined && typeof registry === 'string' && late.empty) warnings.push(...publicDownloadWarnings(plugins, registry));

  if (!problems.empty) return { problems: [...problems.list, ...late.list] };

  const precreateInternalTopics = connectOptions.internalTopics?.precreate === true;
  const components = componentsOf(name, coordination, net, { zkNodes, ctrlNodes, kNodes, cNodes }, precreateInternalTopics);
  const { restUrls, restEndpoints } = restAccess(cNodes, net, components[components.length - 1].serviceHost);
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
      plugins,
      workerSecrets,
      precreateInternalTopics,
      topics: [],
      connectors: [],
      warnings,
    },
    problems: late.list,
  };
}

/** The components in start order, each with its nodes, the host of its Service and what it waits for. */
function componentsOf(
  name: string,
  coordination: CoordinationMode,
  net: NetworkInput,
  nodes: { zkNodes: NodeSpec[]; ctrlNodes: NodeSpec[]; kNodes: NodeSpec[]; cNodes: NodeSpec[] },
  precreateInternalTopics: boolean,
): ComponentSpec[] {
  const { zkNodes, ctrlNodes, kNodes, cNodes } = nodes;
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
    // The workers wait for their pre-created storage topics.
    ...(precreateInternalTopics ? { dependsOnTopicsTask: true } : {}),
  });
  return components;
}

/** A Connect-only cluster runs no ZooKeeper or brokers: what the user gave for them is ignored, and said so. */
function ignoredByExternalKafka(input: ClusterInput): string[] {
  const warnings: string[] = [];
  const connectOptions = input.connect ?? {};
  const kafkaOptions = input.kafka ?? {};
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

  return warnings;
}

/** No files: what the model sees of the synth machine unless the constructs give it their filesystem. */
const NO_LOCAL_FILES: LocalFiles = { resolve: (p) => p, kind: () => undefined, list: () => [] };

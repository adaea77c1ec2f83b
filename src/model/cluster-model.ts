import { CONNECT, ConnectWorkersInput, LogLevel, resolveConnect, restAccess } from './connect-worker';
import type { ConnectorSpec } from './connector';
import { CoordinationMode, ImageInput, resolveClusterImages, ResolvedImages } from './image';
import { KAFKA, KafkaInput, resolveKafka } from './kafka';
import { KRAFT, KRaftInput, propertyModeProblem, resolveControllers, resolveKRaftQuorum } from './kraft';
import { NetworkInput } from './network';
import { checkNodes } from './node-checks';
import { Component, ComponentSpec, NodeSpec } from './nodes';
import { publicDownloadHost, publicDownloadWarnings, resolvePlugins } from './plugin';
import { LocalFiles, PluginsInput, PluginsModel } from './plugin-types';
import { resolveSecret, resolveWorkerSecrets, SecretInput, SecretRef } from './secret-ref';
import { KAFKA_CLIENT_TLS, KafkaClientSecurity } from './kafka-client';
import { MetricsInput, MetricsModel, resolveMetrics } from './metrics';
import { loggersTask } from './loggers';
import { REST_TLS, restClient, RestClientSpec, validateRestTls } from './rest-tls';
import { validateSecretFiles } from './secret-files';
import type { TaskSpec } from './tasks';
import { ResolvedInternalTopics, TopicSpec } from './topic';
import { nodeCount, resolveTopology, Topology } from './topology';
import { Problems, ValidationProblem } from './validation';
import { resolveZooKeeper, ZOOKEEPER, ZooKeeperInput } from './zookeeper';

/** Everything the user says about one cluster, target-neutral. */
export interface ClusterInput {
  /** Where problems are reported (construct path). */
  readonly constructPath: string;
  readonly clusterName: string;
  readonly coordination?: CoordinationMode;
  readonly zookeeper?: ZooKeeperInput;
  readonly kafka?: KafkaInput;
  /** The KRaft controller quorum (KRaft coordination modes). */
  readonly kraft?: KRaftInput;
  readonly connect?: ConnectWorkersInput;
  readonly images?: ImageInput;
  readonly network: NetworkInput;
  /** Connector plugins (as `_pluginsInput` makes them from the props). */
  readonly plugins?: PluginsInput;
  /** The synth machine's files, for local plugin sources. @default none found */
  readonly files?: LocalFiles;
  /** connect.workerSecrets, as the constructs hand them over. */
  readonly workerSecrets?: { readonly [property: string]: SecretInput };
  /** connect.restTls.storePassword, as the constructs hand it over. */
  readonly restTlsStorePassword?: SecretInput;
  /** connect.kafkaSecurity.password, as the constructs hand it over. */
  readonly kafkaClientPassword?: SecretInput;
  /** Prometheus metrics. @default none exported */
  readonly metrics?: MetricsInput;
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
   * How tasks inside the cluster reach the REST API: its endpoints, tried in order (the workers' Service, any
   * worker, on bridge networks and Kubernetes; every worker with Docker host networking, where there is no
   * Service), and over HTTPS the certificates they present and trust.
   */
  readonly restClient: RestClientSpec;
  /** Brokers the cluster's Kafka tools use. */
  readonly brokerCount: number;
  /** The connector plugins the workers run; undefined when none are declared. */
  readonly plugins?: PluginsModel;
  /** The metrics agent the nodes with `metricsAgent` load; undefined when no metrics are exported. */
  readonly metrics?: MetricsModel;
  /**
   * connect.loggers and kafka.loggers: per component whose nodes read a levels file at start (`NodeSpec.loggerLevels`),
   * the levels of single loggers, by name, and the task that applies them to the running nodes (rendered by the
   * cluster). Undefined when none are declared.
   */
  readonly loggers?: readonly LoggersModel[];
  /**
   * How the workers, their connectors' clients and the tasks reach a secured Kafka (`connect.kafkaSecurity`).
   * @default plain text
   */
  readonly kafkaSecurity?: KafkaClientSecurity;
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
  /**
   * The declared connectors' tasks, each with what it waits for, in declaration order (`connectorDeclared`).
   * The topics task is the cluster's own (`clusterTopicsTask`), present when `hasTopicsTask`.
   */
  readonly tasks: TaskSpec[];
  readonly warnings: string[];
}

/** The declared levels of one component's loggers (`ClusterModel.loggers`). */
export interface LoggersModel {
  readonly component: Component;
  readonly levels: Readonly<Record<string, string>>;
  readonly task: TaskSpec;
}

/** The levels file of `c`'s nodes, when its loggers are declared. */
export function loggersOf(model: ClusterModel, c: Component): LoggersModel | undefined {
  return model.loggers?.find((l) => l.component === c);
}

export function component(model: ClusterModel, c: Component): ComponentSpec | undefined {
  return model.components.find((x) => x.component === c);
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
  const connect = input.connect ?? {};
  const topo = resolveTopology(problems, {
    clusterName: input.clusterName,
    coordination: input.coordination,
    network: input.network,
    bootstrapServers: connect.bootstrapServers,
    logLevel: connect.logLevel ?? LogLevel.INFO,
  });
  const net = topo.network;
  if (topo.external) warnings.push(...ignoredByExternalKafka(input));
  const images = resolveClusterImages(problems, topo, input.images);
  const brokersGiven = input.kafka?.brokers ?? 1;
  const quorum = resolveKRaftQuorum(problems, topo, input.kraft, brokersGiven, {
    options: input.images ?? {},
    kafkaVersion: images.kafkaVersion,
  });
  const zookeeper = resolveZooKeeper(problems, topo, input.zookeeper, images.zookeeper);
  const kafka = resolveKafka(problems, topo, input.kafka, {
    image: images.kafka,
    zookeeperConnect: zookeeper.connect,
    kraft: quorum.brokerNode,
    modeProblem: (property) => propertyModeProblem(property, topo.coordination),
    external: connect.bootstrapServers,
    kafkaVersion: images.kafkaVersion,
    logLevels: Object.values(LogLevel),
  });
  const controllers = resolveControllers(topo, quorum, input.kraft, images.kafka, kafka.topicDefaults);
  // Against an existing Kafka, kafka.brokers describes that Kafka (the replication factors default from it);
  // unset, it is assumed to have at least Kafka's default replication factor of 3 brokers.
  const topicBrokers = topo.external ? (input.kafka?.brokers ?? 3) : nodeCount(kafka.brokers);
  const restTls = validateRestTls(problems, connect.restTls, net);
  if (connect.restTls === undefined && net.restExposure !== undefined) {
    warnings.push(
      `connect.restTls: the REST API is ${net.restExposure} but speaks plain HTTP without authentication: whoever reaches it can read every connector's config and change, pause or delete connectors; set connect.restTls (HTTPS with client certificates)`,
    );
  }
  const workers = resolveConnect(problems, topo, connect, {
    image: images.connect,
    kafkaVersion: images.kafkaVersion,
    bootstrapServers: kafka.bootstrapServers,
    topicBrokers,
    warn: (m) => warnings.push(m),
    restTls,
  });
  if (connect.secretFiles !== undefined) validateSecretFiles(problems, connect, net);
  // The metrics port and agent, on every JVM that runs Kafka code, in start order (host ports step in that order).
  const metrics = resolveMetrics(problems, input.metrics, [...controllers, ...kafka.nodes, ...workers.nodes], {
    sharedHost: net.sharedHost,
    publishesPorts: net.publishesRestPorts,
    pluginRepositoryUrl: input.plugins?.mavenRepositoryUrl,
    fetchImage: input.plugins?.fetchImage,
  });
  const [controllerNodes, kafkaNodes, workerNodes] = [
    metrics.nodes.slice(0, controllers.length),
    metrics.nodes.slice(controllers.length, controllers.length + kafka.nodes.length),
    metrics.nodes.slice(controllers.length + kafka.nodes.length),
  ];
  checkNodes(problems, [...zookeeper.nodes, ...controllerNodes, ...kafkaNodes, ...workerNodes], {
    network: net,
    coordination: topo.coordination,
    external: topo.external,
    workers: workers.workers,
    brokers: kafka.brokers,
    controllers: quorum.controllers,
    restPort: connect.restPort,
    kafkaPort: input.kafka?.port,
    controllerPort: input.kraft?.controllerPort,
    combinedControllerPort: quorum.controllerPort(1),
  });

  // Checked after the shape: their problems come with a model, so that the target's options are checked too.
  const late = new Problems(input.constructPath);
  // Nothing declared, nothing to resolve (and the plugin resolver is not even run: this is on every synth's path).
  const plugins =
    input.plugins === undefined ? undefined : resolvePlugins(late, input.plugins, { target: net, files: input.files ?? NO_LOCAL_FILES });
  const workerSecrets = resolveWorkerSecrets(late, input.workerSecrets, net);
  if (connect.restTls !== undefined) {
    // The stores' password reaches the workers as worker secrets do; the listener's properties reference it.
    const field = 'connect.restTls.storePassword';
    if (input.restTlsStorePassword === undefined) {
      late.add(field, 'no password given', 'give the password of keystore.p12 and truststore.p12 as a Secret');
    } else {
      const password = resolveSecret(late, field, input.restTlsStorePassword, net);
      if (password !== undefined) workerSecrets[REST_TLS.passwordEnv] = password;
    }
  }
  if (workers.kafkaSecurity?.sasl) {
    // The SASL password reaches the workers as worker secrets do; sasl.jaas.config references it.
    const field = 'connect.kafkaSecurity.password';
    if (input.kafkaClientPassword === undefined) {
      late.add(field, 'no password given', `give the password of the SASL user "${workers.kafkaSecurity.sasl.username}" as a Secret`);
    } else {
      const password = resolveSecret(late, field, input.kafkaClientPassword, net);
      if (password !== undefined) workerSecrets[KAFKA_CLIENT_TLS.passwordEnv] = password;
    }
  }
  // A mirror for the images while a plugin still downloads from a public repository at apply time.
  const registry = input.images?.registry;
  if (plugins !== undefined && typeof registry === 'string' && late.empty) warnings.push(...publicDownloadWarnings(plugins, registry));
  const agentHost = metrics.model && publicDownloadHost(metrics.model.agentUrl);
  if (agentHost !== undefined && typeof registry === 'string') {
    warnings.push(
      `metrics: the metrics agent downloads from ${agentHost.where} (${agentHost.host}) at apply time, while images.registry ("${registry}") says the images come from a mirror; set metrics.mavenRepositoryUrl (or plugins.mavenRepositoryUrl) to a Maven repository inside your network`,
    );
  }

  if (!problems.empty) return { problems: [...problems.list, ...late.list] };

  const precreateInternalTopics = connect.internalTopics?.precreate === true;
  const components = componentsOf(
    topo,
    { zookeeper: zookeeper.nodes, controllers: controllerNodes, kafka: kafkaNodes, connect: workerNodes },
    precreateInternalTopics,
  );
  const { restUrls, restEndpoints } = restAccess(
    workerNodes,
    net,
    components[components.length - 1].serviceHost,
    restTls ? 'https' : 'http',
  );
  const tasksRestClient = restClient(restEndpoints, restTls);
  // In start order: the brokers' levels are applied before the workers'.
  const loggers: LoggersModel[] = [
    ...(kafka.loggers ? [{ component: Component.KAFKA, ...kafka.loggers }] : []),
    ...(workers.loggers
      ? [
          {
            component: Component.CONNECT,
            levels: workers.loggers,
            task: loggersTask(workers.loggers, images.connect, tasksRestClient),
          },
        ]
      : []),
  ];
  return {
    model: {
      name: topo.name,
      coordination: topo.coordination,
      network: net,
      images,
      components,
      internalTopics: workers.internalTopics,
      bootstrapServers: kafka.bootstrapServers,
      restUrls,
      restClient: tasksRestClient,
      brokerCount: topicBrokers,
      plugins,
      ...(metrics.model ? { metrics: metrics.model } : {}),
      ...(loggers.length > 0 ? { loggers } : {}),
      ...(workers.kafkaSecurity ? { kafkaSecurity: workers.kafkaSecurity } : {}),
      workerSecrets,
      precreateInternalTopics,
      topics: [],
      connectors: [],
      tasks: [],
      warnings,
    },
    problems: late.list,
  };
}

/** The components in start order, each with its nodes, the host of its Service and what it waits for. */
function componentsOf(
  topo: Topology,
  nodes: { zookeeper: NodeSpec[]; controllers: NodeSpec[]; kafka: NodeSpec[]; connect: NodeSpec[] },
  precreateInternalTopics: boolean,
): ComponentSpec[] {
  const service = (c: Component, linkName: string) => topo.network.addressing.serviceHost(topo.name, c, linkName);
  const components: ComponentSpec[] = [];
  if (nodes.zookeeper.length > 0) {
    components.push({
      component: Component.ZOOKEEPER,
      nodes: nodes.zookeeper,
      serviceHost: service(Component.ZOOKEEPER, ZOOKEEPER.linkName),
      dependsOn: [],
      quorum: nodes.zookeeper.length > 1,
    });
  }
  if (nodes.controllers.length > 0) {
    components.push({
      component: Component.KAFKA_CONTROLLER,
      nodes: nodes.controllers,
      serviceHost: service(Component.KAFKA_CONTROLLER, KRAFT.linkName),
      dependsOn: [],
      quorum: true,
    });
  }
  if (nodes.kafka.length > 0) {
    const upstream = nodes.zookeeper.length > 0 ? [Component.ZOOKEEPER] : nodes.controllers.length > 0 ? [Component.KAFKA_CONTROLLER] : [];
    components.push({
      component: Component.KAFKA,
      nodes: nodes.kafka,
      serviceHost: service(Component.KAFKA, KAFKA.linkName),
      dependsOn: upstream,
      // Combined nodes are the voters: a disruption must leave a majority of them.
      quorum: topo.coordination === CoordinationMode.KRAFT_COMBINED && nodes.kafka.length > 1,
    });
  }
  components.push({
    component: Component.CONNECT,
    nodes: nodes.connect,
    serviceHost: service(Component.CONNECT, CONNECT.linkName),
    dependsOn: nodes.kafka.length > 0 ? [Component.KAFKA] : [],
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

import { Annotations, ITerraformDependable, Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ConnectWorkersOptions } from './model/connect-worker';
import { ClusterModel, resolveCluster } from './model/cluster-model';
import { CoordinationMode, ImageOptions } from './model/image';
import { KafkaOptions } from './model/kafka';
import { Component, NetworkKind } from './model/nodes';
import { ConnectClusterValidationError, formatProblem, Problems } from './model/validation';
import { ZooKeeperOptions } from './model/zookeeper';
import { Connector, ConnectorProps } from './connector';
import { KafkaTopic } from './kafka-topic';
import { SecretRef } from './model/secret-ref';
import { SecretEnv } from './model/tasks';
import { TopicOptions, TopicSpec, topicsTask, topicTaskLine } from './model/topic';
import { PluginsModel } from './model/plugin';
import { _resolvePluginProps, PluginsOptions } from './plugin';
import { Target, TargetKind } from './target';
import { TaskRenderer } from './task-renderer';


/** Props of a `ConnectCluster`: the cluster's components, described once, and the target they are rendered to. */
export interface ConnectClusterProps {
  /**
   * Name of the cluster: a DNS-1123 label of at most 30 characters. Container, volume, topic and
   * Kubernetes object names are derived from it.
   */
  readonly clusterName: string;
  /** Where the cluster is rendered: `Target.docker()` or `Target.kubernetes()`. */
  readonly target: Target;
  /**
   * How the brokers coordinate: a ZooKeeper ensemble, or KRaft on a single combined node.
   * @default CoordinationMode.ZOOKEEPER (as in the seed)
   */
  readonly coordination?: CoordinationMode;
  /** The ZooKeeper ensemble (ZooKeeper coordination). @default 1 node */
  readonly zookeeper?: ZooKeeperOptions;
  /** The brokers. @default 1 broker */
  readonly kafka?: KafkaOptions;
  /** The Connect workers. @default 1 worker, group and topics named after the cluster */
  readonly connect?: ConnectWorkersOptions;
  /** Image references. @default quay.io/debezium images pinned per coordination mode */
  readonly images?: ImageOptions;
  /** Connector plugins under /kafka/connect. @default none (the image's built-in Debezium connectors only) */
  readonly plugins?: PluginsOptions;
}

const CLUSTER_SYMBOL = Symbol.for('cdktf-debezium-connect.ConnectCluster');

/**
 * A Debezium Kafka Connect cluster — ZooKeeper (or KRaft), Kafka brokers and Connect workers — described
 * once and rendered to the chosen target.
 */
export class ConnectCluster extends Construct {
  /** Whether `x` is a ConnectCluster (works across copies of the library). */
  public static isConnectCluster(x: unknown): x is ConnectCluster {
    return typeof x === 'object' && x !== null && CLUSTER_SYMBOL in x;
  }

  /** The resolved model, or undefined when the props are invalid (synth then fails with every problem). */
  public readonly model?: ClusterModel;
  /** REST API URLs of the workers (empty when the props are invalid). */
  public readonly restUrls: string[];
  /** Bootstrap servers the workers use. */
  public readonly bootstrapServers: string;
  /** The target the cluster is rendered to, as given in the props. */
  public readonly target: Target;
  /** @internal the resolved plugins; undefined when none are declared. */
  public readonly _plugins?: PluginsModel;
  private renderer?: TaskRenderer;
  private topicsTaskResource?: ITerraformDependable;
  private readonly topics: KafkaTopic[] = [];
  private readonly connectors: Connector[] = [];
  private readonly precreateInternalTopics: boolean;

  constructor(scope: Construct, id: string, props: ConnectClusterProps) {
    super(scope, id);
    Object.defineProperty(this, CLUSTER_SYMBOL, { value: true });
    this.target = props.target;
    // What an invalid cluster exposes; synth then fails with its problems.
    this.restUrls = [];
    this.bootstrapServers = '';
    this.precreateInternalTopics = props.connect?.internalTopics?.precreate === true;
    const constructPath = this.node.path;
    if (!(props.target instanceof Target)) {
      const p = new Problems(constructPath);
      p.add('target', 'no target given', 'pass target: Target.docker() or Target.kubernetes()');
      this.fail(p.list.map(formatProblem));
      return;
    }
    const pluginResult = _resolvePluginProps(constructPath, props.plugins, props.target._network(props.clusterName).kind);
    let model: ClusterModel;
    try {
      model = resolveCluster({
        constructPath,
        clusterName: props.clusterName,
        coordination: props.coordination,
        zookeeper: props.zookeeper,
        kafka: props.kafka,
        connect: props.connect,
        images: props.images,
        network: props.target._network(props.clusterName),
      });
    } catch (e) {
      if (!(e instanceof ConnectClusterValidationError)) throw e;
      this.fail([...e.problems, ...pluginResult.problems].map(formatProblem));
      return;
    }
    if (pluginResult.problems.length > 0) {
      this.fail(pluginResult.problems.map(formatProblem));
      return;
    }
    this._plugins = pluginResult.plugins;
    this.model = model;
    this.restUrls = model.restUrls;
    this.bootstrapServers = model.bootstrapServers;
    for (const w of model.warnings) Annotations.of(this).addWarning(w);

    if (props.target.kind === TargetKind.DOCKER) {
      // Loaded on demand: a Docker-only user never pays for the Kubernetes provider classes.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DockerRenderer } = require('./docker/render') as typeof import('./docker/render');
      const docker = new DockerRenderer(this, model, props.target.dockerOptions ?? {}, () => this._secretEnv(), this._plugins);
      this.renderer = {
        renderTask: (scope, task, after) => docker.renderTask(scope, task, after),
        dependables: (c) => docker.dependables(c),
      };
      const precreate = this.precreateInternalTopics;
      for (const spec of model.components) {
        const extra = spec.component === Component.CONNECT && precreate ? [this._topicsTask()] : [];
        docker.renderComponent(spec, extra);
      }
    } else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { renderKubernetes } = require('./kubernetes/render') as typeof import('./kubernetes/render');
      const asRenderer = (r: ReturnType<typeof renderKubernetes>): TaskRenderer => ({
        renderTask: (scope, task, after) => r.renderTask(scope, task, after),
        dependables: (c) => (r.components[c] ? [r.components[c].statefulSet] : []),
      });
      try {
        this.renderer = asRenderer(
          renderKubernetes(this, model, props.target.kubernetesOptions ?? {}, {
            secretEnv: () => this._secretEnv(),
            plugins: this._plugins,
            extraDependsOn: (c, soFar) => {
              if (c !== Component.CONNECT || !this.precreateInternalTopics) return [];
              this.renderer = asRenderer(soFar);
              return [this._topicsTask()];
            },
          }),
        );
      } catch (e) {
        if (!(e instanceof ConnectClusterValidationError)) throw e;
        this.fail(e.problems.map(formatProblem));
        return;
      }
    }

    new TerraformOutput(this, 'rest-urls', { value: model.restUrls, description: `REST API of each Connect worker of ${model.name}` });
    new TerraformOutput(this, 'bootstrap-servers', { value: model.bootstrapServers, description: `Kafka bootstrap servers of ${model.name}` });

    this.node.addValidation({ validate: () => [...crossClusterProblems(this), ...this.topicProblems()] });
  }

  /**
   * Declares a topic, created idempotently by the cluster's topics task once the brokers answer. Partitions
   * can grow; nothing is ever deleted or shrunk automatically.
   */
  public addTopic(options: TopicOptions): KafkaTopic {
    return new KafkaTopic(this.topicsScope(), options.name, { cluster: this, ...options });
  }

  /**
   * Declares a connector, applied through the REST API (`PUT /connectors/<name>/config`) once the workers
   * answer, re-applied when its config changes, deleted when removed from the code or destroyed.
   */
  public addConnector(name: string, props: ConnectorProps): Connector {
    return new Connector(this.connectorsScope(), name, { cluster: this, ...props });
  }

  /** @internal every declared connector's secrets, by worker environment variable. */
  public _secretEnv(): SecretEnv {
    const out: Record<string, SecretRef> = {};
    for (const c of this.connectors) Object.assign(out, c._secretEnv);
    return out;
  }

  /** @internal the topics task, created when first needed; its topic list is resolved at synth. */
  public _topicsTask(): ITerraformDependable {
    if (this.topicsTaskResource) return this.topicsTaskResource;
    const model = this.model!;
    const lines = Lazy.stringValue({ produce: () => this.topicSpecs().map(topicTaskLine).join('\n') });
    const task = topicsTask(lines, model.images.kafka, model.bootstrapServers, model.images.kafkaVersion);
    this.topicsTaskResource = this.renderer!.renderTask(new Construct(this, 'TopicsTask'), task, this.renderer!.dependables(Component.KAFKA));
    for (const c of this.connectors) c._dependOn(this.topicsTaskResource);
    return this.topicsTaskResource;
  }

  /** @internal */
  public _registerTopic(topic: KafkaTopic): void {
    this.topics.push(topic);
    this._topicsTask();
  }

  /** @internal */
  public _registerConnector(connector: Connector): ITerraformDependable[] {
    this.connectors.push(connector);
    return [...this.renderer!.dependables(Component.CONNECT), ...(this.topicsTaskResource ? [this.topicsTaskResource] : [])];
  }

  /** @internal */
  public get _renderer(): TaskRenderer | undefined {
    return this.renderer;
  }

  /** Two declarations of one topic (or a declared topic that is also a pre-created internal topic). */
  private topicProblems(): string[] {
    const problems = new Problems(this.node.path);
    const seen = new Set<string>();
    for (const t of this.topicSpecs()) {
      if (seen.has(t.name)) problems.add(`addTopic("${t.name}")`, `topic "${t.name}" is declared twice`, 'declare each topic once (the storage topics are declared by internalTopics.precreate)');
      seen.add(t.name);
    }
    return problems.list.map(formatProblem);
  }

  /** The declared topics, plus the internal topics when they are pre-created. */
  private topicSpecs(): TopicSpec[] {
    const model = this.model!;
    const internal = this.precreateInternalTopics ? [model.internalTopics.config, model.internalTopics.offset, model.internalTopics.status] : [];
    return [...internal, ...this.topics.flatMap((t) => (t.spec ? [t.spec] : []))];
  }

  private topicsScope(): Construct {
    this.requireModel('addTopic');
    return (this.node.tryFindChild('Topics') as Construct) ?? new Construct(this, 'Topics');
  }

  private connectorsScope(): Construct {
    this.requireModel('addConnector');
    return (this.node.tryFindChild('Connectors') as Construct) ?? new Construct(this, 'Connectors');
  }

  private requireModel(method: string): void {
    if (!this.model) {
      throw new ConnectClusterValidationError([
        { construct: this.node.path, field: method, message: 'the cluster itself is invalid', fix: 'fix the problems synth reports for the cluster first' },
      ]);
    }
  }

  private fail(messages: string[]): void {
    this.node.addValidation({ validate: () => messages });
  }
}

/** Problems between clusters of one stack: shared storage topics on one Kafka, host ports on one Docker host. */
function crossClusterProblems(self: ConnectCluster): string[] {
  const model = self.model;
  if (!model) return [];
  const others = clustersOf(TerraformStack.of(self)).filter((c) => c !== self);
  const problems = new Problems(self.node.path);
  const mine = model.internalTopics;
  for (const other of others) {
    const om = other.model!;
    const sameDockerHost =
      model.network.kind !== NetworkKind.KUBERNETES && om.network.kind !== NetworkKind.KUBERNETES && self.target.dockerOptions?.provider === other.target.dockerOptions?.provider;
    const sameNamespace =
      model.network.kind === NetworkKind.KUBERNETES &&
      om.network.kind === NetworkKind.KUBERNETES &&
      om.network.namespace === model.network.namespace &&
      self.target.kubernetesOptions?.provider === other.target.kubernetesOptions?.provider;
    if ((sameDockerHost || sameNamespace) && om.name === model.name) {
      problems.add(
        'clusterName',
        `"${model.name}" is also the name of ${other.node.path} ${sameNamespace ? `in namespace "${model.network.namespace}"` : 'on the same Docker host'}: their containers, volumes and objects would collide`,
        'give each cluster its own name',
      );
    }
    if (sameNamespace && self.target.kubernetesOptions?.createNamespace !== false && other.target.kubernetesOptions?.createNamespace !== false) {
      problems.add(
        'target.createNamespace',
        `namespace "${model.network.namespace}" is also created by ${other.node.path}`,
        'let one cluster create the namespace and set createNamespace: false on the others',
      );
    }
    // Clusters that each run their own Kafka never share one; a Connect-only cluster shares the Kafka it points at.
    const sameKafka = (isConnectOnly(model) || isConnectOnly(om)) && sameServers(om.bootstrapServers, model.bootstrapServers);
    if (sameKafka && om.network.kind === model.network.kind && om.network.namespace === model.network.namespace) {
      const theirs = new Set([om.internalTopics.config.name, om.internalTopics.offset.name, om.internalTopics.status.name]);
      for (const [field, t] of [['configStorageTopic', mine.config], ['offsetStorageTopic', mine.offset], ['statusStorageTopic', mine.status]] as const) {
        if (theirs.has(t.name)) {
          problems.add(`connect.${field}`, `topic "${t.name}" is also a storage topic of ${other.node.path} on the same Kafka (${model.bootstrapServers})`, 'give each Connect cluster its own storage topics');
        }
      }
    }
    if (sameDockerHost) {
      const theirPorts = hostPorts(om);
      for (const [port, who] of hostPorts(model)) {
        if (theirPorts.has(port)) {
          problems.add(
            model.network.kind === NetworkKind.DOCKER_HOST ? 'target (host networking)' : 'target.restHostPortBase',
            `host port ${port} of ${who} is also used by ${theirPorts.get(port)} of ${other.node.path}`,
            'give each cluster on one Docker host distinct ports (restHostPortBase, connect.restPort, kafka.port)',
          );
        }
      }
    }
  }
  return problems.list.map(formatProblem);
}

function isConnectOnly(model: ClusterModel): boolean {
  return !model.components.some((c) => c.component === Component.KAFKA);
}

function sameServers(a: string, b: string): boolean {
  const norm = (s: string) => s.split(',').map((x) => x.trim()).sort().join(',');
  return norm(a) === norm(b);
}

/**
 * The valid clusters of a stack, found once per stack: validation runs after every construct exists, and
 * each cluster's validation would otherwise walk the whole tree again (quadratic in the number of clusters).
 */
const clustersByStack = new WeakMap<TerraformStack, ConnectCluster[]>();
function clustersOf(stack: TerraformStack): ConnectCluster[] {
  let clusters = clustersByStack.get(stack);
  if (!clusters) {
    clusters = stack.node.findAll().filter((c: IConstruct): c is ConnectCluster => ConnectCluster.isConnectCluster(c) && c.model !== undefined);
    clustersByStack.set(stack, clusters);
  }
  return clusters;
}

/** Host ports per model, computed once (every pair of clusters on a host compares them). */
const hostPortsByModel = new WeakMap<ClusterModel, Map<number, string>>();
function hostPorts(model: ClusterModel): Map<number, string> {
  const cached = hostPortsByModel.get(model);
  if (cached) return cached;
  const out = new Map<number, string>();
  hostPortsByModel.set(model, out);
  for (const c of model.components) {
    for (const n of c.nodes) {
      for (const p of n.ports) {
        const port = model.network.kind === NetworkKind.DOCKER_HOST ? p.containerPort : p.hostPort;
        if (port !== undefined) out.set(port, `${model.name}/${n.name}`);
      }
    }
  }
  return out;
}

import {
  Annotations,
  DefaultTokenResolver,
  ITerraformDependable,
  Lazy,
  StringConcat,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
} from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ConnectWorkersOptions } from './model/connect-worker';
import { ClusterModel, resolveCluster } from './model/cluster-model';
import { CoordinationMode, ImageOptions } from './model/image';
import { KafkaOptions } from './model/kafka';
import { KRaftOptions } from './model/kraft';
import { Component } from './model/nodes';
import { formatProblem, Problems, ValidationProblem } from './model/validation';
import { ZooKeeperOptions } from './model/zookeeper';
import { Connector, ConnectorOptions } from './connector';
import { KafkaTopic } from './kafka-topic';
import { invalidSecretRef, SecretRef, SecretTarget, unreachableSecret, workerSecretEnvName } from './model/secret-ref';
import { Secret } from './secret';
import { Size } from './model/size';
import { SecretEnv } from './model/tasks';
import { KafkaTopicOptions, TopicSpec, topicCollisionKey, topicsTask, topicTaskLine } from './model/topic';
import { childConstructId } from './model/construct-ids';
import { connectorDerivedNames, ConnectorState, POSTGRES_DEFAULT_SLOT, replicationSlotKey } from './model/connector';
import { PluginsModel } from './model/plugin-types';
import { _resolvePluginProps, PluginsOptions } from './plugin';
import { Target } from './target';
import { TargetRenderer } from './private/target-renderer';

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
   * How the brokers coordinate: a ZooKeeper ensemble (image stream 3.1), or KRaft — every broker also a
   * controller (an odd number of brokers), or a quorum of dedicated controllers (`kraft`) beside the brokers.
   * @default CoordinationMode.ZOOKEEPER (as in Debezium's tutorial)
   */
  readonly coordination?: CoordinationMode;
  /** The ZooKeeper ensemble: node count, heap, memory and storage (ZooKeeper coordination only). @default 1 node */
  readonly zookeeper?: ZooKeeperOptions;
  /** The Kafka brokers: count, listener port, heap, memory, storage and broker properties. @default 1 broker */
  readonly kafka?: KafkaOptions;
  /**
   * The KRaft controller quorum: dedicated controllers with `CoordinationMode.KRAFT_DEDICATED_CONTROLLERS`;
   * with `CoordinationMode.KRAFT_COMBINED` only `controllerPort` applies. Refused with ZooKeeper.
   * @default 3 dedicated controllers with KRAFT_DEDICATED_CONTROLLERS; the controller port 9093 (19093 and up
   * with Docker host networking and more than one KRaft node)
   */
  readonly kraft?: KRaftOptions;
  /**
   * The Kafka Connect workers: count, group, storage topics, converters, REST API, heap, memory and worker
   * properties.
   * @default 1 worker, group and storage topics named after the cluster
   */
  readonly connect?: ConnectWorkersOptions;
  /** Images of ZooKeeper, Kafka and Connect: registry, tag, full references and digests. @default quay.io/debezium images pinned per coordination mode */
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
  /**
   * Whether `x` is a ConnectCluster (works across copies of the library).
   * @param x any value, typically a construct found in the tree.
   */
  public static isConnectCluster(x: unknown): x is ConnectCluster {
    return typeof x === 'object' && x !== null && CLUSTER_SYMBOL in x;
  }

  /** @internal the resolved model, or undefined when the props are invalid (synth then fails with every problem). */
  public readonly _model?: ClusterModel;
  /**
   * REST API URLs of the Connect workers, as reachable where the cluster runs (from the Docker host, or
   * inside the Kubernetes cluster); empty when the props are invalid.
   */
  public readonly restUrls: string[];
  /**
   * Bootstrap servers (`host:port,…`) of the Kafka the workers use: the cluster's own brokers, or
   * `connect.bootstrapServers`; empty when the props are invalid.
   */
  public readonly bootstrapServers: string;
  /** The target the cluster is rendered to, as given in the props. */
  public readonly target: Target;
  /** @internal the resolved plugins; undefined when none are declared. */
  public readonly _plugins?: PluginsModel;
  private renderer?: TargetRenderer;
  private topicsTaskResource?: ITerraformDependable;
  private readonly topics: KafkaTopic[] = [];
  private readonly connectors: Connector[] = [];
  /** @internal the connectors declared on this cluster (the cross-cluster rules compare them). */
  public _connectors(): readonly Connector[] {
    return this.connectors;
  }
  private readonly precreateInternalTopics: boolean;
  /** Problems of add* calls that could not be declared as asked (duplicate or missing names). */
  private readonly rejected: Problems;
  private refusedCount = 0;
  /** Why the cluster itself is invalid (empty when it is valid), for `workload()`'s error. */
  private readonly invalidBecause: string[] = [];
  /** Problems of the props and the target options (the cluster is then invalid). */
  private readonly problems: ValidationProblem[] = [];
  /** Problems of topics and connectors declared on the cluster. */
  private readonly reported: ValidationProblem[] = [];
  /** Worker-level secrets (connect.workerSecrets) by worker secret name. */
  private workerSecretEnv: Record<string, SecretRef> = {};

  /**
   * @param scope the construct the cluster belongs to, usually a `TerraformStack` or one of your constructs.
   * @param id the construct id; it prefixes the Terraform address of every generated resource, so keep it stable
   * (a new id replaces every resource, data volumes included).
   * @param props the cluster's components and the target they are rendered to.
   */
  constructor(scope: Construct, id: string, props: ConnectClusterProps) {
    super(scope, id);
    Object.defineProperty(this, CLUSTER_SYMBOL, { value: true });
    // Untyped callers (JavaScript, config-driven stacks) may pass no props: reported below, never a TypeError.
    this.target = props?.target;
    // What an invalid cluster exposes; synth then fails with its problems.
    this.restUrls = [];
    this.bootstrapServers = '';
    this.precreateInternalTopics = props?.connect?.internalTopics?.precreate === true;
    const constructPath = this.node.path;
    this.rejected = new Problems(constructPath);
    // The one validation of the cluster, registered before anything can fail: every problem found — refused
    // add* calls, the props, the target options, plugins, topics, connectors, other clusters — in one list.
    this.node.addValidation({ validate: () => this.allProblems().map(formatProblem) });
    if (props === null || typeof props !== 'object') {
      const p = new Problems(constructPath);
      p.add(
        'props',
        `${JSON.stringify(props) ?? 'undefined'} is not the props of a ConnectCluster`,
        'pass props such as { clusterName: "inventory", target: Target.docker() }',
      );
      this.invalid(p.list);
      return;
    }
    if (!(props.target instanceof Target)) {
      const p = new Problems(constructPath);
      p.add('target', 'no target given', 'pass target: Target.docker() or Target.kubernetes()');
      this.invalid(p.list);
      return;
    }
    const shape = propsShapeProblems(constructPath, props);
    if (shape.length > 0) {
      this.invalid(shape);
      return;
    }
    const network = props.target._network(props.clusterName);
    const pluginResult = _resolvePluginProps(constructPath, props.plugins, network, undefined, props.images?.registry);
    const workerSecrets = resolveWorkerSecrets(constructPath, props.connect?.workerSecrets, network);
    const resolved = resolveCluster({
      constructPath,
      clusterName: props.clusterName,
      coordination: props.coordination,
      zookeeper: props.zookeeper,
      kafka: props.kafka,
      kraft: props.kraft,
      connect: props.connect,
      images: props.images,
      network,
    });
    // Loads the target's provider classes: a Docker-only user never pays for the Kubernetes ones.
    const renderer = props.target._renderer();
    const problems = [
      ...resolved.problems,
      ...pluginResult.problems,
      ...workerSecrets.problems,
      ...(resolved.model ? renderer.validate(constructPath, resolved.model) : []),
    ];
    if (!resolved.model || problems.length > 0) {
      this.invalid(problems);
      return;
    }
    const model = resolved.model;
    this._plugins = pluginResult.plugins;
    this.workerSecretEnv = workerSecrets.env;
    this._model = model;
    this.restUrls = model.restUrls;
    this.bootstrapServers = model.bootstrapServers;
    for (const w of [...model.warnings, ...pluginResult.warnings]) Annotations.of(this).addWarning(w);

    this.renderer = renderer;
    renderer.renderCluster(this, model, {
      plugins: this._plugins,
      secretEnv: () => this._secretEnv(),
      connectorConfigs: () => {
        const stack = TerraformStack.of(this);
        return this.connectors.flatMap((c) => (c._spec ? [withVariableDefaults(stack, c._spec.config)] : []));
      },
      // The workers wait for their pre-created storage topics.
      extraDependsOn: (c) => (c === Component.CONNECT && this.precreateInternalTopics ? [this._topicsTask()] : []),
      peers: () => clustersOf(TerraformStack.of(this)).flatMap((c) => (c !== this && c.renderer ? [c.renderer] : [])),
    });

    new TerraformOutput(this, 'rest-urls', { value: model.restUrls, description: `REST API of each Connect worker of ${model.name}` });
    new TerraformOutput(this, 'bootstrap-servers', {
      value: model.bootstrapServers,
      description: `Kafka bootstrap servers of ${model.name}`,
    });
  }

  /**
   * Declares a topic, created idempotently by the cluster's topics task once the brokers answer. Partitions
   * can grow; nothing is ever deleted or shrunk automatically.
   * @param options the topic's name, partitions, replication factor and config.
   */
  public addTopic(options: KafkaTopicOptions): KafkaTopic {
    const name = (options as KafkaTopicOptions | undefined)?.name;
    return new KafkaTopic(this.childScope('Topics', 'addTopic', name, 'topic'), this.childId(name, 'topic'), { cluster: this, ...options });
  }

  /**
   * Declares a connector, applied through the REST API (`PUT /connectors/<name>/config`) once the workers
   * answer, re-applied when its config changes, deleted when removed from the code or destroyed.
   * @param name the connector's name in Kafka Connect, unique within the cluster; usable in a REST path.
   * @param options what the connector runs (its source) and the state it is kept in.
   */
  public addConnector(name: string, options: ConnectorOptions): Connector {
    return new Connector(this.childScope('Connectors', 'addConnector', name, 'connector'), this.childId(name, 'connector'), {
      cluster: this,
      ...options,
    });
  }

  /**
   * The Terraform resource that runs one node of the cluster: the escape hatch for what the props do not
   * cover (`addOverride`, `lifecycle`, `dependsOn`). On Docker it is the node's `docker_container` (node 2
   * of `Component.KAFKA` is the container of broker `kafka-2`). On Kubernetes every node of a component runs
   * from the component's one `kubernetes_stateful_set_v1`, which is returned for each of its nodes (node 1
   * is pod `<cluster>-kafka-0`): an override there applies to every pod of the component.
   *
   * The library does not validate overrides, and a property path differs between the two targets'
   * resources. Other generated resources (volumes, Services, ConfigMaps) are children of the cluster in the
   * construct tree (`cluster.node.findAll()`).
   *
   * @param component the component the node belongs to.
   * @param node the node's number within its component, from 1, as in the node names (`kafka-2`). @default 1
   * @returns a `Container` of `@cdktf/provider-docker` or a `StatefulSetV1` of `@cdktf/provider-kubernetes`
   * @throws when the cluster does not run that node (a component it does not have, a number out of range), or
   * its props are invalid
   */
  public workload(component: Component, node?: number): TerraformResource {
    const problems = new Problems(this.node.path);
    const field = `workload(${JSON.stringify(component)}${node === undefined ? '' : `, ${JSON.stringify(node)}`})`;
    if (!this._usable) {
      throw new Error(
        `${this.node.path}: ${field}: the cluster has no resources because its props are invalid; fix them first:\n${this.invalidBecause.join('\n')}`,
      );
    }
    const spec = this._model!.components.find((c) => c.component === component);
    const running = this._model!.components.map((c) => c.component).join(', ');
    const number = node ?? 1;
    if (!spec) {
      problems.add(field, `the cluster runs no ${JSON.stringify(component)} nodes`, `ask for a component it runs: ${running}`);
    } else if (!Number.isInteger(number) || number < 1 || number > spec.nodes.length) {
      problems.add(
        field,
        `${JSON.stringify(number)} is not a node of ${component} (the cluster runs ${spec.nodes.length})`,
        `give a node number from 1 to ${spec.nodes.length}`,
      );
    }
    if (!problems.empty) throw new Error(problems.list.map(formatProblem).join('\n'));
    const workloads = this.renderer!.workloads(component);
    return workloads.length === 1 ? workloads[0] : workloads[number - 1];
  }

  /**
   * Whether topics and connectors can be rendered: false when the cluster itself is invalid, in which case
   * they are only recorded and synth reports the cluster's problems.
   * @internal
   */
  public get _usable(): boolean {
    return this._model !== undefined && this.renderer !== undefined;
  }

  /** @internal every declared connector's secrets, by worker environment variable. */
  public _secretEnv(): SecretEnv {
    const out: Record<string, SecretRef> = { ...this.workerSecretEnv };
    for (const c of this.connectors) Object.assign(out, c._secretEnv);
    return out;
  }

  /** @internal the topics task, created when first needed; its topic list is resolved at synth. */
  public _topicsTask(): ITerraformDependable {
    if (this.topicsTaskResource) return this.topicsTaskResource;
    const model = this._model!;
    const lines = Lazy.stringValue({ produce: () => this.topicSpecs().map(topicTaskLine).join('\n') });
    const task = topicsTask(lines, model.images.kafka, model.bootstrapServers, model.images.kafkaVersion);
    this.topicsTaskResource = this.renderer!.renderTask(
      new Construct(this, 'TopicsTask'),
      task,
      this.renderer!.dependables(Component.KAFKA),
    );
    for (const c of this.connectors) c._dependOn(this.topicsTaskResource);
    return this.topicsTaskResource;
  }

  /** @internal */
  public _registerTopic(topic: KafkaTopic): void {
    this.topics.push(topic);
    if (this._usable) this._topicsTask();
  }

  /** @internal what a connector runs after; undefined when the cluster is invalid (nothing is rendered). */
  public _registerConnector(connector: Connector): ITerraformDependable[] | undefined {
    this.connectors.push(connector);
    if (!this._usable) return undefined;
    return [...this.renderer!.dependables(Component.CONNECT), ...(this.topicsTaskResource ? [this.topicsTaskResource] : [])];
  }

  /** @internal */
  public get _renderer(): TargetRenderer | undefined {
    return this.renderer;
  }

  /** @internal the problems of a topic or connector declared on this cluster, reported with the cluster's. */
  public _report(problems: ValidationProblem[]): void {
    this.reported.push(...problems);
  }

  /** Two declarations of one topic (or a declared topic that is also a pre-created internal topic). */
  private topicProblems(): ValidationProblem[] {
    const problems = new Problems(this.node.path);
    const seen = new Map<string, string>();
    for (const t of this.topicSpecs()) {
      const other = seen.get(topicCollisionKey(t.name));
      if (other === t.name)
        problems.add(
          `addTopic("${t.name}")`,
          `topic "${t.name}" is declared twice`,
          'declare each topic once (the storage topics are declared by internalTopics.precreate)',
        );
      else if (other !== undefined) {
        problems.add(
          `addTopic("${t.name}")`,
          `topic "${t.name}" collides with topic "${other}": Kafka treats "." and "_" alike in topic names and refuses the second`,
          'use one of the two names',
        );
      } else seen.set(topicCollisionKey(t.name), t.name);
    }
    return problems.list;
  }

  /**
   * Two connectors whose distinct names derive one task or secret name would overwrite each other; two on one
   * replication slot steal each other's changes; two with one topic prefix write into each other's topics.
   */
  private connectorProblems(): ValidationProblem[] {
    const problems = new Problems(this.node.path);
    const owner = new Map<string, string>();
    const slots = new Map<string, string>();
    const prefixes = new Map<string, string>();
    for (const c of this.connectors) {
      if (!c._spec) continue;
      const prefix = c._spec.config['topic.prefix'];
      if (prefix !== undefined) {
        const other = prefixes.get(prefix);
        if (other !== undefined) {
          problems.add(
            `addConnector("${c._spec.name}")`,
            `connectors "${other}" and "${c._spec.name}" both have topic prefix "${prefix}": their change events (and schema history) would mix in the same topics`,
            'give each connector its own topicPrefix (topic.prefix)',
          );
        } else prefixes.set(prefix, c._spec.name);
      }
      for (const d of connectorDerivedNames(c._spec)) {
        const other = owner.get(d.name);
        if (other !== undefined && other !== d.from) {
          problems.add(
            `addConnector("${c._spec.name}")`,
            `${other} and ${d.from} both derive the ${d.what} "${d.name}"`,
            'give connectors (and secret keys) names that differ in more than case and punctuation',
          );
        }
        if (other === undefined) owner.set(d.name, d.from);
      }
      const slot = replicationSlotKey(c._spec);
      if (slot !== undefined) {
        const other = slots.get(slot);
        if (other !== undefined) {
          problems.add(
            `addConnector("${c._spec.name}")`,
            `connectors "${other}" and "${c._spec.name}" both stream from replication slot "${c._spec.config['slot.name'] ?? POSTGRES_DEFAULT_SLOT}" of database "${slot.slice(0, slot.lastIndexOf('/'))}"`,
            'give each PostgreSQL connector of one database its own slotName',
          );
        } else slots.set(slot, c._spec.name);
      }
    }
    return problems.list;
  }

  /** The declared topics, plus the internal topics when they are pre-created. */
  private topicSpecs(): TopicSpec[] {
    const model = this._model!;
    const internal = this.precreateInternalTopics
      ? [model.internalTopics.config, model.internalTopics.offset, model.internalTopics.status]
      : [];
    return [...internal, ...this.topics.flatMap((t) => (t._spec ? [t._spec] : []))];
  }

  /**
   * Where a topic or connector named `name` goes: the cluster's `Topics`/`Connectors` construct, or — when
   * the name is not a usable construct id or already taken — a construct of its own, so that the problem is
   * reported at synth with the cluster's path instead of as a constructs exception at the call.
   */
  private childScope(group: string, method: string, name: unknown, what: string): Construct {
    const scope = (this.node.tryFindChild(group) as Construct) ?? new Construct(this, group);
    if (typeof name !== 'string' || name === '') {
      this.rejected.add(
        `${method}(${JSON.stringify(name) ?? 'undefined'})`,
        `${what} name ${JSON.stringify(name) ?? 'undefined'} is not a non-empty string`,
        `give the ${what} a name`,
      );
      return this.rejectedScope();
    }
    const id = childConstructId(name).replace(/\//g, '--');
    if (scope.node.children.some((c) => c.node.id === id)) {
      // Two topics of one name are reported by topicProblems, with the storage topics they may clash with.
      if (what !== 'topic')
        this.rejected.add(
          `${method}("${name}")`,
          `${what} "${name}" is declared twice`,
          `declare each ${what} once, or give it another name`,
        );
      return this.rejectedScope();
    }
    return scope;
  }

  private childId(name: unknown, what: string): string {
    return typeof name === 'string' && name !== '' ? childConstructId(name) : what;
  }

  /** A fresh scope per refused declaration: its constructs never collide with anything. */
  private rejectedScope(): Construct {
    return new Construct(this, `Refused${++this.refusedCount}`);
  }

  /** The cluster cannot be rendered: synth reports why, and topics and connectors are only recorded. */
  private invalid(problems: ValidationProblem[]): void {
    this.problems.push(...problems);
    this.invalidBecause.push(...problems.map(formatProblem));
  }

  /** Every problem of the cluster and what is declared on it, for its one validation. */
  private allProblems(): ValidationProblem[] {
    const own = [...this.rejected.list, ...this.problems];
    if (!this._usable) return [...own, ...this.reported];
    const others = clustersOf(TerraformStack.of(this)).filter((c) => c !== this);
    const cross = others.length > 0 ? crossClusterProblems(this, others) : [];
    return [...own, ...cross, ...this.topicProblems(), ...this.connectorProblems(), ...this.reported];
  }
}

/**
 * Props of the wrong shape, as untyped callers (JavaScript, config files) can pass them: a block or a map that is
 * not an object, a size that is not a `Size`, a list that is not a list. Checked before anything reads them, so
 * that each is a problem naming its field instead of a TypeError.
 */
function propsShapeProblems(constructPath: string, props: ConnectClusterProps): ValidationProblem[] {
  const problems = new Problems(constructPath);
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const blocks = {
    zookeeper: props.zookeeper,
    kafka: props.kafka,
    kraft: props.kraft,
    connect: props.connect,
    images: props.images,
    plugins: props.plugins,
  };
  for (const [block, value] of Object.entries(blocks)) {
    if (value === undefined) continue;
    if (!isObject(value)) {
      problems.add(block, `${JSON.stringify(value)} is not an object`, `give ${block} as an object of its options, e.g. ${block}: {}`);
      continue;
    }
    const options = value as Record<string, unknown>;
    for (const field of ['memoryLimit', 'storageSize']) {
      if (options[field] !== undefined && !(options[field] instanceof Size)) {
        problems.add(`${block}.${field}`, `${JSON.stringify(options[field])} is not a Size`, 'use Size.mebibytes(n) or Size.gibibytes(n)');
      }
    }
    const heap = options.heap as Record<string, unknown> | undefined;
    if (heap !== undefined && !isObject(heap)) {
      problems.add(`${block}.heap`, `${JSON.stringify(heap)} is not an object`, 'give heap as { maximum: Size.gibibytes(1) }');
    } else if (heap !== undefined) {
      for (const field of ['maximum', 'initial']) {
        if ((heap[field] !== undefined || field === 'maximum') && !(heap[field] instanceof Size)) {
          problems.add(
            `${block}.heap.${field}`,
            `${JSON.stringify(heap[field]) ?? 'undefined'} is not a Size`,
            'use Size.mebibytes(n) or Size.gibibytes(n)',
          );
        }
      }
    }
    for (const field of ['brokerProperties', 'controllerProperties', 'workerProperties', 'workerSecrets']) {
      if (options[field] !== undefined && !isObject(options[field])) {
        problems.add(
          `${block}.${field}`,
          `${JSON.stringify(options[field])} is not a map`,
          `give ${block}.${field} as { "property.name": value }`,
        );
      }
    }
    if (options.secretFiles !== undefined && !Array.isArray(options.secretFiles)) {
      problems.add(`${block}.secretFiles`, `${JSON.stringify(options.secretFiles)} is not a list`, 'give a list of { mountPath, files }');
    }
  }
  return problems.list;
}

/** connect.workerSecrets as the workers receive them, and why a given Secret cannot be used. */
function resolveWorkerSecrets(
  constructPath: string,
  secrets: { [property: string]: Secret } | undefined,
  target: SecretTarget,
): { env: Record<string, SecretRef>; problems: ValidationProblem[] } {
  const problems = new Problems(constructPath);
  const env: Record<string, SecretRef> = {};
  for (const [property, secret] of Object.entries(secrets ?? {})) {
    const field = `connect.workerSecrets["${property}"]`;
    if (!(secret instanceof Secret)) {
      problems.add(
        field,
        `${JSON.stringify(secret)} is not a Secret`,
        'use Secret.fromVariable(aSensitiveVariable) or Secret.fromKubernetesSecret(name, key)',
      );
      continue;
    }
    if (secret._problem) problems.add(field, secret._problem, 'declare the variable with sensitive: true and no default');
    const unreachable = unreachableSecret(secret._ref, target);
    if (unreachable) problems.add(field, unreachable.problem, unreachable.fix);
    const invalid = invalidSecretRef(secret._ref);
    if (invalid) problems.add(field, invalid.problem, invalid.fix);
    env[workerSecretEnvName(property)] = secret._ref;
  }
  return { env, problems: problems.list };
}

/**
 * A connector config with each reference to a variable of the stack replaced by the variable's default: what the
 * value is at apply time unless the variable is set, for what a renderer must know of it (the Docker host's
 * alias as a database host). Other tokens stay as they are.
 */
function withVariableDefaults(stack: TerraformStack, config: { readonly [key: string]: string }): { [key: string]: string } {
  const out: Record<string, string> = {};
  let defaults: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string' || !Token.isUnresolved(value)) {
      out[key] = value;
      continue;
    }
    defaults ??= new Map(
      stack.node
        .findAll()
        .filter((c): c is TerraformVariable => c instanceof TerraformVariable && typeof c.default === 'string')
        .map((v) => [v.friendlyUniqueId, v.default as string]),
    );
    const resolved = Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
    out[key] =
      typeof resolved === 'string'
        ? resolved.replace(/\$\{var\.([A-Za-z0-9_-]+)\}/g, (ref, name: string) => defaults!.get(name) ?? ref)
        : value;
  }
  return out;
}

/** Problems between clusters of one stack: shared storage topics on one Kafka, host ports on one Docker host. */
function crossClusterProblems(self: ConnectCluster, others: ConnectCluster[]): ValidationProblem[] {
  const model = self._model;
  if (!model) return [];
  const problems = new Problems(self.node.path);
  const mine = model.internalTopics;
  for (const other of others) {
    const om = other._model!;
    // One Docker engine, or one namespace: where the two clusters' objects would share names.
    const place = self.target._sharedPlace(other.target, model.network.namespace, om.network.namespace);
    if (place !== undefined && om.name === model.name) {
      problems.add(
        'clusterName',
        `"${model.name}" is also the name of ${other.node.path} ${place}: their containers, volumes and objects would collide`,
        'give each cluster its own name',
      );
    }
    const twice = place === undefined ? undefined : self.target._placeCreatedTwice(other.target, model.network.namespace, other.node.path);
    if (twice) problems.add(twice.field, twice.problem, twice.fix);
    // Clusters that each run their own Kafka never share one; a Connect-only cluster shares the Kafka it points at.
    const sameKafka = (isConnectOnly(model) || isConnectOnly(om)) && sameServers(om.bootstrapServers, model.bootstrapServers);
    if (sameKafka && om.network.nameScope === model.network.nameScope) {
      const theirs = new Set([om.internalTopics.config.name, om.internalTopics.offset.name, om.internalTopics.status.name]);
      for (const [field, t] of [
        ['configStorageTopic', mine.config],
        ['offsetStorageTopic', mine.offset],
        ['statusStorageTopic', mine.status],
      ] as const) {
        if (theirs.has(t.name)) {
          problems.add(
            `connect.${field}`,
            `topic "${t.name}" is also a storage topic of ${other.node.path} on the same Kafka (${model.bootstrapServers})`,
            'give each Connect cluster its own storage topics',
          );
        }
      }
    }
    // One PostgreSQL replication slot streams to one connector at a time: a connector declared on two clusters
    // (a move between clusters) must be STOPPED on all but one. Reported by the later of the two clusters.
    if (other.node.path < self.node.path) {
      const theirs = new Map<string, string>();
      for (const c of other._connectors()) {
        const slot = c._spec && c._spec.state !== ConnectorState.STOPPED ? replicationSlotKey(c._spec) : undefined;
        if (slot !== undefined) theirs.set(slot, c._spec!.name);
      }
      for (const c of self._connectors()) {
        const slot = c._spec && c._spec.state !== ConnectorState.STOPPED ? replicationSlotKey(c._spec) : undefined;
        if (slot === undefined || !theirs.has(slot)) continue;
        problems.add(
          `addConnector("${c._spec!.name}")`,
          `it and connector "${theirs.get(slot)}" of ${other.node.path} both stream from replication slot "${c._spec!.config['slot.name'] ?? POSTGRES_DEFAULT_SLOT}" of database "${slot.slice(0, slot.lastIndexOf('/'))}", and neither is STOPPED`,
          'while a connector moves between clusters keep it STOPPED on one of them (state: ConnectorState.STOPPED); otherwise give each its own slotName',
        );
      }
    }
    // Nodes of one host (Docker) bind or publish its ports: two clusters there may not take the same one.
    if (place !== undefined && model.network.nodesShareHostPorts && om.network.nodesShareHostPorts) {
      const theirPorts = hostPorts(om);
      for (const [port, who] of hostPorts(model)) {
        if (theirPorts.has(port)) {
          problems.add(
            model.network.sharedHost ? 'target (host networking)' : 'target.restHostPortBase',
            `host port ${port} of ${who} is also used by ${theirPorts.get(port)} of ${other.node.path}`,
            'give each cluster on one Docker host distinct ports (restHostPortBase, connect.restPort, kafka.port)',
          );
        }
      }
    }
  }
  return problems.list;
}

function isConnectOnly(model: ClusterModel): boolean {
  return !model.components.some((c) => c.component === Component.KAFKA);
}

function sameServers(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .sort()
      .join(',');
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
    clusters = stack.node
      .findAll()
      .filter((c: IConstruct): c is ConnectCluster => ConnectCluster.isConnectCluster(c) && c._model !== undefined);
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
        // Nodes on a shared host take their container ports on it; elsewhere only published ports count.
        const port = model.network.sharedHost ? p.containerPort : p.hostPort;
        if (port !== undefined) out.set(port, `${model.name}/${n.name}`);
      }
    }
  }
  return out;
}

import { Annotations, TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ConnectWorkersOptions } from './connect-workers';
import { ClusterInput, ClusterModel, resolveCluster } from './model/cluster-model';
import { CoordinationMode, ImageOptions } from './image';
import { KafkaOptions } from './kafka';
import { KRaftOptions } from './kraft';
import { Component } from './component';
import { ConnectClusterValidationError, formatProblem, Problems, show, ValidationProblem } from './model/validation';
import { ZooKeeperOptions } from './zookeeper';
import { inUserLanguage } from './model/language';
import './private/api-names';
import { Connector, ConnectorOptions } from './connector';
import { IConnectCluster } from './connect-cluster-ref';
import { KafkaTopic } from './kafka-topic';
import { SecretInput } from './model/secret-ref';
import { Secret } from './secret';
import { connectorDeclared, topicsToCreate } from './model/declarations';
import { TopicSpec, topicCollisionKey } from './model/topic';
import { KafkaTopicOptions } from './kafka-topic';
import { childConstructId, TASK_CONSTRUCT_IDS } from './model/construct-ids';
import { inputShapeProblems } from './model/input-shape';
import { Size } from './size';
import { connectorDerivedNames, ConnectorSpec, ConnectorState, POSTGRES_DEFAULT_SLOT, replicationSlotKey } from './model/connector';
import { registerClusterContext } from './private/cluster-context';
import { _pluginsInput, NODE_LOCAL_FILES, PluginsOptions } from './plugin';
import { Target } from './target';
import { MetricsOptions } from './metrics';
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
  /**
   * Prometheus metrics from every Connect worker, broker and KRaft controller (`{ prometheus: true }`).
   * @default none exported
   */
  readonly metrics?: MetricsOptions;
}

const CLUSTER_SYMBOL = Symbol.for('cdktf-debezium-connect.ConnectCluster');

/**
 * A Debezium Kafka Connect cluster — ZooKeeper (or KRaft), Kafka brokers and Connect workers — described
 * once and rendered to the chosen target.
 */
export class ConnectCluster extends Construct implements IConnectCluster {
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
  private renderer?: TargetRenderer;
  /**
   * The one collector of what the cluster is told is wrong: refused add* calls, the props and target options,
   * and the problems of declared topics and connectors. The rules across declarations and clusters are added
   * at validation (`allProblems`).
   */
  private readonly problems: Problems;
  /** Whether the props or the target options are invalid: nothing is rendered. */
  private propsInvalid = false;
  private readonly rejectedScopes = new Set<Construct>();

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
    const constructPath = this.node.path;
    this.problems = new Problems(constructPath);
    registerClusterContext(this, {
      model: () => (this.renderer ? this._model : undefined),
      declareTopic: (spec) => this.declareTopic(spec),
      declareConnector: (scope, spec) => this.declareConnector(scope, spec),
      report: (problems) => this.problems.addAll(problems),
    });
    // The one validation of the cluster, registered before anything can fail: every problem found — refused
    // add* calls, the props, the target options, plugins, topics, connectors, other clusters — in one list.
    this.node.addValidation({ validate: () => this.allProblems().map(formatProblem) });
    if (props === null || typeof props !== 'object') {
      this.problems.add(
        'props',
        `${JSON.stringify(props) ?? 'undefined'} is not the props of a ConnectCluster`,
        'pass props such as { clusterName: "inventory", target: Target.docker() }',
      );
      this.invalid();
      return;
    }
    if (!(props.target instanceof Target)) {
      this.problems.add('target', 'no target given', 'pass target: Target.docker() or Target.kubernetes()');
      this.invalid();
      return;
    }
    const shape = inputShapeProblems(constructPath, props, (value) => value instanceof Size);
    // Options of the wrong shape given to Target.docker()/kubernetes() (from JavaScript or a config file).
    const badTarget = props.target._invalidOptions;
    if (badTarget) {
      shape.push({
        construct: constructPath,
        field: 'target',
        message: `${badTarget.factory}(${show(badTarget.value)}): the options are not an object`,
        fix: `pass ${badTarget.factory}() with no argument or an object of its options, e.g. ${badTarget.factory}({})`,
      });
    }
    if (shape.length > 0) {
      this.problems.addAll(shape);
      this.invalid();
      return;
    }
    const resolved = resolveCluster(_clusterInput(constructPath, props));
    // Loads the target's provider classes: a Docker-only user never pays for the Kubernetes ones.
    const renderer = props.target._renderer();
    const problems = [...resolved.problems, ...(resolved.model ? renderer.validate(constructPath, resolved.model) : [])];
    if (!resolved.model || problems.length > 0) {
      this.problems.addAll(problems);
      this.invalid();
      return;
    }
    const model = resolved.model;
    this._model = model;
    this.restUrls = model.restUrls;
    this.bootstrapServers = model.bootstrapServers;
    for (const w of [...model.warnings, ...renderer.warnings()]) Annotations.of(this).addWarning(inUserLanguage(w));

    this.renderer = renderer;
    renderer.renderCluster(this, model, () =>
      clustersOf(TerraformStack.of(this)).flatMap((c) => (c !== this && c.renderer ? [c.renderer] : [])),
    );
    // Rendered in the pass when the workers wait for it.
    if (model.precreateInternalTopics) renderer.topicsTask();
    // kafka.loggers and connect.loggers on the running nodes; a change of levels replaces their task only.
    for (const { task } of model.loggers ?? []) renderer.renderTask(new Construct(this, TASK_CONSTRUCT_IDS[task.kind]), task);

    // The outputs are named `<cluster name>-rest-urls` and `<cluster name>-bootstrap-servers` in the stack (what
    // `cdktf output` and `terraform output` show), not by the construct path's hashed logical id: a public contract.
    const restUrls = new TerraformOutput(this, 'rest-urls', {
      value: model.restUrls,
      description: `REST API of each Connect worker of ${model.name}`,
    });
    restUrls.overrideLogicalId(`${model.name}-rest-urls`);
    this.failSynthOnProblems(restUrls);
    new TerraformOutput(this, 'bootstrap-servers', {
      value: model.bootstrapServers,
      description: `Kafka bootstrap servers of ${model.name}`,
    }).overrideLogicalId(`${model.name}-bootstrap-servers`);
  }

  /**
   * Declares a topic, created idempotently by the cluster's topics task once the brokers answer. Partitions
   * can grow; nothing is ever deleted or shrunk automatically.
   * @param options the topic's name, partitions, replication factor and config.
   */
  public addTopic(options: KafkaTopicOptions): KafkaTopic {
    const name = (options as KafkaTopicOptions | undefined)?.name;
    // A missing name is reported at the call; the topic takes its construct id as its name (as a connector does),
    // so that its own checks do not report it again.
    const named = typeof name === 'string' && name !== '' ? {} : { name: this.childId(name, 'topic') };
    return new KafkaTopic(this.childScope('Topics', 'addTopic', name, 'topic'), this.childId(name, 'topic'), {
      cluster: this,
      ...options,
      ...named,
    });
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
    if (!this.renderer) {
      throw new Error(
        `${this.node.path}: ${field}: the cluster has no resources because its props are invalid; fix them first:\n${this.problems.list.map(formatProblem).join('\n')}`,
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
        `${show(number)} is not a node of ${component} (the cluster runs ${spec.nodes.length})`,
        `give a node number from 1 to ${spec.nodes.length}`,
      );
    }
    if (!problems.empty) throw new Error(problems.list.map(formatProblem).join('\n'));
    const workloads = this.renderer!.workloads(component);
    return workloads.length === 1 ? workloads[0] : workloads[number - 1];
  }

  /** A declared topic (valid or not): the topics task is rendered at the first. */
  private declareTopic(spec: TopicSpec | undefined): void {
    if (spec) this._model!.topics.push(spec);
    this.renderer!.topicsTask();
  }

  /** A valid connector: it joins the model, and its tasks (sentinel, apply) are rendered under its scope. */
  private declareConnector(scope: Construct, spec: ConnectorSpec): void {
    // A refused declaration (a name declared twice, no name) is checked on its own only: not against the others.
    if (scope.node.scope && this.rejectedScopes.has(scope.node.scope as Construct)) return;
    // In the model's order: a task is rendered after those it waits for.
    for (const task of connectorDeclared(this._model!, spec))
      this.renderer!.renderTask(new Construct(scope, TASK_CONSTRUCT_IDS[task.kind]), task);
  }

  /** Two declarations of one topic (or a declared topic that is also a pre-created internal topic). */
  private topicProblems(): ValidationProblem[] {
    const problems = new Problems(this.node.path);
    const seen = new Map<string, string>();
    for (const t of topicsToCreate(this._model!)) {
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
    for (const spec of this._model!.connectors) {
      const prefix = spec.config['topic.prefix'];
      if (prefix !== undefined) {
        const other = prefixes.get(prefix);
        if (other !== undefined) {
          problems.add(
            `addConnector("${spec.name}")`,
            `connectors "${other}" and "${spec.name}" both have topic prefix "${prefix}": their change events (and schema history) would mix in the same topics`,
            'give each connector its own topicPrefix (topic.prefix)',
          );
        } else prefixes.set(prefix, spec.name);
      }
      for (const d of connectorDerivedNames(spec)) {
        const other = owner.get(d.name);
        if (other !== undefined && other !== d.from) {
          problems.add(
            `addConnector("${spec.name}")`,
            `${other} and ${d.from} both derive the ${d.what} "${d.name}"`,
            'give connectors (and secret keys) names that differ in more than case and punctuation',
          );
        }
        if (other === undefined) owner.set(d.name, d.from);
      }
      const slot = replicationSlotKey(spec);
      if (slot !== undefined) {
        const other = slots.get(slot);
        if (other !== undefined) {
          problems.add(
            `addConnector("${spec.name}")`,
            `connectors "${other}" and "${spec.name}" both stream from replication slot "${spec.config['slot.name'] ?? POSTGRES_DEFAULT_SLOT}" of database "${slot.slice(0, slot.lastIndexOf('/'))}"`,
            'give each PostgreSQL connector of one database its own slotName',
          );
        } else slots.set(slot, spec.name);
      }
    }
    return problems.list;
  }

  /**
   * Where a topic or connector named `name` goes: the cluster's `Topics`/`Connectors` construct, or — when
   * the name is not a usable construct id or already taken — a construct of its own, so that the problem is
   * reported at synth with the cluster's path instead of as a constructs exception at the call.
   */
  private childScope(group: string, method: string, name: unknown, what: string): Construct {
    const scope = (this.node.tryFindChild(group) as Construct) ?? new Construct(this, group);
    if (typeof name !== 'string' || name === '') {
      this.problems.add(`${method}(${show(name)})`, `${what} name ${show(name)} is not a non-empty string`, `give the ${what} a name`);
      return this.rejectedScope(`${method}(${show(name)})`);
    }
    const id = childConstructId(name).replace(/\//g, '--');
    if (scope.node.children.some((c) => c.node.id === id)) {
      // Two topics of one name are reported by topicProblems, with the storage topics they may clash with.
      if (what !== 'topic')
        this.problems.add(
          `${method}("${name}")`,
          `${what} "${name}" is declared twice`,
          `declare each ${what} once, or give it another name`,
        );
      return this.rejectedScope(`${method}("${name}") again`);
    }
    return scope;
  }

  private childId(name: unknown, what: string): string {
    return typeof name === 'string' && name !== '' ? childConstructId(name) : what;
  }

  /**
   * A fresh scope per refused declaration, named by the call that made it (`addConnector("a") again`), so that
   * the declaration's own problems name it; its constructs never collide with anything. A refused declaration
   * is validated on its own but takes no part in what is checked between declarations (topic prefixes, slots):
   * those would be follow-on problems of the one already reported.
   */
  private rejectedScope(call: string): Construct {
    let id = call.replace(/\//g, '--');
    for (let n = 2; this.node.tryFindChild(id); n++) id = `${call.replace(/\//g, '--')} (${n})`;
    const scope = new Construct(this, id);
    this.rejectedScopes.add(scope);
    return scope;
  }

  /** The cluster cannot be rendered: synth reports why, and topics and connectors are only recorded. */
  private invalid(): void {
    this.propsInvalid = true;
    // Nothing of the cluster is rendered: without validation, this local is what makes synth fail.
    this.failSynthOnProblems(new TerraformLocal(this, 'invalid', null));
  }

  /**
   * Makes `element`'s synthesis throw every problem of the cluster and what is declared on it, as a
   * ConnectClusterValidationError. Validation reports the same list first; this is for a synth that skips it
   * (`skipValidation`, `Testing.synth(stack)`), which would otherwise write a stack without the invalid parts — and
   * a plan of that stack would destroy them. The element's own output is unchanged.
   */
  private failSynthOnProblems(element: TerraformElement): void {
    const synthesize = element.toTerraform.bind(element);
    element.toTerraform = () => {
      const problems = this.allProblems();
      if (problems.length > 0) throw new ConnectClusterValidationError(problems);
      return synthesize();
    };
  }

  /** Problems between clusters of one stack: shared storage topics on one Kafka, host ports on one Docker host. */
  private crossClusterProblems(others: ConnectCluster[]): ValidationProblem[] {
    const model = this._model;
    if (!model) return [];
    const problems = new Problems(this.node.path);
    const mine = model.internalTopics;
    for (const other of others) {
      const om = other._model!;
      // One Docker engine, or one namespace: where the two clusters' objects would share names.
      const place = this.target._sharedPlace(other.target, model.network.namespace, om.network.namespace);
      if (place !== undefined && om.name === model.name) {
        problems.add(
          'clusterName',
          `"${model.name}" is also the name of ${other.node.path} ${place}: their containers, volumes and objects would collide`,
          'give each cluster its own name',
        );
      } else if (om.name === model.name) {
        problems.add(
          'clusterName',
          `"${model.name}" is also the name of ${other.node.path} in this stack: both would write the stack outputs "${model.name}-rest-urls" and "${model.name}-bootstrap-servers"`,
          'give each cluster of a stack its own name, or put the clusters in separate stacks',
        );
      }
      const twice =
        place === undefined ? undefined : this.target._placeCreatedTwice(other.target, model.network.namespace, other.node.path);
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
      if (other.node.path < this.node.path) {
        const theirs = new Map<string, string>();
        for (const c of other._model!.connectors) {
          const slot = c.state !== ConnectorState.STOPPED ? replicationSlotKey(c) : undefined;
          if (slot !== undefined) theirs.set(slot, c.name);
        }
        for (const c of this._model!.connectors) {
          const slot = c.state !== ConnectorState.STOPPED ? replicationSlotKey(c) : undefined;
          if (slot === undefined || !theirs.has(slot)) continue;
          problems.add(
            `addConnector("${c.name}")`,
            `it and connector "${theirs.get(slot)}" of ${other.node.path} both stream from replication slot "${c.config['slot.name'] ?? POSTGRES_DEFAULT_SLOT}" of database "${slot.slice(0, slot.lastIndexOf('/'))}", and neither is STOPPED`,
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

  /** Every problem of the cluster and what is declared on it, for its one validation. */
  private allProblems(): ValidationProblem[] {
    if (this.propsInvalid) return this.problems.list;
    const cross = ConnectCluster.crossClusterProblemsOf(TerraformStack.of(this)).get(this) ?? [];
    return [...this.problems.list, ...cross, ...this.topicProblems(), ...this.connectorProblems()];
  }

  /**
   * The rules across the valid clusters of a stack, run once per stack (validation runs after every construct
   * exists; each cluster's validation, and its synthesis, take their share): each cluster's problems with the others.
   */
  private static crossClusterProblemsOf(stack: TerraformStack): Map<ConnectCluster, ValidationProblem[]> {
    let byCluster = crossProblemsByStack.get(stack);
    if (!byCluster) {
      const clusters = clustersOf(stack);
      byCluster = new Map(
        clusters.length < 2 ? [] : clusters.map((c) => [c, c.crossClusterProblems(clusters.filter((o) => o !== c))] as const),
      );
      crossProblemsByStack.set(stack, byCluster);
    }
    return byCluster;
  }
}

const crossProblemsByStack = new WeakMap<TerraformStack, Map<ConnectCluster, ValidationProblem[]>>();

/**
 * @internal the props as the model takes them: the target's network facts, the plugins and worker secrets
 * unwrapped from their classes, and the synth machine's files.
 */
export function _clusterInput(constructPath: string, props: ConnectClusterProps): ClusterInput {
  return {
    constructPath,
    clusterName: props.clusterName,
    coordination: props.coordination,
    zookeeper: props.zookeeper,
    kafka: props.kafka,
    kraft: props.kraft,
    connect: props.connect,
    images: props.images,
    network: props.target._network(props.clusterName),
    plugins: _pluginsInput(props.plugins),
    files: NODE_LOCAL_FILES,
    workerSecrets: workerSecretsInput(props.connect?.workerSecrets),
    restTlsStorePassword: secretInput(props.connect?.restTls?.storePassword),
    kafkaClientPassword: secretInput(props.connect?.kafkaSecurity?.password),
    metrics: props.metrics,
  };
}

/** A Secret as the model takes it, or what was given instead; undefined when nothing was given. */
function secretInput(secret: Secret | undefined): SecretInput | undefined {
  if (secret === undefined) return undefined;
  return secret instanceof Secret ? { ref: secret._ref, problem: secret._problem } : { notASecret: secret };
}

/** connect.workerSecrets as the model takes them: each Secret's reference and problem, or what was given instead. */
function workerSecretsInput(secrets: { [property: string]: Secret } | undefined): { [property: string]: SecretInput } | undefined {
  if (secrets === undefined) return undefined;
  return Object.fromEntries(Object.entries(secrets).map(([property, secret]) => [property, secretInput(secret) ?? { notASecret: secret }]));
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

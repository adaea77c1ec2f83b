import { loggerLevelsFile } from '../model/loggers';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { ITerraformDependable, Lazy, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { TaskSpec } from '../model/tasks';
import { renderKubernetesTask } from './task';
import { RenderedTasks } from '../private/task-dependencies';
import { ClusterModel, LoggersModel, loggersOf } from '../model/cluster-model';
import { COMPONENT_GROUP_IDS, TASK_CONSTRUCT_IDS } from '../model/construct-ids';
import { clusterLabels, POD_SECURITY_LABELS } from './policy';
import { Component } from '../model/nodes';
import { KubernetesTargetOptions } from './options';
import { ValidationProblem } from '../model/validation';
import { PeerRenderers, TargetRenderer } from '../private/target-renderer';
import { clusterSecretEnv, clusterTopicsTask } from '../model/declarations';
import { renderNetworkPolicy } from './network-policy';
import { kubernetesOptionProblems, kubernetesOptionWarnings } from './validation';
import { ComponentResources, renderWorkload } from './workload';

/** The Kubernetes objects of one component, reachable for users who need an escape hatch. */
export type KubernetesComponentResources = ComponentResources & { readonly networkPolicy: NetworkPolicyV1 };

/**
 * Translates the model into a namespace and, per component, a StatefulSet with its headless and client
 * Services, ConfigMap (and Secret), PodDisruptionBudget and NetworkPolicy; tasks are Jobs and Pods in the
 * namespace.
 */
export class KubernetesRenderer implements TargetRenderer {
  /** Absent with `createNamespace: false`. */
  public namespace?: NamespaceV1;
  public readonly components: { [component: string]: KubernetesComponentResources } = {};
  private model!: ClusterModel;
  private scope!: Construct;
  /** The tasks rendered so far (what a later task waits for). */
  private readonly tasks = new RenderedTasks<JobV1>((c) => this.dependables(c));
  /** The namespace every object is in: a reference when a cluster of the stack creates it, else its name. */
  private ns!: string;

  constructor(private readonly options: KubernetesTargetOptions) {}

  public validate(constructPath: string, model: ClusterModel): ValidationProblem[] {
    return kubernetesOptionProblems(constructPath, model, this.options).list;
  }

  public warnings(): string[] {
    return kubernetesOptionWarnings(this.options);
  }

  public renderCluster(scope: Construct, model: ClusterModel, peers: PeerRenderers): void {
    const options = this.options;
    this.model = model;
    this.scope = scope;
    // The model resolved (and validated) the namespace name; pod DNS names already contain it.
    const namespaceName = model.network.namespace!;
    this.namespace =
      options.createNamespace === false
        ? undefined
        : new NamespaceV1(scope, 'namespace', {
            metadata: {
              name: namespaceName,
              labels: { ...options.labels, ...clusterLabels(model.name), ...POD_SECURITY_LABELS },
              annotations: options.annotations,
            },
            provider: options.provider,
          });
    // A reference, when created, so that every object waits for the namespace (and is destroyed before it).
    // A namespace another cluster creates is referenced too: a literal name would let the first apply race it.
    this.ns =
      this.namespace?.metadata.name ??
      (options.createNamespace === false
        ? Lazy.stringValue({ produce: () => this.namespaceCreatedBy(peers())?.metadata.name ?? namespaceName })
        : namespaceName);
    for (const spec of model.components) {
      const group = new Construct(scope, COMPONENT_GROUP_IDS[spec.component]);
      const workload = renderWorkload(group, {
        clusterName: model.name,
        namespace: this.ns,
        spec,
        options,
        dependsOn: [
          ...spec.dependsOn.map((c: Component) => this.components[c].statefulSet),
          ...(spec.dependsOnTopicsTask ? [this.topicsTask()] : []),
        ],
        secretEnv: spec.component === Component.CONNECT ? () => clusterSecretEnv(model) : undefined,
        plugins: spec.component === Component.CONNECT ? model.plugins : undefined,
        registry: model.images.registry,
        metrics: model.metrics,
        loggerLevels: levelsFile(loggersOf(model, spec.component)),
      });
      this.components[spec.component] = { ...workload, networkPolicy: renderNetworkPolicy(group, model, spec, this.ns, options) };
    }
  }

  public topicsTask(): ITerraformDependable {
    return this.tasks.topicsTask(
      () => clusterTopicsTask(this.model),
      (task) => renderKubernetesTask(new Construct(this.scope, TASK_CONSTRUCT_IDS[task.kind]), this.model, this.options, this.ns, task),
    );
  }

  public renderTask(scope: Construct, task: TaskSpec): ITerraformDependable {
    return this.tasks.render(task, (t) => renderKubernetesTask(scope, this.model, this.options, this.ns, t));
  }

  /**
   * Everything a task reaches a component through: its pods and both Services (the client Service is the
   * tasks' REST endpoint, the headless one names the pods). A connector's sentinel undoes on destroy, so these
   * must be destroyed after it.
   */
  public dependables(component: Component): ITerraformDependable[] {
    const r = this.components[component];
    return r ? [r.statefulSet, r.service, r.headlessService] : [];
  }

  public workloads(component: Component): TerraformResource[] {
    const r = this.components[component];
    return r ? [r.statefulSet] : [];
  }

  /** The namespace of this cluster that another cluster of the stack creates through the same provider. */
  private namespaceCreatedBy(peers: readonly TargetRenderer[]): NamespaceV1 | undefined {
    const mine = this.model.network.namespace;
    for (const peer of peers) {
      if (
        peer instanceof KubernetesRenderer &&
        peer.namespace &&
        peer.model.network.namespace === mine &&
        peer.options.provider === this.options.provider
      )
        return peer.namespace;
    }
    return undefined;
  }
}

function levelsFile(loggers: LoggersModel | undefined): string | undefined {
  return loggers ? loggerLevelsFile(loggers.levels) : undefined;
}

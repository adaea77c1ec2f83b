import type { ITerraformDependable, TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterModel } from '../model/cluster-model';
import type { Component } from '../model/nodes';
import type { PluginsModel } from '../model/plugin-types';
import type { SecretEnv, TaskSpec } from '../model/tasks';
import type { ValidationProblem } from '../model/validation';

/** What a cluster gives its renderer besides the model: facts known only later, and its peers. */
export interface RenderHooks {
  /** Connector plugins the Connect workers run. */
  readonly plugins?: PluginsModel;
  /** Secrets the Connect workers read (known once every connector is declared: resolved at synth). */
  readonly secretEnv: () => SecretEnv;
  /** The plain configs of the declared connectors (known once every connector is declared: resolved at synth). */
  readonly connectorConfigs: () => readonly { readonly [key: string]: string }[];
  /**
   * What a component waits for besides the components it depends on (the pre-created topics task before the
   * workers). Asked just before the component is rendered: it may render tasks through the renderer.
   */
  readonly extraDependsOn: (component: Component) => ITerraformDependable[];
  /**
   * The renderers of the other valid clusters of the stack (resolved at synth), for what clusters share on one
   * target (a Kubernetes namespace one of them creates).
   */
  readonly peers: () => readonly TargetRenderer[];
}

/**
 * One target's renderer, one per cluster: `src/docker/` and `src/kubernetes/` implement it, `ConnectCluster`
 * calls it without knowing which target it has. Created by `Target._renderer()`, which loads the target's
 * provider classes only then. Values are the target policy's (`policy.ts` beside each renderer).
 */
export interface TargetRenderer {
  /** Every problem with the target's options, given the resolved model (none: the cluster can be rendered). */
  validate(constructPath: string, model: ClusterModel): ValidationProblem[];
  /** Renders every component of a valid model under `scope` (the cluster), in the model's start order. */
  renderCluster(scope: Construct, model: ClusterModel, hooks: RenderHooks): void;
  /** Renders a task (topics, a connector, a connector's sentinel) under `scope`, after `after`. */
  renderTask(scope: Construct, task: TaskSpec, after: ITerraformDependable[]): ITerraformDependable;
  /**
   * Everything a task reaches a component through, and what must be destroyed after the task (a connector's
   * sentinel undoes on destroy): the containers (Docker); the StatefulSet and both Services (Kubernetes).
   */
  dependables(component: Component): ITerraformDependable[];
  /** The resources that run a component's nodes: a container per node (Docker), one StatefulSet (Kubernetes). */
  workloads(component: Component): TerraformResource[];
}

import type { ITerraformDependable, TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterModel } from '../model/cluster-model';
import type { Component } from '../model/nodes';
import type { TaskSpec } from '../model/tasks';
import type { ValidationProblem } from '../model/validation';

/** The renderers of the other valid clusters of the stack (asked at synth), for what clusters share on one target. */
export type PeerRenderers = () => readonly TargetRenderer[];

/**
 * One target's renderer, one per cluster: `src/docker/` and `src/kubernetes/` implement it, `ConnectCluster`
 * calls it without knowing which target it has. Created by `Target._renderer()`, which loads the target's
 * provider classes only then. Values are the target policy's (`policy.ts` beside each renderer).
 */
export interface TargetRenderer {
  /** Every problem with the target's options, given the resolved model (none: the cluster can be rendered). */
  validate(constructPath: string, model: ClusterModel): ValidationProblem[];
  /** What the target's options leave that works, but probably not as meant (`<field>: <what>; <fix>`). */
  warnings(): string[];
  /**
   * Renders every component of a valid model under `scope` (the cluster), in the model's start order, and the
   * topics task before a component that waits for it. `peers` are the stack's other clusters' renderers (a
   * Kubernetes namespace one of them creates).
   */
  renderCluster(scope: Construct, model: ClusterModel, peers: PeerRenderers): void;
  /** The cluster's topics task, rendered on first use (in `renderCluster`, or when the first topic is declared). */
  topicsTask(): ITerraformDependable;
  /**
   * Renders a task (topics, a connector, a connector's sentinel) under `scope`, after what the task names
   * (`TaskSpec.after`, `taskDependsOn`): its components, the topics task, tasks rendered before it.
   */
  renderTask(scope: Construct, task: TaskSpec): ITerraformDependable;
  /**
   * Everything a task reaches a component through, and what must be destroyed after the task (a connector's
   * sentinel undoes on destroy): the containers (Docker); the StatefulSet and both Services (Kubernetes).
   */
  dependables(component: Component): ITerraformDependable[];
  /** The resources that run a component's nodes: a container per node (Docker), one StatefulSet (Kubernetes). */
  workloads(component: Component): TerraformResource[];
}

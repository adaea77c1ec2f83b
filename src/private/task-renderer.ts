import { ITerraformDependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Component } from '../model/nodes';
import { TaskSpec } from '../model/tasks';

/** What a target renderer offers the cluster's topics and connectors. */
export interface TaskRenderer {
  renderTask(scope: Construct, task: TaskSpec, after: ITerraformDependable[]): ITerraformDependable;
  dependables(component: Component): ITerraformDependable[];
  /** The resources that run a component's nodes: a container per node (Docker), one StatefulSet (Kubernetes). */
  workloads(component: Component): TerraformResource[];
}

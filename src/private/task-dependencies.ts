import { dependable, ITerraformDependable, Lazy, TerraformResource } from 'cdktf';
import type { Component } from '../model/nodes';
import type { TaskSpec } from '../model/tasks';

/** A target's resources, as the model's task dependencies (`TaskSpec.after`) name them. */
export interface TaskDependables {
  /** Everything a task reaches a component through. */
  component(component: Component): ITerraformDependable[];
  /** The cluster's topics task, when it has one (asked at synthesis). */
  topicsTask(): ITerraformDependable | undefined;
  /** Another task of the cluster, by name, rendered before. */
  task(name: string): ITerraformDependable;
}

/**
 * A task's `depends_on`, as the resource's `dependsOn` holds it (the addresses `dependable` gives): its
 * components, the topics task, its other tasks, in that order. When the task waits for the topics task, the
 * list is read at synthesis, since the first topic may be declared after the task.
 */
export function taskDependsOn(task: TaskSpec, resources: TaskDependables): string[] {
  const components = task.after.components.flatMap((c) => resources.component(c));
  const tasks = task.after.tasks.map((name) => resources.task(name));
  const list = (): string[] => {
    const topics = task.after.topicsTask ? resources.topicsTask() : undefined;
    return [...components, ...(topics ? [topics] : []), ...tasks].map((d) => dependable(d));
  };
  return task.after.topicsTask ? Lazy.listValue({ produce: list }) : list();
}

/**
 * The tasks one renderer has rendered, by name, and the cluster's topics task: what a later task's `depends_on`
 * names. `render` gives each task the dependencies its spec names (`taskDependsOn`), whatever the target.
 */
export class RenderedTasks<T extends TerraformResource> {
  private readonly byName = new Map<string, T>();
  private topics?: T;

  /** `component`: everything a task reaches a component through, on the target. */
  constructor(private readonly component: (component: Component) => ITerraformDependable[]) {}

  /** The cluster's topics task, rendered at the first call (when the cluster or its first topic needs it). */
  public topicsTask(task: () => TaskSpec, render: (task: TaskSpec) => T): T {
    this.topics ??= this.render(task(), render);
    return this.topics;
  }

  /** Renders `task` with `render`, then sets what it waits for. */
  public render(task: TaskSpec, render: (task: TaskSpec) => T): T {
    const dependsOn = taskDependsOn(task, {
      component: this.component,
      topicsTask: () => this.topics,
      task: (name) => this.byName.get(name)!,
    });
    const resource = render(task);
    if (dependsOn.length > 0) resource.dependsOn = dependsOn;
    this.byName.set(task.name, resource);
    return resource;
  }
}

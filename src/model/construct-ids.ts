import { Component } from './nodes';
import { TaskKind } from './tasks';

/**
 * Ids of the namespace constructs grouping a component's resources (`<cluster>/Brokers/...`). Terraform
 * logical ids derive from them: they are public contract, shared by every renderer.
 */
export const COMPONENT_GROUP_IDS: Record<Component, string> = {
  [Component.ZOOKEEPER]: 'ZooKeeper',
  [Component.KAFKA]: 'Brokers',
  [Component.KAFKA_CONTROLLER]: 'Controllers',
  [Component.CONNECT]: 'ConnectWorkers',
};

/**
 * Ids of the constructs a task's resources are rendered in (`<cluster>/TopicsTask/...`,
 * `<cluster>/Connectors/<name>/Sentinel/...`): public contract, as the component groups' ids are.
 */
export const TASK_CONSTRUCT_IDS: Record<TaskKind, string> = {
  [TaskKind.TOPICS]: 'TopicsTask',
  [TaskKind.CONNECTOR]: 'Apply',
  [TaskKind.CONNECTOR_SENTINEL]: 'Sentinel',
  [TaskKind.LOGGERS]: 'LoggersTask',
  [TaskKind.BROKER_LOGGERS]: 'BrokerLoggersTask',
};

/**
 * constructs keeps children in a plain object, so an id that names an Object.prototype member
 * (`constructor`, `toString`, `__proto__`) reads as taken and cannot be added. Topic and connector names may
 * be such words; their construct id then gets a `~` prefix, a character neither name can contain.
 */
export function childConstructId(name: string): string {
  return name in Object.prototype ? `~${name}` : name;
}

/** The name a construct id made by childConstructId stands for. */
export function nameOfChildConstructId(id: string): string {
  return id.startsWith('~') && id.slice(1) in Object.prototype ? id.slice(1) : id;
}

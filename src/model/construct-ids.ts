import { Component } from './nodes';

/**
 * Ids of the namespace constructs grouping a component's resources (`<cluster>/Brokers/...`). Terraform
 * logical ids derive from them: they are public contract, shared by every renderer.
 */
export const COMPONENT_GROUP_IDS: Record<Component, string> = {
  [Component.ZOOKEEPER]: 'ZooKeeper',
  [Component.KAFKA]: 'Brokers',
  [Component.CONNECT]: 'ConnectWorkers',
};

import { ClusterInput, ClusterModel, resolveCluster } from '../../src/model/cluster-model';
import { Component, NetworkKind, NodeSpec } from '../../src/model/nodes';
import { ConnectClusterValidationError } from '../../src/model/validation';

export function resolve(overrides: Partial<ClusterInput> = {}): ClusterModel {
  return resolveCluster({ constructPath: 'stack/cdc', clusterName: 'cdc', network: { kind: NetworkKind.DOCKER_BRIDGE }, ...overrides });
}

export function nodesOf(model: ClusterModel, c: Component): NodeSpec[] {
  return model.components.find((x) => x.component === c)?.nodes ?? [];
}

/** The validation error of `overrides`, or fails the test. */
export function problemsOf(overrides: Partial<ClusterInput>): string {
  try {
    resolve(overrides);
  } catch (e) {
    if (e instanceof ConnectClusterValidationError) return e.message;
    throw e;
  }
  throw new Error('expected a validation error, got none');
}

import { ClusterInput, ClusterModel, resolveCluster } from '../../src/model/cluster-model';
import { Component, NetworkKind, NodeSpec } from '../../src/model/nodes';
import { ConnectClusterValidationError } from '../../src/model/validation';
import { dockerAddressing } from '../../src/docker/policy';
import { kubernetesAddressing } from '../../src/kubernetes/policy';

/** A network given by its kind (and namespace) only gets the addressing its target would give it. */
type NetworkOverride = Omit<ClusterInput['network'], 'addressing'> & Partial<Pick<ClusterInput['network'], 'addressing'>>;

export function resolve(overrides: Omit<Partial<ClusterInput>, 'network'> & { network?: NetworkOverride } = {}): ClusterModel {
  const network = overrides.network ?? { kind: NetworkKind.DOCKER_BRIDGE };
  const addressing =
    network.addressing ?? (network.kind === NetworkKind.KUBERNETES ? kubernetesAddressing(network.namespace ?? 'default') : dockerAddressing(network.kind === NetworkKind.DOCKER_HOST));
  const { model, problems } = resolveCluster({ constructPath: 'stack/cdc', clusterName: 'cdc', ...overrides, network: { ...network, addressing } });
  if (!model) throw new ConnectClusterValidationError(problems);
  return model;
}

export function nodesOf(model: ClusterModel, c: Component): NodeSpec[] {
  return model.components.find((x) => x.component === c)?.nodes ?? [];
}

/** The validation error of `overrides`, or fails the test. */
export function problemsOf(overrides: Parameters<typeof resolve>[0]): string {
  try {
    resolve(overrides);
  } catch (e) {
    if (e instanceof ConnectClusterValidationError) return e.message;
    throw e;
  }
  throw new Error('expected a validation error, got none');
}

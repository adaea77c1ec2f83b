import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { Construct } from 'constructs';
import { ClusterModel } from '../model/cluster-model';
import { COMPONENT_GROUP_IDS } from '../model/construct-ids';
import { clusterLabels, POD_SECURITY_LABELS } from '../model/kubernetes';
import { Component } from '../model/nodes';
import { KubernetesTargetOptions } from '../target';
import { renderNetworkPolicy } from './network-policy';
import { kubernetesOptionProblems } from './validation';
import { ComponentResources, renderWorkload } from './workload';

/** The Kubernetes objects of one cluster, reachable for users who need an escape hatch. */
export interface KubernetesResources {
  /** Absent with `createNamespace: false`. */
  readonly namespace?: NamespaceV1;
  readonly components: { [component: string]: ComponentResources & { readonly networkPolicy: NetworkPolicyV1 } };
}

/**
 * Translates the model into a namespace and, per component, a StatefulSet with its headless and client
 * Services, ConfigMap (and Secret), PodDisruptionBudget and NetworkPolicy.
 * @throws ConnectClusterValidationError listing every problem with the target options
 */
export function renderKubernetes(scope: Construct, model: ClusterModel, options: KubernetesTargetOptions): KubernetesResources {
  kubernetesOptionProblems(scope.node.path, model, options).throwIfAny();
  const provider = options.provider;
  // The model resolved (and validated) the namespace name; pod DNS names already contain it.
  const namespaceName = model.network.namespace!;
  const namespace =
    options.createNamespace === false
      ? undefined
      : new NamespaceV1(scope, 'namespace', {
          metadata: {
            name: namespaceName,
            labels: { ...options.labels, ...clusterLabels(model.name), ...POD_SECURITY_LABELS },
            annotations: options.annotations,
          },
          provider,
        });
  // A reference, when created, so that every object waits for the namespace (and is destroyed before it).
  const ns = namespace?.metadata.name ?? namespaceName;

  const components: Record<string, KubernetesResources['components'][string]> = {};
  for (const spec of model.components) {
    const group = new Construct(scope, COMPONENT_GROUP_IDS[spec.component]);
    const workload = renderWorkload(group, {
      clusterName: model.name,
      namespace: ns,
      spec,
      options,
      dependsOn: spec.dependsOn.map((c: Component) => components[c].statefulSet),
    });
    components[spec.component] = { ...workload, networkPolicy: renderNetworkPolicy(group, model, spec, ns, options) };
  }
  return { namespace, components };
}

import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { ITerraformDependable, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { PluginsModel } from '../model/plugin';
import { SecretEnv, TaskSpec } from '../model/tasks';
import { renderKubernetesTask } from './task';
import { ClusterModel } from '../model/cluster-model';
import { COMPONENT_GROUP_IDS } from '../model/construct-ids';
import { clusterLabels, POD_SECURITY_LABELS } from './policy';
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
  /** Renders a task (a Job, or the Pod of a task that lives) in the cluster's namespace. */
  readonly renderTask: (scope: Construct, task: TaskSpec, after: ITerraformDependable[]) => ITerraformDependable;
}

/**
 * Translates the model into a namespace and, per component, a StatefulSet with its headless and client
 * Services, ConfigMap (and Secret), PodDisruptionBudget and NetworkPolicy.
 * @throws ConnectClusterValidationError listing every problem with the target options
 */
export interface KubernetesRenderHooks {
  /** Secrets the Connect workers read (known once every connector is declared). */
  readonly secretEnv: () => SecretEnv;
  /** Connector plugins fetched into the Connect pods. */
  readonly plugins?: PluginsModel;
  /**
   * What a component must wait for besides the components it depends on (e.g. pre-created topics); gets the
   * resources rendered so far (a live view) so that it can render tasks against them.
   */
  readonly extraDependsOn: (c: Component, soFar: KubernetesResources) => ITerraformDependable[];
  /**
   * With `createNamespace: false`: a reference to the namespace when another cluster of the stack creates it
   * (resolved at synth, so declaration order does not matter), else undefined.
   */
  readonly namespaceCreatedElsewhere?: () => string | undefined;
}

export function renderKubernetes(scope: Construct, model: ClusterModel, options: KubernetesTargetOptions, hooks: KubernetesRenderHooks): KubernetesResources {
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
  // A namespace another cluster creates is referenced too: a literal name would let the first apply race it.
  const elsewhere = hooks.namespaceCreatedElsewhere;
  const ns = namespace?.metadata.name ?? (elsewhere ? Lazy.stringValue({ produce: () => elsewhere() ?? namespaceName }) : namespaceName);

  const components: Record<string, KubernetesResources['components'][string]> = {};
  const resources: KubernetesResources = {
    namespace,
    components,
    renderTask: (taskScope, task, after) => renderKubernetesTask(taskScope, model, options, ns, task, after),
  };
  for (const spec of model.components) {
    const group = new Construct(scope, COMPONENT_GROUP_IDS[spec.component]);
    const workload = renderWorkload(group, {
      clusterName: model.name,
      namespace: ns,
      spec,
      options,
      dependsOn: [...spec.dependsOn.map((c: Component) => components[c].statefulSet), ...hooks.extraDependsOn(spec.component, resources)],
      secretEnv: spec.component === Component.CONNECT ? hooks.secretEnv : undefined,
      plugins: spec.component === Component.CONNECT ? hooks.plugins : undefined,
    });
    components[spec.component] = { ...workload, networkPolicy: renderNetworkPolicy(group, model, spec, ns, options) };
  }
  return resources;
}

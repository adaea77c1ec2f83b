import type { NetworkInput } from '../model/network';
import type { TargetRenderer } from '../private/target-renderer';
import { Target } from '../target';
import { KubernetesTargetOptions } from './options';
import { kubernetesNetwork } from './policy';

/** A cluster in one namespace of a Kubernetes cluster (`Target.kubernetes()`). */
export class KubernetesTarget extends Target {
  /** The options given to `Target.kubernetes()`. */
  public readonly options: KubernetesTargetOptions;

  /** @param options namespace, storage, scheduling, resources, network access and the provider. */
  constructor(options: KubernetesTargetOptions = {}) {
    super();
    this.options = options;
  }

  /** @internal */
  public _renderer(): TargetRenderer {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KubernetesRenderer } = require('./render') as typeof import('./render');
    return new KubernetesRenderer(this.options);
  }

  /** @internal one namespace through the same provider. */
  public _sharedPlace(other: Target, namespace: string | undefined, otherNamespace: string | undefined): string | undefined {
    const same = other instanceof KubernetesTarget && this.options.provider === other.options.provider && namespace === otherNamespace;
    return same ? `in namespace "${namespace}"` : undefined;
  }

  /** @internal two clusters of one namespace that would both create it. */
  public _placeCreatedTwice(
    other: Target,
    namespace: string | undefined,
    otherPath: string,
  ): { field: string; problem: string; fix: string } | undefined {
    if (!(other instanceof KubernetesTarget)) return undefined;
    if (this.options.createNamespace === false || other.options.createNamespace === false) return undefined;
    return {
      field: 'target.createNamespace',
      problem: `namespace "${namespace}" is also created by ${otherPath}`,
      fix: 'let one cluster create the namespace and set createNamespace: false on the others',
    };
  }

  /** @internal */
  public _network(clusterName: string): NetworkInput {
    // Unset, the namespace is the cluster name, checked (more strictly) as clusterName.
    return kubernetesNetwork(this.options.namespace ?? clusterName, this.options.namespace !== undefined, this.options.restServiceType);
  }
}

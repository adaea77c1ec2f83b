import type { NetworkInput } from './model/network';
import type { TargetRenderer } from './private/target-renderer';
import type { DockerTargetOptions } from './docker/options';
import type { KubernetesTargetOptions } from './kubernetes/options';

/**
 * Where a cluster is rendered: `Target.docker()` or `Target.kubernetes()`. Each target is a subclass in its own
 * folder (`DockerTarget` in `src/docker/`, `KubernetesTarget` in `src/kubernetes/`) that answers what the model
 * and the other clusters of a stack ask of it; nothing outside its folder asks which target it is.
 */
export abstract class Target {
  /**
   * One Docker host, through `@cdktf/provider-docker`: a container per node, a bridge network (or host
   * networking) and named volumes.
   * @param options networking, restart policy, health waits and the provider.
   */
  public static docker(options: DockerTargetOptions = {}): Target {
    // Loaded on first use, as the renderers are: the target folders import this base class, not the other way.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DockerTarget } = require('./docker/target') as typeof import('./docker/target');
    // null (from JavaScript or a config file) means no options, as undefined does; what is not an object is
    // reported by the cluster it is given to, naming the factory.
    return Target.checked(new DockerTarget(isOptions(options) ? options : {}), 'Target.docker', options);
  }

  /**
   * A Kubernetes cluster, through `@cdktf/provider-kubernetes`: per component a StatefulSet with its
   * Services, ConfigMap, PodDisruptionBudget and NetworkPolicy, in one namespace.
   * @param options namespace, storage, scheduling, resources, network access and the provider.
   */
  public static kubernetes(options: KubernetesTargetOptions = {}): Target {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KubernetesTarget } = require('./kubernetes/target') as typeof import('./kubernetes/target');
    // null (from JavaScript or a config file) means no options, as undefined does.
    return Target.checked(new KubernetesTarget(isOptions(options) ? options : {}), 'Target.kubernetes', options);
  }

  private static checked(target: Target, factory: string, options: unknown): Target {
    if (options !== undefined && options !== null && !isOptions(options)) target._invalidOptions = { factory, value: options };
    return target;
  }

  /**
   * @internal what the factory was given when it was not an object of options (from JavaScript or a config
   * file): the cluster reports it as a problem of its `target`.
   */
  public _invalidOptions?: { readonly factory: string; readonly value: unknown };

  protected constructor() {}

  /**
   * @internal a renderer of this target for one cluster. Loads the target's renderer — and with it the
   * provider's classes, deep imports only — on first use: a Docker-only user never pays for Kubernetes'.
   */
  public abstract _renderer(): TargetRenderer;

  /**
   * @internal Where a cluster on this target and one on `other` create objects in one place — one Docker engine
   * (the same provider), one namespace through the same provider — said for messages; undefined when they do not.
   * @param namespace this cluster's resolved namespace (Kubernetes), @param otherNamespace the other's.
   */
  public abstract _sharedPlace(other: Target, namespace: string | undefined, otherNamespace: string | undefined): string | undefined;

  /**
   * @internal The problem of two clusters in one place that would both create it (a Kubernetes namespace);
   * undefined when at most one does, or when the target creates nothing shared (Docker).
   */
  public abstract _placeCreatedTwice(
    other: Target,
    namespace: string | undefined,
    otherPath: string,
  ): { field: string; problem: string; fix: string } | undefined;

  /** @internal the addressing facts the model needs. */
  public abstract _network(clusterName: string): NetworkInput;
}

function isOptions(options: unknown): options is object {
  return typeof options === 'object' && options !== null && !Array.isArray(options);
}

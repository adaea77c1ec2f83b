import { TerraformProvider } from 'cdktf';
import { dockerNetwork } from './docker/policy';
import { kubernetesNetwork } from './kubernetes/policy';
import { NetworkInput } from './model/cluster-model';
import type { TargetRenderer } from './private/target-renderer';
import { Size } from './model/size';

/** How the Docker containers of a cluster are networked. */
export enum DockerNetworkMode {
  /** One user-defined bridge network per cluster; the service names (`zookeeper`, `kafka`, `connect`) and node names (`kafka-2`) are network aliases. */
  BRIDGE = 'bridge',
  /** Host networking: every service on 127.0.0.1 with its own port (single host, no port mapping). */
  HOST = 'host',
}

/** Restart policy of the Docker containers. */
export enum DockerRestartPolicy {
  /** Never restarted. */
  NO = 'no',
  /** Restarted when the process exits with an error. */
  ON_FAILURE = 'on-failure',
  /** Always restarted, also after a manual stop once the daemon restarts. */
  ALWAYS = 'always',
  /** Restarted unless stopped by hand. */
  UNLESS_STOPPED = 'unless-stopped',
}

/** Options of `Target.docker()`. */
export interface DockerTargetOptions {
  /** How the containers are networked. @default DockerNetworkMode.BRIDGE */
  readonly networkMode?: DockerNetworkMode;
  /**
   * Publish the REST API on all host interfaces. The REST API has no authentication: opt in knowingly.
   * @default false (published on 127.0.0.1 only)
   */
  readonly publishRestOnAllInterfaces?: boolean;
  /**
   * Bridge networking: host port of worker 1's REST API; worker i gets `restHostPortBase + i - 1`.
   * @default 8083
   */
  readonly restHostPortBase?: number;
  /** Restart policy of the ZooKeeper, Kafka and Connect containers. @default DockerRestartPolicy.UNLESS_STOPPED */
  readonly restartPolicy?: DockerRestartPolicy;
  /**
   * Seconds `terraform apply` waits for each container to report healthy.
   * @default 300
   */
  readonly healthWaitTimeoutSeconds?: number;
  /**
   * Seconds between health checks while a container starts (Docker's `start_interval`, used during the start
   * period only; the steady-state interval is unchanged): a service is seen healthy — and `apply` starts what
   * waits for it — within this many seconds of serving, instead of within its check interval (5–15 s). Needs
   * Docker Engine 25 or later (API 1.44); older engines refuse to create the containers.
   * @default not set: Docker runs the first check one interval after the container starts
   */
  readonly healthStartIntervalSeconds?: number;
  /**
   * An aliased Docker provider; the library never creates providers.
   * @default the stack's default docker provider
   */
  readonly provider?: TerraformProvider;
}

/** How Connect's `/kafka/logs` and `/kafka/config` are stored on Kubernetes. */
export enum KubernetesWorkerStorage {
  /** A PersistentVolumeClaim per worker and directory (volume claim templates). */
  PERSISTENT = 'persistent',
  /** `emptyDir` volumes (lost when a pod is rescheduled); explicit opt-in. */
  EMPTY_DIR = 'empty-dir',
}

/** How strictly Kubernetes spreads replicas of one component over nodes. */
export enum PodAntiAffinity {
  /** Prefer different nodes (schedules even on a single node). */
  PREFERRED = 'preferred',
  /** Require different nodes (replicas stay pending without enough nodes). */
  REQUIRED = 'required',
}

/** Type of the Service in front of the Connect REST API. */
export enum KubernetesServiceType {
  /** Reachable inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** Also on a port of every node. The REST API has no authentication: opt in knowingly. */
  NODE_PORT = 'NodePort',
  /** Also through a cloud load balancer. The REST API has no authentication: opt in knowingly. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** When the kubelet pulls an image (`imagePullPolicy` of every container). */
export enum ImagePullPolicy {
  /** Pull at every pod start (fails while the registry is unreachable). */
  ALWAYS = 'Always',
  /** Pull only when the node does not have the image. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull: the image must be preloaded on every node (air-gapped nodes). */
  NEVER = 'Never',
}

/** CPU and memory of one component's containers on Kubernetes; unset fields take the target-wide value. */
export interface KubernetesComponentResources {
  /** CPU request, e.g. "500m". @default the target's cpuRequest */
  readonly cpuRequest?: string;
  /** CPU limit. @default the target's cpuLimit */
  readonly cpuLimit?: string;
  /** Memory request. @default the target's memoryRequest, else the component's memory limit */
  readonly memoryRequest?: Size;
}

/** A label selector (`matchLabels`) for the NetworkPolicies' ingress rules. */
export interface PeerSelector {
  /** Pods with these labels. @default any pod (in the selected namespaces) */
  readonly podLabels?: { [key: string]: string };
  /** Namespaces with these labels. @default the cluster's namespace */
  readonly namespaceLabels?: { [key: string]: string };
}

/** Options of `Target.kubernetes()`. */
export interface KubernetesTargetOptions {
  /**
   * Namespace of every object.
   * @default the cluster name
   */
  readonly namespace?: string;
  /**
   * Create the namespace; `false` uses an existing one by name.
   * @default true
   */
  readonly createNamespace?: boolean;
  /** Storage class of every claim. @default the cluster's default storage class */
  readonly storageClassName?: string;
  /** How the Connect workers' `/kafka/logs` and `/kafka/config` are stored. @default KubernetesWorkerStorage.PERSISTENT */
  readonly workerStorage?: KubernetesWorkerStorage;
  /** How strictly the replicas of one component are spread over nodes. @default PodAntiAffinity.PREFERRED */
  readonly podAntiAffinity?: PodAntiAffinity;
  /**
   * Type of the Connect REST Service.
   * @default KubernetesServiceType.CLUSTER_IP
   */
  readonly restServiceType?: KubernetesServiceType;
  /** Pods allowed to reach the brokers besides the Connect workers. @default none */
  readonly kafkaClients?: PeerSelector[];
  /** Pods allowed to reach the Connect REST API (besides the workers themselves). @default none */
  readonly restClients?: PeerSelector[];
  /**
   * Labels added to every object and pod (not to volume claim templates, which cannot change). The
   * `app.kubernetes.io/*` labels the library sets cannot be overridden.
   * @default none
   */
  readonly labels?: { [key: string]: string };
  /** Annotations added to every object and pod (not to volume claim templates). @default none */
  readonly annotations?: { [key: string]: string };
  /** CPU request of each container. @default "250m" */
  readonly cpuRequest?: string;
  /** CPU limit of each container. @default no limit */
  readonly cpuLimit?: string;
  /**
   * Memory request of each container.
   * @default the component's memory limit
   */
  readonly memoryRequest?: Size;
  /** ZooKeeper's CPU and memory, overriding the target-wide values. @default the target-wide values */
  readonly zookeeperResources?: KubernetesComponentResources;
  /** The brokers' CPU and memory, overriding the target-wide values. @default the target-wide values */
  readonly kafkaResources?: KubernetesComponentResources;
  /**
   * The dedicated KRaft controllers' CPU and memory (`CoordinationMode.KRAFT_DEDICATED_CONTROLLERS`), overriding
   * the target-wide values. @default the target-wide values
   */
  readonly controllerResources?: KubernetesComponentResources;
  /** The Connect workers' CPU and memory, overriding the target-wide values. @default the target-wide values */
  readonly connectResources?: KubernetesComponentResources;
  /**
   * Names of `kubernetes.io/dockerconfigjson` Secrets in the namespace that every pod (workloads, tasks, the
   * plugin init container) pulls its images with, for a private registry or mirror.
   * @default none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Pull policy of every container.
   * @default Kubernetes' own (Always for `:latest` and untagged images, else IfNotPresent); the plugin init
   * container uses IfNotPresent
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** An aliased Kubernetes provider. @default the stack's default kubernetes provider */
  readonly provider?: TerraformProvider;
}

/** Where a cluster is rendered. */
export class Target {
  /**
   * One Docker host, through `@cdktf/provider-docker`: a container per node, a bridge network (or host
   * networking) and named volumes.
   * @param options networking, restart policy, health waits and the provider.
   */
  public static docker(options: DockerTargetOptions = {}): Target {
    return new Target(TargetKind.DOCKER, options, undefined);
  }

  /**
   * A Kubernetes cluster, through `@cdktf/provider-kubernetes`: per component a StatefulSet with its
   * Services, ConfigMap, PodDisruptionBudget and NetworkPolicy, in one namespace.
   * @param options namespace, storage, scheduling, resources, network access and the provider.
   */
  public static kubernetes(options: KubernetesTargetOptions = {}): Target {
    return new Target(TargetKind.KUBERNETES, undefined, options);
  }

  /** Which kind of target this is. */
  public readonly kind: TargetKind;
  /** The options given to `Target.docker()`; undefined for a Kubernetes target. */
  public readonly dockerOptions?: DockerTargetOptions;
  /** The options given to `Target.kubernetes()`; undefined for a Docker target. */
  public readonly kubernetesOptions?: KubernetesTargetOptions;

  private constructor(
    kind: TargetKind,
    dockerOptions: DockerTargetOptions | undefined,
    kubernetesOptions: KubernetesTargetOptions | undefined,
  ) {
    this.kind = kind;
    this.dockerOptions = dockerOptions;
    this.kubernetesOptions = kubernetesOptions;
  }

  /**
   * @internal a renderer of this target for one cluster. Loads the target's renderer — and with it the
   * provider's classes, deep imports only — on first use: a Docker-only user never pays for Kubernetes'.
   */
  public _renderer(): TargetRenderer {
    if (this.kind === TargetKind.KUBERNETES) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { KubernetesRenderer } = require('./kubernetes/render') as typeof import('./kubernetes/render');
      return new KubernetesRenderer(this.kubernetesOptions ?? {});
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DockerRenderer } = require('./docker/render') as typeof import('./docker/render');
    return new DockerRenderer(this.dockerOptions ?? {});
  }

  /**
   * @internal Where a cluster on this target and one on `other` create objects in one place — one Docker engine
   * (the same provider), one namespace through the same provider — said for messages; undefined when they do not.
   * @param namespace this cluster's resolved namespace (Kubernetes), @param otherNamespace the other's.
   */
  public _sharedPlace(other: Target, namespace: string | undefined, otherNamespace: string | undefined): string | undefined {
    if (this.kind !== other.kind) return undefined;
    if (this.kind === TargetKind.DOCKER)
      return this.dockerOptions?.provider === other.dockerOptions?.provider ? 'on the same Docker host' : undefined;
    const sameProvider = this.kubernetesOptions?.provider === other.kubernetesOptions?.provider;
    return sameProvider && namespace === otherNamespace ? `in namespace "${namespace}"` : undefined;
  }

  /**
   * @internal The problem of two clusters in one place that would both create it (a Kubernetes namespace);
   * undefined when at most one does, or when the target creates nothing shared (Docker).
   */
  public _placeCreatedTwice(
    other: Target,
    namespace: string | undefined,
    otherPath: string,
  ): { field: string; problem: string; fix: string } | undefined {
    if (this.kind !== TargetKind.KUBERNETES || other.kind !== TargetKind.KUBERNETES) return undefined;
    if (this.kubernetesOptions?.createNamespace === false || other.kubernetesOptions?.createNamespace === false) return undefined;
    return {
      field: 'target.createNamespace',
      problem: `namespace "${namespace}" is also created by ${otherPath}`,
      fix: 'let one cluster create the namespace and set createNamespace: false on the others',
    };
  }

  /** @internal the addressing facts the model needs. */
  public _network(clusterName: string): NetworkInput {
    if (this.kind === TargetKind.KUBERNETES) return kubernetesNetwork(this.kubernetesOptions?.namespace ?? clusterName);
    const o = this.dockerOptions ?? {};
    return dockerNetwork({
      hostNetwork: o.networkMode === DockerNetworkMode.HOST,
      publishRestOnAllInterfaces: o.publishRestOnAllInterfaces,
      restHostPortBase: o.restHostPortBase,
    });
  }
}

/** The kind of a `Target`, as `Target.kind` reports it. */
export enum TargetKind {
  /** Rendered by `Target.docker()` to one Docker host. */
  DOCKER = 'docker',
  /** Rendered by `Target.kubernetes()` to a Kubernetes cluster. */
  KUBERNETES = 'kubernetes',
}

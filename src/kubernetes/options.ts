import type { TerraformProvider } from 'cdktf';
import type { Size } from '../size';

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
   * Pods allowed to scrape the `metrics` port of every node that exports metrics (`metrics: { prometheus: true }`):
   * your Prometheus, for example `{ podLabels: { 'app.kubernetes.io/name': 'prometheus' }, namespaceLabels: {
   * 'kubernetes.io/metadata.name': 'monitoring' } }`. The port is closed to everyone else.
   * @default none
   */
  readonly metricsScrapers?: PeerSelector[];
  /**
   * Address ranges (CIDR, e.g. "10.0.0.0/16") allowed to reach the Connect REST API: NetworkPolicy `ipBlock`
   * peers. What a `NodePort` or `LoadBalancer` REST Service needs: traffic through a node port or a load balancer
   * arrives from the clients' or the nodes' addresses (depending on the Service's external traffic policy and the
   * network plugin), which no pod selector admits.
   * @default none
   */
  readonly restClientIpBlocks?: string[];
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

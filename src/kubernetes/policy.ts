import { createHash } from 'crypto';
import { MANAGED_BY, RECOMMENDED_LABELS } from '../model/labels';
import type { NetworkInput } from '../model/network';
import { Addressing, Component, ComponentSpec, HealthCheckSpec } from '../model/nodes';
import { SecretDelivery, TERRAFORM_VARIABLE } from '../model/secret-ref';
import { KUBERNETES_SECRET_FILES, KUBERNETES_SECRET_KEY } from './secret-sources';
import { Size } from '../model/size';
import { TaskKind } from '../model/tasks';
import { Problems } from '../model/validation';
import { DNS_1123_SUBDOMAIN } from '../model/names';
import { KubernetesServiceType } from './options';

/**
 * Kubernetes policy: what the renderers in `src/kubernetes/` must not decide themselves (object names,
 * label values, budgets, probe timing, default requests, task and plugin-fetch resources) is written here,
 * once. Pure: no provider, no cdktf.
 */

/** The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const KUBERNETES_LABELS = RECOMMENDED_LABELS;

/** Kubernetes object names derived from the cluster name (one place, shared by the model's pod DNS names). */
export const kubernetesNames = {
  statefulSet: (cluster: string, c: Component) => `${cluster}-${c}`,
  headlessService: (cluster: string, c: Component) => `${cluster}-${c}-headless`,
  /** Client Service: `<cluster>-zookeeper`, `<cluster>-kafka` (bootstrap), `<cluster>-connect` (REST). */
  service: (cluster: string, c: Component) => `${cluster}-${c}`,
  podHost: (cluster: string, c: Component, ordinal: number, namespace: string) =>
    `${cluster}-${c}-${ordinal - 1}.${cluster}-${c}-headless.${namespace}.svc.cluster.local`,
  serviceHost: (cluster: string, c: Component, namespace: string) => `${cluster}-${c}.${namespace}.svc.cluster.local`,
  /** The DNS name of a task's declaration Service (`src/kubernetes/task.ts`). */
  declarationHost: (service: string, namespace: string) => `${service}.${namespace}.svc.cluster.local`,
};

/** The port of a declaration Service, which nothing listens on (the discard port). */
export const DECLARATION_PORT = 9;

/** The role of each component in the cluster (`app.kubernetes.io/component`). */
export const COMPONENT_ROLES: Record<Component, string> = {
  [Component.ZOOKEEPER]: 'coordination',
  [Component.KAFKA]: 'broker',
  [Component.KAFKA_CONTROLLER]: 'controller',
  [Component.CONNECT]: 'connect-worker',
};

/**
 * Selector labels: only `name` and `instance`, which never change for the life of a cluster. StatefulSet
 * selectors and claim templates are immutable, so anything else there would force a replacement.
 */
export function selectorLabels(clusterName: string, c: Component): Record<string, string> {
  return { [KUBERNETES_LABELS.name]: c, [KUBERNETES_LABELS.instance]: clusterName };
}

/** Every label the library sets on a component's objects. */
export function componentLabels(clusterName: string, c: Component): Record<string, string> {
  return {
    ...selectorLabels(clusterName, c),
    [KUBERNETES_LABELS.component]: COMPONENT_ROLES[c],
    [KUBERNETES_LABELS.partOf]: clusterName,
    [KUBERNETES_LABELS.managedBy]: MANAGED_BY,
  };
}

/** Labels of objects that belong to the cluster as a whole (the namespace). */
export function clusterLabels(clusterName: string): Record<string, string> {
  return { [KUBERNETES_LABELS.instance]: clusterName, [KUBERNETES_LABELS.partOf]: clusterName, [KUBERNETES_LABELS.managedBy]: MANAGED_BY };
}

/** Every pod the library renders meets the `restricted` Pod Security Standard; a created namespace enforces it. */
export const POD_SECURITY_LABELS = { 'pod-security.kubernetes.io/enforce': 'restricted' } as const;

/** Names of the objects `kubernetesNames` does not cover. */
export const kubernetesObjectNames = {
  /** The shared, non-sensitive environment of a component. */
  configMap: (cluster: string, c: Component) => `${kubernetesNames.statefulSet(cluster, c)}-env`,
  /** The levels file of a component's loggers, which its nodes mount: `<cluster>-connect-loggers`, `<cluster>-kafka-loggers`. */
  loggersConfigMap: (cluster: string, c: Component) => `${kubernetesNames.statefulSet(cluster, c)}-loggers`,
  /** The shared, sensitive environment of a component. */
  secret: (cluster: string, c: Component) => `${kubernetesNames.statefulSet(cluster, c)}-env-secret`,
};

/** Pod-template annotation whose change rolls the pods when the ConfigMap/Secret they read changes. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';
export const PREFERRED_ANTI_AFFINITY_WEIGHT = 100;
export const DEFAULT_CPU_REQUEST = '250m';
export const VOLUME_ACCESS_MODE = 'ReadWriteOnce';

/**
 * How many pods of a component a voluntary disruption (drain, upgrade) may take at once.
 * A quorum (ZooKeeper, KRaft controllers) keeps a majority: floor((n-1)/2). A 1-node quorum has none to keep;
 * 1 (not 0) lets nodes drain instead of blocking every drain forever. Brokers and workers: one at a time
 * (replication and group rebalances cover one missing member) — which also keeps a majority of combined
 * KRaft nodes, where the brokers are the quorum.
 */
export function maxUnavailable(spec: ComponentSpec): number {
  if (spec.component === Component.KAFKA || spec.component === Component.CONNECT) return 1;
  return Math.max(1, Math.floor((spec.nodes.length - 1) / 2));
}

export interface ProbeTiming {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/**
 * How long a node may take to turn healthy: its start-up budget where the model gives one (brokers and
 * controllers, from their storage), else the point where Docker would give up waiting.
 */
export function healthBudgetSeconds(health: HealthCheckSpec): number {
  return health.startupBudgetSeconds ?? health.startPeriodSeconds + health.intervalSeconds * health.retries;
}

/**
 * How often the startup probe looks while a node starts: every second, so that a node is Ready within about a
 * second of passing its check (`apply` starts the dependants then). It runs only until it passes once, so no
 * steady-state check becomes more frequent.
 */
export const STARTUP_PROBE_PERIOD_SECONDS = 1;

/**
 * A startup probe (the readiness check, every second) holds liveness and readiness off for the whole
 * health-check budget — the point where Docker would give up waiting — so a slow first start is never killed
 * and a fast one is Ready at once: the kubelet runs readiness as soon as the startup probe passes. Readiness then
 * follows the health check's cadence and drops a pod from its Services after 3 misses; liveness (a TCP connect)
 * restarts after 6. No probe's timeout outlasts its period.
 */
export function probeTiming(health: HealthCheckSpec): { startup: ProbeTiming; readiness: ProbeTiming; liveness: ProbeTiming } {
  const period = health.intervalSeconds;
  const timeout = Math.max(1, Math.min(health.timeoutSeconds, period - 1));
  const budget = healthBudgetSeconds(health);
  return {
    startup: {
      periodSeconds: STARTUP_PROBE_PERIOD_SECONDS,
      timeoutSeconds: Math.max(1, Math.min(timeout, STARTUP_PROBE_PERIOD_SECONDS - 1)),
      failureThreshold: Math.ceil(budget / STARTUP_PROBE_PERIOD_SECONDS),
    },
    readiness: { periodSeconds: period, timeoutSeconds: timeout, failureThreshold: 3 },
    liveness: { periodSeconds: period, timeoutSeconds: timeout, failureThreshold: 6 },
  };
}

/** Topology keys the workloads spread over: nodes, and zones where the cluster has them. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/**
 * Spread of a component's pods: at most one more pod per host and per zone than elsewhere. For a quorum
 * (ZooKeeper, KRaft voters) the host spread is a hard rule — two members on one host lose the quorum with that host —
 * while zones are best effort (many clusters have one); other components prefer both.
 */
export function topologySpread(spec: ComponentSpec): { topologyKey: string; maxSkew: number; whenUnsatisfiable: string }[] {
  const quorum = spec.quorum === true && spec.nodes.length > 1;
  return [
    { topologyKey: HOSTNAME_TOPOLOGY_KEY, maxSkew: 1, whenUnsatisfiable: quorum ? 'DoNotSchedule' : 'ScheduleAnyway' },
    { topologyKey: ZONE_TOPOLOGY_KEY, maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' },
  ];
}

/**
 * Labels of a task's pods: `name` says what the task administers (so the component's NetworkPolicy can
 * admit it) without matching the component's own selector (so Services never route to a task).
 */
export const TASK_CLIENT_OF: Record<TaskKind, Component> = {
  [TaskKind.TOPICS]: Component.KAFKA,
  [TaskKind.CONNECTOR]: Component.CONNECT,
  [TaskKind.CONNECTOR_SENTINEL]: Component.CONNECT,
  [TaskKind.LOGGERS]: Component.CONNECT,
  [TaskKind.BROKER_LOGGERS]: Component.KAFKA,
};

export function taskSelectorLabels(clusterName: string, c: Component): Record<string, string> {
  return { [KUBERNETES_LABELS.name]: `${c}-admin`, [KUBERNETES_LABELS.instance]: clusterName };
}

export function taskLabels(clusterName: string, kind: TaskKind): Record<string, string> {
  return {
    ...taskSelectorLabels(clusterName, TASK_CLIENT_OF[kind]),
    [KUBERNETES_LABELS.component]: kind,
    [KUBERNETES_LABELS.partOf]: clusterName,
    [KUBERNETES_LABELS.managedBy]: MANAGED_BY,
  };
}

/** Label naming a task's own pods. */
export const TASK_NAME_LABEL = 'cdktf-debezium-connect/task';

/**
 * Pod-template annotation that changes whenever the workers' Secret does (its resource version, never a hash of the
 * values: a password's hash on every pod would be guessable), so a rotation rolls them.
 */
export const SECRETS_CHECKSUM_ANNOTATION = 'checksum/secrets';

/** A task's Job or Deployment name: a DNS-1123 label of at most 63 characters. */
export function taskObjectName(clusterName: string, taskName: string): string {
  const name = `${clusterName}-${taskName}`.replace(/[^a-z0-9-]+/g, '-').replace(/-+$/, '');
  if (name.length <= 63) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

/** Kubernetes facts of the plugin fetch step (the init container that fills the plugin directories). */
export const PLUGIN_FETCH = {
  initContainerName: 'install-plugins',
  /** Each plugin directory is an `emptyDir`; the archive and its unpacked copy both fit while installing. */
  volumeSizeLimit: Size.gibibytes(1),
  cpuRequest: '100m',
  memory: Size.mebibytes(128),
} as const;

/** The init container that puts the metrics agent into a pod (the agent is about 3 MiB). */
export const METRICS_AGENT_FETCH = {
  initContainerName: 'install-metrics-agent',
  volumeSizeLimit: Size.mebibytes(64),
} as const;

/** How a task's Job or Pod runs. */
export const TASK_POLICY = {
  /** Attempts a failing one-shot task gets before `terraform apply` reports it. */
  jobBackoffLimit: 4,
  /** CPU request of a task's container (its memory is the task's own limit). */
  cpuRequest: '50m',
  /** How long `terraform apply` waits for a one-shot task's Job to complete. */
  jobTimeouts: { create: '15m', update: '15m' },
  /** A one-shot task runs once; a failed attempt is a new pod (counted against the backoff limit). */
  jobRestartPolicy: 'Never',
  /** A task that lives (a connector's sentinel): a Job that never completes while declared (`renderKubernetesTask`). */
  keepAlive: {
    /**
     * Failures it survives: every one. A stop while declared and a disruption count against nothing; any other
     * failure gets a new pod after the Job's back-off (10 s, doubling to 6 minutes). The API's largest value.
     */
    backoffLimit: 2147483647,
    /** The condition Kubernetes sets on a pod it evicts, preempts or drains (`DisruptionTarget`). */
    disruptionCondition: 'DisruptionTarget',
    /** How much longer than the task's grace period a destroy waits for its Job to be gone. */
    deleteMarginSeconds: 120,
  },
  /**
   * Where a task that can refuse its work writes the report: the container's termination message (Kubernetes
   * keeps at most 4096 bytes of it in the pod's status), which the stack reads back after the Job.
   */
  reportFile: '/dev/termination-log',
  /**
   * The label the Job controller puts on its pods with the Job's name. A replaced Job's pods are gone before its
   * successor exists: provider 2.38.0 deletes a Job in the foreground and waits until it is gone.
   */
  jobNameLabel: 'batch.kubernetes.io/job-name',
} as const;

/** A probe of a task's container: no failure threshold of its own (Kubernetes' default). */
export interface TaskProbeTiming {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
}

/**
 * Probes of a task that lives (a connector's sentinel): ready once its work is done (the marker exists).
 * The marker exists for the task's whole life after that, so a container still without it once the health
 * budget has passed is restarted; liveness looks six times less often than readiness.
 */
export function taskProbeTiming(health: HealthCheckSpec): { readiness: TaskProbeTiming; liveness: TaskProbeTiming } {
  return {
    readiness: { periodSeconds: health.intervalSeconds, timeoutSeconds: health.timeoutSeconds },
    liveness: {
      initialDelaySeconds: healthBudgetSeconds(health),
      periodSeconds: health.intervalSeconds * 6,
      timeoutSeconds: health.timeoutSeconds,
    },
  };
}

/**
 * What the model must know of a Kubernetes target: pods have their own addresses and Services, secrets reach
 * them as files of a read-only volume, nothing is published on a host; the namespace must be a DNS-1123 label
 * (checked when `namespaceGiven`: one derived from the cluster name is checked as clusterName); a REST Service of
 * type NodePort or LoadBalancer opens the API beyond the cluster.
 */
export function kubernetesNetwork(namespace: string, namespaceGiven = true, restServiceType?: KubernetesServiceType): NetworkInput {
  return {
    namespace,
    restExposure: opensBeyondCluster(restServiceType) ? `behind a Service of type ${restServiceType} (target.restServiceType)` : undefined,
    addressing: kubernetesAddressing(namespace),
    sharedHost: false,
    imagePeerNamesResolve: false,
    publishesRestPorts: false,
    nodesShareHostPorts: false,
    reconcilesConnectors: true,
    secretDelivery: SecretDelivery.FILES,
    secretSources: [TERRAFORM_VARIABLE, KUBERNETES_SECRET_KEY],
    secretFileSource: KUBERNETES_SECRET_FILES,
    nodesNoun: 'Kubernetes pods',
    objectsNoun: 'Kubernetes objects',
    localFilesReachNodes: false,
    nameScope: `kubernetes:${namespace}`,
    targetName: 'Kubernetes',
    validate(problems: Problems): void {
      const ns = namespace ?? '';
      if (namespaceGiven && (!DNS_1123_SUBDOMAIN.test(ns) || ns.length > 63 || ns.includes('.'))) {
        problems.add(
          'target.namespace',
          `"${ns}" is not a valid namespace name`,
          'use a DNS-1123 label: lowercase letters, digits and "-", at most 63 characters',
        );
      }
    },
  };
}

/** A REST Service of this type is reached from outside the cluster: through a node port or a load balancer. */
export function opensBeyondCluster(type: KubernetesServiceType | undefined): boolean {
  return type === KubernetesServiceType.NODE_PORT || type === KubernetesServiceType.LOAD_BALANCER;
}

/** Kubernetes addressing: every pod by its stable DNS name under the headless Service, a service by its client Service. */
export function kubernetesAddressing(namespace: string): Addressing {
  return {
    nodeHost: (cluster, c, ordinal) => kubernetesNames.podHost(cluster, c, ordinal, namespace),
    serviceHost: (cluster, c) => kubernetesNames.serviceHost(cluster, c, namespace),
  };
}

/** A size as a Kubernetes quantity: `512Mi`, `1Gi` (Kubernetes takes the IEC binary suffixes a `Size` prints). */
export function quantity(size: Size): string {
  return size.toString();
}

/** Docker Hub, where the plugin fetch image comes from unless a registry mirror is given. */
const DOCKER_HUB = 'docker.io';

/**
 * Image of the init container that fetches remote plugin artifacts. Alpine-based: its busybox has `sh`,
 * `sha512sum`, `tar` (with gzip), `mktemp` and `cp`, and curl is the image's purpose.
 */
export const DEFAULT_PLUGIN_FETCH_IMAGE = `${DOCKER_HUB}/curlimages/curl:8.11.1`;

/** The plugin fetch image: `plugins.fetchImage`, else the default from a registry mirror (which keeps Docker Hub's path). */
export function pluginFetchImage(given: string | undefined, registry: string | undefined): string {
  if (given !== undefined) return given;
  return registry === undefined ? DEFAULT_PLUGIN_FETCH_IMAGE : `${registry}/${DEFAULT_PLUGIN_FETCH_IMAGE.slice(DOCKER_HUB.length + 1)}`;
}

import { ClusterModel } from '../model/cluster-model';
import { DEFAULT_PLUGIN_FETCH_IMAGE, KUBERNETES_LABELS, opensBeyondCluster, pluginFetchImage } from './policy';
import { Component } from '../model/nodes';
import { Problems } from '../model/validation';
import {
  ImagePullPolicy,
  KubernetesComponentResources,
  KubernetesServiceType,
  KubernetesTargetOptions,
  KubernetesWorkerStorage,
  PeerSelector,
  PodAntiAffinity,
} from './options';
import { DNS_1123_SUBDOMAIN } from '../model/names';
import { isIP } from 'net';

const CPU_QUANTITY = /^(\d+(\.\d+)?|\.\d+)m?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const RESOURCE_FIELDS = {
  [Component.ZOOKEEPER]: 'zookeeperResources',
  [Component.KAFKA]: 'kafkaResources',
  [Component.KAFKA_CONTROLLER]: 'controllerResources',
  [Component.CONNECT]: 'connectResources',
} as const;

/** A component's CPU and memory settings: its own where given, else the target-wide ones. */
export function componentResources(options: KubernetesTargetOptions, component: Component): KubernetesComponentResources {
  const own = options[RESOURCE_FIELDS[component]] ?? {};
  return {
    cpuRequest: own.cpuRequest ?? options.cpuRequest,
    cpuLimit: own.cpuLimit ?? options.cpuLimit,
    memoryRequest: own.memoryRequest ?? options.memoryRequest,
  };
}

const OWNED_LABELS = new Set<string>(Object.values(KUBERNETES_LABELS));

/** Every problem with the Kubernetes target's options, given the resolved model. */
export function kubernetesOptionProblems(constructPath: string, model: ClusterModel, options: KubernetesTargetOptions): Problems {
  const problems = new Problems(constructPath);
  // The init container that fetches remote plugin artifacts runs this image (Docker builds its plugin image locally).
  const fetchImage = model.plugins === undefined ? undefined : pluginFetchImage(model.plugins.fetchImage, model.images.registry);
  if (fetchImage !== undefined && (typeof fetchImage !== 'string' || fetchImage === '' || /\s/.test(fetchImage))) {
    problems.add(
      'plugins.fetchImage',
      `${JSON.stringify(fetchImage)} is not an image reference`,
      `give an image with sh, curl, sha512sum and tar, such as "${DEFAULT_PLUGIN_FETCH_IMAGE}"`,
    );
  }
  // Target-wide values, then each component's effective values (its override, else the target-wide one).
  for (const [prefix, r] of [
    ['target', options],
    ...model.components.map((spec) => [`target.${RESOURCE_FIELDS[spec.component]}`, options[RESOURCE_FIELDS[spec.component]]] as const),
  ] as const) {
    if (r === undefined) continue;
    for (const field of ['cpuRequest', 'cpuLimit'] as const) {
      const v = r[field];
      if (v !== undefined && (typeof v !== 'string' || !CPU_QUANTITY.test(v))) {
        problems.add(`${prefix}.${field}`, `${JSON.stringify(v)} is not a CPU quantity`, 'write cores ("1", "0.5") or millicores ("250m")');
      }
    }
  }
  const comparedCpu = new Set<string>();
  for (const spec of model.components) {
    const r = componentResources(options, spec.component);
    const field = (f: string) =>
      options[RESOURCE_FIELDS[spec.component]]?.[f as keyof KubernetesComponentResources] !== undefined
        ? `target.${RESOURCE_FIELDS[spec.component]}.${f}`
        : `target.${f}`;
    const limit = spec.nodes[0].memoryLimit;
    if (r.memoryRequest !== undefined && r.memoryRequest.inMebibytes > limit.inMebibytes) {
      problems.add(
        field('memoryRequest'),
        `memory request ${r.memoryRequest} is above the ${spec.component} memory limit ${limit}`,
        `lower ${field('memoryRequest')} to at most ${limit}, or raise ${spec.component === Component.KAFKA_CONTROLLER ? 'kraft' : spec.component}.memoryLimit`,
      );
    }
    const req = cpuMillis(r.cpuRequest);
    const lim = cpuMillis(r.cpuLimit);
    // Target-wide values are compared once, not once per component.
    const key = `${field('cpuRequest')} ${field('cpuLimit')}`;
    if (req !== undefined && lim !== undefined && req > lim && !comparedCpu.has(key)) {
      comparedCpu.add(key);
      problems.add(
        field('cpuRequest'),
        `cpu request "${r.cpuRequest}" is above the cpu limit "${r.cpuLimit}"`,
        `lower ${field('cpuRequest')} to at most ${field('cpuLimit')}`,
      );
    }
  }
  const pullSecrets = options.imagePullSecrets ?? [];
  if (!Array.isArray(pullSecrets)) {
    problems.add(
      'target.imagePullSecrets',
      `${JSON.stringify(pullSecrets)} is not a list`,
      'give a list of Secret names, e.g. ["registry-credentials"]',
    );
  }
  (Array.isArray(pullSecrets) ? pullSecrets : []).forEach((name, i) => {
    if (typeof name !== 'string' || !DNS_1123_SUBDOMAIN.test(name) || name.length > 253) {
      problems.add(
        `target.imagePullSecrets[${i}]`,
        `${JSON.stringify(name)} is not a Secret name`,
        'give the name of a Secret in the namespace: lowercase letters, digits, "-" and "."',
      );
    }
  });
  // A StorageClass is an object: its name is a DNS-1123 subdomain ("" asks for no class, Kubernetes' own meaning).
  const storageClass = options.storageClassName;
  if (
    storageClass !== undefined &&
    storageClass !== '' &&
    (typeof storageClass !== 'string' || !DNS_1123_SUBDOMAIN.test(storageClass) || storageClass.length > 253)
  ) {
    problems.add(
      'target.storageClassName',
      `${JSON.stringify(storageClass)} is not a StorageClass name`,
      'give the name of a StorageClass of the cluster (`kubectl get storageclass`): lowercase letters, digits, "-" and "."',
    );
  }
  oneOf(problems, 'target.imagePullPolicy', options.imagePullPolicy, ImagePullPolicy, 'ImagePullPolicy');
  oneOf(problems, 'target.workerStorage', options.workerStorage, KubernetesWorkerStorage, 'KubernetesWorkerStorage');
  oneOf(problems, 'target.podAntiAffinity', options.podAntiAffinity, PodAntiAffinity, 'PodAntiAffinity');
  oneOf(problems, 'target.restServiceType', options.restServiceType, KubernetesServiceType, 'KubernetesServiceType');
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    if (OWNED_LABELS.has(key))
      problems.add(`target.labels["${key}"]`, `"${key}" is set by the library`, 'remove it, or use a label key of your own');
    labelProblems(problems, `target.labels["${key}"]`, key, value);
  }
  for (const key of Object.keys(options.annotations ?? {})) {
    if (!labelKeyValid(key))
      problems.add(
        `target.annotations["${key}"]`,
        `"${key}" is not a valid annotation key`,
        'use an optional DNS-subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" or "."',
      );
  }
  if ((options.kafkaClients ?? []).length > 0 && !model.components.some((s) => s.component === Component.KAFKA)) {
    problems.add(
      'target.kafkaClients',
      'the cluster runs no brokers (connect.bootstrapServers names an external Kafka)',
      "remove kafkaClients and admit clients in the external Kafka's own policies",
    );
  }
  if ((options.metricsScrapers ?? []).length > 0 && model.metrics === undefined) {
    problems.add(
      'target.metricsScrapers',
      'the cluster exports no metrics, so there is no metrics port to admit scrapers to',
      'set metrics: { prometheus: true } on the cluster, or remove metricsScrapers',
    );
  }
  (options.restClientIpBlocks ?? []).forEach((cidr: unknown, i: number) => {
    if (!isCidr(cidr))
      problems.add(
        `target.restClientIpBlocks[${i}]`,
        `${JSON.stringify(cidr)} is not an address range in CIDR notation`,
        'write an address and a prefix length, e.g. "10.0.0.0/16" or "2001:db8::/48"',
      );
  });
  for (const [field, selectors] of [
    ['kafkaClients', options.kafkaClients],
    ['restClients', options.restClients],
    ['metricsScrapers', options.metricsScrapers],
  ] as const) {
    (selectors ?? []).forEach((s: PeerSelector, i: number) => {
      for (const [part, labels] of [
        ['podLabels', s.podLabels],
        ['namespaceLabels', s.namespaceLabels],
      ] as const) {
        for (const [key, value] of Object.entries(labels ?? {}))
          labelProblems(problems, `target.${field}[${i}].${part}["${key}"]`, key, value);
      }
    });
  }
  return problems;
}

/** `10.0.0.0/16`, `2001:db8::/48`: an IP address and a prefix length no longer than the address. */
function isCidr(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  const family = m ? isIP(m[1]) : 0;
  return family !== 0 && Number(m![2]) <= (family === 4 ? 32 : 128);
}

/**
 * What the target's options leave that works, but probably not as meant: a REST Service opened outside the cluster
 * (NodePort, LoadBalancer) that the workers' NetworkPolicy admits no outside address to.
 */
export function kubernetesOptionWarnings(options: KubernetesTargetOptions): string[] {
  const type = options.restServiceType;
  if (!opensBeyondCluster(type) || (options.restClientIpBlocks ?? []).length > 0) return [];
  return [
    `target.restServiceType: the REST Service of type ${type} is behind the workers' NetworkPolicy, which admits only pods (the workers, the connector tasks, target.restClients), so traffic through a node port or a load balancer, which comes from the clients' or the nodes' addresses, is dropped; admit those addresses with target.restClientIpBlocks (e.g. ["10.0.0.0/16"]), or keep KubernetesServiceType.CLUSTER_IP`,
  ];
}

function labelProblems(problems: Problems, field: string, key: string, value: string): void {
  if (!labelKeyValid(key))
    problems.add(
      field,
      `"${key}" is not a valid label key`,
      'use an optional DNS-subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" or "."',
    );
  if (typeof value !== 'string' || (value !== '' && !LABEL_NAME.test(value))) {
    problems.add(
      field,
      `label value ${JSON.stringify(value)} is not valid`,
      'use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    );
  }
}

function labelKeyValid(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = key.slice(slash + 1);
  return LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && DNS_1123_SUBDOMAIN.test(prefix)));
}

function cpuMillis(q: string | undefined): number | undefined {
  if (q === undefined || !CPU_QUANTITY.test(q)) return undefined;
  return q.endsWith('m') ? parseFloat(q) : parseFloat(q) * 1000;
}

function oneOf(problems: Problems, field: string, value: unknown, values: Record<string, string>, enumName: string): void {
  if (value !== undefined && !Object.values(values).includes(value as string)) {
    problems.add(
      field,
      `${JSON.stringify(value)} is not a valid value`,
      `use one of ${Object.keys(values)
        .map((k) => `${enumName}.${k}`)
        .join(', ')}`,
    );
  }
}

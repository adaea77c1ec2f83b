import { ClusterModel } from '../model/cluster-model';
import { KUBERNETES_LABELS } from '../model/kubernetes';
import { Component } from '../model/nodes';
import { Problems } from '../model/validation';
import { ImagePullPolicy, KubernetesServiceType, KubernetesTargetOptions, KubernetesWorkerStorage, PeerSelector, PodAntiAffinity } from '../target';

const CPU_QUANTITY = /^(\d+(\.\d+)?|\.\d+)m?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OWNED_LABELS = new Set<string>(Object.values(KUBERNETES_LABELS));

/** Every problem with the Kubernetes target's options, given the resolved model. */
export function kubernetesOptionProblems(constructPath: string, model: ClusterModel, options: KubernetesTargetOptions): Problems {
  const problems = new Problems(constructPath);
  if (options.memoryRequest !== undefined) {
    for (const spec of model.components) {
      const limit = spec.nodes[0].memoryLimit;
      if (options.memoryRequest.inMebibytes > limit.inMebibytes) {
        problems.add(
          'target.memoryRequest',
          `memory request ${options.memoryRequest} is above the ${spec.component} memory limit ${limit}`,
          `lower target.memoryRequest to at most ${limit}, or raise ${spec.component}.memoryLimit`,
        );
      }
    }
  }
  for (const field of ['cpuRequest', 'cpuLimit'] as const) {
    const v = options[field];
    if (v !== undefined && (typeof v !== 'string' || !CPU_QUANTITY.test(v))) {
      problems.add(`target.${field}`, `${JSON.stringify(v)} is not a CPU quantity`, 'write cores ("1", "0.5") or millicores ("250m")');
    }
  }
  const req = cpuMillis(options.cpuRequest);
  const lim = cpuMillis(options.cpuLimit);
  if (req !== undefined && lim !== undefined && req > lim) {
    problems.add('target.cpuRequest', `cpu request "${options.cpuRequest}" is above the cpu limit "${options.cpuLimit}"`, 'lower target.cpuRequest to at most target.cpuLimit');
  }
  (options.imagePullSecrets ?? []).forEach((name, i) => {
    if (typeof name !== 'string' || !SECRET_NAME.test(name) || name.length > 253) {
      problems.add(`target.imagePullSecrets[${i}]`, `${JSON.stringify(name)} is not a Secret name`, 'give the name of a Secret in the namespace: lowercase letters, digits, "-" and "."');
    }
  });
  oneOf(problems, 'target.imagePullPolicy', options.imagePullPolicy, ImagePullPolicy, 'ImagePullPolicy');
  oneOf(problems, 'target.workerStorage', options.workerStorage, KubernetesWorkerStorage, 'KubernetesWorkerStorage');
  oneOf(problems, 'target.podAntiAffinity', options.podAntiAffinity, PodAntiAffinity, 'PodAntiAffinity');
  oneOf(problems, 'target.restServiceType', options.restServiceType, KubernetesServiceType, 'KubernetesServiceType');
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    if (OWNED_LABELS.has(key)) problems.add(`target.labels["${key}"]`, `"${key}" is set by the library`, 'remove it, or use a label key of your own');
    labelProblems(problems, `target.labels["${key}"]`, key, value);
  }
  for (const key of Object.keys(options.annotations ?? {})) {
    if (!labelKeyValid(key)) problems.add(`target.annotations["${key}"]`, `"${key}" is not a valid annotation key`, 'use an optional DNS-subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" or "."');
  }
  if ((options.kafkaClients ?? []).length > 0 && !model.components.some((s) => s.component === Component.KAFKA)) {
    problems.add('target.kafkaClients', 'the cluster runs no brokers (connect.bootstrapServers names an external Kafka)', 'remove kafkaClients and admit clients in the external Kafka\'s own policies');
  }
  for (const [field, selectors] of [['kafkaClients', options.kafkaClients], ['restClients', options.restClients]] as const) {
    (selectors ?? []).forEach((s: PeerSelector, i: number) => {
      for (const [part, labels] of [['podLabels', s.podLabels], ['namespaceLabels', s.namespaceLabels]] as const) {
        for (const [key, value] of Object.entries(labels ?? {})) labelProblems(problems, `target.${field}[${i}].${part}["${key}"]`, key, value);
      }
    });
  }
  return problems;
}

function labelProblems(problems: Problems, field: string, key: string, value: string): void {
  if (!labelKeyValid(key)) problems.add(field, `"${key}" is not a valid label key`, 'use an optional DNS-subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" or "."');
  if (typeof value !== 'string' || (value !== '' && !LABEL_NAME.test(value))) {
    problems.add(field, `label value ${JSON.stringify(value)} is not valid`, 'use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
  }
}

function labelKeyValid(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = key.slice(slash + 1);
  return LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && LABEL_PREFIX.test(prefix)));
}

function cpuMillis(q: string | undefined): number | undefined {
  if (q === undefined || !CPU_QUANTITY.test(q)) return undefined;
  return q.endsWith('m') ? parseFloat(q) : parseFloat(q) * 1000;
}

function oneOf(problems: Problems, field: string, value: unknown, values: Record<string, string>, enumName: string): void {
  if (value !== undefined && !Object.values(values).includes(value as string)) {
    problems.add(field, `${JSON.stringify(value)} is not a valid value`, `use one of ${Object.keys(values).map((k) => `${enumName}.${k}`).join(', ')}`);
  }
}

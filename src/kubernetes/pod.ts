import {
  StatefulSetV1SpecTemplateSpec,
  StatefulSetV1SpecTemplateSpecAffinity,
  StatefulSetV1SpecTemplateSpecContainer,
  StatefulSetV1SpecTemplateSpecContainerReadinessProbe,
  StatefulSetV1SpecTemplateSpecContainerVolumeMount,
  StatefulSetV1SpecTemplateSpecVolume,
} from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { Component, ComponentSpec, FileMountSpec, IMAGE_ENTRYPOINT, NodeSpec } from '../model/nodes';
import {
  DEFAULT_CPU_REQUEST,
  HOSTNAME_TOPOLOGY_KEY,
  PREFERRED_ANTI_AFFINITY_WEIGHT,
  probeTiming,
  topologySpread,
  quantity,
} from './policy';
import { KubernetesTargetOptions, KubernetesWorkerStorage, PodAntiAffinity } from './options';
import { Lazy } from 'cdktf';
import { terraformLiteral } from '../private/escape';
import { SecretDelivery, secretProvider, TERRAFORM_VARIABLE } from '../model/secret-ref';
import { KUBERNETES_SECRET_FILES, KUBERNETES_SECRET_KEY } from './secret-sources';
import { SecretEnv } from '../model/tasks';
import { PluginsModel } from '../model/plugin-types';
import { PodEnvironment } from './env';
import { containerSecurityContext, podSecurityContext } from './security-context';
import { kubernetesMetricsPodParts, kubernetesPluginPodParts, KubernetesPluginPodParts } from './plugins';
import { MetricsModel } from '../model/metrics';
import { LOGGERS } from '../model/loggers';
import { hasNodeBranches, nodeBranch, ordinalCase, shellQuote } from './ordinal-script';
import { componentResources } from './validation';

export interface PodInputs {
  readonly spec: ComponentSpec;
  readonly env: PodEnvironment;
  readonly selector: Record<string, string>;
  readonly configMapName: string;
  readonly secretName?: string;
  /** Connect only: connector secrets, mounted as files (the workers' Secret and keys of existing Secrets). */
  readonly secretEnv?: () => SecretEnv;
  /** Connect only: connector plugins fetched by an init container into per-directory volumes. */
  readonly plugins?: PluginsModel;
  /** The images' registry mirror, which the plugin fetch image comes from by default. */
  readonly registry?: string;
  /** The metrics agent, put into the pod by an init container when the component's nodes load it. */
  readonly metrics?: MetricsModel;
  /** The ConfigMap of connect.loggers' levels file, mounted where the nodes read it at start. */
  readonly loggersConfigMap?: string;
  /** Volumes of the node that are `emptyDir`s; the others are volume claim templates. */
  readonly emptyDirVolumes: boolean;
  readonly options: KubernetesTargetOptions;
}

/** The pod template of a component's StatefulSet (metadata is added by the caller). */
export function podSpec(p: PodInputs): StatefulSetV1SpecTemplateSpec {
  const node = p.spec.nodes[0];
  const plugins = kubernetesPluginPodParts(p.plugins, p.registry);
  const metrics = node.metricsAgent ? kubernetesMetricsPodParts(p.metrics, p.registry) : undefined;
  const initContainers = [...(plugins ? [plugins.initContainer] : []), ...(metrics ? [metrics.initContainer] : [])];
  const volumes: StatefulSetV1SpecTemplateSpecVolume[] = [
    ...(p.emptyDirVolumes ? node.volumes.map((v) => ({ name: v.name, emptyDir: { sizeLimit: quantity(v.size) } })) : []),
    ...(plugins?.volumes ?? []),
    ...(metrics ? [metrics.volume] : []),
    ...(p.loggersConfigMap ? [{ name: LOGGERS_VOLUME, configMap: { name: p.loggersConfigMap, defaultMode: '0444' } }] : []),
    ...(node.scratchVolumes ?? []).map((v) => ({ name: v.name, emptyDir: { sizeLimit: quantity(v.size) } })),
    ...(p.secretEnv && p.secretName ? [secretsVolume(p.secretName, p.secretEnv)] : []),
    ...secretFileMounts(node.fileMounts).map(secretFilesVolume),
  ];
  return {
    // No Kubernetes API access is needed; a token in the pod would only widen what a compromise reaches.
    automountServiceAccountToken: false,
    // Service links would inject `<SERVICE>_PORT…` variables; the images turn every `KAFKA_*`/`CONNECT_*`
    // variable into a property, so a Service named `…-kafka` would write junk into server.properties.
    enableServiceLinks: false,
    securityContext: podSecurityContext({ ownVolumes: true }),
    imagePullSecrets: imagePullSecrets(p.options),
    affinity: antiAffinity(p.selector, p.options.podAntiAffinity ?? PodAntiAffinity.PREFERRED),
    topologySpreadConstraint: topologySpread(p.spec).map((c) => ({ ...c, labelSelector: [{ matchLabels: p.selector }] })),
    initContainer:
      initContainers.length > 0
        ? initContainers.map((c) => ({ ...c, imagePullPolicy: p.options.imagePullPolicy ?? c.imagePullPolicy }))
        : undefined,
    container: [container(p, node, plugins, metrics?.volumeMount)],
    volume: volumes.length > 0 ? volumes : undefined,
  };
}

function container(
  p: PodInputs,
  node: NodeSpec,
  plugins: KubernetesPluginPodParts | undefined,
  metricsMount: StatefulSetV1SpecTemplateSpecContainerVolumeMount | undefined,
): StatefulSetV1SpecTemplateSpecContainer {
  const branches = p.spec.nodes.map((n, i) => nodeBranch(p.env.perNode[i], n.startupScript));
  const timing = probeTiming(node.health);
  const resources = componentResources(p.options, p.spec.component);
  return {
    name: p.spec.component,
    image: node.image,
    imagePullPolicy: p.options.imagePullPolicy,
    command: hasNodeBranches(branches)
      ? ['bash', '-c', terraformLiteral(`${ordinalCase(branches)}\nexec ${IMAGE_ENTRYPOINT} start`)]
      : undefined,
    // Connector secrets are files (the secrets volume), never environment.
    envFrom: [{ configMapRef: { name: p.configMapName } }],
    port: node.ports.map((port) => ({ name: port.name, containerPort: port.containerPort, protocol: 'TCP' })),
    volumeMount: [
      ...node.volumes.map((v) => ({ name: v.name, mountPath: v.mountPath })),
      ...(plugins?.volumeMounts ?? []),
      ...(metricsMount ? [metricsMount] : []),
      ...(p.loggersConfigMap ? [{ name: LOGGERS_VOLUME, mountPath: LOGGERS.mountPath, readOnly: true }] : []),
      ...(node.scratchVolumes ?? []).map((v) => ({ name: v.name, mountPath: v.mountPath })),
      ...(p.secretEnv && p.secretName ? [{ name: SECRETS_VOLUME, mountPath: FILES_PROVIDER.mountPath!, readOnly: true }] : []),
      ...secretFileMounts(node.fileMounts).map(secretFilesVolumeMount),
    ],
    resources: {
      requests: {
        cpu: resources.cpuRequest ?? DEFAULT_CPU_REQUEST,
        memory: quantity(resources.memoryRequest ?? node.memoryLimit),
      },
      limits: {
        memory: quantity(node.memoryLimit),
        ...(resources.cpuLimit !== undefined ? { cpu: resources.cpuLimit } : {}),
      },
    },
    // The readiness check itself: a port that opens before the service serves (Connect's REST API answers 503
    // on /health until the worker joined its group) would pass a TCP probe, and readiness would look again only
    // a whole period later.
    startupProbe: { ...timing.startup, ...readinessCheck(p.spec) },
    readinessProbe: { ...timing.readiness, ...readinessCheck(p.spec) },
    livenessProbe: { ...timing.liveness, tcpSocket: [{ port: String(node.health.port) }] },
    // Read-only where the model knows every path the image writes (Connect: its volumes and scratch volumes); the
    // Kafka and ZooKeeper entrypoints rewrite files of their images (properties files, zoo.cfg) at every start.
    securityContext: containerSecurityContext({ readOnlyRootFilesystem: node.scratchVolumes !== undefined }),
  };
}

/** The pull secrets every pod of the cluster names; undefined when none, so the field is left out. */
export function imagePullSecrets(options: KubernetesTargetOptions): { name: string }[] | undefined {
  const names = options.imagePullSecrets ?? [];
  return names.length > 0 ? names.map((name) => ({ name })) : undefined;
}

/** HTTP where the service has a health endpoint, else the model's command (per ordinal when it names the node). */
function readinessCheck(spec: ComponentSpec): Pick<StatefulSetV1SpecTemplateSpecContainerReadinessProbe, 'httpGet' | 'exec' | 'tcpSocket'> {
  const health = spec.nodes[0].health;
  if (health.httpPath !== undefined) return { httpGet: { path: health.httpPath, port: String(health.port) } };
  if (health.expensive === true) return { tcpSocket: [{ port: String(health.port) }] };
  const commands = spec.nodes.map((n) => n.health.command);
  if (commands.every((c) => c.join('\0') === commands[0].join('\0'))) return { exec: { command: commands[0].map(terraformLiteral) } };
  return { exec: { command: ['bash', '-c', terraformLiteral(ordinalCase(commands.map((c) => `exec ${c.map(shellQuote).join(' ')}`)))] } };
}

function antiAffinity(selector: Record<string, string>, mode: PodAntiAffinity): StatefulSetV1SpecTemplateSpecAffinity {
  const term = { topologyKey: HOSTNAME_TOPOLOGY_KEY, labelSelector: [{ matchLabels: selector }] };
  return {
    podAntiAffinity:
      mode === PodAntiAffinity.REQUIRED
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: PREFERRED_ANTI_AFFINITY_WEIGHT, podAffinityTerm: term }] },
  };
}

/** Whether a component's volumes are `emptyDir`s rather than claims (Connect only, on request). */
export function usesEmptyDir(spec: ComponentSpec, options: KubernetesTargetOptions): boolean {
  return spec.component === Component.CONNECT && options.workerStorage === KubernetesWorkerStorage.EMPTY_DIR;
}

const SECRETS_VOLUME = 'connector-secrets';
const LOGGERS_VOLUME = 'logger-levels';

/** Keystores and truststores from existing Secrets (of a node or a task), each a read-only volume. */
export function secretFileMounts(mounts: readonly FileMountSpec[] | undefined): FileMountSpec[] {
  return (mounts ?? []).filter((m) => m.kind === KUBERNETES_SECRET_FILES.kind);
}

function secretFilesVolumeName(index: number): string {
  return `secret-files-${index + 1}`;
}

/** The volume of mount `index` (`secretFileMounts`): the Secret's keys as files, readable by the images' group. */
export function secretFilesVolume(m: FileMountSpec, index: number): { name: string; secret: { secretName: string; defaultMode: string } } {
  return { name: secretFilesVolumeName(index), secret: { secretName: m.name, defaultMode: '0440' } };
}

/** Where mount `index` (`secretFileMounts`) is mounted read-only in the container. */
export function secretFilesVolumeMount(m: FileMountSpec, index: number): { name: string; mountPath: string; readOnly: boolean } {
  return { name: secretFilesVolumeName(index), mountPath: m.mountPath, readOnly: true };
}
const FILES_PROVIDER = secretProvider(SecretDelivery.FILES);

/**
 * Connector secrets as files named after each secret (read by Kafka's DirectoryConfigProvider): the workers'
 * own Secret (values from Terraform variables) and, key by key, existing Kubernetes Secrets. Produced lazily,
 * once every connector is declared, and so written in Terraform's snake_case.
 */
function secretsVolume(secretName: string, secretEnv: () => SecretEnv): StatefulSetV1SpecTemplateSpecVolume {
  const external = () =>
    Object.entries(secretEnv())
      .filter(([, ref]) => ref.source === KUBERNETES_SECRET_KEY.kind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, ref]) => secretKeyAsFile(ref.secretName!, ref.secretKey!, name));
  return {
    name: SECRETS_VOLUME,
    projected: [{ defaultMode: '0440', sources: Lazy.anyValue({ produce: () => [{ secret: [{ name: secretName }] }, ...external()] }) }],
  };
}

/**
 * A task's secrets (`TaskSpec.secrets`) as files under the mount connector secrets have in the workers: from the
 * task's own Secret (`secretName`, holding the variables' references) and, key by key, existing Kubernetes Secrets.
 */
export function taskSecretsVolume(secretName: string | undefined, secrets: SecretEnv): StatefulSetV1SpecTemplateSpecVolume {
  const sources = Object.entries(secrets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, ref]) =>
      ref.source === KUBERNETES_SECRET_KEY.kind
        ? secretKeyAsFile(ref.secretName!, ref.secretKey!, name)
        : secretKeyAsFile(secretName!, name, name),
    );
  return { name: SECRETS_VOLUME, projected: [{ defaultMode: '0440', sources }] };
}

/** One key of a Secret, projected as the file `path`. */
function secretKeyAsFile(
  secretName: string,
  key: string,
  path: string,
): { secret: { name: string; items: { key: string; path: string }[] }[] } {
  return { secret: [{ name: secretName, items: [{ key, path }] }] };
}

/** A Secret's data: `NAME: ${var.x}` for every secret that comes from a Terraform variable. */
export function variableSecrets(secrets: SecretEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secrets)
      .filter(([, ref]) => ref.source === TERRAFORM_VARIABLE.kind)
      .map(([name, ref]) => [name, ref.expression!]),
  );
}

/** Where `taskSecretsVolume` is mounted: as the workers' connector secrets. */
export function taskSecretsVolumeMount(): { name: string; mountPath: string; readOnly: boolean } {
  return { name: SECRETS_VOLUME, mountPath: FILES_PROVIDER.mountPath!, readOnly: true };
}

import { createHash } from 'crypto';
import {
  StatefulSetV1SpecTemplateSpecContainerVolumeMount,
  StatefulSetV1SpecTemplateSpecInitContainer,
  StatefulSetV1SpecTemplateSpecVolume,
} from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { terraformLiteral } from '../private/escape';
import { installablePlugins } from '../model/plugin';
import { PluginSpec, PluginsModel } from '../model/plugin-types';
import { pluginInstallScript, SCRIPT_FUNCTIONS } from '../private/plugin-script';
import { MetricsModel } from '../model/metrics';
import { shellQuote } from '../model/shell';
import { METRICS_AGENT_FETCH, PLUGIN_FETCH, pluginFetchImage, quantity } from './policy';
import { containerSecurityContext } from './security-context';

/** What the Connect pod template needs for its plugins; merged into the pod spec by the workload renderer. */
export interface KubernetesPluginPodParts {
  /** Fetches, verifies (SHA-512) and unpacks every remote artifact before the worker starts. */
  readonly initContainer: StatefulSetV1SpecTemplateSpecInitContainer;
  /** One `emptyDir` per plugin directory. */
  readonly volumes: StatefulSetV1SpecTemplateSpecVolume[];
  /**
   * Mounts for the Connect container: each volume at `/kafka/connect/<directory>` only, so the image's own
   * connectors in the other directories of `/kafka/connect` stay visible.
   */
  readonly volumeMounts: StatefulSetV1SpecTemplateSpecContainerVolumeMount[];
}

/**
 * An init container of the fetch image that runs `script` (the install functions: download, verify, place) and writes
 * only into the volumes it mounts, as the worker's uid so that the worker owns what it reads.
 */
function fetchInitContainer(
  name: string,
  image: string,
  script: string,
  volumeMount: StatefulSetV1SpecTemplateSpecContainerVolumeMount[],
): StatefulSetV1SpecTemplateSpecInitContainer {
  return {
    name,
    image: terraformLiteral(image),
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', terraformLiteral(script)],
    volumeMount,
    resources: {
      requests: { cpu: PLUGIN_FETCH.cpuRequest, memory: quantity(PLUGIN_FETCH.memory) },
      limits: { memory: quantity(PLUGIN_FETCH.memory) },
    },
    // Stricter than the node's container: the script writes only into its volumes.
    securityContext: containerSecurityContext({ readOnlyRootFilesystem: true }),
  };
}

/**
 * Name of a plugin directory's volume: a DNS label (directory names may hold `.`, `_` and capitals), stable
 * for the directory, distinct from the node's own volumes (`logs`, `config`).
 */
export function pluginVolumeName(directory: string): string {
  const readable = directory
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const digest = createHash('sha256').update(directory).digest('hex').slice(0, 8);
  return `plugin-${readable ? `${readable}-` : ''}${digest}`;
}

/** The init container's shell: the model's install script, fetching with curl into the mounted volumes. */
export function pluginInitScript(plugins: PluginsModel, pluginsDir: string = plugins.pluginsDir): string {
  return pluginInstallScript(plugins, { outputDir: pluginsDir });
}

/**
 * The init container, volumes and mounts for the declared plugins; undefined when nothing needs fetching
 * (no plugins, or all preinstalled in the image). Local sources never reach here: the model refuses them on
 * Kubernetes.
 */
export function kubernetesPluginPodParts(plugins: PluginsModel | undefined, registry?: string): KubernetesPluginPodParts | undefined {
  const installable = installablePlugins(plugins);
  if (plugins === undefined || installable.length === 0) return undefined;
  const mounts = installable.map((p: PluginSpec) => ({
    name: pluginVolumeName(p.directory),
    mountPath: `${plugins.pluginsDir}/${p.directory}`,
  }));
  return {
    initContainer: fetchInitContainer(
      PLUGIN_FETCH.initContainerName,
      pluginFetchImage(plugins.fetchImage, registry),
      pluginInitScript(plugins),
      mounts,
    ),
    volumes: installable.map((p) => ({
      name: pluginVolumeName(p.directory),
      emptyDir: { sizeLimit: quantity(PLUGIN_FETCH.volumeSizeLimit) },
    })),
    volumeMounts: mounts,
  };
}

/** The volume the metrics agent's init container fills and the node's container mounts read-only. */
export const METRICS_AGENT_VOLUME = 'metrics-agent';

/**
 * The init container's shell for the metrics agent: the install script's functions, the agent fetched with curl and
 * its SHA-512 verified (a mismatch removes it and fails the pod's start), then the rules file written beside it.
 */
export function metricsAgentInitScript(metrics: MetricsModel): string {
  const q = shellQuote;
  const delimiter = 'CDKTF_DEBEZIUM_METRICS_RULES';
  return [
    SCRIPT_FUNCTIONS,
    `prepare ${q(metrics.directory)}`,
    `fetch ${q(metrics.agentUrl)} ${q(metrics.agentPath)} ${q(metrics.agentSha512)}`,
    `cat > ${q(metrics.rulesPath)} <<'${delimiter}'`,
    metrics.rules.trimEnd(),
    delimiter,
    `echo "metrics agent installed: ${metrics.agentPath}"`,
    '',
  ].join('\n');
}

/** What a pod whose node loads the metrics agent needs: an init container that fills a volume, the volume, its mount. */
export function kubernetesMetricsPodParts(
  metrics: MetricsModel | undefined,
  registry?: string,
):
  | {
      initContainer: StatefulSetV1SpecTemplateSpecInitContainer;
      volume: StatefulSetV1SpecTemplateSpecVolume;
      volumeMount: StatefulSetV1SpecTemplateSpecContainerVolumeMount;
    }
  | undefined {
  if (metrics === undefined) return undefined;
  const mount = { name: METRICS_AGENT_VOLUME, mountPath: metrics.directory };
  return {
    initContainer: fetchInitContainer(
      METRICS_AGENT_FETCH.initContainerName,
      pluginFetchImage(metrics.fetchImage, registry),
      metricsAgentInitScript(metrics),
      [mount],
    ),
    volume: { name: METRICS_AGENT_VOLUME, emptyDir: { sizeLimit: quantity(METRICS_AGENT_FETCH.volumeSizeLimit) } },
    volumeMount: { ...mount, readOnly: true },
  };
}

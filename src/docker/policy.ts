import { MANAGED_BY, RECOMMENDED_LABELS } from '../model/labels';
import type { NetworkInput } from '../model/network';
import { Addressing } from '../model/nodes';
import { SecretDelivery, TERRAFORM_VARIABLE } from '../model/secret-ref';
import { DOCKER_VOLUME_FILES } from './secret-sources';
import type { DockerRestartPolicy } from './options';

/**
 * Docker policy: what the renderers in `src/docker/` must not decide themselves (labels, restart and wait
 * defaults, addressing, where the plugin build puts things) is written here, once. Pure: no provider, no
 * cdktf, and only types from `../target` (which imports the addressing from here).
 */

/** Restart policy of every container unless `restartPolicy` says otherwise. */
export const DEFAULT_RESTART_POLICY: `${DockerRestartPolicy}` = 'unless-stopped';

/**
 * `healthStartIntervalSeconds` must be shorter than every health check's interval (the tasks' 5 s is the
 * shortest), or it would change nothing.
 */
export const MAX_HEALTH_START_INTERVAL_SECONDS = 4;

/** Seconds `terraform apply` waits for a container to turn healthy unless `healthWaitTimeoutSeconds` says otherwise. */
export const DEFAULT_HEALTH_WAIT_TIMEOUT_SECONDS = 300;

/**
 * Docker Desktop's name of the host. Docker Engine on Linux resolves it only through an extra host entry to
 * `host-gateway` (the host's address as the containers reach it), which the library adds where it is named.
 */
export const DOCKER_HOST_ALIAS = 'host.docker.internal';
export const HOST_GATEWAY = 'host-gateway';

/** Whether any of `values` (settings, connector configs) names the Docker host by its alias. */
export function namesDockerHost(values: Iterable<unknown>): boolean {
  for (const v of values) if (typeof v === 'string' && v.toLowerCase().includes(DOCKER_HOST_ALIAS)) return true;
  return false;
}

/** A host name as `/etc/hosts` takes it: dot-separated labels of letters, digits and "-". */
export const EXTRA_HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;

/** Names on the Docker host, unique per cluster: a node's (or a task's) container, and a node's volume. */
export const dockerNames = {
  container: (cluster: string, nodeName: string) => `${cluster}-${nodeName}`,
  volume: (cluster: string, nodeName: string, volume: string) => `${cluster}-${nodeName}-${volume}`,
  /** A connector sentinel's declaration (`DECLARATION`) as a node of the cluster: what its labels name. */
  declarationNode: (declaration: string) => `${declaration}-declaration`,
  /** A connector sentinel's declaration: its container's name, and its volume's (the same). */
  declaration: (cluster: string, declaration: string) => dockerNames.container(cluster, dockerNames.declarationNode(declaration)),
  /** The derived Connect image with the declared plugins, tagged by the hash of its build context. */
  pluginImage: (cluster: string, contextHash: string) => `${cluster}-connect:plugins-${contextHash.slice(0, 16)}`,
  /** A component's image with the metrics agent (and no plugins): `<cluster>-kafka:metrics-<hash>`. */
  metricsImage: (cluster: string, component: string, contextHash: string) => `${cluster}-${component}:metrics-${contextHash.slice(0, 16)}`,
};

/**
 * A connector sentinel's declaration (`TaskSpec.declaration`): Docker has no name a container could look up that
 * only Terraform removes, so the declaration is a container beside the sentinel, rendered after it (removed just
 * before it by a removal or destroy, and by nothing else), that writes a new beat every second to a volume both
 * mount (`src/scripts/connector-declaration.sh`). A stopped sentinel whose beat stops for `checkSeconds` (five
 * beats missed) takes it for the connector's removal; a `docker stop` or `docker restart` of the sentinel finds it
 * beating. The volume is a small tmpfs owned by the images' user: the beat never reaches a disk, and the sentinel
 * mounts it read-only. The container runs the task image with a read-only root file system; a new image never
 * replaces it (that would stop the beat while the sentinel is replaced with the same image, a removal to it).
 */
export const DECLARATION = {
  script: 'connector-declaration.sh',
  mountPath: '/declaration',
  beatFile: '/declaration/beat',
  checkSeconds: 5,
  memoryMebibytes: 16,
  volumeOptions: (userId: number) => ({ type: 'tmpfs', device: 'tmpfs', o: `size=64k,mode=0755,uid=${userId},gid=${userId}` }),
} as const;

/**
 * The holder of a component's levels file (connect.loggers, kafka.loggers): a container of the component's stock image
 * that writes the levels into the component's in-memory volume before its nodes start (they depend on it) and stays
 * up, which keeps the volume. A change of levels replaces it and no node; the loggers tasks change the running nodes.
 * A broker can change only a logger it has (one its log4j configuration named when it started): the file must be
 * there at its first start. `src/scripts/logger-levels-holder.sh`.
 */
export const LOGGER_LEVELS_HOLDER = {
  script: 'logger-levels-holder.sh',
  /** The container's node name: `<component>-loggers`. */
  nodeName: (component: string) => `${component}-loggers`,
  memoryMebibytes: 16,
} as const;

/** Label naming the node a container runs. */
export const NODE_LABEL = 'io.debezium.node';

/** Labels of everything of the cluster (network, volumes, containers). */
export function clusterLabels(clusterName: string): Record<string, string> {
  return { [RECOMMENDED_LABELS.partOf]: clusterName, [RECOMMENDED_LABELS.managedBy]: MANAGED_BY };
}

/** Labels of a container: the cluster's, the component (or task) it runs and its node. */
export function containerLabels(clusterName: string, component: string, nodeName: string): Record<string, string> {
  return { ...clusterLabels(clusterName), [RECOMMENDED_LABELS.component]: component, [NODE_LABEL]: nodeName };
}

/** Where the pieces of a derived Docker image live inside its build (`/tmp/plugins/...` of the build stage). */
export const PLUGIN_BUILD_PATHS = {
  root: '/tmp/plugins',
  downloads: '/tmp/plugins/downloads',
  local: '/tmp/plugins/local',
  out: '/tmp/plugins/out',
  script: '/tmp/plugins/install-plugins.sh',
} as const;

/**
 * What the model must know of a Docker target. Containers read secrets from their environment and mount
 * Docker volumes. On a bridge network every node has its own address, the images' peer names resolve (network
 * aliases), and the workers' REST APIs are published on host ports from `restHostPortBase`; with host
 * networking every node shares the host's interfaces.
 */
export function dockerNetwork(options: {
  readonly hostNetwork: boolean;
  readonly publishRestOnAllInterfaces?: boolean;
  readonly restHostPortBase?: number;
}): NetworkInput {
  const host = options.hostNetwork;
  return {
    publishRestOnAllInterfaces: options.publishRestOnAllInterfaces,
    restHostPortBase: options.restHostPortBase,
    restExposure: options.publishRestOnAllInterfaces
      ? 'published on every interface of the Docker host (target.publishRestOnAllInterfaces)'
      : undefined,
    addressing: dockerAddressing(host),
    sharedHost: host,
    imagePeerNamesResolve: !host,
    publishesRestPorts: !host,
    nodesShareHostPorts: true,
    reconcilesConnectors: true,
    secretDelivery: SecretDelivery.ENVIRONMENT,
    secretSources: [TERRAFORM_VARIABLE],
    secretFileSource: DOCKER_VOLUME_FILES,
    nodesNoun: 'Docker containers',
    objectsNoun: 'containers and volumes',
    localFilesReachNodes: true,
    nameScope: host ? 'docker-host' : 'docker-bridge',
    targetName: 'Docker',
    sharedHostWording: host ? { host: 'the Docker host', networking: 'Docker host networking' } : undefined,
  };
}

/**
 * Docker addressing. On a bridge network every node is reached by its name and every service by its link
 * name (both network aliases); with host networking everything listens on 127.0.0.1.
 */
export function dockerAddressing(hostNetwork: boolean): Addressing {
  return {
    nodeHost: (_cluster, _c, _ordinal, nodeName) => (hostNetwork ? '127.0.0.1' : nodeName),
    serviceHost: (_cluster, _c, linkName) => linkName,
  };
}

/**
 * The log of a task that can refuse its work, which the stack reads back (`docker_logs`) for the report: kept by
 * Docker's json-file driver whatever the daemon's default (a driver Docker cannot read back would hide it), small;
 * and written through a TTY, so the log has no stream headers and is read back whole (`discard_headers` off):
 * provider 3.6.2's `docker_logs` would otherwise drop 8 bytes of every line as a header, split a header that
 * holds a newline byte, and crash on a line shorter than 8 bytes.
 */
export const TASK_REPORT_LOG = {
  driver: 'json-file',
  options: { 'max-size': '1m', 'max-file': '2' },
  tty: true,
} as const;

import { Container, ContainerConfig } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { Construct } from 'constructs';
import { ClusterModel } from '../model/cluster-model';
import { Component, ComponentSpec, IMAGE_ENTRYPOINT, NetworkKind, NodeSpec } from '../model/nodes';
import { DockerRestartPolicy, DockerTargetOptions } from '../target';

/** The Docker resources of one cluster, reachable for users who need an escape hatch. */
export interface DockerResources {
  readonly network?: Network;
  readonly images: { [component: string]: Image };
  readonly containers: { [nodeName: string]: Container };
  readonly volumes: { [volumeName: string]: Volume };
}

/** Namespace constructs keep logical ids stable and readable: `<cluster>/Brokers/kafka-1/data`. */
const GROUP_IDS: Record<Component, string> = {
  [Component.ZOOKEEPER]: 'ZooKeeper',
  [Component.KAFKA]: 'Brokers',
  [Component.CONNECT]: 'ConnectWorkers',
};

const LINK_NAMES: Record<Component, string> = {
  [Component.ZOOKEEPER]: 'zookeeper',
  [Component.KAFKA]: 'kafka',
  [Component.CONNECT]: 'connect',
};

export function renderDocker(scope: Construct, model: ClusterModel, options: DockerTargetOptions): DockerResources {
  const provider = options.provider;
  const hostNetwork = model.network.kind === NetworkKind.DOCKER_HOST;
  const network = hostNetwork
    ? undefined
    : new Network(scope, 'network', { name: model.name, driver: 'bridge', provider, labels: labels(model) });

  const images: Record<string, Image> = {};

  const containers: Record<string, Container> = {};
  const volumes: Record<string, Volume> = {};
  const byComponent = new Map<Component, Container[]>();

  for (const spec of model.components) {
    const group = new Construct(scope, GROUP_IDS[spec.component]);
    const dependsOn = spec.dependsOn.flatMap((c) => byComponent.get(c) ?? []);
    // Kept locally: destroying a cluster must not delete an image other stacks (or an air-gapped mirror) need.
    const image = new Image(group, 'image', { name: spec.nodes[0].image, keepLocally: true, provider });
    images[spec.component] = image;
    const rendered: Container[] = [];
    for (const node of spec.nodes) {
      const nodeScope = new Construct(group, node.name);
      const nodeVolumes = node.volumes.map((v) => {
        const volume = new Volume(nodeScope, v.name, {
          name: `${model.name}-${node.name}-${v.name}`,
          provider,
          labels: labels(model),
        });
        volumes[volume.name] = volume;
        return { volume, mountPath: v.mountPath };
      });
      const config: ContainerConfig = {
        name: `${model.name}-${node.name}`,
        hostname: hostNetwork ? undefined : node.name,
        image: image.imageId,
        env: Object.entries(node.env).map(([k, v]) => `${k}=${v}`),
        entrypoint: node.startupScript ? ['bash', '-c', `${node.startupScript}\nexec ${IMAGE_ENTRYPOINT} start`] : undefined,
        networkMode: hostNetwork ? 'host' : undefined,
        networksAdvanced: network ? [{ name: network.name, aliases: aliases(spec, node) }] : undefined,
        ports: hostNetwork
          ? undefined
          : node.ports
              .filter((p) => p.hostPort !== undefined)
              .map((p) => ({ internal: p.containerPort, external: p.hostPort, ip: p.hostIp, protocol: 'tcp' })),
        volumes: nodeVolumes.map((v) => ({ volumeName: v.volume.name, containerPath: v.mountPath })),
        memory: node.memoryLimit.mebibytes,
        restart: options.restartPolicy ?? DockerRestartPolicy.UNLESS_STOPPED,
        healthcheck: {
          test: ['CMD', ...node.health.command],
          interval: `${node.health.intervalSeconds}s`,
          timeout: `${node.health.timeoutSeconds}s`,
          retries: node.health.retries,
          startPeriod: `${node.health.startPeriodSeconds}s`,
        },
        wait: true,
        waitTimeout: options.healthWaitTimeoutSeconds ?? 300,
        mustRun: true,
        labels: Object.entries({ ...labelMap(model), 'app.kubernetes.io/component': spec.component, 'io.debezium.node': node.name }).map(
          ([label, value]) => ({ label, value }),
        ),
        dependsOn,
        provider,
      };
      const container = new Container(nodeScope, 'container', config);
      containers[node.name] = container;
      rendered.push(container);
    }
    byComponent.set(spec.component, rendered);
  }
  return { network, images, containers, volumes };
}

/** The seed's link names (`zookeeper`, `kafka`) on every node of a component, plus the node's own name. */
function aliases(spec: ComponentSpec, node: NodeSpec): string[] {
  return [LINK_NAMES[spec.component], node.name];
}

function labelMap(model: ClusterModel): Record<string, string> {
  return { 'app.kubernetes.io/part-of': model.name, 'app.kubernetes.io/managed-by': 'cdktf-debezium-connect' };
}

function labels(model: ClusterModel) {
  return Object.entries(labelMap(model)).map(([label, value]) => ({ label, value }));
}

// One cluster description, two targets: a Docker host for development and Kubernetes for production.
// The props object is shared; only `target` differs.
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ConnectCluster, ConnectClusterProps, Size, Target } from '../../src';

export const INVENTORY: Omit<ConnectClusterProps, 'target'> = {
  clusterName: 'inventory',
  zookeeper: { nodes: 3 },
  kafka: { brokers: 3 },
  connect: {
    workers: 2,
    groupId: 'inventory-connect',
    heap: { maximum: Size.gibibytes(1) },
    internalTopics: { replicationFactor: 3 },
    workerProperties: { 'heartbeat.interval.ms': '3000' },
  },
};

export class DockerInventoryStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DockerProvider(this, 'docker');
    new ConnectCluster(this, 'inventory', { ...INVENTORY, target: Target.docker() });
  }
}

export class KubernetesInventoryStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new KubernetesProvider(this, 'kubernetes', { configPath: '~/.kube/config' });
    new ConnectCluster(this, 'inventory', { ...INVENTORY, target: Target.kubernetes() });
  }
}

export function build(app: App): TerraformStack[] {
  return [new DockerInventoryStack(app, 'multi-target-docker'), new KubernetesInventoryStack(app, 'multi-target-kubernetes')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}

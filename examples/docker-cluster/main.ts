// Three ZooKeeper nodes, three brokers and two Connect workers in one group on one Docker host.
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ConnectCluster, LogLevel, Size, Target } from '../../src';

export class DockerClusterStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DockerProvider(this, 'docker');
    new ConnectCluster(this, 'inventory', {
      clusterName: 'inventory',
      target: Target.docker({ restHostPortBase: 8083 }),
      zookeeper: { nodes: 3 },
      kafka: { brokers: 3, heap: { maximum: Size.gibibytes(1) }, brokerProperties: { 'log.retention.hours': '168' } },
      connect: {
        workers: 2,
        groupId: 'inventory-connect',
        heap: { maximum: Size.gibibytes(2), initial: Size.gibibytes(1) },
        memoryLimit: Size.gibibytes(3),
        logLevel: LogLevel.INFO,
        internalTopics: { replicationFactor: 3 },
        workerProperties: { 'heartbeat.interval.ms': '3000' },
      },
    });
  }
}

export function build(app: App): TerraformStack[] {
  return [new DockerClusterStack(app, 'docker-cluster')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}

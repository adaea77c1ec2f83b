// A production-shaped cluster on Kubernetes: a 3-node ZooKeeper ensemble, 3 brokers and 3 Connect workers,
// internal topics replicated 3 times, claims on a chosen storage class, and NetworkPolicies that admit only
// the named clients.
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ConnectCluster, PodAntiAffinity, Size, Target } from '../../src';

export class KubernetesProductionStack extends TerraformStack {
  public readonly cluster: ConnectCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new KubernetesProvider(this, 'kubernetes', { configPath: '~/.kube/config' });
    this.cluster = new ConnectCluster(this, 'inventory', {
      clusterName: 'inventory',
      target: Target.kubernetes({
        namespace: 'inventory-cdc',
        storageClassName: 'fast-ssd',
        podAntiAffinity: PodAntiAffinity.REQUIRED,
        cpuRequest: '500m',
        // Pods of the analytics namespace labelled as stream consumers may read from the brokers.
        kafkaClients: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'analytics' }, podLabels: { role: 'stream-consumer' } }],
        // The deployment tooling in this namespace may call the REST API.
        restClients: [{ podLabels: { 'app.kubernetes.io/name': 'connector-deployer' } }],
        labels: { team: 'data-platform' },
      }),
      zookeeper: { nodes: 3, storageSize: Size.gibibytes(20) },
      kafka: { brokers: 3, heap: { maximum: Size.gibibytes(2) }, storageSize: Size.gibibytes(200), brokerProperties: { 'log.retention.hours': '168' } },
      connect: {
        workers: 3,
        groupId: 'inventory-connect',
        heap: { maximum: Size.gibibytes(2) },
        memoryLimit: Size.gibibytes(3),
        internalTopics: { replicationFactor: 3 },
      },
    });
  }
}

export function build(app: App): TerraformStack[] {
  return [new KubernetesProductionStack(app, 'kubernetes-production')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}

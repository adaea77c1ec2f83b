// A production-shaped KRaft cluster on Kubernetes: a quorum of 3 dedicated controllers, 3 broker-only nodes and
// 3 Connect workers; internal topics replicated 3 times and pre-created; claims on a chosen storage class, one pod
// per host, NetworkPolicies that keep the controller port to brokers and controllers; one PostgreSQL source whose
// password stays in an existing Kubernetes Secret.
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ConnectCluster, ConnectorSource, CoordinationMode, PodAntiAffinity, Secret, Size, Target } from '../../src';

export class KubernetesKRaftStack extends TerraformStack {
  public readonly cluster: ConnectCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new KubernetesProvider(this, 'kubernetes', { configPath: '~/.kube/config' });
    this.cluster = new ConnectCluster(this, 'orders', {
      clusterName: 'orders',
      target: Target.kubernetes({
        namespace: 'orders-cdc',
        storageClassName: 'fast-ssd',
        podAntiAffinity: PodAntiAffinity.REQUIRED,
        cpuRequest: '500m',
        // The controllers are small: a smaller request than the brokers' and workers'.
        controllerResources: { cpuRequest: '250m' },
        kafkaClients: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'analytics' }, podLabels: { role: 'stream-consumer' } }],
        restClients: [{ podLabels: { 'app.kubernetes.io/name': 'connector-deployer' } }],
      }),
      coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS,
      kraft: { controllers: 3, heap: { maximum: Size.mebibytes(768) }, storageSize: Size.gibibytes(10) },
      kafka: {
        brokers: 3,
        heap: { maximum: Size.gibibytes(2) },
        storageSize: Size.gibibytes(200),
        brokerProperties: { 'log.retention.hours': '168' },
      },
      connect: {
        workers: 3,
        groupId: 'orders-connect',
        heap: { maximum: Size.gibibytes(2) },
        memoryLimit: Size.gibibytes(3),
        internalTopics: { replicationFactor: 3, precreate: true },
      },
    });

    this.cluster.addTopic({ name: 'orders.public.orders', partitions: 12, minInSyncReplicas: 2 });
    this.cluster.addConnector('orders-postgres', {
      source: ConnectorSource.postgres({
        hostname: 'orders-db.databases.svc.cluster.local',
        user: 'debezium',
        password: Secret.fromKubernetesSecret('orders-db-credentials', 'password'),
        databaseName: 'orders',
        topicPrefix: 'orders',
        tableIncludeList: ['public.orders'],
        slotName: 'orders_cdc',
        publicationName: 'orders_cdc',
      }),
    });
  }
}

export function build(app: App): TerraformStack[] {
  return [new KubernetesKRaftStack(app, 'kubernetes-kraft')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}

// A production-shaped cluster on Kubernetes: a 3-node ZooKeeper ensemble, 3 brokers and 3 Connect workers,
// internal topics replicated 3 times, claims on a chosen storage class, and NetworkPolicies that admit only
// the named clients; the REST API over HTTPS with client certificates required (certificates from cert-manager's
// Secret); storage topics pre-created, a plugin directory, two declared topics and two connectors (a PostgreSQL and a
// paused MySQL source) with their credentials kept out of the synthesized JSON.
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  CleanupPolicy,
  ConnectCluster,
  ConnectorSource,
  ConnectorState,
  PluginSource,
  PodAntiAffinity,
  PostgresSnapshotMode,
  Secret,
  SecretFiles,
  Size,
  Target,
} from '../../src';

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
      kafka: {
        brokers: 3,
        heap: { maximum: Size.gibibytes(2) },
        storageSize: Size.gibibytes(200),
        brokerProperties: { 'log.retention.hours': '168' },
      },
      connect: {
        workers: 3,
        groupId: 'inventory-connect',
        heap: { maximum: Size.gibibytes(2) },
        memoryLimit: Size.gibibytes(3),
        internalTopics: { replicationFactor: 3, precreate: true },
        // A cert-manager Certificate writes this Secret (keystores.pkcs12 on, its password in a Secret of its own).
        restTls: {
          files: SecretFiles.fromKubernetesSecret('inventory-connect-rest-tls'),
          storePassword: Secret.fromKubernetesSecret('inventory-connect-rest-tls-password', 'password'),
        },
      },
      // A pinned build of the JDBC sink, fetched and verified by an init container into its own directory.
      plugins: {
        directories: [
          {
            directory: 'debezium-connector-jdbc',
            sources: [
              PluginSource.maven({
                coordinates: 'io.debezium:debezium-connector-jdbc:3.1.2.Final:plugin@tar.gz',
                sha512:
                  '7f619d2c8cc0dc0f669814a4ff6c0f99a173048f95790d9063b6865b2170e1ee43525cf194e94544607aeadf7dc6befbd6741d4122b9475b9d4b33d7c4861bd3',
              }),
            ],
            connectorClasses: ['io.debezium.connector.jdbc.JdbcSinkConnector'],
          },
        ],
      },
    });

    // Topics the sources write to, sized up front instead of left to auto-creation.
    this.cluster.addTopic({ name: 'inventory.public.orders', partitions: 12, retentionMs: 7 * 24 * 3600 * 1000, minInSyncReplicas: 2 });
    this.cluster.addTopic({ name: 'shop.schema-history', partitions: 1, retentionMs: -1, cleanupPolicy: CleanupPolicy.DELETE });

    // The PostgreSQL password lives in an existing Kubernetes Secret; the MySQL one comes from a variable.
    this.cluster.addConnector('inventory-postgres', {
      source: ConnectorSource.postgres({
        hostname: 'inventory-db.databases.svc.cluster.local',
        user: 'debezium',
        password: Secret.fromKubernetesSecret('inventory-db-credentials', 'password'),
        databaseName: 'inventory',
        topicPrefix: 'inventory',
        tableIncludeList: ['public.orders', 'public.customers'],
        snapshotMode: PostgresSnapshotMode.INITIAL,
        slotName: 'inventory_cdc',
        publicationName: 'inventory_cdc',
      }),
    });
    const shopPassword = new TerraformVariable(this, 'shop_db_password', { type: 'string', sensitive: true });
    this.cluster.addConnector('shop-mysql', {
      source: ConnectorSource.mysql({
        hostname: 'shop-db.databases.svc.cluster.local',
        user: 'debezium',
        password: Secret.fromVariable(shopPassword),
        topicPrefix: 'shop',
        serverId: 5400,
        databaseIncludeList: ['shop'],
        schemaHistoryTopic: 'shop.schema-history',
      }),
      state: ConnectorState.PAUSED,
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

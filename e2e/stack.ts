// The end-to-end stack: the library's own Docker output, on host networking, against the locally built images.
//
//   1 ZooKeeper, 1 Kafka broker, 2 Connect workers (REST on 127.0.0.1:8083 and :8084), small heaps, a plugin
//   directory (a derived Connect image built by the docker provider);
//   the change-event topic declared in code (topics task); a Debezium PostgreSQL source connector declared in
//   code, its password from a sensitive variable (TF_VAR_e2e_db_password at apply, never in the JSON).
//
// Everything run-specific comes from the environment (scripts/e2e.sh / e2e/scenario.ts sets it):
//   E2E_TARGET         docker (default) or kubernetes
//   E2E_ZOOKEEPER_IMAGE, E2E_KAFKA_IMAGE, E2E_CONNECT_IMAGE   local images (scripts/images/build.sh → images.env)
//   E2E_STORAGE_CLASS, E2E_MAVEN_REPOSITORY, E2E_FETCH_IMAGE  Kubernetes only: the cluster's storage class, the
//                      pods' Maven mirror and the image that fetches plugins from it (e2e/kubernetes.ts)
//   E2E_PG_HOST, E2E_PG_PORT   where the cluster reaches the test PostgreSQL (default 127.0.0.1:55432)
//   E2E_HEARTBEAT_MS   Connect worker `heartbeat.interval.ms` — the setting the "change a setting" step flips
//   E2E_STATE_FILE     the local state file (outside the repo; cdktf's default would be <repo>/terraform.e2e.tfstate)
//   CDKTF_OUTDIR       where cdktf writes the stack (read by cdktf's App)
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ConnectCluster, ConnectorSource, DockerNetworkMode, PluginSource, Secret, Size, Target } from '../src';

/** Names the e2e scenario and its drivers rely on; one place. */
export const E2E = {
  stackName: 'e2e',
  clusterName: 'cdc-e2e',
  connectorName: 'e2e-postgres',
  topicPrefix: 'e2e',
  database: 'e2e',
  schema: 'public',
  table: 'items',
  /** The connector writes `<prefix>.<schema>.<table>`. */
  get topic(): string {
    return `${this.topicPrefix}.${this.schema}.${this.table}`;
  },
  user: 'e2e_repl',
  slotName: 'e2e_slot',
  publicationName: 'e2e_pub',
  passwordVariable: 'e2e_db_password',
  restPorts: [8083, 8084],
  kafkaPort: 9092,
  zookeeperPort: 2181,
  plugin: {
    directory: 'debezium-connector-jdbc',
    coordinates: 'io.debezium:debezium-connector-jdbc:3.1.2.Final:plugin@tar.gz',
    sha512: '7f619d2c8cc0dc0f669814a4ff6c0f99a173048f95790d9063b6865b2170e1ee43525cf194e94544607aeadf7dc6befbd6741d4122b9475b9d4b33d7c4861bd3',
    connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector',
    version: '3.1.2.Final',
  },
} as const;

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`e2e/stack.ts: ${name} is not set (run through scripts/e2e.sh)`);
  return v;
}

export class E2eStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: required('E2E_STATE_FILE') });
    const kubernetes = process.env.E2E_TARGET === 'kubernetes';
    // Providers read where their engine is from the environment: DOCKER_HOST (the private engine of scripts/dockerd.sh)
    // or KUBE_CONFIG_PATH (the cluster of scripts/kube.sh).
    if (kubernetes) new KubernetesProvider(this, 'kubernetes', {});
    else new DockerProvider(this, 'docker');

    const cluster = new ConnectCluster(this, 'cluster', {
      clusterName: E2E.clusterName,
      target: kubernetes
        ? Target.kubernetes({
            storageClassName: required('E2E_STORAGE_CLASS'),
            // Two cores hold the whole cluster: requests small enough to schedule every pod on the one node.
            cpuRequest: '50m',
          })
        : Target.docker({ networkMode: DockerNetworkMode.HOST, healthWaitTimeoutSeconds: 240 }),
      images: {
        zookeeperImage: required('E2E_ZOOKEEPER_IMAGE'),
        kafkaImage: required('E2E_KAFKA_IMAGE'),
        connectImage: required('E2E_CONNECT_IMAGE'),
        kafkaVersion: '3.9.0',
      },
      // A plugin directory declared in code: the Docker target builds a derived Connect image with it (the
      // JDBC sink from Maven Central, SHA-512 verified in the build); the workers run that image.
      plugins: {
        // Kubernetes: the pods reach no registry; the run serves the archive from a mirror on the pods' bridge,
        // to the library's init container running an image that trusts the mirror's CA.
        mavenRepositoryUrl: kubernetes ? required('E2E_MAVEN_REPOSITORY') : undefined,
        fetchImage: kubernetes ? required('E2E_FETCH_IMAGE') : undefined,
        directories: [
          {
            directory: E2E.plugin.directory,
            sources: [PluginSource.maven({ coordinates: E2E.plugin.coordinates, sha512: E2E.plugin.sha512 })],
            connectorClasses: [E2E.plugin.connectorClass],
          },
        ],
      },
      zookeeper: { nodes: 1, heap: { maximum: Size.mebibytes(256) } },
      kafka: { brokers: 1, heap: { maximum: Size.mebibytes(512) } },
      connect: {
        workers: 2,
        heap: { maximum: Size.mebibytes(512) },
        // Commit source offsets often, so a worker stop re-delivers little (Connect is at-least-once).
        offsetFlushIntervalMs: 5000,
        workerProperties: {
          'heartbeat.interval.ms': process.env.E2E_HEARTBEAT_MS ?? '3000',
          // Reassign a departed worker's tasks after 10 s instead of Connect's default 5 minutes.
          'scheduled.rebalance.max.delay.ms': '10000',
        },
      },
    });

    // Declared in code: created by the cluster's topics task before the connector is applied.
    cluster.addTopic({ name: E2E.topic, partitions: 1, replicationFactor: 1 });

    const password = new TerraformVariable(this, E2E.passwordVariable, {
      type: 'string',
      sensitive: true,
      description: 'Password of the PostgreSQL replication user (TF_VAR_e2e_db_password at apply time)',
    });
    cluster.addConnector(E2E.connectorName, {
      source: ConnectorSource.postgres({
        hostname: process.env.E2E_PG_HOST ?? '127.0.0.1',
        port: Number(process.env.E2E_PG_PORT ?? '55432'),
        user: E2E.user,
        password: Secret.fromVariable(password),
        databaseName: E2E.database,
        topicPrefix: E2E.topicPrefix,
        schemaIncludeList: [E2E.schema],
        tableIncludeList: [`${E2E.schema}.${E2E.table}`],
        slotName: E2E.slotName,
        publicationName: E2E.publicationName,
      }),
    });
  }
}

if (require.main === module) {
  const app = new App();
  new E2eStack(app, E2E.stackName);
  app.synth();
}

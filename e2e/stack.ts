// The end-to-end stack: the library's own output for the target and the image stream of the run, against the
// locally built images.
//
//   the stream's Kafka (streams.ts: 1 ZooKeeper + 1 broker on 3.1; KRaft on 3.6), 2 Connect workers (REST on
//   127.0.0.1:8083 and :8084 with Docker host networking; on 3.6 over HTTPS with client certificates required),
//   small heaps, a plugin directory (a derived Connect image built by the docker provider; an init container on
//   Kubernetes); Prometheus metrics from every broker, controller and worker (the agent likewise);
//   the change-event topic declared in code (topics task); a Debezium PostgreSQL source connector declared in
//   code, its password from a sensitive variable (TF_VAR_e2e_db_password at apply, never in the JSON).
//
// Everything run-specific comes from the environment (scripts/e2e.sh / e2e/scenario.ts sets it):
//   E2E_TARGET         docker (default) or kubernetes
//   E2E_STREAM         the Debezium image stream, 3.1 (default, ZooKeeper) or 3.6 (KRaft): e2e/streams.ts
//   E2E_ZOOKEEPER_IMAGE, E2E_KAFKA_IMAGE, E2E_CONNECT_IMAGE   local images (scripts/images/build.sh → images.env)
//   E2E_STORAGE_CLASS, E2E_MAVEN_REPOSITORY, E2E_FETCH_IMAGE  Kubernetes only: the cluster's storage class, the
//                      pods' Maven mirror and the image that fetches plugins from it (e2e/kubernetes.ts)
//   E2E_PG_HOST, E2E_PG_PORT   where the cluster reaches the test PostgreSQL (default 127.0.0.1:55432)
//   E2E_HEARTBEAT_MS   Connect worker `heartbeat.interval.ms` — the setting the "change a setting" step flips
//   E2E_WRONG_SETTING  1: the connector declares E2E.wrongSetting, which Connect's validation refuses
//   E2E_FAIL_FAST      1: the connector declares errors.max.retries=0 (a lost database connection fails its task)
//   E2E_REST_TLS_REVISION   connect.restTls.revision: the serial number of the renewed REST certificate (stream 3.6)
//   E2E_LOGGER_LEVEL   the level of E2E.logger in connect.loggers (default E2E.logger.initial)
//   E2E_BROKER_LOGGER_LEVEL   the level of E2E.brokerLogger in kafka.loggers (default E2E.brokerLogger.initial)
//   E2E_STATE_FILE     the local state file (outside the repo; cdktf's default would be <repo>/terraform.e2e.tfstate)
//   CDKTF_OUTDIR       where cdktf writes the stack (read by cdktf's App)
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  ConnectCluster,
  ConnectRestTls,
  ConnectorSource,
  ConnectorState,
  CoordinationMode,
  DockerNetworkMode,
  KafkaSaslMechanism,
  KafkaSecurityProtocol,
  LogLevel,
  PluginSource,
  Secret,
  SecretFiles,
  Size,
  Target,
} from '../src';
import { streamProfile } from './streams';

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
  /** With the stream's `restTls`: the run's certificate files (a Docker volume, a Kubernetes Secret) and their password. */
  restTls: {
    files: 'e2e-rest-tls',
    passwordSecret: 'e2e-rest-tls-password',
    passwordKey: 'password',
    passwordVariable: 'e2e_rest_store_password',
  },
  /** A connector setting Connect's validation refuses (declared with E2E_WRONG_SETTING=1). */
  wrongSetting: { key: 'snapshot.mode', value: 'sometimes' },
  /** Prometheus metrics: the first node's port (node i takes port + i with host networking) and, on Kubernetes, the labels of the pods target.metricsScrapers admits. */
  metrics: { port: 9404, scraperLabels: { 'app.kubernetes.io/name': 'e2e-scraper' } },
  /**
   * Kubernetes: the pods target.kafkaClients admits (in the cluster's namespace) and those target.restClients admits
   * (in another namespace, `elsewhere`, by its name label), for the NetworkPolicy matrix (e2e/kubernetes.ts).
   */
  policy: {
    kafkaClientLabels: { 'app.kubernetes.io/name': 'e2e-kafka-client' },
    restClientLabels: { 'app.kubernetes.io/name': 'e2e-rest-client' },
    elsewhere: 'e2e-elsewhere',
  },
  /**
   * A logger of connect.loggers (a class: the name keeps its capitals), at `initial` from the first apply and at
   * E2E_LOGGER_LEVEL once the scenario changes it. It logs little at either.
   */
  logger: { name: 'io.debezium.connector.postgresql.PostgresConnector', initial: 'DEBUG', changed: 'TRACE' },
  /**
   * A logger of kafka.loggers, at `initial` from the first apply (not the root level: a broker shows it only if it
   * read it) and at E2E_BROKER_LOGGER_LEVEL once the scenario changes it. At DEBUG its acceptor logs every connection
   * a broker accepts (`debugLine`); at WARN nothing of that.
   */
  brokerLogger: { name: 'kafka.network', initial: 'WARN', changed: 'DEBUG', debugLine: / DEBUG .*Accepted connection from / },
} as const;

/**
 * A Kafka the run starts itself, secured as a production Kafka a Connect-only cluster is pointed at: one KRaft node
 * whose client listener speaks SASL_SSL with SCRAM-SHA-512 (`saslPort`) and a second one SSL with client
 * certificates required (`mtlsPort`); its controller listener stays on loopback in plain text (the positive control
 * of the plain-text probe). The SCRAM users are created when its storage is formatted (`--add-scram`).
 */
export const SECURED_KAFKA = {
  container: 'cdc-e2e-secured-kafka',
  volume: 'e2e-secured-kafka-tls',
  saslPort: 29093,
  controllerPort: 29094,
  mtlsPort: 29095,
  admin: { user: 'admin', password: 'admin-s3cret' },
  connect: { user: 'connect' },
  sasl: {
    clusterName: 'cdc-e2e-sasl',
    restPort: 28083,
    topic: 'e2e-sasl-declared',
    connectorName: 'e2e-secured-postgres',
    topicPrefix: 'secured',
    slotName: 'e2e_secured_slot',
    passwordVariable: 'e2e_kafka_password',
  },
  mtls: { clusterName: 'cdc-e2e-mtls', restPort: 28183, topic: 'e2e-mtls-declared' },
} as const;

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`e2e/stack.ts: ${name} is not set (run through scripts/e2e.sh)`);
  return v;
}

/**
 * Host networking, a long health wait for two cores, and the start interval the driver found the engine to have
 * (E2E_HEALTH_START_INTERVAL_SECONDS: set on Docker Engine 25 and later, unset on Debian's 20.10).
 */
function dockerTarget(): Target {
  const startInterval = process.env.E2E_HEALTH_START_INTERVAL_SECONDS;
  return Target.docker({
    networkMode: DockerNetworkMode.HOST,
    healthWaitTimeoutSeconds: 240,
    healthStartIntervalSeconds: startInterval ? Number(startInterval) : undefined,
  });
}

export class E2eStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: required('E2E_STATE_FILE') });
    const kubernetes = process.env.E2E_TARGET === 'kubernetes';
    const stream = streamProfile();
    // Providers read where their engine is from the environment: DOCKER_HOST (the private engine of scripts/dockerd.sh)
    // or KUBE_CONFIG_PATH (the cluster of scripts/kube.sh).
    if (kubernetes) new KubernetesProvider(this, 'kubernetes', {});
    else new DockerProvider(this, 'docker');

    const password = new TerraformVariable(this, E2E.passwordVariable, {
      type: 'string',
      sensitive: true,
      description: 'Password of the PostgreSQL replication user (TF_VAR_e2e_db_password at apply time)',
    });
    const source = ConnectorSource.postgres({
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
      additionalConfig: {
        ...(process.env.E2E_WRONG_SETTING === '1' ? { [E2E.wrongSetting.key]: E2E.wrongSetting.value } : {}),
        // Debezium retries a lost connection without end by default; with none, the task FAILS (what the sentinel restarts).
        ...(process.env.E2E_FAIL_FAST === '1' ? { 'errors.max.retries': '0' } : {}),
      },
    });
    const migration = process.env.E2E_MIGRATION as MigrationPhase | undefined;
    if (migration !== undefined) kraftCluster(this, migration, source);
    // The README's migration, last step: the old cluster is removed from the code.
    if (migration === 'switched') return;

    const cluster = new ConnectCluster(this, 'cluster', {
      clusterName: E2E.clusterName,
      target: kubernetes
        ? Target.kubernetes({
            storageClassName: required('E2E_STORAGE_CLASS'),
            // Two cores hold the whole cluster: requests small enough to schedule every pod on the one node.
            cpuRequest: '50m',
            metricsScrapers: [{ podLabels: { ...E2E.metrics.scraperLabels } }],
            kafkaClients: [{ podLabels: { ...E2E.policy.kafkaClientLabels } }],
            restClients: [
              {
                podLabels: { ...E2E.policy.restClientLabels },
                namespaceLabels: { 'kubernetes.io/metadata.name': E2E.policy.elsewhere },
              },
            ],
          })
        : dockerTarget(),
      coordination:
        stream.coordination === 'zookeeper'
          ? CoordinationMode.ZOOKEEPER
          : stream.controllers > 0
            ? CoordinationMode.KRAFT_DEDICATED_CONTROLLERS
            : CoordinationMode.KRAFT_COMBINED,
      kraft: stream.controllers > 0 ? { controllers: stream.controllers, heap: { maximum: Size.mebibytes(256) } } : undefined,
      images: {
        zookeeperImage: stream.zookeeperNodes > 0 ? required('E2E_ZOOKEEPER_IMAGE') : undefined,
        kafkaImage: required('E2E_KAFKA_IMAGE'),
        connectImage: required('E2E_CONNECT_IMAGE'),
        kafkaVersion: stream.kafkaVersion,
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
            directory: stream.plugin.directory,
            sources: [PluginSource.maven({ coordinates: stream.plugin.coordinates, sha512: stream.plugin.sha512 })],
            connectorClasses: [stream.plugin.connectorClass],
          },
        ],
      },
      zookeeper: stream.zookeeperNodes > 0 ? { nodes: stream.zookeeperNodes, heap: { maximum: Size.mebibytes(256) } } : undefined,
      // On Kubernetes the run execs Kafka's tools (a second JVM, -Xmx256M) in a broker's pod, within the broker's
      // memory limit. The default limit, twice the heap (1 GiB), leaves a 512 MiB-heap broker no room for it: a run
      // saw the kernel kill the broker (anon RSS 950 MiB) when a tool ran beside it just after the broker restarted.
      kafka: {
        brokers: stream.brokers,
        heap: { maximum: Size.mebibytes(512) },
        memoryLimit: Size.mebibytes(1536),
        loggers: { [E2E.brokerLogger.name]: (process.env.E2E_BROKER_LOGGER_LEVEL ?? E2E.brokerLogger.initial) as LogLevel },
      },
      connect: {
        workers: 2,
        heap: { maximum: Size.mebibytes(512) },
        // The offset flush interval and the rebalance delay are the library's defaults: a lost worker's task moves,
        // and what it re-sends, are what a user gets.
        workerProperties: {
          'heartbeat.interval.ms': process.env.E2E_HEARTBEAT_MS ?? '3000',
        },
        restTls: stream.restTls ? restTls(this, kubernetes) : undefined,
        loggers: { [E2E.logger.name]: (process.env.E2E_LOGGER_LEVEL ?? E2E.logger.initial) as LogLevel },
      },
      // The agent from Maven Central (Docker's image build) or the run's mirror (plugins.mavenRepositoryUrl, Kubernetes).
      metrics: { prometheus: true },
    });

    // Declared in code: created by the cluster's topics task before the connector is applied.
    cluster.addTopic({ name: E2E.topic, partitions: 1, replicationFactor: stream.replicationFactor });

    cluster.addConnector(E2E.connectorName, {
      source,
      // The README's migration, second step: the old connector is stopped (its offsets are then copied).
      state: migration === 'stopped' ? ConnectorState.STOPPED : ConnectorState.RUNNING,
    });
    if (process.env.E2E_SECURED_KAFKA === '1') securedClusters(this, password);
  }
}

/**
 * Two Connect-only clusters pointed at the run's secured Kafka (e2e/harness.ts makeSecuredKafkaFiles), with
 * connect.kafkaSecurity: one over SASL_SSL with SCRAM-SHA-512, streaming its own PostgreSQL connector (its own slot,
 * its own topic prefix); one over SSL with a client certificate. Each declares a topic (its topics task reaches
 * Kafka with the same credentials). The SCRAM password from a sensitive variable (TF_VAR_e2e_kafka_password).
 */
function securedClusters(scope: Construct, dbPassword: TerraformVariable): void {
  const s = SECURED_KAFKA;
  const files = SecretFiles.fromDockerVolume(s.volume);
  const kafkaPassword = new TerraformVariable(scope, s.sasl.passwordVariable, {
    type: 'string',
    sensitive: true,
    description: "Password of the Connect principal's SCRAM user on the run's secured Kafka (TF_VAR_e2e_kafka_password at apply time)",
  });
  const common = {
    target: dockerTarget(),
    images: {
      kafkaImage: required('E2E_KAFKA_IMAGE'),
      connectImage: required('E2E_CONNECT_IMAGE'),
      kafkaVersion: streamProfile().kafkaVersion,
    },
  };
  const sasl = new ConnectCluster(scope, 'secured-sasl', {
    clusterName: s.sasl.clusterName,
    ...common,
    connect: {
      workers: 1,
      restPort: s.sasl.restPort,
      heap: { maximum: Size.mebibytes(512) },
      bootstrapServers: [`127.0.0.1:${s.saslPort}`],
      internalTopics: { replicationFactor: 1 },
      kafkaSecurity: {
        protocol: KafkaSecurityProtocol.SASL_SSL,
        saslMechanism: KafkaSaslMechanism.SCRAM_SHA_512,
        username: s.connect.user,
        password: Secret.fromVariable(kafkaPassword),
        files,
      },
    },
  });
  sasl.addTopic({ name: s.sasl.topic, partitions: 1, replicationFactor: 1 });
  sasl.addConnector(s.sasl.connectorName, {
    source: ConnectorSource.postgres({
      hostname: process.env.E2E_PG_HOST ?? '127.0.0.1',
      port: Number(process.env.E2E_PG_PORT ?? '55432'),
      user: E2E.user,
      password: Secret.fromVariable(dbPassword),
      databaseName: E2E.database,
      topicPrefix: s.sasl.topicPrefix,
      schemaIncludeList: [E2E.schema],
      tableIncludeList: [`${E2E.schema}.${E2E.table}`],
      slotName: s.sasl.slotName,
      publicationName: E2E.publicationName,
    }),
  });
  const mtls = new ConnectCluster(scope, 'secured-mtls', {
    clusterName: s.mtls.clusterName,
    ...common,
    connect: {
      workers: 1,
      restPort: s.mtls.restPort,
      heap: { maximum: Size.mebibytes(384) },
      bootstrapServers: [`127.0.0.1:${s.mtlsPort}`],
      internalTopics: { replicationFactor: 1 },
      kafkaSecurity: { protocol: KafkaSecurityProtocol.SSL, files },
    },
  });
  mtls.addTopic({ name: s.mtls.topic, partitions: 1, replicationFactor: 1 });
}

/**
 * The REST API over HTTPS with client certificates: the files the run made (e2e/harness.ts makeRestTls), from a
 * Kubernetes Secret, or on Docker a volume; the stores' password from a Secret, or on Docker a sensitive variable
 * (TF_VAR_e2e_rest_store_password at apply).
 */
function restTls(scope: Construct, kubernetes: boolean): ConnectRestTls {
  if (kubernetes) {
    return {
      files: SecretFiles.fromKubernetesSecret(E2E.restTls.files),
      storePassword: Secret.fromKubernetesSecret(E2E.restTls.passwordSecret, E2E.restTls.passwordKey),
      revision: process.env.E2E_REST_TLS_REVISION,
    };
  }
  const password = new TerraformVariable(scope, E2E.restTls.passwordVariable, {
    type: 'string',
    sensitive: true,
    description: 'Password of the REST API keystore and truststore (TF_VAR_e2e_rest_store_password at apply time)',
  });
  return {
    files: SecretFiles.fromDockerVolume(E2E.restTls.files),
    storePassword: Secret.fromVariable(password),
    revision: process.env.E2E_REST_TLS_REVISION,
  };
}

/**
 * The README's move from the ZooKeeper stream to KRaft, phase by phase (E2E_MIGRATION):
 *   beside    a KRaft cluster of the 3.6 stream beside the old one, its connector declared STOPPED (never run);
 *   stopped   the old cluster's connector STOPPED too (the run then copies its offsets with PATCH);
 *   switched  the old cluster removed from the code, the new connector RUNNING: it resumes where the old one stopped.
 */
export type MigrationPhase = 'beside' | 'stopped' | 'switched';

/** The migration's target: ports beside the old cluster's on the host network; the stream-3.6 images. */
export const MIGRATION = {
  clusterName: `${E2E.clusterName}-kraft`,
  kafkaPort: 9192,
  restPort: 8183,
  kafkaVersion: '4.3.0',
} as const;

function kraftCluster(scope: Construct, phase: MigrationPhase, source: ConnectorSource): void {
  const cluster = new ConnectCluster(scope, 'kraft', {
    clusterName: MIGRATION.clusterName,
    target: dockerTarget(),
    coordination: CoordinationMode.KRAFT_COMBINED,
    images: {
      kafkaImage: required('E2E_MIGRATION_KAFKA_IMAGE'),
      connectImage: required('E2E_MIGRATION_CONNECT_IMAGE'),
      kafkaVersion: MIGRATION.kafkaVersion,
    },
    kafka: { brokers: 1, port: MIGRATION.kafkaPort, heap: { maximum: Size.mebibytes(512) } },
    connect: { workers: 1, restPort: MIGRATION.restPort, heap: { maximum: Size.mebibytes(512) } },
  });
  cluster.addTopic({ name: E2E.topic, partitions: 1, replicationFactor: 1 });
  cluster.addConnector(E2E.connectorName, { source, state: phase === 'switched' ? ConnectorState.RUNNING : ConnectorState.STOPPED });
}

if (require.main === module) {
  const app = new App();
  new E2eStack(app, E2E.stackName);
  app.synth();
}

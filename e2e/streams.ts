// The Debezium image streams the end-to-end scenario runs on (E2E_STREAM): what each one deploys and which of the
// scenario's steps apply to it. One scenario (scenario.ts), one driver per target (docker.ts, kubernetes.ts),
// one profile per stream (here): nothing else differs between the runs.
import { E2eFailure } from './assertions';

/** A connector plugin directory the stack declares; the workers must list its class at its version. */
export interface PluginProfile {
  readonly directory: string;
  readonly coordinates: string;
  readonly sha512: string;
  readonly connectorClass: string;
  readonly version: string;
}

export interface StreamProfile {
  /** The Debezium image stream (`scripts/images/build --stream`). */
  readonly stream: string;
  /** ZooKeeper mode, or KRaft. */
  readonly coordination: 'zookeeper' | 'kraft';
  /** Kafka inside the images. */
  readonly kafkaVersion: string;
  /** What scripts/images/build prints for this stream. */
  readonly images: readonly ('ZOOKEEPER_IMAGE' | 'KAFKA_IMAGE' | 'CONNECT_IMAGE')[];
  readonly zookeeperNodes: number;
  /** KRaft: dedicated controllers (0: every broker is also a controller, or ZooKeeper mode). */
  readonly controllers: number;
  readonly brokers: number;
  /** Replication factor of the change-event topic (the internal topics follow the library's default). */
  readonly replicationFactor: number;
  /** A plugin that is not in the stream's connect image, installed by the library. */
  readonly plugin: PluginProfile;
  /**
   * Stop one broker (the leader of the change-event topic) and one controller (the quorum leader) while rows are
   * inserted: nothing lost or duplicated, writes go on; then start both again. Needs a replicated Kafka.
   */
  readonly kafkaDisruption: boolean;
  /**
   * The REST API over HTTPS with client certificates required (`connect.restTls`): the run makes the certificates,
   * every call of the run presents its own, and the API is shown to refuse plain HTTP and other certificates.
   */
  readonly restTls: boolean;
  /**
   * Where the driver can run it (Docker): Connect-only clusters with connect.kafkaSecurity against a secured Kafka of
   * the run's own (SASL_SSL with SCRAM, SSL with client certificates), one streaming its own connector's rows.
   */
  readonly securedKafka: boolean;
}

const STREAMS: Record<string, StreamProfile> = {
  // Debezium 3.1: ZooKeeper mode (the last Kafka line with it, 3.9), one ZooKeeper, one broker.
  '3.1': {
    stream: '3.1',
    coordination: 'zookeeper',
    kafkaVersion: '3.9.0',
    images: ['ZOOKEEPER_IMAGE', 'KAFKA_IMAGE', 'CONNECT_IMAGE'],
    zookeeperNodes: 1,
    controllers: 0,
    brokers: 1,
    replicationFactor: 1,
    plugin: {
      directory: 'debezium-connector-jdbc',
      coordinates: 'io.debezium:debezium-connector-jdbc:3.1.2.Final:plugin@tar.gz',
      sha512:
        '7f619d2c8cc0dc0f669814a4ff6c0f99a173048f95790d9063b6865b2170e1ee43525cf194e94544607aeadf7dc6befbd6741d4122b9475b9d4b33d7c4861bd3',
      connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector',
      version: '3.1.2.Final',
    },
    kafkaDisruption: false,
    restTls: false,
    securedKafka: false,
  },
  // Debezium 3.6: KRaft only (Kafka 4.3), production-shaped: 3 dedicated controllers, 3 brokers, replication 3. Every Debezium artifact at 3.6.1.Final (Maven Central serves no JDBC
  // sink archive of 3.6.1.Final; the test image carries only the PostgreSQL connector, so MongoDB is the extra one).
  '3.6': {
    stream: '3.6',
    coordination: 'kraft',
    kafkaVersion: '4.3.0',
    images: ['KAFKA_IMAGE', 'CONNECT_IMAGE'],
    zookeeperNodes: 0,
    controllers: 3,
    brokers: 3,
    replicationFactor: 3,
    plugin: {
      directory: 'debezium-connector-mongodb',
      coordinates: 'io.debezium:debezium-connector-mongodb:3.6.1.Final:plugin@tar.gz',
      sha512:
        '66d55072c3b50006e95067256f3947ee7205b6914cc3ca3373086f6f59207f653cd8051179822ceb72a134343b71ddbd54e67659a06733b3fe7c1a8335d12968',
      connectorClass: 'io.debezium.connector.mongodb.MongoDbConnector',
      version: '3.6.1.Final',
    },
    kafkaDisruption: true,
    restTls: true,
    securedKafka: true,
  },
};

/** The profile E2E_STREAM names (default 3.1). */
export function streamProfile(name = process.env.E2E_STREAM || '3.1'): StreamProfile {
  const p = STREAMS[name];
  if (!p) throw new E2eFailure(`E2E_STREAM=${JSON.stringify(name)}: no such stream (${Object.keys(STREAMS).join(', ')})`);
  return p;
}

/** Host networking: broker i on KAFKA_PORT + i - 1, as the library renders it. */
export const KAFKA_PORT = 9092;
export const ZOOKEEPER_PORT = 2181;
/** Host networking, a KRaft quorum of more than one node: controller i on CONTROLLER_PORT_BASE + i - 1. */
export const CONTROLLER_PORT_BASE = 19093;

/** Names of the Kafka nodes (container names without the cluster prefix; pod names differ by target). */
export function kafkaNodeNames(p: StreamProfile): { zookeeper: string[]; controllers: string[]; brokers: string[] } {
  const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i + 1));
  return {
    zookeeper: range(p.zookeeperNodes, (i) => `zookeeper-${i}`),
    controllers: range(p.controllers, (i) => `kafka-controller-${i}`),
    brokers: range(p.brokers, (i) => `kafka-${i}`),
  };
}

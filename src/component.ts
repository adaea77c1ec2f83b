/** The services of a cluster, each a group of identical nodes (`ConnectCluster.workload()` takes one). */
export enum Component {
  /** The ZooKeeper ensemble (ZooKeeper coordination only). */
  ZOOKEEPER = 'zookeeper',
  /** The Kafka brokers (with `CoordinationMode.KRAFT_COMBINED`, each also a KRaft controller). */
  KAFKA = 'kafka',
  /** KRaft controllers that are not brokers (`CoordinationMode.KRAFT_DEDICATED_CONTROLLERS`). */
  KAFKA_CONTROLLER = 'kafka-controller',
  /** The Kafka Connect workers. */
  CONNECT = 'connect',
}

/**
 * How the Kafka cluster coordinates its brokers.
 */
export enum CoordinationMode {
  /**
   * A ZooKeeper ensemble, as in Debezium's tutorial. The Debezium images support it up to the 3.1 stream (Kafka 3.9).
   */
  ZOOKEEPER = 'zookeeper',
  /**
   * KRaft where every broker is also a controller (`process.roles=broker,controller`): `kafka.brokers` is the
   * quorum, so an odd number from 1 to 9. Current Debezium stream; several nodes need Kafka ≥ 3.9 images.
   * Node ids are 1..brokers.
   */
  KRAFT_COMBINED = 'kraft-combined',
  /**
   * KRaft with a quorum of dedicated controllers (`kraft.controllers`, odd, default 3; node ids 1001, 1002, …)
   * and any number of broker-only nodes (node ids 1..brokers), as Kafka recommends for production. Needs Kafka
   * ≥ 3.9 images (the current Debezium stream by default).
   */
  KRAFT_DEDICATED_CONTROLLERS = 'kraft-dedicated-controllers',
}

/** Where the images come from; every part can be pointed at a mirror. */
export interface ImageOptions {
  /**
   * Registry host (an air-gapped mirror, for example).
   * @default "quay.io"
   */
  readonly registry?: string;
  /**
   * Repository prefix under the registry; the images are `<registry>/<prefix>/{zookeeper,kafka,connect}`.
   * @default "debezium"
   */
  readonly repositoryPrefix?: string;
  /**
   * Tag for all three images.
   * @default "3.1" with ZooKeeper coordination, "3.6" with KRaft
   */
  readonly tag?: string;
  /**
   * Kafka version inside the images, when `tag` points at a build this library does not know (required then:
   * a tag such as `latest` or `nightly` says nothing of the Kafka inside).
   * Decides which settings take effect (e.g. internal converters were removed in Kafka 3.0).
   * @default the version of the pinned stream, or of the stream `tag` names (`3.1.2.Final` → stream 3.1)
   */
  readonly kafkaVersion?: string;
  /** Full reference of the ZooKeeper image, overriding registry/prefix/tag. @default derived */
  readonly zookeeperImage?: string;
  /** Full reference of the Kafka image, overriding registry/prefix/tag. @default derived */
  readonly kafkaImage?: string;
  /** Full reference of the Connect image, overriding registry/prefix/tag. @default derived */
  readonly connectImage?: string;
  /**
   * Digest (`sha256:<64 hex>`) the ZooKeeper image is pinned to: rendered as `<reference>@<digest>`, so a
   * re-pushed tag cannot change what runs. @default none (the tag floats)
   */
  readonly zookeeperDigest?: string;
  /** Digest the Kafka image is pinned to (see zookeeperDigest). @default none (the tag floats) */
  readonly kafkaDigest?: string;
  /** Digest the Connect image is pinned to (see zookeeperDigest). @default none (the tag floats) */
  readonly connectDigest?: string;
}

import { HeapOptions, Size } from './size';

/** The Kafka brokers. */
export interface KafkaOptions {
  /**
   * Number of brokers. With `connect.bootstrapServers` (an existing Kafka) no broker is run: this then
   * states how many brokers that Kafka has, which bounds the internal topics' replication factor.
   * @default 1; with `connect.bootstrapServers`, 3 (Kafka's default replication factor)
   */
  readonly brokers?: number;
  /**
   * JVM heap of each broker (rendered to `HEAP_OPTS`).
   * @default 1 GiB initial and maximum (the image's default)
   */
  readonly heap?: HeapOptions;
  /**
   * Memory limit of each broker container; must be above the maximum heap.
   * @default twice the maximum heap
   */
  readonly memoryLimit?: Size;
  /**
   * Capacity of each broker's data volume (where the target sizes volumes).
   * @default 20 GiB
   */
  readonly storageSize?: Size;
  /**
   * Seconds a starting broker may take to serve before it is restarted: the budget of the Kubernetes startup
   * probe (liveness and readiness wait for it), and on Docker the health check's start period plus its retries and
   * how long `apply` waits for the container. A broker loads every log segment as it starts and, after an
   * unclean shutdown, recovers them (re-reads what was not flushed, rebuilds indexes): the time grows with the
   * data, and a broker killed mid-recovery starts over and crash-loops. A whole number from 30 to 86400.
   * @default from `storageSize`: 170 (the check's own 20 s start period and ten 15 s retries) up to 42 GiB, then
   * 4 s per GiB — reading the whole volume at 256 MiB/s, more than a recovery reads — at most 3600 (a larger
   * volume should say how long its recovery takes)
   */
  readonly startupTimeoutSeconds?: number;
  /**
   * Port of the broker listener. With Docker host networking broker i listens on `port + i - 1`.
   * @default 9092
   */
  readonly port?: number;
  /**
   * Any other broker property, e.g. `{ 'log.retention.hours': '72' }`, rendered as `KAFKA_LOG_RETENTION_HOURS`.
   * @default none
   */
  readonly brokerProperties?: { [property: string]: string };
}

import { LogLevel } from './connect-workers';
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
  /**
   * Levels of single loggers on every broker, by logger name (a Java package or class: `kafka.server.ReplicaManager`,
   * `kafka.coordinator.group`). A broker applies them when it starts; a change of levels alone reaches the running
   * brokers through Kafka's own broker-loggers configs (`kafka-configs.sh --entity-type broker-loggers`), and
   * restarts and replaces no broker. Declaring loggers lets the console show every level the loggers allow (the
   * image's console threshold is removed; the root level stays `connect.logLevel`). At run time a broker changes only
   * loggers it has: one named here when it started, or a class's logger it created; a new package name takes
   * effect at each broker's next start, and the apply fails saying so. A logger removed from the map keeps its
   * level on the running brokers until they next start; set it to `connect.logLevel` to reset it at once.
   * @default none: every logger at the root level (`connect.logLevel`)
   */
  readonly loggers?: { [logger: string]: LogLevel };
}

import { HeapOptions, Size } from './size';

/**
 * The KRaft controller quorum: the dedicated controllers of `CoordinationMode.KRAFT_DEDICATED_CONTROLLERS`,
 * and the controller listener of every KRaft mode.
 *
 * With `CoordinationMode.KRAFT_COMBINED` every broker is also a controller and is sized by `kafka`: only
 * `controllerPort` applies there.
 */
export interface KRaftOptions {
  /**
   * Number of dedicated controllers: an odd number from 1 to 9 (a quorum of 2n+1 survives n failures).
   * Their node ids are 1001, 1002, … (brokers keep 1, 2, …).
   * @default 3
   */
  readonly controllers?: number;
  /**
   * JVM heap of each dedicated controller (rendered to `HEAP_OPTS`).
   * @default 512 MiB initial and maximum
   */
  readonly heap?: HeapOptions;
  /**
   * Memory limit of each dedicated controller container; must be above the maximum heap.
   * @default twice the maximum heap
   */
  readonly memoryLimit?: Size;
  /**
   * Capacity of each dedicated controller's metadata volume (where the target sizes volumes).
   * @default 5 GiB
   */
  readonly storageSize?: Size;
  /**
   * Seconds a starting dedicated controller may take to join the quorum before it is restarted (see
   * `kafka.startupTimeoutSeconds`): it loads its metadata log and snapshots as it starts. A whole number from 30
   * to 86400.
   * @default from `storageSize` as for brokers: 170 up to 42 GiB, then 4 s per GiB, at most 3600
   */
  readonly startupTimeoutSeconds?: number;
  /**
   * Port of the controller listener. With Docker host networking every listener shares 127.0.0.1, so
   * controller i listens on `controllerPort + i - 1`, and the port must stay clear of the brokers'
   * `kafka.port + i - 1`.
   * @default 9093; with Docker host networking and more than one KRaft node, 19093 (9093 is broker 2's port there)
   */
  readonly controllerPort?: number;
  /**
   * Any other controller property, e.g. `{ 'metadata.log.segment.bytes': '268435456' }`, rendered as
   * `KAFKA_METADATA_LOG_SEGMENT_BYTES` on the dedicated controllers.
   * @default none
   */
  readonly controllerProperties?: { [property: string]: string };
}

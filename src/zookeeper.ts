import { HeapOptions, Size } from './size';

/** The ZooKeeper ensemble (ZooKeeper coordination only). */
export interface ZooKeeperOptions {
  /**
   * Ensemble size: 1, 3 or 5 (an even ensemble tolerates no more failures than the odd one below it).
   * @default 1
   */
  readonly nodes?: number;
  /**
   * JVM heap of each node.
   * @default 512 MiB initial and maximum
   */
  readonly heap?: HeapOptions;
  /**
   * Memory limit of each node's container; must be above the maximum heap.
   * @default twice the maximum heap
   */
  readonly memoryLimit?: Size;
  /**
   * Capacity of each node's data and transaction-log volumes (where the target sizes volumes).
   * @default 10 GiB
   */
  readonly storageSize?: Size;
}

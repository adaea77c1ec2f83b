const MIB = 1024 * 1024;

/**
 * An amount of memory or storage, kept in mebibytes.
 *
 * `Size.gibibytes(1)` renders as `1G` in JVM options, `1Gi` in Kubernetes quantities and 1024 MB for Docker.
 */
export class Size {
  /**
   * An amount in mebibytes (MiB, 1024 × 1024 bytes).
   * @param amount the number of mebibytes; JVM heaps and Kubernetes quantities need a whole number
   */
  public static mebibytes(amount: number): Size {
    return new Size(amount);
  }

  /**
   * An amount in gibibytes (GiB, 1024 MiB).
   * @param amount the number of gibibytes
   */
  public static gibibytes(amount: number): Size {
    return new Size(amount * 1024);
  }

  private constructor(
    /** The amount in mebibytes. */
    public readonly inMebibytes: number,
  ) {}

  /** Whole mebibytes (fractions cannot be expressed in JVM or Kubernetes sizes here). */
  public get isWholeMebibytes(): boolean {
    return Number.isInteger(this.inMebibytes) && this.inMebibytes > 0;
  }

  /** The amount in bytes. */
  public toBytes(): number {
    return this.inMebibytes * MIB;
  }

  /** JVM option form: `512M`, `1G`. */
  public toJvm(): string {
    return this.inMebibytes % 1024 === 0 ? `${this.inMebibytes / 1024}G` : `${this.inMebibytes}M`;
  }

  /** In binary units (IEC): `512Mi`, `1Gi`, as shown in messages. */
  public toString(): string {
    // Only a positive whole number of GiB is shown in GiB: 0 is "0Mi", not "0Gi".
    return this.inMebibytes > 0 && this.inMebibytes % 1024 === 0 ? `${this.inMebibytes / 1024}Gi` : `${this.inMebibytes}Mi`;
  }
}

/** JVM heap of one service. */
export interface HeapOptions {
  /** Maximum heap (`-Xmx`). */
  readonly maximum: Size;
  /**
   * Initial heap (`-Xms`).
   * @default the maximum, as in the image's own default
   */
  readonly initial?: Size;
}

/**
 * A container's memory limit when none is given: twice the maximum heap. A heap that is not a whole positive size
 * (reported on its own) gives no limit of its own to report again: the limit is then that of a 1 GiB heap.
 */
export function defaultMemoryLimit(heap: HeapOptions): Size {
  return Size.mebibytes((heap.maximum.isWholeMebibytes ? heap.maximum.inMebibytes : 1024) * 2);
}

/** `HEAP_OPTS` as the Debezium images expect it. */
export function heapOpts(heap: HeapOptions): string {
  return `-Xms${(heap.initial ?? heap.maximum).toJvm()} -Xmx${heap.maximum.toJvm()}`;
}

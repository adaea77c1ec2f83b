import { iecSize, isWholeMebibytes, jvmSize, mebibytesToBytes } from './model/size';

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
    return isWholeMebibytes(this.inMebibytes);
  }

  /** The amount in bytes. */
  public toBytes(): number {
    return mebibytesToBytes(this.inMebibytes);
  }

  /** JVM option form: `512M`, `1G`. */
  public toJvm(): string {
    return jvmSize(this.inMebibytes);
  }

  /** In binary units (IEC): `512Mi`, `1Gi`, as shown in messages. */
  public toString(): string {
    return iecSize(this.inMebibytes);
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

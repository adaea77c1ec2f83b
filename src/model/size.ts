const MIB = 1024 * 1024;

/**
 * An amount of memory or storage, in mebibytes, as the model computes with it. The public `Size` (src/size.ts)
 * has the same members, so a user's sizes are the model's.
 */
export class Size {
  public static mebibytes(amount: number): Size {
    return new Size(amount);
  }

  public static gibibytes(amount: number): Size {
    return new Size(amount * 1024);
  }

  private constructor(public readonly inMebibytes: number) {}

  public get isWholeMebibytes(): boolean {
    return isWholeMebibytes(this.inMebibytes);
  }

  public toBytes(): number {
    return mebibytesToBytes(this.inMebibytes);
  }

  public toJvm(): string {
    return jvmSize(this.inMebibytes);
  }

  public toString(): string {
    return iecSize(this.inMebibytes);
  }
}

/** Whole mebibytes (fractions cannot be expressed in JVM or Kubernetes sizes here). */
export function isWholeMebibytes(mebibytes: number): boolean {
  return Number.isInteger(mebibytes) && mebibytes > 0;
}

export function mebibytesToBytes(mebibytes: number): number {
  return mebibytes * MIB;
}

/** JVM option form: `512M`, `1G`. */
export function jvmSize(mebibytes: number): string {
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}G` : `${mebibytes}M`;
}

/** In binary units (IEC): `512Mi`, `1Gi`, as shown in messages. */
export function iecSize(mebibytes: number): string {
  // Only a positive whole number of GiB is shown in GiB: 0 is "0Mi", not "0Gi".
  return mebibytes > 0 && mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}

/** A JVM heap as the model takes it (the public `HeapInput`, src/size.ts). */
export interface HeapInput {
  readonly maximum: Size;
  readonly initial?: Size;
}

/**
 * A container's memory limit when none is given: twice the maximum heap. A heap that is not a whole positive size
 * (reported on its own) gives no limit of its own to report again: the limit is then that of a 1 GiB heap.
 */
export function defaultMemoryLimit(heap: HeapInput): Size {
  return Size.mebibytes((heap.maximum.isWholeMebibytes ? heap.maximum.inMebibytes : 1024) * 2);
}

/** `HEAP_OPTS` as the Debezium images expect it. */
export function heapOpts(heap: HeapInput): string {
  return `-Xms${(heap.initial ?? heap.maximum).toJvm()} -Xmx${heap.maximum.toJvm()}`;
}

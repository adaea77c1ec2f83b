import { inUserLanguage } from './language';

/**
 * One problem found while resolving a cluster: where it is, which field, what is wrong and how to fix it.
 */
export interface ValidationProblem {
  /** The construct path (or cluster name) the problem belongs to. */
  readonly construct: string;
  /** The prop path, e.g. `connect.workerProperties["group.id"]`. */
  readonly field: string;
  /** What is wrong (lowercase, quotes the bad value). */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * A value as a message shows it: JSON for what JSON can say, and what it cannot as JavaScript writes it
 * (`NaN`, `Infinity`, `undefined`, a function), never as JSON's `null` in its place.
 */
export function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One problem as a line of the error: in the user's language (Python users read Python names). */
export function formatProblem(p: ValidationProblem): string {
  return `${p.construct}: ${inUserLanguage(`${p.field}: ${p.message}; ${p.fix}`)}`;
}

/**
 * Every problem of a cluster and what is declared on it, listed one per line. Synth reports the list through
 * cdktf's validation; a synth that skips validation throws it as this error when it resolves the cluster. The
 * class is not part of the jsii API (jsii classes cannot extend `Error`), so callers match on
 * `name === 'ConnectClusterValidationError'` or the message.
 */
export class ConnectClusterValidationError extends Error {
  public readonly problems: ValidationProblem[];

  constructor(problems: ValidationProblem[]) {
    super(
      `invalid Debezium Connect cluster (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ConnectClusterValidationError';
    this.problems = problems;
  }
}

/** Collects problems so that validation reports all of them, not only the first. */
export class Problems {
  private readonly items: ValidationProblem[] = [];

  constructor(private readonly construct: string) {}

  add(field: string, message: string, fix: string): void {
    this.items.push({ construct: this.construct, field, message, fix });
  }

  /** Problems found elsewhere (they keep their own construct path). */
  addAll(problems: readonly ValidationProblem[]): void {
    this.items.push(...problems);
  }

  get list(): ValidationProblem[] {
    return [...this.items];
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /** Checks that a number is an integer within [min, max]; returns whether it is. */
  integer(field: string, value: number | undefined, min: number, max: number): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.add(field, `${show(value)} is not an integer between ${min} and ${max}`, `set ${field} to a whole number from ${min} to ${max}`);
      return false;
    }
    return true;
  }
}

/** A label of files' or credentials' contents (`connect.restTls.revision`, `connect.kafkaSecurity.revision`), which may be a Kubernetes label value. */
export const REVISION_LABEL = /^[A-Za-z0-9._-]{1,63}$/;

import { createHash } from 'crypto';
import { NodeSpec, splitEnv } from '../model/nodes';

/** A component's environment as the pods receive it. */
export interface PodEnvironment {
  /** Equal on every node: a ConfigMap read with `envFrom` (the model's environment holds no secrets). */
  readonly plain: Record<string, string>;
  /** Per node (index = pod ordinal): exported by the ordinal script. */
  readonly perNode: Record<string, string>[];
  /** sha256 over all of the above: a pod-template annotation, so that a change rolls the pods. */
  readonly checksum: string;
}

export function podEnvironment(nodes: NodeSpec[]): PodEnvironment {
  const { shared, perNode } = splitEnv(nodes);
  // Connector secrets reach the pods as files (pod.ts), never through this environment. The hashed shape
  // keeps its former empty `sensitive` member so that existing pods are not rolled by this refactoring.
  const checksum = createHash('sha256')
    .update(stableJson({ plain: shared, sensitive: {}, perNode }))
    .digest('hex');
  return { plain: shared, perNode, checksum };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

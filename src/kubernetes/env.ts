import { createHash } from 'crypto';
import { NodeSpec, splitEnv } from '../model/nodes';

/** A component's environment as the pods receive it. */
export interface PodEnvironment {
  /** Equal on every node, not sensitive: a ConfigMap read with `envFrom`. */
  readonly plain: Record<string, string>;
  /** Equal on every node, sensitive: a Secret read with `envFrom` (rendered only when not empty). */
  readonly sensitive: Record<string, string>;
  /** Per node (index = pod ordinal): exported by the ordinal script. */
  readonly perNode: Record<string, string>[];
  /** sha256 over all of the above: a pod-template annotation, so that a change rolls the pods. */
  readonly checksum: string;
}

/**
 * The seam for secrets: the model's values are plain strings today (`NodeSpec.env`: "never secrets").
 * When a value can be a secret reference, this is the one place that tells it apart, and the Secret,
 * its `envFrom` and the checksum follow without further change.
 */
export function isSensitive(_name: string, _value: string): boolean {
  return false;
}

export function podEnvironment(nodes: NodeSpec[]): PodEnvironment {
  const { shared, perNode } = splitEnv(nodes);
  const plain: Record<string, string> = {};
  const sensitive: Record<string, string> = {};
  for (const [k, v] of Object.entries(shared)) (isSensitive(k, v) ? sensitive : plain)[k] = v;
  for (const own of perNode) {
    const leaked = Object.entries(own).find(([k, v]) => isSensitive(k, v));
    // The ordinal script is part of the pod spec, readable by anyone who can read the StatefulSet.
    if (leaked) throw new Error(`${leaked[0]} is sensitive and differs per node; per-node secrets are not supported on Kubernetes`);
  }
  const checksum = createHash('sha256').update(stableJson({ plain, sensitive, perNode })).digest('hex');
  return { plain, sensitive, perNode, checksum };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A StatefulSet has one pod template for all its pods, but the model gives every node its own settings.
 * The pod picks its own at start from its ordinal (`<statefulset>-<ordinal>`, numbered from 0; the model
 * numbers nodes from 1).
 */

import { shellQuote } from '../model/shell';

export { shellQuote };

/**
 * `case` over the pod's ordinal; `branches[i]` is the shell for ordinal i. An ordinal without a branch
 * (the StatefulSet scaled by hand beyond the model) exits rather than start with another node's identity.
 * Bash sets `$HOSTNAME` itself, so this also works in exec probes.
 */
export function ordinalCase(branches: string[]): string {
  // Bodies are not indented: a startup script may hold multi-line strings or here-documents.
  const arms = branches.map((body, i) => `${i})\n${body || ':'}\n;;`);
  return [
    'ordinal=${HOSTNAME##*-}',
    'case "$ordinal" in',
    ...arms,
    `*)\necho "no settings for pod ordinal $ordinal (the model has ${branches.length} nodes)" >&2\nexit 1\n;;`,
    'esac',
  ].join('\n');
}

/** Exports of one node's own variables, then its startup script. */
export function nodeBranch(env: Record<string, string>, startupScript: string | undefined): string {
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
  return [...exports, ...(startupScript ? [startupScript] : [])].join('\n');
}

/** Whether any node needs something of its own (else the image starts unchanged). */
export function hasNodeBranches(branches: string[]): boolean {
  return branches.some((b) => b !== '');
}

// What each benchmark row synthesizes; shared by the library and the baseline side so both build the same thing.

/** The shape of each cluster in the N-cluster rows: a production-like ensemble (3 ZooKeeper, 3 brokers, 2 workers). */
export const ROW_SHAPE = { zookeeperNodes: 3, brokers: 3, workers: 2 } as const;

/** Cluster i's name and first REST host port (2 workers each, so ports never clash between clusters). */
export function clusterName(i: number): string {
  return `cdc-${i}`;
}
export function restHostPortBase(i: number): number {
  return 8083 + (i - 1) * ROW_SHAPE.workers;
}

export type TargetName = 'docker' | 'kubernetes';

/** Row ids: `quickstart`, `kubernetes-production`, `docker-<n>`, `kubernetes-<n>`. */
export function parseRow(row: string): { kind: 'example'; example: string } | { kind: 'clusters'; target: TargetName; count: number } {
  if (row === 'quickstart') return { kind: 'example', example: 'docker-quickstart' };
  if (row === 'kubernetes-production') return { kind: 'example', example: 'kubernetes-production' };
  const m = /^(docker|kubernetes)-(\d+)$/.exec(row);
  if (!m) throw new Error(`unknown row ${row}`);
  return { kind: 'clusters', target: m[1] as TargetName, count: Number(m[2]) };
}

// Time to ready: how long the first `tofu apply` takes against how long the cluster's services themselves take to
// start. A driver records, per service, when its object was created, when it started, when it was serving by a
// check much more frequent than the engine's (where the driver has one), and when the engine declared it ready;
// this file turns those records into the per-service table printed after the timing table. Measured, never
// asserted: nothing here fails a run.
import { E2E } from './stack';
import { kafkaNodeNames, StreamProfile } from './streams';

/** A service of the cluster's start-up and what `apply` starts it after (the library's dependencies). */
export interface StartUpService {
  /** `zookeeper-1`, `kafka-controller-1`, `kafka-1`, `connect-1`, `topics`, `connector-<name>-sentinel`, `connector-<name>`. */
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/** One service as a driver saw it start (epoch milliseconds; undefined where the driver could not tell). */
export interface StartUpRecord {
  readonly service: string;
  /** The object the provider created (Docker: container `create`; Kubernetes: the pod's creationTimestamp). */
  readonly created?: number;
  /** Its first process started (Docker: container `start`; Kubernetes: the pod's first container, init included). */
  readonly started?: number;
  /**
   * Serving (a task: its work done), as seen by a check far more frequent than the engine's: the Docker driver's
   * own poller, a Job pod's container exit. Undefined where nothing but the engine looked.
   */
  readonly serving?: number;
  /** The engine declared it ready (Docker: `health_status: healthy`; Kubernetes: Ready, or the Job Complete). */
  readonly ready?: number;
  /** Docker: the health probe that turned it healthy (exec start and end). */
  readonly passingProbe?: { readonly start: number; readonly end: number };
  /** Docker: probes that failed before it. */
  readonly failedProbes?: number;
  /** Docker: every health probe until ready (for the log: start, end, exit code). */
  readonly probes?: readonly { readonly start: number; readonly end: number; readonly exitCode: number }[];
  /** Kubernetes: container restarts (a Job: pods beyond the first). */
  readonly restarts?: number;
}

/** What a driver hands the scenario before `apply`; `finish` after the cluster is ready. */
export interface StartUpWatch {
  finish(): Promise<StartUpReport>;
  /** Stops whatever the watch runs (a failed run); never throws. */
  stop(): void;
}

export interface StartUpReport {
  readonly records: StartUpRecord[];
  /** Resolution of the timestamps, in ms (Kubernetes reports whole seconds). */
  readonly resolutionMs: number;
  /** What bounds each gap on this target, one line each (printed under the table). */
  readonly bounds: string[];
}

/**
 * The services the e2e stack starts and their order, as the library renders it (connect-cluster.ts, connector.ts).
 * `applyWaitsForReadySentinel`: the target's (TargetDriver): otherwise the apply task waits only for what the
 * sentinel waits for.
 */
export function startUpServices(
  stream: StreamProfile,
  applyWaitsForReadySentinel: boolean,
  connectorName = E2E.connectorName,
): StartUpService[] {
  const n = kafkaNodeNames(stream);
  const workers = E2E.restPorts.map((_, i) => `connect-${i + 1}`);
  const sentinel = `connector-${connectorName}-sentinel`;
  return [
    ...n.zookeeper.map((name) => ({ name, dependsOn: [] })),
    ...n.controllers.map((name) => ({ name, dependsOn: [] })),
    ...n.brokers.map((name) => ({ name, dependsOn: [...n.zookeeper, ...n.controllers] })),
    { name: 'topics', dependsOn: n.brokers },
    ...workers.map((name) => ({ name, dependsOn: n.brokers })),
    // The topic is declared before the connector, so both connector tasks also wait for the topics task.
    { name: sentinel, dependsOn: [...workers, 'topics'] },
    { name: `connector-${connectorName}`, dependsOn: [...workers, 'topics', ...(applyWaitsForReadySentinel ? [sentinel] : [])] },
  ];
}

interface Row {
  readonly service: StartUpService;
  readonly record?: StartUpRecord;
  /** The dependency whose readiness the service waited for last. */
  readonly lastDependency?: string;
  readonly depReady?: number;
  /** started → serving where the driver saw serving, else started → ready: the service's own start-up. */
  readonly own?: number;
  readonly ownIsUpperBound: boolean;
}

const s = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(1));
const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);

/**
 * The per-service table, the critical path of own start-up times, and the ratio. `applyStart`/`applyEnd`: the
 * `tofu apply` of the cluster; `readyAt`: when the scenario saw REST ready and the connector RUNNING.
 */
export function startUpTable(
  services: StartUpService[],
  report: StartUpReport,
  applyStart: number,
  applyEnd: number,
  readyAt: number,
): { lines: string[]; ratio?: number; criticalPath: string[]; ownSum?: number } {
  const byName = new Map(report.records.map((r) => [r.service, r]));
  const rows = new Map<string, Row>();
  for (const svc of services) {
    const record = byName.get(svc.name);
    let depReady: number | undefined;
    let lastDependency: string | undefined;
    for (const d of svc.dependsOn) {
      const r = byName.get(d)?.ready;
      if (r !== undefined && (depReady === undefined || r > depReady)) [depReady, lastDependency] = [r, d];
    }
    const ownEnd = record?.serving ?? record?.ready;
    rows.set(svc.name, {
      service: svc,
      record,
      lastDependency,
      depReady,
      own: diff(record?.started, ownEnd),
      ownIsUpperBound: record?.serving === undefined,
    });
  }

  // Ideal: every service started the moment its dependencies are serving, and took only its own start-up.
  const idealEnd = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  for (const svc of services) {
    let start = 0;
    let from: string | undefined;
    for (const d of svc.dependsOn) {
      const e = idealEnd.get(d) ?? 0;
      if (from === undefined || e > start) [start, from] = [e, d];
    }
    idealEnd.set(svc.name, start + (rows.get(svc.name)!.own ?? 0));
    via.set(svc.name, svc.dependsOn.length ? from : undefined);
  }
  let last = services[0].name;
  for (const svc of services) if ((idealEnd.get(svc.name) ?? 0) >= (idealEnd.get(last) ?? 0)) last = svc.name;
  const criticalPath: string[] = [];
  for (let n: string | undefined = last; n !== undefined; n = via.get(n)) criticalPath.unshift(n);
  const complete = criticalPath.every((n) => rows.get(n)!.own !== undefined);
  const ownSum = complete ? idealEnd.get(last) : undefined;

  const header = [
    'service',
    'waits for',
    '(b) dep ready → started',
    'of which created → started',
    '(a) started → ready',
    'own: started → serving',
    'detection: serving → ready',
    'ready at',
  ];
  const body = services.map((svc) => {
    const r = rows.get(svc.name)!;
    const rec = r.record;
    const restarts = rec?.restarts ? ` (${rec.restarts} restart${rec.restarts > 1 ? 's' : ''})` : '';
    return [
      `${criticalPath.includes(svc.name) ? '* ' : ''}${svc.name}${restarts}`,
      r.lastDependency ?? '(apply start)',
      s(diff(r.depReady ?? applyStart, rec?.started)),
      s(diff(rec?.created, rec?.started)),
      s(diff(rec?.started, rec?.ready)),
      s(diff(rec?.started, rec?.serving)),
      s(diff(rec?.serving, rec?.ready)),
      s(diff(applyStart, rec?.ready)),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const lines = [
    fmt(header),
    `|${widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...body.map(fmt),
  ];
  const applyMs = applyEnd - applyStart;
  const ratio = ownSum ? applyMs / ownSum : undefined;
  const path = criticalPath.map((n) => `${n} ${s(rows.get(n)!.own)}${rows.get(n)!.ownIsUpperBound ? '≤' : ''}`).join(' + ');
  lines.push(
    '',
    `tofu apply (create): ${s(applyMs)} s; apply start → REST ready, connector RUNNING: ${s(readyAt - applyStart)} s`,
    `own start-up along the critical path (*): ${path} = ${s(ownSum)} s`,
    `ratio tofu apply ÷ own start-up: ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} (goal ≤ 1.15×)`,
    `seconds; "waits for": the dependency ready last ("(apply start)": none); "serving": the service's own readiness (a task: its work done) by a check far more frequent than the engine's; "≤": no such check, started → ready instead (an upper bound); "ready at": after the apply start${report.resolutionMs >= 1000 ? `; timestamps of whole seconds (±${report.resolutionMs / 1000} s)` : ''}`,
    ...report.bounds,
  );
  return { lines, ratio, criticalPath, ownSum };
}

// Pure assertion helpers of the end-to-end test (no I/O), so they can be proven to fail (e2e/selftest.ts).

/** An assertion that did not hold: the e2e stops with this message. */
export class E2eFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'E2eFailure';
  }
}

// ------------------------------------------------------------------ change events

/** One change event as read from the topic: the row's primary key and Debezium's operation. */
export interface ChangeEvent {
  readonly id: number;
  /** `c` create, `r` snapshot read, `u` update, `d` delete; `tombstone` for a null value. */
  readonly op: string;
}

/**
 * Parses one line of `kafka-console-consumer --property print.key=true --property key.separator=<TAB>` for a
 * Debezium topic written with the JSON converter (schemas on or off). Returns undefined for lines that are not
 * records (empty lines); throws on a record it cannot read, so garbage is never silently skipped.
 */
export function parseConsumerLine(line: string, separator = '\t'): ChangeEvent | undefined {
  if (line.trim() === '') return undefined;
  const at = line.indexOf(separator);
  if (at < 0) throw new E2eFailure(`consumer line has no key separator: ${clip(line)}`);
  const keyText = line.slice(0, at);
  const valueText = line.slice(at + separator.length);
  let key: any;
  try {
    key = JSON.parse(keyText);
  } catch {
    throw new E2eFailure(`consumer line has a key that is not JSON: ${clip(line)}`);
  }
  const keyPayload = key && typeof key === 'object' && 'payload' in key ? key.payload : key;
  const id = keyPayload?.id;
  if (!Number.isInteger(id)) throw new E2eFailure(`consumer line has no integer key "id": ${clip(line)}`);
  if (valueText === 'null') return { id, op: 'tombstone' };
  let value: any;
  try {
    value = JSON.parse(valueText);
  } catch {
    throw new E2eFailure(`consumer line has a value that is not JSON: ${clip(line)}`);
  }
  const payload = value && typeof value === 'object' && 'payload' in value && 'schema' in value ? value.payload : value;
  const op = payload?.op;
  if (typeof op !== 'string') throw new E2eFailure(`consumer line has no Debezium "op": ${clip(line)}`);
  const after = payload.after;
  if (op !== 'd' && (!after || after.id !== id)) throw new E2eFailure(`event for key ${id} carries after.id=${after?.id}: ${clip(line)}`);
  return { id, op };
}

export interface EventCheck {
  /** Expected ids without a create (or snapshot read) event. */
  readonly missing: number[];
  /** Expected ids with more than one create/read event, with the count. */
  readonly duplicated: [number, number][];
  /** Ids outside the expected range. */
  readonly unexpected: number[];
  /** Events other than create/read (updates, deletes, tombstones) among the expected ids. */
  readonly otherOps: ChangeEvent[];
  readonly distinct: number;
  readonly total: number;
}

/** Compares the events with the rows inserted: ids `from`…`to` (inclusive), one insert each. */
export function checkEvents(events: readonly ChangeEvent[], from: number, to: number): EventCheck {
  const counts = new Map<number, number>();
  const unexpected = new Set<number>();
  const otherOps: ChangeEvent[] = [];
  for (const e of events) {
    if (e.id < from || e.id > to) {
      unexpected.add(e.id);
      continue;
    }
    if (e.op !== 'c' && e.op !== 'r') {
      otherOps.push(e);
      continue;
    }
    counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
  }
  const missing: number[] = [];
  const duplicated: [number, number][] = [];
  for (let id = from; id <= to; id++) {
    const n = counts.get(id) ?? 0;
    if (n === 0) missing.push(id);
    else if (n > 1) duplicated.push([id, n]);
  }
  return { missing, duplicated, unexpected: [...unexpected].sort((a, b) => a - b), otherOps, distinct: counts.size, total: events.length };
}

/** Throws unless every id `from`…`to` has exactly one create event (duplicates tolerated only when asked). */
export function assertEvents(
  what: string,
  events: readonly ChangeEvent[],
  from: number,
  to: number,
  opts: { allowDuplicates?: boolean } = {},
): EventCheck {
  const c = checkEvents(events, from, to);
  const problems: string[] = [];
  if (c.missing.length) problems.push(`${c.missing.length} row(s) missing (ids ${ranges(c.missing)})`);
  if (c.duplicated.length && !opts.allowDuplicates) {
    problems.push(
      `${c.duplicated.length} key(s) duplicated (${c.duplicated
        .slice(0, 10)
        .map(([id, n]) => `id ${id} ×${n}`)
        .join(', ')}${c.duplicated.length > 10 ? ', …' : ''})`,
    );
  }
  if (c.unexpected.length) problems.push(`${c.unexpected.length} event(s) for ids that were never inserted (${ranges(c.unexpected)})`);
  if (c.otherOps.length)
    problems.push(
      `${c.otherOps.length} event(s) that are not inserts (${c.otherOps
        .slice(0, 5)
        .map((e) => `id ${e.id} op ${e.op}`)
        .join(', ')})`,
    );
  if (problems.length)
    throw new E2eFailure(
      `${what}: expected exactly one insert event for each of ids ${from}..${to}; ${problems.join('; ')} (read ${c.total} events, ${c.distinct} distinct keys)`,
    );
  return c;
}

/** The `node.id` of a Kafka node's `meta.properties` (as `cat` prints it), or a failure naming the node. */
export function metaPropertiesNodeId(node: string, text: string): number {
  // KRaft writes node.id; a broker in ZooKeeper mode, broker.id (version 0).
  const key = /^node\.id=/m.test(text) || !/^broker\.id=/m.test(text) ? 'node.id' : 'broker.id';
  const ids = [...text.matchAll(new RegExp(`^${key.replace('.', '\\.')}=(\\d+)\\s*$`, 'gm'))].map((m) => Number(m[1]));
  if (ids.length !== 1)
    throw new E2eFailure(
      `${node}: expected one ${key} in its meta.properties, found ${ids.length ? ids.join(', ') : 'none'}:\n${text.slice(0, 300)}`,
    );
  return ids[0];
}

/** The KRaft quorum as `kafka-metadata-quorum.sh describe --status` reports it. */
export interface QuorumStatus {
  readonly leader: number;
  readonly voters: readonly number[];
}

/** Parses `describe --status`: `LeaderId: 1002` and `CurrentVoters: [{"id": 1001, …}, …]` (or `[1001,1002]`). */
export function parseQuorumStatus(text: string): QuorumStatus {
  const leader = /^LeaderId:\s+(-?\d+)\s*$/m.exec(text);
  const voters = /^CurrentVoters:\s+(\[.*\])\s*$/m.exec(text);
  if (!leader || !voters)
    throw new E2eFailure(`cannot read the quorum from kafka-metadata-quorum.sh describe --status:\n${text.slice(0, 500)}`);
  let list: unknown;
  try {
    list = JSON.parse(voters[1]);
  } catch {
    throw new E2eFailure(`CurrentVoters is not JSON: ${voters[1].slice(0, 300)}`);
  }
  const ids = Array.isArray(list) ? list.map((v) => (typeof v === 'number' ? v : (v as { id?: unknown })?.id)) : [];
  if (!ids.length || ids.some((id) => typeof id !== 'number'))
    throw new E2eFailure(`CurrentVoters lists no node ids: ${voters[1].slice(0, 300)}`);
  return { leader: Number(leader[1]), voters: (ids as number[]).sort((a, b) => a - b) };
}

/**
 * A worker container killed as a lost host would be (`docker kill --signal KILL`, its restart policy set to `no`
 * first): it must have died of SIGKILL (exit 137: no graceful leave of the group, no last offset commit) and stay
 * down, or the scenario would prove a graceful stop or a restart instead of a loss.
 */
export function killedWorkerProblem(name: string, state: { running: boolean; exitCode: number } | undefined): string | undefined {
  if (!state) return `${name} is gone: the killed container must stay, stopped`;
  if (state.running) return `${name} is running again after it was killed (its restart policy restarted it?)`;
  if (state.exitCode !== 137) return `${name} exited with ${state.exitCode}, not 137 (SIGKILL): it was stopped, not killed`;
  return undefined;
}

/**
 * A worker pod whose container was killed (SIGKILL to its processes): the kubelet started the container again in the
 * same pod (same uid, one restart more), its last run ended by SIGKILL (exit 137), and it kept its claims.
 */
export function restartedAfterKillProblem(
  name: string,
  before: { uid: string; restarts: number; claims: string[] },
  after: { uid: string; restarts: number; lastExitCode?: number; claims: string[] },
): string | undefined {
  if (after.uid !== before.uid)
    return `${name} is a new pod (uid ${after.uid}, was ${before.uid}): the kill must restart the container in its pod`;
  if (after.restarts <= before.restarts) return `${name}'s container was not restarted (restarts ${after.restarts})`;
  if (after.lastExitCode !== 137)
    return `${name}'s container last ended with ${after.lastExitCode ?? 'no exit code'}, not 137 (SIGKILL): it was not killed`;
  if (after.claims.join(',') !== before.claims.join(','))
    return `${name} has the claims ${after.claims.join(', ') || '(none)'}, not ${before.claims.join(', ') || '(none)'}`;
  return undefined;
}

/** The TCP ports listening beyond loopback, from /proc/net/tcp and /proc/net/tcp6 (state 0A; hex address:port). */
export function listeningPorts(procNetTcp: string): number[] {
  const ports = new Set<number>();
  for (const line of procNetTcp.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4 || cols[3] !== '0A') continue;
    const [address, port] = cols[1].split(':');
    if (!port) continue;
    // 127.0.0.0/8 (little-endian: the last byte is the first octet) and ::1.
    const loopback = address.length === 8 ? address.endsWith('7F') : address === '00000000000000000000000001000000';
    if (!loopback) ports.add(parseInt(port, 16));
  }
  return [...ports].sort((a, b) => a - b);
}

/** One cell of the NetworkPolicy matrix: from a vantage pod to a component pod's address and a port it listens on. */
export interface PolicyCell {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  /** Whether the policies, as the README states them, admit `from` there (the pod itself: always). */
  readonly admitted: boolean;
}

/** What a probe found: a TCP connection made within its time (`connected`), or none. */
export interface PolicyProbe {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly connected: boolean;
}

/**
 * The NetworkPolicy matrix, checked: every cell was probed; every denied cell was refused and every admitted one
 * connected; and each address and port refused to anyone was reached by an admitted pod, its positive control (so
 * the refusal is the policies', not a port that does not listen).
 */
export function policyMatrixProblems(cells: readonly PolicyCell[], probes: readonly PolicyProbe[]): string[] {
  const key = (c: { from: string; to: string; port: number }) => `${c.from} → ${c.to}:${c.port}`;
  const found = new Map(probes.map((p) => [key(p), p.connected]));
  const problems: string[] = [];
  const controlled = new Set<string>();
  const refusedSomewhere = new Set<string>();
  for (const c of cells) {
    const connected = found.get(key(c));
    if (connected === undefined) problems.push(`${key(c)}: not probed`);
    else if (c.admitted && !connected) problems.push(`${key(c)}: refused, though the policies admit it`);
    else if (!c.admitted && connected) problems.push(`${key(c)}: reached, though no policy admits it`);
    if (c.admitted && connected) controlled.add(`${c.to}:${c.port}`);
    if (!c.admitted) refusedSomewhere.add(`${c.to}:${c.port}`);
  }
  for (const target of refusedSomewhere)
    if (!controlled.has(target)) problems.push(`${target}: refused to some, reached by no admitted pod (no positive control)`);
  return problems;
}

/**
 * A controller failover, from the quorum before the active controller (`stopped`, its id read from the node) was
 * stopped and the quorum while it is down: the voters are the declared controllers, before and after; the leader
 * was the stopped node, and another voter leads now.
 */
export function failoverProblem(
  before: QuorumStatus,
  after: QuorumStatus,
  stopped: number,
  declared: readonly number[],
): string | undefined {
  const want = [...declared].sort((a, b) => a - b).join(',');
  if (before.voters.join(',') !== want)
    return `before the stop the voters are ${before.voters.join(',')}, not the declared controllers ${want}`;
  if (before.leader !== stopped) return `the node stopped (id ${stopped}) was not the leader: ${before.leader} was`;
  if (after.voters.join(',') !== want)
    return `while it is down the voters are ${after.voters.join(',')}, not the declared controllers ${want}`;
  if (after.leader === stopped) return `the quorum is still led by the stopped node ${stopped}`;
  if (!after.voters.includes(after.leader)) return `the quorum is led by ${after.leader}, which is not a voter`;
  return undefined;
}

/** Rows the run inserted (ids `from`…`to`), and whether the README calls their delivery exactly-once. */
export interface WrittenRange {
  readonly label: string;
  readonly from: number;
  readonly to: number;
  readonly exactlyOnce: boolean;
}

/** What the final read found: per at-least-once range, the keys delivered more than once and the extra events. */
export interface FinalRead {
  readonly events: number;
  readonly distinct: number;
  readonly duplicates: readonly { readonly label: string; readonly keys: number; readonly extra: number }[];
}

/**
 * The whole topic, read once at the end, against every range the run inserted. Every event is looked at, none
 * filtered out first: each must be an insert of an id some range wrote; every id of every range must be there; an
 * id of an exactly-once range must be there once. Duplicates elsewhere are Connect's at-least-once delivery after
 * a task restarted: they are counted per range, for the report.
 */
export function checkFinalRead(events: readonly ChangeEvent[], written: readonly WrittenRange[]): FinalRead {
  const sorted = [...written].sort((a, b) => a.from - b.from);
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    if (r.from > r.to || (i > 0 && r.from <= sorted[i - 1].to))
      throw new E2eFailure(`the run's own record of inserted rows is wrong: ${r.label} (${r.from}..${r.to}) is empty or overlaps another`);
  }
  const rangeOf = (id: number) => sorted.find((r) => id >= r.from && id <= r.to);
  const counts = new Map<number, number>();
  const never = new Set<number>();
  const otherOps: ChangeEvent[] = [];
  for (const e of events) {
    if (e.op !== 'c' && e.op !== 'r') otherOps.push(e);
    else if (!rangeOf(e.id)) never.add(e.id);
    else counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
  }
  const problems: string[] = [];
  if (otherOps.length)
    problems.push(
      `${otherOps.length} event(s) that are not inserts (${otherOps
        .slice(0, 5)
        .map((e) => `id ${e.id} op ${e.op}`)
        .join(', ')})`,
    );
  if (never.size) problems.push(`${never.size} event(s) for ids that were never inserted (${ranges([...never])})`);
  const duplicates: { label: string; keys: number; extra: number }[] = [];
  for (const r of sorted) {
    const missing: number[] = [];
    const twice: [number, number][] = [];
    for (let id = r.from; id <= r.to; id++) {
      const n = counts.get(id) ?? 0;
      if (n === 0) missing.push(id);
      else if (n > 1) twice.push([id, n]);
    }
    if (missing.length) problems.push(`${r.label}: ${missing.length} row(s) missing (ids ${ranges(missing)})`);
    if (twice.length && r.exactlyOnce)
      problems.push(
        `${r.label}, exactly once: ${twice.length} key(s) duplicated (${twice
          .slice(0, 10)
          .map(([id, n]) => `id ${id} ×${n}`)
          .join(', ')}${twice.length > 10 ? ', …' : ''})`,
      );
    else if (twice.length) duplicates.push({ label: r.label, keys: twice.length, extra: twice.reduce((sum, [, n]) => sum + n - 1, 0) });
  }
  if (problems.length)
    throw new E2eFailure(`the whole topic, read at the end (${events.length} events, ${counts.size} distinct ids): ${problems.join('; ')}`);
  return { events: events.length, distinct: counts.size, duplicates };
}

/** `1-3, 7, 9-10` (first 20 ranges). */
export function ranges(ids: number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return out.length > 20 ? `${out.slice(0, 20).join(', ')}, … (${out.length} ranges)` : out.join(', ');
}

// ------------------------------------------------------------------ health checks as the engine holds them

/** A container's `.Config.Healthcheck` from `docker inspect` (durations in nanoseconds), or null. */
export interface EngineHealthcheck {
  Test?: string[];
  StartInterval?: number;
}

/**
 * Why the containers' health checks are not "present, with a start interval of `wantSeconds`" (0: none), or
 * undefined when they all are.
 */
export function healthStartIntervalProblem(
  containers: ReadonlyArray<{ name: string; healthcheck: EngineHealthcheck | null }>,
  wantSeconds: number,
): string | undefined {
  if (!containers.length) return 'no container of the cluster to read a health check from';
  const wrong: string[] = [];
  for (const c of containers) {
    if (!c.healthcheck?.Test?.length || c.healthcheck.Test[0] === 'NONE') wrong.push(`${c.name}: no health check`);
    else if ((c.healthcheck.StartInterval ?? 0) !== wantSeconds * 1e9)
      wrong.push(`${c.name}: start interval ${(c.healthcheck.StartInterval ?? 0) / 1e9} s`);
  }
  return wrong.length ? `expected a start interval of ${wantSeconds} s on every container; ${wrong.join('; ')}` : undefined;
}

// ------------------------------------------------------------------ connector status

export interface ConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: { id: number; state: string; worker_id: string; trace?: string }[];
}

/** Why the status is not "connector and all its (≥ 1) tasks RUNNING", or undefined when it is. */
export function statusProblem(status: ConnectorStatus | undefined, name: string): string | undefined {
  if (!status || typeof status !== 'object') return 'no status';
  if (status.name !== name) return `status is for ${JSON.stringify(status.name)}, not ${name}`;
  if (status.connector?.state !== 'RUNNING') return `connector is ${status.connector?.state}${trace(status.connector?.trace)}`;
  if (!Array.isArray(status.tasks) || status.tasks.length === 0) return 'connector has no tasks yet';
  const bad = status.tasks.find((t) => t.state !== 'RUNNING');
  if (bad) return `task ${bad.id} is ${bad.state} on ${bad.worker_id}${trace(bad.trace)}`;
  return undefined;
}

/** The REST port of the worker that runs task 0 (`worker_id` is `<advertised host>:<port>`). */
export function taskWorkerPort(status: ConnectorStatus): number {
  const w = status.tasks?.[0]?.worker_id ?? '';
  const m = /:(\d+)$/.exec(w);
  if (!m) throw new E2eFailure(`cannot tell which worker runs task 0 of ${status.name}: worker_id ${JSON.stringify(w)}`);
  return Number(m[1]);
}

function trace(t: string | undefined): string {
  return t ? `: ${t.split('\n').slice(0, 3).join(' | ')}` : '';
}

/** One look at a connector while something is disrupted: when (ms from the start), the HTTP status, the states. */
export interface StatusPoll {
  readonly at: number;
  readonly http: number;
  readonly connector?: string;
  readonly tasks?: readonly string[];
}

/** The poll answered 200 with the connector and every one of its (≥ 1) tasks RUNNING. */
export function pollRunning(p: StatusPoll): boolean {
  return p.http === 200 && p.connector === 'RUNNING' && !!p.tasks?.length && p.tasks.every((t) => t === 'RUNNING');
}

/**
 * The connector answered 200 and RUNNING, with every task RUNNING, at every poll of `polls` (at least `minPolls`
 * of them): it was never deleted, paused or restarted while `what` happened. Returns the longest gap between polls.
 */
/** What the engine says of a Connect worker container, and what a write to its root filesystem answered. */
export interface WorkerRootfs {
  readonly name: string;
  /** HostConfig.ReadonlyRootfs */
  readonly readonlyRootfs: boolean;
  /** HostConfig.Tmpfs: mount path → options */
  readonly tmpfs: Record<string, string> | null;
  /** `docker exec <name> touch /kafka/.write-probe`: exit code and output */
  readonly writeProbe: { readonly code: number | null; readonly output: string };
}

/**
 * Why the workers are not as rendered: each a read-only root filesystem that refuses a write (the engine says so,
 * and a write fails with "Read-only file system"), with /tmp a tmpfs that allows executing (the JVM's native
 * libraries). Undefined when every worker is.
 */
export function readOnlyWorkersProblem(workers: readonly WorkerRootfs[]): string | undefined {
  if (workers.length === 0) return 'no Connect worker container found';
  for (const w of workers) {
    if (!w.readonlyRootfs) return `${w.name}: the engine reports a writable root filesystem`;
    const tmp = w.tmpfs?.['/tmp'];
    if (tmp === undefined) return `${w.name}: /tmp is not a tmpfs (${JSON.stringify(w.tmpfs)})`;
    if (!tmp.split(',').includes('exec'))
      return `${w.name}: /tmp is mounted without exec ("${tmp}"): the JVM cannot load the native libraries it unpacks there`;
    if (w.writeProbe.code === 0) return `${w.name}: a write to /kafka succeeded on a root filesystem said to be read-only`;
    if (!/Read-only file system/.test(w.writeProbe.output))
      return `${w.name}: a write to /kafka failed, but not as read-only: ${w.writeProbe.output.trim()}`;
  }
  return undefined;
}

/** What one request to the REST API got: an HTTP status and the start of its body, or the error that ended it. */
export interface RestAttempt {
  readonly status?: number;
  readonly body?: string;
  readonly error?: string;
}

/** The REST API over HTTPS with client certificates, asked four ways (`connect.restTls`). */
export interface RestAccess {
  /** `https://`, this machine's certificate, signed by the run's CA. */
  readonly trusted: RestAttempt;
  /** `http://` to the same port. */
  readonly plainHttp: RestAttempt;
  /** `https://` without a client certificate. */
  readonly noCertificate: RestAttempt;
  /** `https://` with a certificate from another CA. */
  readonly untrustedCertificate: RestAttempt;
}

/**
 * Why the REST API is not as secured: the trusted client must get Connect's answer (200 with its version), and each
 * of the others no answer at all, or an HTTP error (never a 2xx or 3xx, never Connect's JSON). Undefined when it is.
 */
export function restAccessProblem(a: RestAccess): string | undefined {
  if (a.trusted.status !== 200 || !/"version"/.test(a.trusted.body ?? ''))
    return `a client with a certificate the CA signed got ${a.trusted.error ?? `status ${a.trusted.status}: ${a.trusted.body?.slice(0, 200)}`}, not Connect's answer`;
  const refused: [string, RestAttempt][] = [
    ['http:// (plain text)', a.plainHttp],
    ['https:// without a client certificate', a.noCertificate],
    ['https:// with a certificate from another CA', a.untrustedCertificate],
  ];
  for (const [what, r] of refused) {
    if (r.status !== undefined && (r.status < 400 || /"version"/.test(r.body ?? '')))
      return `${what} was answered ${r.status}: ${r.body?.slice(0, 200)}; the API must refuse it`;
    if (r.status === undefined && r.error === undefined) return `${what}: no answer and no error recorded (the probe did not run)`;
  }
  return undefined;
}

/**
 * Why the workers do not serve the renewed certificate after the roll: each must present the serial number the run
 * renewed to (`expected`), none the one before (`previous`). Undefined when every one does.
 */
export function renewedCertificateProblem(
  served: readonly { url: string; serial: string }[],
  expected: string,
  previous: string,
): string | undefined {
  if (served.length === 0) return 'no worker was asked for its certificate';
  if (expected === previous) return `the renewed certificate has the old serial number ${previous}: nothing was renewed`;
  for (const s of served) {
    if (s.serial === previous) return `${s.url} still serves the certificate before the renewal (serial ${previous})`;
    if (s.serial !== expected) return `${s.url} serves serial ${s.serial}, not the renewed ${expected}`;
  }
  return undefined;
}

export function checkKeptRunning(what: string, polls: readonly StatusPoll[], minPolls: number): number {
  if (polls.length < minPolls)
    throw new E2eFailure(`${what}: only ${polls.length} status polls, fewer than the ${minPolls} the check needs`);
  const bad = polls.find((p) => !pollRunning(p));
  if (bad) {
    throw new E2eFailure(
      `${what}: the connector must stay RUNNING throughout; at +${(bad.at / 1000).toFixed(1)} s GET /connectors/<name>/status answered ${bad.http}${bad.connector ? ` (connector ${bad.connector}, tasks ${bad.tasks?.join(',') || 'none'})` : ''}`,
    );
  }
  let gap = 0;
  for (let i = 1; i < polls.length; i++) gap = Math.max(gap, polls[i].at - polls[i - 1].at);
  return gap;
}

/** What the REST polls during a change showed: how many, the longest gap between them, the RUNNING share. */
export interface RestAvailability {
  readonly polls: number;
  readonly answered: number;
  readonly longestGapMs: number;
  /** Polls whose answer showed the connector and every task RUNNING. */
  readonly running: number;
  /** The longest stretch of answered polls that did not show everything RUNNING (a task moving), in ms. */
  readonly longestNotRunningMs: number;
}

/**
 * Status polls taken every `periodMs` over `windowMs` while a change is applied: measured, and, where the target
 * claims the REST API answers throughout (`mustAnswer`), required to be a 200 from some worker at every poll. There
 * must be at least one poll per second of the window, and no gap between two polls longer than `maxGapMs`, or the
 * polls sampled the change too thinly to show anything.
 */
export function restAvailability(
  what: string,
  polls: readonly StatusPoll[],
  windowMs: number,
  maxGapMs: number,
  mustAnswer: boolean,
): RestAvailability {
  const minPolls = Math.floor(windowMs / 1000);
  if (polls.length < Math.max(minPolls, 1))
    throw new E2eFailure(`${what}: only ${polls.length} REST polls in ${(windowMs / 1000).toFixed(1)} s, fewer than one a second`);
  let longestGapMs = polls[0].at;
  for (let i = 1; i < polls.length; i++) longestGapMs = Math.max(longestGapMs, polls[i].at - polls[i - 1].at);
  longestGapMs = Math.max(longestGapMs, windowMs - polls[polls.length - 1].at);
  if (longestGapMs > maxGapMs)
    throw new E2eFailure(`${what}: ${longestGapMs} ms between two REST polls (at most ${maxGapMs}): the polls did not cover the change`);
  const silent = polls.filter((p) => p.http !== 200);
  if (mustAnswer && silent.length)
    throw new E2eFailure(
      `${what}: the REST API must answer at every poll; ${silent.length} of ${polls.length} got no 200 from any worker (first at +${(silent[0].at / 1000).toFixed(1)} s: ${silent[0].http || 'no answer'})`,
    );
  let longestNotRunningMs = 0;
  let since: number | undefined;
  for (const p of polls) {
    if (p.http === 200 && !pollRunning(p)) since ??= p.at;
    else since = undefined;
    if (since !== undefined) longestNotRunningMs = Math.max(longestNotRunningMs, p.at - since);
  }
  return {
    polls: polls.length,
    answered: polls.length - silent.length,
    longestGapMs,
    running: polls.filter(pollRunning).length,
    longestNotRunningMs,
  };
}

/** A poll of the connector's status and stored config while something behind the stack's back is set right. */
export interface RestorePoll extends StatusPoll {
  /** The stored config (GET /connectors/<name>/config) differs from the declared one. */
  readonly configDiffers?: boolean;
  /** GET /connectors/<name>/config answered 404 (the connector deleted) while its status was still answered. */
  readonly configMissing?: boolean;
}

/** The poll shows the connector deleted: no status, or (while its last status is still listed) no config. */
export const deletedPoll = (p: RestorePoll): boolean => p.http === 404 || p.configMissing === true;

/** The poll shows the connector as declared: RUNNING, every task RUNNING, the declared config stored. */
export const runningAsDeclared = (p: RestorePoll): boolean => pollRunning(p) && p.configDiffers === false;

/**
 * Polls taken from a change made behind the stack's back (at 0) show that change (`disrupted`: a 404, a PAUSED
 * connector, a FAILED task, a stored config that differs), then the connector back as declared (RUNNING, every
 * task RUNNING, the declared config) within `boundMs`, and still so at the last poll. Returns when it was back.
 */
export function checkRestored(
  what: string,
  polls: readonly RestorePoll[],
  disrupted: (p: RestorePoll) => boolean,
  boundMs: number,
): number {
  const show = (p: RestorePoll) =>
    `${p.http}${p.connector ? ` (connector ${p.connector}, tasks ${p.tasks?.join(',') || 'none'}${p.configDiffers ? ', config differs' : ''}${p.configMissing ? ', config 404' : ''})` : ''}`;
  const seen = polls.findIndex(disrupted);
  if (seen < 0)
    throw new E2eFailure(
      `${what}: no poll of ${polls.length} saw the change, so its restoration proves nothing; the polls answered ${[...new Set(polls.map(show))].join(' / ')}`,
    );
  const back = polls.findIndex((p, i) => i > seen && runningAsDeclared(p));
  if (back < 0)
    throw new E2eFailure(
      `${what}: not RUNNING as declared again within ${(polls[polls.length - 1]?.at ?? 0) / 1000} s; last poll answered ${show(polls[polls.length - 1])}`,
    );
  if (polls[back].at > boundMs)
    throw new E2eFailure(
      `${what}: RUNNING as declared again only after ${(polls[back].at / 1000).toFixed(1)} s, beyond the bound of ${boundMs / 1000} s`,
    );
  const last = polls[polls.length - 1];
  if (!runningAsDeclared(last))
    throw new E2eFailure(`${what}: back at +${(polls[back].at / 1000).toFixed(1)} s, but the last poll answered ${show(last)}`);
  return polls[back].at;
}

/** A pod of a controller (the sentinel's Job), as the API server lists it. */
export interface ControlledPod {
  readonly name: string;
  readonly uid: string;
  /** Its creationTimestamp, in ms. */
  readonly created: number;
  readonly deleting: boolean;
  /** `Pending`, `Running`, `Succeeded`, `Failed`. */
  readonly phase: string;
  readonly ready: boolean;
}

/**
 * The pod that took over from the stopped one (`stoppedUid`): the newest pod that is not the stopped one, not being
 * deleted and not finished, and ready. Otherwise why there is none yet.
 */
export function successorPod(
  pods: readonly ControlledPod[],
  stoppedUid: string,
): { ok: true; value: ControlledPod } | { ok: false; why: string } {
  const live = pods
    .filter((p) => p.uid !== stoppedUid && !p.deleting && !['Succeeded', 'Failed'].includes(p.phase))
    .sort((a, b) => b.created - a.created);
  if (live.length === 0)
    return { ok: false, why: pods.some((p) => p.uid === stoppedUid) ? 'only the stopped pod' : 'no pod that is not stopping or finished' };
  return live[0].ready ? { ok: true, value: live[0] } : { ok: false, why: `${live[0].name} not ready` };
}

/** Why GET /connectors's answer `list` does not show `name` deleted, or undefined when it does. */
export function connectorListedProblem(list: unknown, name: string): string | undefined {
  if (!Array.isArray(list)) return `GET /connectors answered ${JSON.stringify(list)}, not a list`;
  return list.includes(name) ? `GET /connectors still lists ${name}: ${JSON.stringify(list)}` : undefined;
}

// ------------------------------------------------------------------ plan

/** One entry of `tofu show -json <plan>` `.resource_changes`. */
export interface ResourceChange {
  address: string;
  type: string;
  change: {
    actions: string[];
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    after_unknown?: Record<string, unknown> | null;
  };
}

/** In-place drift that is known and allowed (with the reason printed), e.g. a library bug awaiting its fix. */
export interface Tolerance {
  /** The update may change only these attributes. */
  readonly attributes: readonly string[];
  readonly reason: string;
}

export interface PlanCheck {
  readonly replaced: string[];
  /** `address: attr, attr` of tolerated in-place updates. */
  readonly tolerated: string[];
}

/** Top-level attributes an update changes: differing before/after values, and values only known after apply. */
export function changedAttributes(c: ResourceChange): string[] {
  const before = c.change.before ?? {};
  const after = c.change.after ?? {};
  const unknown = c.change.after_unknown ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out = new Set<string>();
  for (const k of keys) if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null) && !unknown[k]) out.add(k);
  for (const [k, v] of Object.entries(unknown)) if (v === true && !(k in after && after[k] === before[k])) out.add(k);
  return [...out].sort();
}

/** How a change is expected to reach a resource: replaced (delete + create) or updated in place. */
export type ChangeAction = 'replace' | 'update';

function classify(
  changes: readonly ResourceChange[],
  expected: (c: ResourceChange) => boolean,
  tolerances: readonly Tolerance[],
  action: ChangeAction = 'replace',
) {
  const replaced: string[] = [];
  const tolerated: string[] = [];
  const other: string[] = [];
  for (const c of changes) {
    const a = c.change?.actions ?? [];
    if (a.length === 1 && (a[0] === 'no-op' || a[0] === 'read')) continue;
    // A replacement, or the creation of one whose old object the refresh found gone: docker provider 3.6.2 removes
    // a stopped container with must_run while refreshing, so the worker the scenario stopped is planned as a create.
    const isReplace = (a.includes('delete') && a.includes('create')) || (a.length === 1 && a[0] === 'create');
    const isUpdate = a.length === 1 && a[0] === 'update';
    if ((action === 'replace' ? isReplace : isUpdate) && expected(c)) {
      replaced.push(c.address);
      continue;
    }
    if (a.length === 1 && a[0] === 'update') {
      const attrs = changedAttributes(c);
      if (attrs.length && tolerances.some((t) => attrs.every((x) => t.attributes.includes(x)))) {
        tolerated.push(`${c.address}: ${attrs.join(', ')}`);
        continue;
      }
      other.push(`${c.address} (update: ${attrs.join(', ') || '?'})`);
      continue;
    }
    other.push(`${c.address} (${a.join(',')})`);
  }
  return { replaced, tolerated, other };
}

/**
 * Checks that a plan replaces exactly the resources `expected` lets through (and at least one), and changes,
 * creates or deletes nothing else (in-place updates of tolerated attributes only excepted).
 */
export function checkPlanReplacesOnly(
  changes: readonly ResourceChange[],
  expected: (c: ResourceChange) => boolean,
  what: string,
  tolerances: readonly Tolerance[] = [],
): PlanCheck {
  return checkPlanChangesOnly(changes, expected, 'replace', what, tolerances);
}

/**
 * Checks that a plan changes exactly the resources `expected` lets through (and at least one), each the way
 * `action` says, and changes, creates or deletes nothing else (tolerated in-place updates excepted).
 */
export function checkPlanChangesOnly(
  changes: readonly ResourceChange[],
  expected: (c: ResourceChange) => boolean,
  action: ChangeAction,
  what: string,
  tolerances: readonly Tolerance[] = [],
): PlanCheck {
  const { replaced, tolerated, other } = classify(changes, expected, tolerances, action);
  const verb = action === 'replace' ? 'replace' : 'update in place';
  if (other.length || replaced.length === 0) {
    throw new E2eFailure(
      `${what}: the plan must ${verb} only ${replaced.length ? 'the expected resources' : 'the expected resources, and at least one'}; ` +
        `${action === 'replace' ? 'replaces' : 'updates'} ${replaced.length ? replaced.join(', ') : 'nothing expected'}${other.length ? `; also changes ${other.join(', ')}` : ''}`,
    );
  }
  return { replaced, tolerated };
}

/** Checks that a plan changes nothing (tolerated in-place updates excepted): the apply converged. */
export function checkPlanEmpty(changes: readonly ResourceChange[], what: string, tolerances: readonly Tolerance[] = []): PlanCheck {
  const { replaced, tolerated, other } = classify(changes, () => false, tolerances);
  if (other.length) throw new E2eFailure(`${what}: the plan right after apply must be empty; it changes ${other.join(', ')}`);
  return { replaced, tolerated };
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

// ------------------------------------------------------------------ a refused connector setting

/** One error of Connect's validation answer (`PUT /connector-plugins/{class}/config/validate`). */
export interface ValidationError {
  field: string;
  message: string;
}

/** Every error of a validation answer, field by field. */
export function validationErrors(answer: unknown): ValidationError[] {
  const configs = (answer as { configs?: { value?: { name?: string; errors?: string[] } }[] })?.configs;
  if (!Array.isArray(configs)) throw new E2eFailure(`not a validation answer: ${clip(JSON.stringify(answer))}`);
  return configs.flatMap((c) => (c.value?.errors ?? []).map((message) => ({ field: c.value?.name ?? '?', message })));
}

/** Text as tofu prints it, and as it is searched: box-drawing margins gone, every run of whitespace (its wrapping) one space. */
export function flatText(s: string): string {
  return s.replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');
}

/** Key order of a config's JSON is not the API's contract. */
function sortedJson(o: unknown): string {
  if (o === undefined || o === null) return 'none';
  return typeof o === 'object'
    ? JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))))
    : JSON.stringify(o);
}

/**
 * Why a `tofu apply` (or plan) of a connector setting Connect refuses did not fail the way it must, or undefined:
 * it must fail; its own output must name the connector and each field with Connect's message (`expected`: what
 * Connect's validation answers for that config); the running connector keeps its config and stays RUNNING.
 */
export function refusedApplyProblem(o: {
  connector: string;
  exitCode: number | null;
  output: string;
  expected: readonly ValidationError[];
  before: Record<string, string>;
  after: Record<string, string> | undefined;
  status: ConnectorStatus | undefined;
}): string | undefined {
  if (o.expected.length === 0) return "Connect's own validation finds no error in the wrong setting: the check would prove nothing";
  if (o.exitCode === 0) return 'it succeeded';
  const out = flatText(o.output);
  const missing = [`connector "${o.connector}" was not applied`, ...o.expected.map((e) => `${e.field}: ${e.message}`)].filter(
    (want) => !out.includes(flatText(want)),
  );
  if (missing.length)
    return `its output does not name ${missing.map((m) => JSON.stringify(m)).join(', ')}:\n${o.output.trim().split('\n').slice(-15).join('\n')}`;
  if (sortedJson(o.after) !== sortedJson(o.before))
    return `the connector's config changed: before ${clip(sortedJson(o.before))}, after ${clip(sortedJson(o.after))}`;
  const why = statusProblem(o.status, o.connector);
  if (why) return `the connector is no longer RUNNING: ${why}`;
  return undefined;
}

/** What the run saw of its secured Kafka from outside: plain-text probes of each listener, a wrong SCRAM password. */
export interface SecuredKafkaAccess {
  /** A plain-text ApiVersions request got a Kafka answer on the SASL_SSL listener. */
  readonly plainTextOnSasl: boolean;
  /** … on the SSL listener that requires client certificates. */
  readonly plainTextOnMtls: boolean;
  /** … on the controller listener, which is plain text: the probe's positive control. */
  readonly plainTextOnControl: boolean;
  /** Exit code and output of a Kafka tool given the Connect user with a wrong password. */
  readonly wrongPassword: { readonly code: number; readonly output: string };
}

/** Why the secured Kafka's listeners are not shown to refuse plain text and a wrong password, or undefined. */
export function securedKafkaAccessProblem(a: SecuredKafkaAccess): string | undefined {
  if (!a.plainTextOnControl)
    return 'the plain-text probe got no answer from the plain-text controller listener either: it cannot tell a refusal from a broken probe';
  if (a.plainTextOnSasl) return 'the SASL_SSL listener answered a plain-text ApiVersions request';
  if (a.plainTextOnMtls) return 'the SSL listener answered a plain-text ApiVersions request';
  if (a.wrongPassword.code === 0) return 'a wrong SCRAM password for the Connect user was accepted';
  if (!/SaslAuthenticationException|Authentication failed/.test(a.wrongPassword.output))
    return `a wrong SCRAM password failed, but not for its authentication: ${flatText(a.wrongPassword.output).slice(-300)}`;
  return undefined;
}

/** Why `listing` (kafka-topics --list) lacks one of `expected`, or undefined. */
export function topicsListedProblem(listing: string, expected: readonly string[]): string | undefined {
  const listed = new Set(listing.split('\n').map((l) => l.trim()));
  const missing = expected.filter((t) => !listed.has(t));
  return missing.length
    ? `topic(s) ${missing.join(', ')} not listed (listed: ${[...listed].filter(Boolean).join(', ') || 'none'})`
    : undefined;
}

/** Why a plan does not only create (or only delete, with `action`) resources `expected` lets through, or undefined. */
export function planOnlyProblem(
  changes: readonly ResourceChange[],
  expected: (address: string) => boolean,
  action: 'create' | 'delete',
): string | undefined {
  const changed = changes.filter((c) => !(c.change.actions.length === 1 && ['no-op', 'read'].includes(c.change.actions[0])));
  const other = changed.filter((c) => !(expected(c.address) && c.change.actions.length === 1 && c.change.actions[0] === action));
  if (changed.length === 0) return `the plan ${action}s nothing`;
  if (other.length)
    return `the plan must only ${action} the expected resources; it also changes ${other.map((c) => `${c.address} (${c.change.actions.join(',')})`).join(', ')}`;
  return undefined;
}

/** A node as it runs: its container's or pod's id, when it started, how often its runtime restarted it. */
export interface NodeIdentity {
  readonly id: string;
  readonly startedAt: string;
  readonly restarts: number;
}

/** The nodes replaced or restarted between two looks (restartedNodes); empty when every one is the same, running since. */
export function restartedNodes(
  before: Readonly<Record<string, NodeIdentity | undefined>>,
  after: Readonly<Record<string, NodeIdentity | undefined>>,
): string[] {
  const problems: string[] = [];
  for (const [name, was] of Object.entries(before)) {
    const now = after[name];
    if (!was) problems.push(`${name} was not running before`);
    else if (!now) problems.push(`${name} is gone`);
    else if (now.id !== was.id) problems.push(`${name} was replaced (${was.id.slice(0, 12)} → ${now.id.slice(0, 12)})`);
    else if (now.startedAt !== was.startedAt || now.restarts !== was.restarts)
      problems.push(`${name} was restarted (started ${was.startedAt} → ${now.startedAt}, restarts ${was.restarts} → ${now.restarts})`);
  }
  if (Object.keys(before).length === 0) problems.push('no node was looked at');
  return problems;
}

/**
 * A plan for a change of loggers' levels: each loggers task named (its construct id: `LoggersTask`,
 * `BrokerLoggersTask`) replaced, the levels files changed (on Kubernetes the ConfigMaps updated in place, on Docker
 * the containers that write them replaced), nothing else changed.
 * Undefined when it is so.
 */
export function loggerPlanProblem(changes: readonly ResourceChange[], tasks: readonly string[]): string | undefined {
  const changed = changes.filter((c) => !(c.change.actions.length === 1 && ['no-op', 'read'].includes(c.change.actions[0])));
  const of = (id: string) => (c: ResourceChange) => new RegExp(`[._]${id}_`).test(c.address);
  const task = (c: ResourceChange) => tasks.some((id) => of(id)(c));
  // The levels file: a ConfigMap updated in place (Kubernetes), or the container that writes it replaced (Docker).
  const replaced = (c: ResourceChange) => c.change.actions.includes('create') && c.change.actions.includes('delete');
  const file = (c: ResourceChange) =>
    /(ConnectWorkers|Brokers)_loggers/.test(c.address) && (c.change.actions.join(',') === 'update' || replaced(c));
  const notReplaced = tasks.filter(
    (id) => !changed.some((c) => of(id)(c) && c.change.actions.includes('create') && c.change.actions.includes('delete')),
  );
  const other = changed.filter((c) => !task(c) && !file(c));
  if (notReplaced.length) return `the plan does not replace ${notReplaced.join(', ')}`;
  if (other.length) return `the plan also changes ${other.map((c) => `${c.address} (${c.change.actions.join(',')})`).join(', ')}`;
  return undefined;
}

/** A logger's level in the answer of `kafka-configs.sh --describe --entity-type broker-loggers` (undefined: not listed). */
export function brokerLoggerLevel(describe: string, logger: string): string | undefined {
  const escaped = logger.replace(/[.$]/g, (c) => `\\${c}`);
  return new RegExp(`^\\s*${escaped}=([A-Z]+)(\\s|$)`, 'm').exec(describe)?.[1];
}

/**
 * Each broker's output since a point: where `expected`, a line matching `line` in every one; where not, in none.
 * The problems, empty when it is so.
 */
export function logLineProblems(logs: Record<string, string>, line: RegExp, expected: boolean): string[] {
  const problems = Object.entries(logs).flatMap(([node, text]) => {
    const found = text.split('\n').find((l) => line.test(l));
    if (expected && !found) return [`${node} printed no line matching ${line} (${text.split('\n').length - 1} lines)`];
    if (!expected && found) return [`${node} printed ${JSON.stringify(found.slice(0, 200))}`];
    return [];
  });
  return Object.keys(logs).length === 0 ? ['no node was looked at'] : problems;
}

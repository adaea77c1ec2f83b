// Proves the e2e's checks can fail: each helper is fed a stream or document with a known defect and must reject
// it (and accept the intact one). Jest-free; run first by scripts/e2e.sh, alone with `scripts/e2e.sh --self-test`.
import {
  assertEvents,
  checkFinalRead,
  deletedPoll,
  restAvailability,
  StatusPoll,
  failoverProblem,
  killedWorkerProblem,
  policyMatrixProblems,
  listeningPorts,
  restartedAfterKillProblem,
  metaPropertiesNodeId,
  parseQuorumStatus,
  WrittenRange,
  ChangeEvent,
  checkPlanEmpty,
  checkKeptRunning,
  checkRestored,
  readOnlyWorkersProblem,
  RestAccess,
  restAccessProblem,
  renewedCertificateProblem,
  planOnlyProblem,
  SecuredKafkaAccess,
  securedKafkaAccessProblem,
  topicsListedProblem,
  WorkerRootfs,
  connectorListedProblem,
  ControlledPod,
  successorPod,
  RestorePoll,
  checkPlanChangesOnly,
  checkPlanReplacesOnly,
  ConnectorStatus,
  E2eFailure,
  healthStartIntervalProblem,
  parseConsumerLine,
  refusedApplyProblem,
  ResourceChange,
  statusProblem,
  taskWorkerPort,
  validationErrors,
  loggerPlanProblem,
  brokerLoggerLevel,
  logLineProblems,
  restartedNodes,
} from './assertions';
import * as http from 'http';
import { AddressInfo } from 'net';
import { metricsProblems, readmeAlertMetrics } from './metrics';
import { workersReady } from './scenario';
import { startUpServices, startUpTable } from './readiness';
import { streamProfile } from './streams';

let passed = 0;
const failures: string[] = [];

function check(name: string, fn: () => void): void {
  try {
    fn();
    passed++;
  } catch (e) {
    failures.push(`${name}: ${(e as Error).message}`);
  }
}

/** `fn` must throw an E2eFailure whose message matches `re`. */
function rejects(name: string, re: RegExp, fn: () => unknown): void {
  check(name, () => {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    if (caught === undefined) throw new Error('was ACCEPTED: the check cannot catch this defect');
    if (!(caught instanceof E2eFailure)) throw new Error(`threw ${(caught as Error).name}, not E2eFailure: ${(caught as Error).message}`);
    if (!re.test(caught.message)) throw new Error(`rejected, but the message does not match ${re}: ${caught.message}`);
  });
}

// A record as kafka-console-consumer prints it for a Debezium topic with the JSON converter (schemas on).
function line(id: number, op = 'c'): string {
  const key = {
    schema: { type: 'struct', fields: [{ type: 'int32', optional: false, field: 'id' }], optional: false, name: 'e2e.public.items.Key' },
    payload: { id },
  };
  const value = {
    schema: { type: 'struct', fields: [], optional: false, name: 'e2e.public.items.Envelope', version: 2 },
    payload: { before: null, after: { id, note: `row ${id}` }, source: { connector: 'postgresql', table: 'items' }, op, ts_ms: 1 },
  };
  return `${JSON.stringify(key)}\t${JSON.stringify(value)}`;
}
const stream = (ids: number[]) => ids.map((id) => line(id));
const parse = (lines: string[]) => lines.map((l) => parseConsumerLine(l)).filter((e): e is ChangeEvent => e !== undefined);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

// ---- events
check('an intact stream of 1..1000 is accepted', () => {
  const c = assertEvents('intact', parse(stream(range(1, 1000))), 1, 1000);
  if (c.distinct !== 1000) throw new Error(`distinct ${c.distinct}`);
});
check('an intact stream in any order is accepted', () => {
  assertEvents('shuffled', parse(stream(range(1, 1000).reverse())), 1, 1000);
});
rejects('a stream with a dropped row is rejected', /1 row\(s\) missing \(ids 500\)/, () =>
  assertEvents('dropped', parse(stream(range(1, 1000).filter((i) => i !== 500))), 1, 1000),
);
rejects('a stream with a duplicated key is rejected', /1 key\(s\) duplicated \(id 7 ×2\)/, () =>
  assertEvents('dup', parse(stream([...range(1, 1000), 7])), 1, 1000),
);
rejects('a stream with a dropped row AND a duplicated key reports both', /missing \(ids 1000\).*duplicated \(id 1 ×2\)/, () =>
  assertEvents('both', parse(stream([1, ...range(1, 999)])), 1, 1000),
);
check('duplicates are tolerated only when asked (at-least-once after a failover)', () => {
  assertEvents('dup-allowed', parse(stream([...range(1, 10), 3])), 1, 10, { allowDuplicates: true });
});
rejects('duplicates tolerated still do not hide a missing row', /missing \(ids 10\)/, () =>
  assertEvents('dup-allowed-missing', parse(stream([...range(1, 9), 3])), 1, 10, { allowDuplicates: true }),
);
rejects('an event for a row never inserted is rejected', /never inserted \(1001\)/, () =>
  assertEvents('extra', parse(stream(range(1, 1001))), 1, 1000),
);
rejects('an update instead of an insert is rejected', /not inserts \(id 2 op u\)/, () =>
  assertEvents('update', parse([...stream([1, 3]), line(2, 'u')]), 1, 3),
);
rejects('an empty stream is rejected', /1000 row\(s\) missing \(ids 1-1000\)/, () => assertEvents('empty', [], 1, 1000));

// ---- controller failover: the quorum read back, the stopped node's id from its own storage
const QUORUM_TEXT = (leader: number, voters: number[]) =>
  [
    'ClusterId:              e2e-cluster',
    `LeaderId:               ${leader}`,
    'LeaderEpoch:            7',
    `CurrentVoters:          [${voters.map((v) => `{"id": ${v}, "directoryId": "AAAA", "endpoints": ["CONTROLLER://127.0.0.1:1909${v - 1000}"]}`).join(', ')}]`,
    'CurrentObservers:       [{"id": 1, "directoryId": "BBBB"}]',
  ].join('\n');
check('the quorum is read back with its leader and every voter id', () => {
  const q = parseQuorumStatus(QUORUM_TEXT(1002, [1003, 1001, 1002]));
  if (q.leader !== 1002 || q.voters.join(',') !== '1001,1002,1003') throw new Error(JSON.stringify(q));
  if (parseQuorumStatus('LeaderId: 3\nCurrentVoters: [1,2,3]').voters.length !== 3) throw new Error('plain id list');
});
rejects('a quorum answer without voters is rejected', /cannot read the quorum/, () => parseQuorumStatus('LeaderId: 1001\n'));
rejects('a meta.properties without node.id is rejected', /kafka-controller-2: expected one node.id/, () =>
  metaPropertiesNodeId('kafka-controller-2', 'version=1\ncluster.id=x\n'),
);
check("a node's id is read from its meta.properties", () => {
  if (metaPropertiesNodeId('kafka-controller-2', 'version=1\nnode.id=1002\ncluster.id=x\n') !== 1002) throw new Error('not 1002');
  // A ZooKeeper-mode broker's.
  if (metaPropertiesNodeId('kafka-1', '#\nbroker.id=1\nversion=0\ncluster.id=x\n') !== 1) throw new Error('not 1');
});
rejects(
  'a ZooKeeper-mode meta.properties with two broker ids is rejected',
  /kafka-1: expected one broker.id in its meta.properties, found 1, 2/,
  () => metaPropertiesNodeId('kafka-1', 'broker.id=1\nbroker.id=2\nversion=0\n'),
);
check('a worker killed by SIGKILL and still down is accepted', () => {
  const p = killedWorkerProblem('e2e-connect-1', { running: false, exitCode: 137 });
  if (p) throw new Error(p);
});
check('a killed worker restarted, a graceful stop, or a removed container are rejected', () => {
  const a = killedWorkerProblem('e2e-connect-1', { running: true, exitCode: 0 });
  if (!a?.includes('running again')) throw new Error(`running: ${a ?? 'ACCEPTED'}`);
  const b = killedWorkerProblem('e2e-connect-1', { running: false, exitCode: 143 });
  if (!b?.includes('exited with 143, not 137')) throw new Error(`SIGTERM: ${b ?? 'ACCEPTED'}`);
  const c = killedWorkerProblem('e2e-connect-1', undefined);
  if (!c?.includes('is gone')) throw new Error(`removed: ${c ?? 'ACCEPTED'}`);
});
const podBefore = { uid: 'u1', restarts: 0, claims: ['data-e2e-connect-1'] };
check('a killed worker container restarted in its pod, exit 137, claims kept, is accepted', () => {
  const p = restartedAfterKillProblem('e2e-connect-1', podBefore, {
    uid: 'u1',
    restarts: 1,
    lastExitCode: 137,
    claims: ['data-e2e-connect-1'],
  });
  if (p) throw new Error(p);
});
check('a new pod, no restart, a graceful end or lost claims after a kill are rejected', () => {
  const ok = { uid: 'u1', restarts: 1, lastExitCode: 137, claims: ['data-e2e-connect-1'] };
  const cases: [string, Partial<typeof ok>, string][] = [
    ['new pod', { uid: 'u2' }, 'is a new pod'],
    ['no restart', { restarts: 0 }, 'was not restarted'],
    ['SIGTERM', { lastExitCode: 143 }, 'last ended with 143, not 137'],
    ['claims', { claims: [] }, 'has the claims (none)'],
  ];
  for (const [what, change, expect] of cases) {
    const p = restartedAfterKillProblem('e2e-connect-1', podBefore, { ...ok, ...change });
    if (!p?.includes(expect)) throw new Error(`${what}: ${p ?? 'ACCEPTED'}`);
  }
});
check('the listening ports beyond loopback are read from /proc/net/tcp and tcp6', () => {
  const text = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 00000000:2384 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1001        0 1 1',
    '   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1001        0 2 1',
    '   2: 0A00000A:24B8 0A00000B:C350 01 00000000:00000000 00:00000000 00000000  1001        0 3 1',
    '  sl  local_address                         remote_address                        st tx_queue rx_queue',
    '   0: 00000000000000000000000000000000:1F93 00000000000000000000000000000000:0000 0A 00000000:00000000',
    '   1: 00000000000000000000000001000000:2710 00000000000000000000000000000000:0000 0A 00000000:00000000',
  ].join('\n');
  const ports = listeningPorts(text).join(',');
  // 9092 (any), 8083 (any, IPv6); not 8080 (127.0.0.1), 9400 (an established connection), 10000 (::1).
  if (ports !== '8083,9092') throw new Error(`read ${ports}`);
});
// ---- the NetworkPolicy matrix: an open port, a closed path, a refusal without its positive control
const CELLS = [
  { from: 'e2e-outsider', to: 'kafka-0', port: 9092, admitted: false },
  { from: 'connect-0', to: 'kafka-0', port: 9092, admitted: true },
  { from: 'e2e-outsider', to: 'connect-0', port: 8083, admitted: false },
  { from: 'connect-1', to: 'connect-0', port: 8083, admitted: true },
];
const asProbed = (connected: (c: (typeof CELLS)[number]) => boolean) => CELLS.map((c) => ({ ...c, connected: connected(c) }));
check('a NetworkPolicy matrix as the policies say, each refusal with its positive control, is accepted', () => {
  const p = policyMatrixProblems(
    CELLS,
    asProbed((c) => c.admitted),
  );
  if (p.length) throw new Error(p.join('; '));
});
check('a NetworkPolicy matrix with an open port is rejected', () => {
  const p = policyMatrixProblems(
    CELLS,
    asProbed((c) => c.admitted || c.to === 'connect-0'),
  );
  if (!p.some((x) => x.includes('e2e-outsider → connect-0:8083: reached, though no policy admits it')))
    throw new Error(p.join('; ') || 'ACCEPTED');
});
check('a NetworkPolicy matrix with a path the cluster needs closed is rejected', () => {
  const p = policyMatrixProblems(
    CELLS,
    asProbed((c) => c.admitted && c.from !== 'connect-0'),
  );
  if (!p.some((x) => x.includes('connect-0 → kafka-0:9092: refused, though the policies admit it')))
    throw new Error(p.join('; ') || 'ACCEPTED');
  if (!p.some((x) => x.includes('kafka-0:9092: refused to some, reached by no admitted pod'))) throw new Error(p.join('; '));
});
check('a refusal with no admitted probe of the same address and port, or a cell not probed, is rejected', () => {
  const p = policyMatrixProblems(CELLS.slice(0, 1), asProbed((c) => c.admitted).slice(0, 1));
  if (!p.some((x) => x.includes('kafka-0:9092: refused to some, reached by no admitted pod (no positive control)')))
    throw new Error(p.join('; ') || 'ACCEPTED');
  const q = policyMatrixProblems(CELLS, asProbed((c) => c.admitted).slice(1));
  if (!q.some((x) => x.includes('e2e-outsider → kafka-0:9092: not probed'))) throw new Error(q.join('; ') || 'ACCEPTED');
});
const before = parseQuorumStatus(QUORUM_TEXT(1002, [1001, 1002, 1003]));
check('a failover to another voter, with the declared voters throughout, is accepted', () => {
  const p = failoverProblem(before, parseQuorumStatus(QUORUM_TEXT(1001, [1001, 1002, 1003])), 1002, [1001, 1002, 1003]);
  if (p) throw new Error(p);
});
check('an unchanged controller leader is rejected', () => {
  const p = failoverProblem(before, before, 1002, [1001, 1002, 1003]);
  if (!p?.includes('still led by the stopped node 1002')) throw new Error(`was ${p ?? 'ACCEPTED'}`);
});
check('voters other than the declared controllers are rejected', () => {
  const p = failoverProblem(before, parseQuorumStatus(QUORUM_TEXT(1001, [1001, 1003])), 1002, [1001, 1002, 1003]);
  if (!p?.includes('voters are 1001,1003')) throw new Error(`was ${p ?? 'ACCEPTED'}`);
  const q = failoverProblem(parseQuorumStatus(QUORUM_TEXT(1002, [1002])), before, 1002, [1001, 1002, 1003]);
  if (!q?.includes('before the stop the voters are 1002')) throw new Error(`was ${q ?? 'ACCEPTED'}`);
});
check('a stopped node that was not the leader is rejected (the wrong node stopped)', () => {
  const p = failoverProblem(before, parseQuorumStatus(QUORUM_TEXT(1001, [1001, 1002, 1003])), 1003, [1001, 1002, 1003]);
  if (!p?.includes('(id 1003) was not the leader')) throw new Error(`was ${p ?? 'ACCEPTED'}`);
});

// ---- REST availability during the rolling change: every 250 ms, an answer at each, enough polls
const RUNNING_POLL = { http: 200, connector: 'RUNNING', tasks: ['RUNNING'] };
const everyQuarter = (n: number, f: (i: number) => Partial<StatusPoll> = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ ...RUNNING_POLL, at: i * 250, ...f(i) }));
check('polls every 250 ms, each answered, are accepted and measured (a task moving is reported, not refused)', () => {
  const a = restAvailability(
    'roll',
    everyQuarter(40, (i) => (i >= 8 && i < 16 ? { tasks: ['UNASSIGNED'] } : {})),
    10_000,
    1500,
    true,
  );
  if (a.polls !== 40 || a.answered !== 40 || a.running !== 32 || a.longestGapMs !== 250 || a.longestNotRunningMs !== 1750)
    throw new Error(JSON.stringify(a));
});
rejects('a poll no worker answered is rejected where the REST API must answer throughout', /1 of 40 got no 200 .*\+2\.5 s/, () =>
  restAvailability(
    'roll',
    everyQuarter(40, (i) => (i === 10 ? { http: 0, connector: undefined, tasks: undefined } : {})),
    10_000,
    1500,
    true,
  ),
);
check('a poll no worker answered is measured where the target replaces the workers', () => {
  const a = restAvailability(
    'roll',
    everyQuarter(40, (i) => (i === 10 ? { http: 0 } : {})),
    10_000,
    1500,
    false,
  );
  if (a.answered !== 39) throw new Error(JSON.stringify(a));
});
rejects('too few polls for the window are rejected', /only 5 REST polls in 10\.0 s/, () =>
  restAvailability('roll', everyQuarter(5), 10_000, 1500, true),
);
rejects('a gap between polls longer than allowed is rejected', /2250 ms between two REST polls/, () =>
  restAvailability('roll', [...everyQuarter(20), ...everyQuarter(20).map((p) => ({ ...p, at: p.at + 7000 }))], 12_000, 1500, true),
);
rejects('polls that stop before the window ends are rejected', /ms between two REST polls/, () =>
  restAvailability('roll', everyQuarter(40), 12_000, 1500, true),
);

// ---- the final read: the whole topic against every range written, unfiltered
const WRITTEN: WrittenRange[] = [
  { label: 'batch A', from: 1, to: 10, exactlyOnce: false },
  { label: 'batch B', from: 11, to: 20, exactlyOnce: true },
  { label: 'batch C', from: 21, to: 25, exactlyOnce: false },
];
check('the final read accepts every row once, and reports duplicates of at-least-once ranges per range', () => {
  const r = checkFinalRead(parse(stream([...range(1, 25), 3, 3, 22])), WRITTEN);
  const want = [
    { label: 'batch A', keys: 1, extra: 2 },
    { label: 'batch C', keys: 1, extra: 1 },
  ];
  if (r.distinct !== 25 || r.events !== 28 || JSON.stringify(r.duplicates) !== JSON.stringify(want)) throw new Error(JSON.stringify(r));
});
rejects(
  'the final read rejects a duplicate in an exactly-once range, naming the range',
  /batch B, exactly once: 1 key\(s\) duplicated \(id 15 ×2\)/,
  () => checkFinalRead(parse(stream([...range(1, 25), 15])), WRITTEN),
);
rejects(
  'the final read rejects a row lost from an at-least-once range, duplicates there or not',
  /batch A: 1 row\(s\) missing \(ids 4\)/,
  () => checkFinalRead(parse(stream([...range(1, 25).filter((i) => i !== 4), 3])), WRITTEN),
);
rejects('the final read rejects an event for an id no range wrote (not filtered away)', /never inserted \(26\)/, () =>
  checkFinalRead(parse(stream(range(1, 26))), WRITTEN),
);
rejects('the final read rejects an update among the events', /not inserts \(id 5 op u\)/, () =>
  checkFinalRead(parse([...stream(range(1, 25)), line(5, 'u')]), WRITTEN),
);
rejects(
  'the final read rejects a lost last range (the steps after the last check count too)',
  /batch C: 5 row\(s\) missing \(ids 21-25\)/,
  () => checkFinalRead(parse(stream(range(1, 20))), WRITTEN),
);
rejects("the final read rejects overlapping records of what was written (the run's own mistake)", /overlaps another/, () =>
  checkFinalRead(parse(stream(range(1, 25))), [...WRITTEN, { label: 'again', from: 20, to: 30, exactlyOnce: true }]),
);
rejects('a line without a key separator is rejected', /no key separator/, () => parseConsumerLine('{"id":1}'));
rejects('a key without an id is rejected', /no integer key "id"/, () =>
  parseConsumerLine(`{"payload":{"x":1}}\t{"op":"c","after":{"id":1}}`),
);
rejects('a value that is not JSON is rejected', /value that is not JSON/, () => parseConsumerLine(`{"id":1}\tnot-json`));
rejects('a value whose after.id differs from the key is rejected', /after.id=2/, () =>
  parseConsumerLine(`{"id":1}\t{"op":"c","after":{"id":2}}`),
);
check('schemaless records and tombstones are understood', () => {
  const e = parseConsumerLine(`{"id":4}\t{"op":"c","after":{"id":4}}`);
  const t = parseConsumerLine(`{"id":4}\tnull`);
  if (e?.id !== 4 || e.op !== 'c' || t?.op !== 'tombstone') throw new Error(JSON.stringify({ e, t }));
});

// ---- connector status
const running: ConnectorStatus = {
  name: 'e2e-postgres',
  connector: { state: 'RUNNING', worker_id: '127.0.0.1:8083' },
  tasks: [{ id: 0, state: 'RUNNING', worker_id: '127.0.0.1:8084' }],
};
check('a RUNNING connector with a RUNNING task is accepted', () => {
  const p = statusProblem(running, 'e2e-postgres');
  if (p) throw new Error(p);
  if (taskWorkerPort(running) !== 8084) throw new Error(`port ${taskWorkerPort(running)}`);
});
check('a FAILED task is reported with its trace', () => {
  const p = statusProblem(
    {
      ...running,
      tasks: [
        { id: 0, state: 'FAILED', worker_id: '127.0.0.1:8083', trace: 'org.postgresql.util.PSQLException: password authentication failed' },
      ],
    },
    'e2e-postgres',
  );
  if (!p || !/task 0 is FAILED.*password authentication failed/.test(p)) throw new Error(`got ${p}`);
});
check('a connector without tasks is not RUNNING yet', () => {
  if (!statusProblem({ ...running, tasks: [] }, 'e2e-postgres')) throw new Error('accepted');
});
check('a PAUSED connector is not RUNNING', () => {
  if (!statusProblem({ ...running, connector: { state: 'PAUSED', worker_id: 'x' } }, 'e2e-postgres')) throw new Error('accepted');
});
check('the status of another connector is not accepted', () => {
  if (!statusProblem(running, 'other')) throw new Error('accepted');
});
rejects('a worker id without a port is rejected', /cannot tell which worker/, () =>
  taskWorkerPort({ ...running, tasks: [{ id: 0, state: 'RUNNING', worker_id: 'connect-1' }] }),
);

// ---- plan
const isWorker = (c: ResourceChange) => c.type === 'docker_container' && /ConnectWorkers_connect-\d+_container/.test(c.address);
const rc = (address: string, ...actions: string[]): ResourceChange => ({ address, type: address.split('.')[0], change: { actions } });
const workersOnly = [
  rc('docker_container.cluster_ConnectWorkers_connect-1_container_6B75BCFB', 'delete', 'create'),
  rc('docker_container.cluster_ConnectWorkers_connect-2_container_4341D0BF', 'delete', 'create'),
  rc('docker_container.cluster_Brokers_kafka-1_container_4FC2D284', 'no-op'),
  rc('docker_volume.cluster_Brokers_kafka-1_data_B23673B7', 'no-op'),
];
check('a plan replacing only the two workers is accepted', () => {
  const r = checkPlanReplacesOnly(workersOnly, isWorker, 'plan');
  if (r.replaced.length !== 2) throw new Error(JSON.stringify(r));
});
check('a plan that creates a worker whose stopped container the refresh removed is accepted as its replacement', () => {
  const r = checkPlanReplacesOnly(
    [workersOnly[0], rc('docker_container.cluster_ConnectWorkers_connect-2_container_4341D0BF', 'create')],
    isWorker,
    'plan',
  );
  if (r.replaced.length !== 2) throw new Error(JSON.stringify(r));
});
rejects(
  'a plan that creates anything else is rejected',
  /also changes docker_container.cluster_Brokers_kafka-1_container_4FC2D284 \(create\)/,
  () =>
    checkPlanReplacesOnly([...workersOnly, rc('docker_container.cluster_Brokers_kafka-1_container_4FC2D284', 'create')], isWorker, 'plan'),
);
rejects(
  'a plan that also replaces the broker is rejected',
  /also changes docker_container.cluster_Brokers_kafka-1_container_4FC2D284 \(delete,create\)/,
  () =>
    checkPlanReplacesOnly(
      [...workersOnly, rc('docker_container.cluster_Brokers_kafka-1_container_4FC2D284', 'delete', 'create')],
      isWorker,
      'plan',
    ),
);
rejects('a plan that deletes a volume is rejected', /docker_volume.cluster_Brokers_kafka-1_data_B23673B7 \(delete\)/, () =>
  checkPlanReplacesOnly([...workersOnly, rc('docker_volume.cluster_Brokers_kafka-1_data_B23673B7', 'delete')], isWorker, 'plan'),
);
rejects('a plan that updates a worker in place (no restart) is rejected', /connect-1_container_6B75BCFB \(update: \?\)/, () =>
  checkPlanReplacesOnly([rc('docker_container.cluster_ConnectWorkers_connect-1_container_6B75BCFB', 'update')], isWorker, 'plan'),
);
rejects('a plan that changes nothing is rejected', /at least one/, () =>
  checkPlanReplacesOnly([rc('docker_container.x', 'no-op')], isWorker, 'plan'),
);

// A rolling update: the workers' ConfigMap and StatefulSet change in place, nothing is replaced.
const isWorkerObject = (c: ResourceChange) => /ConnectWorkers_(config-map|stateful-set)_/.test(c.address);
const rolling = [
  rc('kubernetes_config_map_v1.cluster_ConnectWorkers_config-map_1A2B3C4D', 'update'),
  rc('kubernetes_stateful_set_v1.cluster_ConnectWorkers_stateful-set_5E6F7A8B', 'update'),
  rc('kubernetes_stateful_set_v1.cluster_Brokers_stateful-set_49177838', 'no-op'),
];
check('a plan updating only the workers in place is accepted as a rolling change', () => {
  const r = checkPlanChangesOnly(rolling, isWorkerObject, 'update', 'plan');
  if (r.replaced.length !== 2) throw new Error(JSON.stringify(r));
});
rejects(
  'a rolling change that replaces the workers instead is rejected',
  /must update in place only.*also changes .*stateful-set_5E6F7A8B \(delete,create\)/,
  () =>
    checkPlanChangesOnly(
      [rolling[0], rc('kubernetes_stateful_set_v1.cluster_ConnectWorkers_stateful-set_5E6F7A8B', 'delete', 'create')],
      isWorkerObject,
      'update',
      'plan',
    ),
);
rejects(
  'a rolling change that also updates the brokers is rejected',
  /also changes kubernetes_stateful_set_v1.cluster_Brokers_stateful-set_49177838 \(update: \?\)/,
  () =>
    checkPlanChangesOnly(
      [...rolling.slice(0, 2), rc('kubernetes_stateful_set_v1.cluster_Brokers_stateful-set_49177838', 'update')],
      isWorkerObject,
      'update',
      'plan',
    ),
);

const swap = { attributes: ['memory_swap'], reason: 'known drift' };
const drift = (address: string, before: Record<string, unknown>, after: Record<string, unknown>): ResourceChange => ({
  address,
  type: 'docker_container',
  change: { actions: ['update'], before, after, after_unknown: {} },
});
const swapDrift = drift(
  'docker_container.cluster_Brokers_kafka-1_container_4FC2D284',
  { memory: 1024, memory_swap: 2048, name: 'k' },
  { memory: 1024, memory_swap: null, name: 'k' },
);
check('a tolerated in-place drift (memory_swap only) is accepted and reported', () => {
  const r = checkPlanReplacesOnly([...workersOnly, swapDrift], isWorker, 'plan', [swap]);
  if (r.tolerated.length !== 1 || !/kafka-1.*memory_swap/.test(r.tolerated[0])) throw new Error(JSON.stringify(r));
});
rejects('the same drift without the tolerance is rejected', /kafka-1_container_4FC2D284 \(update: memory_swap\)/, () =>
  checkPlanReplacesOnly([...workersOnly, swapDrift], isWorker, 'plan'),
);
rejects('a drift beyond the tolerated attribute is rejected', /\(update: env, memory_swap\)/, () =>
  checkPlanReplacesOnly(
    [...workersOnly, drift('docker_container.k', { env: ['A=1'], memory_swap: 2048 }, { env: ['A=2'], memory_swap: null })],
    isWorker,
    'plan',
    [swap],
  ),
);
check('an empty plan after apply is accepted', () => {
  checkPlanEmpty([rc('docker_container.x', 'no-op'), rc('docker_volume.y', 'no-op')], 'idempotence');
});
rejects('a plan after apply that would replace a container is rejected', /must be empty.*docker_container.x \(delete,create\)/, () =>
  checkPlanEmpty([rc('docker_container.x', 'delete', 'create')], 'idempotence', [swap]),
);
rejects('a plan after apply with untolerated drift is rejected', /must be empty.*\(update: memory_swap\)/, () =>
  checkPlanEmpty([swapDrift], 'idempotence'),
);

// ---- the time-to-ready table: the critical path of own start-up times, and where a service's own time ends
{
  // Seconds after the apply start: [created, started, serving, ready]; zookeeper serves at 2 s, healthy at 10 s …
  const at: Record<string, (number | undefined)[]> = {
    'zookeeper-1': [1, 1.2, 3, 11],
    'kafka-1': [12, 12.2, 20, 27],
    topics: [28, 28.2, 30, 33],
    'connect-1': [28, 28.3, 45, 48],
    'connect-2': [28, 28.3, 50, 58],
    'connector-e2e-postgres-sentinel': [59, 59.2, 60, 64],
    'connector-e2e-postgres': [65, 65.2, undefined, 70],
  };
  const records = Object.entries(at).map(([service, [created, started, serving, ready]]) => ({
    service,
    created: created! * 1000,
    started: started! * 1000,
    serving: serving === undefined ? undefined : serving * 1000,
    ready: ready! * 1000,
  }));
  const table = startUpTable(startUpServices(streamProfile('3.1'), true), { records, resolutionMs: 1, bounds: [] }, 0, 71_000, 75_000);
  check('the time-to-ready critical path follows the slowest dependency by own start-up', () => {
    const want = ['zookeeper-1', 'kafka-1', 'connect-2', 'connector-e2e-postgres-sentinel', 'connector-e2e-postgres'];
    if (JSON.stringify(table.criticalPath) !== JSON.stringify(want)) throw new Error(JSON.stringify(table.criticalPath));
  });
  check('own start-up is started → serving, or started → ready where nothing saw it serve', () => {
    // 1.8 + 7.8 + 21.7 + 0.8 + 4.8 = 36.9 s; 71 s of apply is 1.92× that.
    if (Math.abs(table.ownSum! - 36_900) > 1 || Math.abs(table.ratio! - 71 / 36.9) > 1e-9)
      throw new Error(`${table.ownSum} ${table.ratio}`);
    if (!table.lines.some((l) => /^\| \* connect-2 +\| kafka-1 +\| +1\.3 \| +0\.3 \| +29\.7 \| +21\.7 \| +8\.0 \| +58\.0 \|$/.test(l)))
      throw new Error(table.lines.join('\n'));
  });
  // Where the apply task does not wait for its sentinel to be ready (a Job on Kubernetes), the sentinel's own
  // start-up is off the critical path: counting it would make the apply look closer to the services than it is.
  const notWaiting = startUpTable(
    startUpServices(streamProfile('3.1'), false),
    { records, resolutionMs: 1, bounds: [] },
    0,
    71_000,
    75_000,
  );
  check("where the apply does not wait for its sentinel's readiness, the sentinel is off the critical path", () => {
    const want = ['zookeeper-1', 'kafka-1', 'connect-2', 'connector-e2e-postgres'];
    if (JSON.stringify(notWaiting.criticalPath) !== JSON.stringify(want)) throw new Error(JSON.stringify(notWaiting.criticalPath));
  });
}

// ---- health checks read back from the engine: present, with the start interval the stack asked for
{
  const hc = (startInterval?: number) => ({ Test: ['CMD-SHELL', 'true'], ...(startInterval ? { StartInterval: startInterval } : {}) });
  const both = (a: object | null, b: object | null) => [
    { name: 'zookeeper-1', healthcheck: a },
    { name: 'kafka-1', healthcheck: b },
  ];
  check('health checks with the asked start interval are accepted', () => {
    const p = healthStartIntervalProblem(both(hc(1e9), hc(1e9)), 1) ?? healthStartIntervalProblem(both(hc(), hc()), 0);
    if (p) throw new Error(p);
  });
  const expectProblem = (name: string, re: RegExp, p: string | undefined) =>
    check(name, () => {
      if (!p) throw new Error('was ACCEPTED: the check cannot catch this defect');
      if (!re.test(p)) throw new Error(`rejected, but not as expected: ${p}`);
    });
  expectProblem(
    'a start interval the engine dropped is rejected',
    /kafka-1: start interval 0 s/,
    healthStartIntervalProblem(both(hc(1e9), hc()), 1),
  );
  expectProblem(
    'a start interval on an engine without them is rejected',
    /zookeeper-1: start interval 1 s/,
    healthStartIntervalProblem(both(hc(1e9), hc()), 0),
  );
  expectProblem(
    'a container without a health check is rejected',
    /kafka-1: no health check/,
    healthStartIntervalProblem(both(hc(), null), 0),
  );
  expectProblem('no container at all is rejected', /no container/, healthStartIntervalProblem([], 1));
}

// ---- a connector kept RUNNING while its sentinel is stopped: every poll, enough polls
{
  const running = (at: number) => ({ at, http: 200, connector: 'RUNNING', tasks: ['RUNNING'] });
  const polls = Array.from({ length: 60 }, (_, i) => running(i * 250));
  check('a connector RUNNING at 60 polls, 250 ms apart, is accepted', () => {
    if (checkKeptRunning('a pod deletion', polls, 40) !== 250) throw new Error('the longest gap must be 250 ms');
  });
  rejects('one poll answering 404 (the connector deleted) is rejected', /stay RUNNING throughout; at \+5\.0 s .* answered 404/, () =>
    checkKeptRunning('a pod deletion', [...polls.slice(0, 20), { at: 5000, http: 404 }, ...polls.slice(21)], 40),
  );
  rejects('one poll with a task restarting (UNASSIGNED) is rejected', /answered 200 \(connector RUNNING, tasks UNASSIGNED\)/, () =>
    checkKeptRunning('an eviction', [...polls.slice(0, 30), { at: 7500, http: 200, connector: 'RUNNING', tasks: ['UNASSIGNED'] }], 20),
  );
  rejects('a paused connector is rejected', /connector PAUSED/, () =>
    checkKeptRunning('an eviction', [{ at: 0, http: 200, connector: 'PAUSED', tasks: ['PAUSED'] }, ...polls], 40),
  );
  rejects('too few polls are rejected', /only 10 status polls/, () => checkKeptRunning('an eviction', polls.slice(0, 10), 40));
}

// ---- drift set back and failures restarted by the sentinel: the change seen, then RUNNING as declared in time
{
  const ok = (at: number): RestorePoll => ({ at, http: 200, connector: 'RUNNING', tasks: ['RUNNING'], configDiffers: false });
  const gone = (at: number): RestorePoll => ({ at, http: 404 });
  const polls = [gone(0), gone(500), ...Array.from({ length: 10 }, (_, i) => ok(12_000 + i * 500))];
  const is404 = (p: RestorePoll) => p.http === 404;
  check('a connector deleted, then RUNNING as declared 12 s later and after, is accepted', () => {
    if (checkRestored('DELETE behind the back', polls, is404, 60_000) !== 12_000) throw new Error('restored at 12 s');
  });
  rejects('a change no poll saw is rejected (nothing was proven)', /no poll of 10 saw the change/, () =>
    checkRestored('DELETE behind the back', polls.slice(2), is404, 60_000),
  );
  check('a deletion seen only as a missing config (its last status still listed), then restored, is accepted', () => {
    const lingering: RestorePoll[] = [{ ...ok(0), configDiffers: undefined, configMissing: true }, ...polls.slice(2)];
    if (checkRestored('DELETE behind the back', lingering, deletedPoll, 60_000) !== 12_000) throw new Error('restored at 12 s');
    if (deletedPoll(ok(0))) throw new Error('a poll of the declared connector taken for a deletion');
  });
  rejects('never RUNNING again is rejected', /not RUNNING as declared again/, () =>
    checkRestored('DELETE', polls.slice(0, 2), is404, 60_000),
  );
  rejects('back only after the bound is rejected', /only after 72\.0 s, beyond the bound of 60 s/, () =>
    checkRestored('DELETE', [gone(0), ok(72_000)], is404, 60_000),
  );
  rejects('RUNNING with the changed config still stored is not restored', /not RUNNING as declared again/, () =>
    checkRestored(
      'PUT behind the back',
      [
        { ...ok(0), configDiffers: true },
        { ...ok(5000), configDiffers: true },
      ],
      (p) => !!p.configDiffers,
      60_000,
    ),
  );
  rejects('a task FAILED again at the end is rejected', /but the last poll answered 200 \(connector RUNNING, tasks FAILED\)/, () =>
    checkRestored(
      'a task failed',
      [{ ...ok(0), tasks: ['FAILED'] }, ok(9000), { ...ok(9500), tasks: ['FAILED'] }],
      (p) => !!p.tasks?.includes('FAILED'),
      60_000,
    ),
  );
}

// ---- Docker Connect workers: read-only root filesystem, /tmp a tmpfs with exec
{
  const ro: WorkerRootfs = {
    name: 'cdc-e2e-connect-1',
    readonlyRootfs: true,
    tmpfs: { '/tmp': 'rw,exec,nosuid,nodev,size=256m' },
    writeProbe: { code: 1, output: "touch: cannot touch '/kafka/.write-probe': Read-only file system" },
  };
  check('read-only workers with an exec /tmp are accepted', () => {
    if (readOnlyWorkersProblem([ro, { ...ro, name: 'cdc-e2e-connect-2' }])) throw new Error('rejected');
  });
  const rejected = (name: string, re: RegExp, w: WorkerRootfs[]) =>
    check(name, () => {
      const p = readOnlyWorkersProblem(w);
      if (!p) throw new Error('was ACCEPTED: the check cannot catch this defect');
      if (!re.test(p)) throw new Error(`rejected, but not as expected: ${p}`);
    });
  rejected('a writable root filesystem is rejected', /writable root filesystem/, [ro, { ...ro, readonlyRootfs: false }]);
  rejected('a write that succeeds is rejected', /a write to \/kafka succeeded/, [{ ...ro, writeProbe: { code: 0, output: '' } }]);
  rejected('a write failing for another reason is rejected', /not as read-only/, [
    { ...ro, writeProbe: { code: 1, output: 'Permission denied' } },
  ]);
  rejected('/tmp without tmpfs is rejected', /\/tmp is not a tmpfs/, [{ ...ro, tmpfs: null }]);
  rejected('/tmp noexec is rejected', /without exec/, [{ ...ro, tmpfs: { '/tmp': 'rw,noexec' } }]);
  rejected('no worker at all is rejected', /no Connect worker/, []);
}

// ---- the REST API over HTTPS with client certificates: only the trusted client is answered
{
  const secured: RestAccess = {
    trusted: { status: 200, body: '{"version":"4.3.0","commit":"x","kafka_cluster_id":"y"}' },
    plainHttp: { status: 400, body: '<h1>Bad Message 400</h1><pre>reason: Illegal character</pre>' },
    noCertificate: { error: 'socket hang up' },
    untrustedCertificate: { error: 'write EPROTO ... alert certificate unknown' },
  };
  check('a REST API that answers only the trusted certificate is accepted', () => {
    const p = restAccessProblem(secured);
    if (p) throw new Error(`rejected: ${p}`);
  });
  const rejected = (name: string, re: RegExp, a: RestAccess) =>
    check(name, () => {
      const p = restAccessProblem(a);
      if (!p) throw new Error('was ACCEPTED: the check cannot catch this defect');
      if (!re.test(p)) throw new Error(`rejected, but not as expected: ${p}`);
    });
  const connect = secured.trusted;
  rejected('an API that answers plain HTTP is rejected', /http:\/\/ \(plain text\) was answered 200/, { ...secured, plainHttp: connect });
  rejected('an API that answers without a client certificate is rejected', /without a client certificate was answered 200/, {
    ...secured,
    noCertificate: connect,
  });
  rejected("an API that answers another CA's certificate is rejected", /another CA was answered 200/, {
    ...secured,
    untrustedCertificate: connect,
  });
  rejected('an API that redirects a client without a certificate is rejected', /was answered 302/, {
    ...secured,
    noCertificate: { status: 302, body: '' },
  });
  rejected('an API that does not answer the trusted client is rejected', /certificate the CA signed got connect ECONNREFUSED/, {
    ...secured,
    trusted: { error: 'connect ECONNREFUSED 127.0.0.1:8083' },
  });
  rejected('a probe that never ran is rejected', /no answer and no error recorded/, { ...secured, untrustedCertificate: {} });
}

// ---- a renewed REST certificate: every worker serves it after the roll
{
  const served = [
    { url: 'https://127.0.0.1:8083', serial: 'B2' },
    { url: 'https://127.0.0.1:8084', serial: 'B2' },
  ];
  check('workers serving the renewed certificate are accepted', () => {
    const p = renewedCertificateProblem(served, 'B2', 'A1');
    if (p) throw new Error(`rejected: ${p}`);
  });
  const rejected = (name: string, re: RegExp, p: string | undefined) =>
    check(name, () => {
      if (!p) throw new Error('was ACCEPTED: the check cannot catch this defect');
      if (!re.test(p)) throw new Error(`rejected, but not as expected: ${p}`);
    });
  rejected(
    'a worker still serving the old certificate is rejected',
    /8084 still serves the certificate before the renewal/,
    renewedCertificateProblem([served[0], { ...served[1], serial: 'A1' }], 'B2', 'A1'),
  );
  rejected(
    'a worker serving another certificate is rejected',
    /serves serial C3, not the renewed B2/,
    renewedCertificateProblem([{ ...served[0], serial: 'C3' }], 'B2', 'A1'),
  );
  rejected('a renewal that changed nothing is rejected', /nothing was renewed/, renewedCertificateProblem(served, 'B2', 'B2'));
  rejected('no worker asked is rejected', /no worker was asked/, renewedCertificateProblem([], 'B2', 'A1'));
}

// ---- destroy of the connector's sentinel: the connector no longer listed by the workers
check('a list without the connector is accepted', () => {
  if (connectorListedProblem(['other'], 'e2e-postgres')) throw new Error('rejected');
});
check('a list still naming the connector is rejected', () => {
  if (!/still lists e2e-postgres/.test(connectorListedProblem(['e2e-postgres'], 'e2e-postgres') ?? '')) throw new Error('accepted');
});
check('an answer that is not a list is rejected', () => {
  if (!/not a list/.test(connectorListedProblem({ error_code: 500 }, 'e2e-postgres') ?? '')) throw new Error('accepted');
});

// ---- a connector setting Connect refuses: the apply fails with its reason, the connector keeps running unchanged
{
  const expectProblem = (name: string, re: RegExp, p: string | undefined) =>
    check(name, () => {
      if (!p) throw new Error('was ACCEPTED: the check cannot catch this defect');
      if (!re.test(p)) throw new Error(`rejected, but not as expected: ${p}`);
    });
  const message = "The 'snapshot.mode' value is invalid: Value must be one of always, initial, never";
  const answer = {
    name: 'io.debezium.connector.postgresql.PostgresConnector',
    error_count: 1,
    groups: [],
    configs: [
      { definition: { name: 'topic.prefix' }, value: { name: 'topic.prefix', value: 'e2e', errors: [] } },
      { definition: { name: 'snapshot.mode' }, value: { name: 'snapshot.mode', value: 'sometimes', errors: [message] } },
    ],
  };
  const expected = validationErrors(answer);
  const before = { name: 'e2e-postgres', 'snapshot.mode': 'initial', 'topic.prefix': 'e2e' };
  // tofu wraps a long error and may draw a margin; the report's lines as the apply task writes them.
  const output = [
    'Error: Resource postcondition failed',
    '',
    '  on cdk.tf.json line 1234, in data "kubernetes_resources" "cluster_Connectors_e2e-postgres_Apply_refusal_1":',
    '',
    `│ connector "e2e-postgres" was not applied: Connect's validation (PUT /connector-plugins/x/config/validate) found 1`,
    '│ error(s) in its config; the running connector keeps its config and state',
    "│   snapshot.mode: The 'snapshot.mode' value is invalid: Value must be one of",
    '│ always, initial, never',
  ].join('\n');
  const intact = { connector: 'e2e-postgres', exitCode: 1, output, expected, before, after: { ...before }, status: running };
  check("a refused apply naming the field with Connect's message, the connector unchanged and RUNNING, is accepted", () => {
    if (expected.length !== 1 || expected[0].field !== 'snapshot.mode' || expected[0].message !== message)
      throw new Error(JSON.stringify(expected));
    const p = refusedApplyProblem({ ...intact, after: { 'topic.prefix': 'e2e', name: 'e2e-postgres', 'snapshot.mode': 'initial' } });
    if (p) throw new Error(p);
  });
  expectProblem('an apply of the wrong setting that succeeds is rejected', /it succeeded/, refusedApplyProblem({ ...intact, exitCode: 0 }));
  expectProblem(
    "a failed apply whose output is only the provider's own error is rejected",
    /does not name "connector \\"e2e-postgres\\" was not applied", "snapshot.mode: The 'snapshot.mode' value is invalid/,
    refusedApplyProblem({ ...intact, output: 'Error: job: cdc-e2e/cdc-e2e-connector-e2e-postgres is in failed state' }),
  );
  expectProblem(
    'a failed apply naming another field is rejected',
    /does not name "snapshot.mode: The/,
    refusedApplyProblem({ ...intact, output: output.replace('snapshot.mode: The', 'topic.prefix: The') }),
  );
  expectProblem(
    'a half-applied config (the wrong setting stored) is rejected',
    /config changed: .*"snapshot.mode":"sometimes"/,
    refusedApplyProblem({ ...intact, after: { ...before, 'snapshot.mode': 'sometimes' } }),
  );
  expectProblem(
    'a connector left FAILED is rejected',
    /no longer RUNNING: connector is FAILED/,
    refusedApplyProblem({ ...intact, status: { ...running, connector: { ...running.connector, state: 'FAILED' } } }),
  );
  expectProblem('a connector gone is rejected', /config changed/, refusedApplyProblem({ ...intact, after: undefined }));
  expectProblem(
    'a wrong setting Connect does not refuse proves nothing and is rejected',
    /finds no error in the wrong setting/,
    refusedApplyProblem({ ...intact, expected: [] }),
  );
}

// ---- the run's secured Kafka: plain text and a wrong password refused, the topics listed, the plans
{
  const refused: SecuredKafkaAccess = {
    plainTextOnSasl: false,
    plainTextOnMtls: false,
    plainTextOnControl: true,
    wrongPassword: {
      code: 1,
      output:
        'Error: org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    },
  };
  const problem = (name: string, re: RegExp | undefined, a: SecuredKafkaAccess) =>
    check(name, () => {
      const p = securedKafkaAccessProblem(a);
      if (re === undefined) {
        if (p) throw new Error(`rejected: ${p}`);
        return;
      }
      if (!p) throw new Error('was ACCEPTED: the check cannot catch this defect');
      if (!re.test(p)) throw new Error(`rejected, but not as expected: ${p}`);
    });
  problem('a Kafka that refuses plain text and a wrong password is accepted', undefined, refused);
  problem('a SASL_SSL listener answering plain text is rejected', /SASL_SSL listener answered a plain-text/, {
    ...refused,
    plainTextOnSasl: true,
  });
  problem('an SSL listener answering plain text is rejected', /SSL listener answered a plain-text/, { ...refused, plainTextOnMtls: true });
  problem('a probe that gets no answer even from the plain-text control proves nothing', /cannot tell a refusal from a broken probe/, {
    ...refused,
    plainTextOnControl: false,
  });
  problem('a wrong password accepted is rejected', /wrong SCRAM password for the Connect user was accepted/, {
    ...refused,
    wrongPassword: { code: 0, output: '__consumer_offsets' },
  });
  problem('a wrong password failing for another reason (no broker) proves nothing', /not for its authentication/, {
    ...refused,
    wrongPassword: { code: 1, output: 'TimeoutException: Timed out waiting for a node assignment' },
  });
  check('every expected topic listed is accepted', () => {
    const p = topicsListedProblem('a\nb\nsecured.public.items\n', ['a', 'secured.public.items']);
    if (p) throw new Error(`rejected: ${p}`);
  });
  check('a topic not listed is rejected', () => {
    const p = topicsListedProblem('a\nsecured.public.items-x\n', ['secured.public.items']);
    if (!p || !/secured\.public\.items not listed/.test(p)) throw new Error(p ? `rejected, but not as expected: ${p}` : 'was ACCEPTED');
  });
  const change = (address: string, actions: string[]) => ({ address, change: { actions } }) as unknown as ResourceChange;
  const secured = (a: string) => a.includes('secured-');
  check('a plan that creates only the expected resources is accepted', () => {
    const p = planOnlyProblem(
      [change('docker_container.secured-sasl_x', ['create']), change('docker_container.cluster_y', ['no-op'])],
      secured,
      'create',
    );
    if (p) throw new Error(`rejected: ${p}`);
  });
  for (const [name, changes] of [
    [
      'a plan that also replaces another resource is rejected',
      [change('docker_container.secured-sasl_x', ['create']), change('docker_container.cluster_y', ['delete', 'create'])],
    ],
    ['a plan that deletes an expected resource when it must create is rejected', [change('docker_container.secured-sasl_x', ['delete'])]],
    ['a plan that changes nothing is rejected', [change('docker_container.cluster_y', ['no-op'])]],
  ] as const) {
    check(name, () => {
      if (!planOnlyProblem(changes, secured, 'create')) throw new Error('was ACCEPTED: the check cannot catch this defect');
    });
  }
}

// ---- the sentinel's Job made a new pod after a stop: the stopped one, a terminating or finished one do not count
{
  const pod = (name: string, created: number, more: Partial<ControlledPod> = {}): ControlledPod => ({
    name,
    uid: name,
    created,
    deleting: false,
    phase: 'Running',
    ready: true,
    ...more,
  });
  const bad: [string, ControlledPod[], RegExp][] = [
    ['only the stopped pod, still running', [pod('a', 1)], /only the stopped pod/],
    ['only the stopped pod, terminating', [pod('a', 1, { deleting: true })], /only the stopped pod/],
    ['no pod at all', [], /no pod/],
    ['a new pod not ready yet', [pod('a', 1, { deleting: true }), pod('b', 2, { ready: false, phase: 'Pending' })], /b not ready/],
    ['a new pod already failed', [pod('b', 2, { phase: 'Failed', ready: false })], /no pod/],
    ['a new pod being deleted', [pod('b', 2, { deleting: true })], /no pod/],
  ];
  for (const [what, pods, why] of bad)
    check(`the sentinel's successor: ${what} is no successor`, () => {
      const r = successorPod(pods, 'a');
      if (r.ok) throw new Error('was ACCEPTED: the check cannot catch this defect');
      if (!why.test(r.why)) throw new Error(`rejected, but not as expected: ${r.why}`);
    });
  check("the sentinel's successor: the newest ready pod other than the stopped one is accepted", () => {
    const r = successorPod([pod('a', 1, { deleting: true }), pod('b', 2), pod('c', 3)], 'a');
    if (!r.ok || r.value.name !== 'c') throw new Error(`not accepted: ${JSON.stringify(r)}`);
  });
}

// ---- Prometheus metrics: each defect of the scrapes rejected, the intact ones accepted
{
  const prom = (lines: Record<string, number>) =>
    '# TYPE jvm_threads_current gauge\njvm_threads_current 40.0\n' +
    Object.entries(lines)
      .map(([k, v]) => `${k} ${v}`)
      .join('\n') +
    '\n';
  const alerts = Array.from({ length: 10 }, (_, i) => `alert_metric_${i}`);
  const allAlerts = Object.fromEntries(alerts.map((a) => [a, 0]));
  const dbz = (lag: number, seen: number) => ({
    [`debezium_metrics_millisecondsbehindsource{context="streaming",plugin="postgres",server="e2e"}`]: lag,
    [`debezium_metrics_totalnumberofeventsseen{context="streaming",plugin="postgres",server="e2e"}`]: seen,
  });
  const running = {
    'kafka_connect_connector_status{connector="c",status="running"}': 1,
    'kafka_connect_task_status{connector="c",status="running",task="0"}': 1,
  };
  const nodes = [
    { node: 'kafka-controller-1', role: 'controller' as const },
    { node: 'kafka-1', role: 'broker' as const },
    { node: 'connect-1', role: 'worker' as const },
    { node: 'connect-2', role: 'worker' as const },
  ];
  const scrapes = (o: {
    lag?: number;
    seen?: number;
    status?: boolean;
    urp?: boolean;
    leader?: boolean;
    missing?: string;
    readme?: boolean;
  }) => [
    {
      node: 'kafka-controller-1',
      role: 'controller' as const,
      text: prom(o.leader === false ? {} : { kafka_server_raft_current_leader: 1 }),
    },
    {
      node: 'kafka-1',
      role: 'broker' as const,
      text: prom(o.urp === false ? {} : { kafka_server_replicamanager_underreplicatedpartitions: 0 }),
    },
    {
      node: 'connect-1',
      role: 'worker' as const,
      text: prom({ ...(o.status === false ? {} : running), ...dbz(o.lag ?? 12, o.seen ?? 1000), ...(o.readme === false ? {} : allAlerts) }),
    },
    o.missing === 'connect-2'
      ? { node: 'connect-2', role: 'worker' as const, error: 'connection refused' }
      : { node: 'connect-2', role: 'worker' as const, text: prom({}) },
  ];
  const before = scrapes({ lag: -1, seen: 0 });
  const expectation = { connector: 'c', topicPrefix: 'e2e', nodes, rows: 1000, readmeMetrics: alerts };
  const rejects = (name: string, after: ReturnType<typeof scrapes>, re: RegExp, e = expectation, b = before) =>
    check(`metrics: ${name}`, () => {
      const p = metricsProblems(b, after, e);
      if (!p.some((x) => re.test(x))) throw new Error(`was ACCEPTED or rejected otherwise: ${JSON.stringify(p)}`);
    });
  check('metrics: the intact scrapes are accepted', () => {
    const p = metricsProblems(before, scrapes({}), expectation);
    if (p.length) throw new Error(`rejected: ${p.join('; ')}`);
  });
  rejects('a node that does not answer', scrapes({ missing: 'connect-2' }), /^connect-2: no \/metrics \(connection refused\)/);
  rejects('no worker reports the connector running', scrapes({ status: false }), /kafka_connect_connector_status.* on 0 workers/);
  rejects(
    'a broker without its under-replicated partitions',
    scrapes({ urp: false }),
    /kafka-1: no kafka_server_replicamanager_underreplicatedpartitions/,
  );
  rejects('a controller without the quorum leader', scrapes({ leader: false }), /kafka-controller-1: no kafka_server_raft_current_leader/);
  rejects('MilliSecondsBehindSource not known after the rows', scrapes({ lag: -1 }), /MilliSecondsBehindSource is -1/);
  rejects('MilliSecondsBehindSource that did not move', scrapes({ lag: 7 }), /did not move/, expectation, scrapes({ lag: 7, seen: 0 }));
  rejects('fewer events seen than rows streamed', scrapes({ seen: 999 }), /Debezium saw 999 events while 1000 rows streamed/);
  rejects('a README metric no node exports', scrapes({ readme: false }), /the README names metrics no node exports: alert_metric_0/);
  rejects('a README alert table of fewer than ten', scrapes({}), /names 9 metrics, not 10/, {
    ...expectation,
    readmeMetrics: alerts.slice(0, 9),
  });
  check("metrics: the README's alert table is read from its first column", () => {
    const names = readmeAlertMetrics(
      '# R\n### Metrics worth alerting on\n| metric | when |\n|---|---|\n| `a_b` | x |\n| `c:d` | y |\n## Next\n| `z` | no |\n',
    );
    if (names.join(',') !== 'a_b,c:d') throw new Error(names.join(','));
  });
}

// ---- connect.loggers: a node replaced or restarted is found; a plan that changes more than the loggers task is refused
{
  const id = (x: string, at = 't0', restarts = 0) => ({ id: x, startedAt: at, restarts });
  const before = { 'kafka-1': id('a'), 'connect-1': id('b') };
  check('loggers: the same nodes running since are accepted', () => {
    const p = restartedNodes(before, { 'kafka-1': id('a'), 'connect-1': id('b') });
    if (p.length) throw new Error(p.join('; '));
  });
  const rejects = (name: string, after: Record<string, ReturnType<typeof id> | undefined>, re: RegExp) =>
    check(`loggers: ${name}`, () => {
      const p = restartedNodes(before, after);
      if (!p.some((x) => re.test(x))) throw new Error(`was ACCEPTED or rejected otherwise: ${JSON.stringify(p)}`);
    });
  rejects('a replaced worker', { 'kafka-1': id('a'), 'connect-1': id('c') }, /connect-1 was replaced/);
  rejects('a restarted broker (new start)', { 'kafka-1': id('a', 't1'), 'connect-1': id('b') }, /kafka-1 was restarted/);
  rejects('a restarted pod (restart count)', { 'kafka-1': id('a', 't0', 1), 'connect-1': id('b') }, /kafka-1 was restarted/);
  rejects('a node gone', { 'kafka-1': id('a') }, /connect-1 is gone/);
  check('loggers: nothing looked at is refused', () => {
    if (!restartedNodes({}, {}).some((x) => /no node/.test(x))) throw new Error('was ACCEPTED');
  });
  const change = (address: string, ...actions: string[]) => ({ address, change: { actions } }) as unknown as ResourceChange;
  const TASKS = ['LoggersTask', 'BrokerLoggersTask'];
  const task = change('docker_container.cluster_LoggersTask_task_1', 'delete', 'create');
  const brokerTask = change('docker_container.cluster_BrokerLoggersTask_task_1', 'delete', 'create');
  const job = change('kubernetes_job_v1.cluster_LoggersTask_job_1', 'delete', 'create');
  const brokerJob = change('kubernetes_job_v1.cluster_BrokerLoggersTask_job_1', 'create', 'delete');
  const configMap = change('kubernetes_config_map_v1.cluster_ConnectWorkers_loggers_1', 'update');
  const brokerConfigMap = change('kubernetes_config_map_v1.cluster_Brokers_loggers_1', 'update');
  const worker = change('docker_container.cluster_ConnectWorkers_connect-1_container_1', 'delete', 'create');
  const broker = change('kubernetes_stateful_set_v1.cluster_Brokers_stateful-set_1', 'update');
  const holder = change('docker_container.cluster_Brokers_loggers-file_1', 'delete', 'create');
  check('loggers: a plan replacing both tasks (and the levels files: ConfigMaps updated, holders replaced) is accepted', () => {
    const p =
      loggerPlanProblem([task, brokerTask, holder], TASKS) ??
      loggerPlanProblem([job, brokerJob, configMap, brokerConfigMap, change('x.y', 'no-op')], TASKS);
    if (p) throw new Error(p);
  });
  check('loggers: a plan that also replaces a worker is refused', () => {
    if (!/also changes docker_container.cluster_ConnectWorkers_connect-1/.test(loggerPlanProblem([task, brokerTask, worker], TASKS) ?? ''))
      throw new Error('was ACCEPTED');
  });
  check('loggers: a plan that also rolls the brokers is refused', () => {
    if (!/also changes kubernetes_stateful_set_v1.cluster_Brokers/.test(loggerPlanProblem([job, brokerJob, broker], TASKS) ?? ''))
      throw new Error('was ACCEPTED');
  });
  check('loggers: a plan that does not replace a task is refused', () => {
    if (!/does not replace LoggersTask, BrokerLoggersTask/.test(loggerPlanProblem([configMap], TASKS) ?? ''))
      throw new Error('was ACCEPTED');
    // The workers' task is not taken for the brokers' (nor the reverse).
    if (!/does not replace BrokerLoggersTask$/.test(loggerPlanProblem([task], TASKS) ?? '')) throw new Error('was ACCEPTED');
    if (!/does not replace LoggersTask$/.test(loggerPlanProblem([brokerTask], TASKS) ?? '')) throw new Error('was ACCEPTED');
  });
}

// ---- kafka.loggers: a broker's level read from kafka-configs' answer; a DEBUG line looked for in every broker's output
{
  const describe = [
    'All configs for broker-logger 1 are:',
    '  kafka.network.Processor=INFO sensitive=false synonyms={}',
    '  kafka.network=DEBUG sensitive=false synonyms={}',
    '  kafka.network.RequestChannel$=WARN sensitive=false synonyms={}',
  ].join('\n');
  check('kafka.loggers: the level of the logger asked for, not of a child', () => {
    const got = [brokerLoggerLevel(describe, 'kafka.network'), brokerLoggerLevel(describe, 'kafka.network.RequestChannel$')];
    if (got.join(',') !== 'DEBUG,WARN') throw new Error(got.join(','));
  });
  check('kafka.loggers: a logger not listed has no level', () => {
    const got = brokerLoggerLevel(describe, 'kafka') ?? brokerLoggerLevel(describe, 'kafka.networ');
    if (got !== undefined) throw new Error(`was ACCEPTED: ${got}`);
  });
  const line = / DEBUG .*Accepted connection from /;
  const debug =
    '2026-12-07 15:00:00,000 - DEBUG [data-plane-kafka-socket-acceptor:Acceptor@1] - Accepted connection from /127.0.0.1:5000 on /127.0.0.1:9092';
  const info = '2026-12-07 15:00:00,000 - INFO  [main:KafkaServer@1] - started';
  check('kafka.loggers: a DEBUG line in every broker is accepted, and none where none is expected', () => {
    const p = [
      ...logLineProblems({ 'kafka-1': `${info}\n${debug}\n`, 'kafka-2': debug }, line, true),
      ...logLineProblems({ 'kafka-1': info }, line, false),
    ];
    if (p.length) throw new Error(p.join('; '));
  });
  check('kafka.loggers: a broker without the DEBUG line is refused', () => {
    if (!logLineProblems({ 'kafka-1': debug, 'kafka-2': info }, line, true).some((x) => /kafka-2 printed no line/.test(x)))
      throw new Error('was ACCEPTED');
  });
  check('kafka.loggers: a DEBUG line where none may be is refused', () => {
    if (!logLineProblems({ 'kafka-1': debug }, line, false).some((x) => /kafka-1 printed "2026/.test(x))) throw new Error('was ACCEPTED');
  });
  check('kafka.loggers: no broker looked at is refused', () => {
    if (!logLineProblems({}, line, true).some((x) => /no node/.test(x))) throw new Error('was ACCEPTED');
  });
}

// ---- a worker that never becomes ready: the readiness wait gives up with the reason
async function neverReady(): Promise<void> {
  const server = http.createServer((_req, res) => res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"message":"starting"}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await workersReady([url], 2500);
    failures.push('a worker that never becomes ready: was ACCEPTED: the check cannot catch this defect');
  } catch (e) {
    if (e instanceof E2eFailure && /answers GET \/: not within 2\.5 s .*last: status 503/.test(e.message)) passed++;
    else failures.push(`a worker that never becomes ready: rejected, but not as expected: ${(e as Error).message}`);
  } finally {
    server.close();
  }
}

void neverReady().then(() => {
  if (failures.length) {
    console.error(`[e2e self-test] FAILED: ${failures.length} of ${passed + failures.length} checks:`);
    for (const f of failures) console.error(`  - ${f}`);
    process.exit(1);
  }
  console.error(`[e2e self-test] passed: ${passed} checks (each defect was rejected, each intact input accepted)`);
});

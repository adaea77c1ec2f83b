// The end-to-end scenario, one for every target: the library's real output applied with real OpenTofu and the
// pinned provider, against a real PostgreSQL, checked from the outside. What differs per target is behind a
// TargetDriver (driver.ts); the steps, their order and the assertions about the data are here.
//
// Steps: engine + images → toolchain → PostgreSQL → synth → tofu init/apply → REST + RUNNING → 1,000 rows arrive
// → kill the task's worker (SIGKILL) while rows are written, the task runs again, none lost, 1,000 more arrive →
// change a worker setting under writes, only the workers change, nothing lost → tofu destroy leaves nothing.
// Every wait is bounded; everything the run created is removed on exit.
import { metricsNodes, metricsProblems, readmeAlertMetrics, Scrape, streamingValues } from './metrics';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  assertEvents,
  ChangeEvent,
  checkPlanEmpty,
  checkFinalRead,
  failoverProblem,
  checkKeptRunning,
  checkPlanChangesOnly,
  checkRestored,
  ConnectorStatus,
  connectorListedProblem,
  deletedPoll,
  E2eFailure,
  flatText,
  parseConsumerLine,
  parseQuorumStatus,
  planOnlyProblem,
  QuorumStatus,
  securedKafkaAccessProblem,
  topicsListedProblem,
  refusedApplyProblem,
  renewedCertificateProblem,
  restAvailability,
  RestAccess,
  restAccessProblem,
  RestAttempt,
  ResourceChange,
  RestorePoll,
  runningAsDeclared,
  statusProblem,
  StatusPoll,
  validationErrors,
  WrittenRange,
  loggerPlanProblem,
  brokerLoggerLevel,
  logLineProblems,
  restartedNodes,
} from './assertions';
import { ConsumerCommand, Reconciling, SecuredKafkaSupport, SentinelStops, TargetDriver } from './driver';
import {
  children,
  getJson,
  httpGet,
  httpRequest,
  log,
  LOGS,
  makeRestTls,
  makeSecuredKafkaFiles,
  notes,
  renewRestTls,
  Postgres,
  prepareToolchain,
  RestTlsFiles,
  RUN_ID,
  run,
  servedSerial,
  sleep,
  startUpLines,
  synth,
  tailText,
  timed,
  Tofu,
  useRestTls,
  waitFor,
  WORK,
} from './harness';
import { E2E, MIGRATION, MigrationPhase, SECURED_KAFKA } from './stack';
import { CONNECT } from '../src/model/connect-worker';
import { kafkaNodeNames, streamProfile } from './streams';
import { startUpServices, startUpTable, StartUpWatch } from './readiness';
import { tofuEnv } from '../scripts/toolchain-env';

const ROWS = 1000;
const SETTING = { property: 'heartbeat.interval.ms', before: '3000', after: '2000' };
// A password that would break naive escaping on every path it travels (TF var → Secret → config provider → JDBC).
const DB_PASSWORD = `e2e-${RUN_ID}-p@ss w0rd \${x} %{y} $z '"`;
/** The REST API's PKCS12 stores' password (the stream's `restTls`): openssl and keytool take it on their command line. */
const REST_STORE_PASSWORD = `e2e-${RUN_ID}-store-p@ss`;
/**
 * The Connect user's SCRAM password on the run's secured Kafka: no `"` or `\\` (the JAAS line quotes it), no `,` or
 * `'` (kafka-storage's --add-scram splits on commas; the broker's start command quotes it).
 */
const KAFKA_PASSWORD = `e2e-${RUN_ID}-kafka-p@ss`;
/**
 * kafka-console-consumer's flags: `topic` (default the e2e's) read from its start (one partition when given), each
 * key printed before its value with a tab; a client config file (`config`) and `extra` flags when given. Kafka 4
 * prints a deprecation line on stdout for `--property` and `--consumer.config`: there, their replacements.
 */
const consumerArgs = (
  o: { topic?: string; partition?: number; config?: string; extra?: string[]; kafkaVersion?: string } = {},
): string[] => {
  const kafka4 = Number((o.kafkaVersion ?? streamProfile().kafkaVersion).split('.')[0]) >= 4;
  const flag = kafka4 ? '--formatter-property' : '--property';
  return [
    ...(o.config ? [kafka4 ? '--command-config' : '--consumer.config', o.config] : []),
    '--topic',
    o.topic ?? E2E.topic,
    ...(o.partition === undefined ? ['--from-beginning'] : ['--partition', String(o.partition), '--offset', 'earliest']),
    flag,
    'print.key=true',
    flag,
    'key.separator=\t',
    ...(o.extra ?? []),
  ];
};

/** A console consumer following the topic from its start for the whole run. */
class TopicTail {
  public readonly events: ChangeEvent[] = [];
  public readonly arrival = new Map<number, number>(); // id -> first arrival (ms)
  public readonly errors: string[] = [];
  private proc?: cp.ChildProcess;
  private buf = '';
  private readonly name: string;

  /** `consumer`/`remove`: the driver's (the run's cluster), or another cluster's (the migration's new cluster). */
  constructor(
    private readonly consumer: (name: string, extra: string[]) => ConsumerCommand,
    private readonly remove: (name: string) => Promise<void>,
    private readonly kafkaVersion?: string,
    private readonly label = 'tail',
  ) {
    this.name = `${E2E.clusterName}-e2e-${label}-${RUN_ID}`;
  }

  public start(): void {
    const c = this.consumer(this.name, consumerArgs({ partition: 0, kafkaVersion: this.kafkaVersion }));
    const logFile = fs.createWriteStream(path.join(LOGS, `${this.label}.stderr.log`), { flags: 'a' });
    this.proc = cp.spawn(c.cmd, c.args, { env: c.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(this.proc);
    this.proc.stderr!.pipe(logFile);
    this.proc.stdout!.on('data', (d) => {
      this.buf += d.toString();
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        try {
          const e = parseConsumerLine(line);
          if (!e) continue;
          this.events.push(e);
          if (!this.arrival.has(e.id)) this.arrival.set(e.id, Date.now());
        } catch (err) {
          this.errors.push((err as Error).message);
        }
      }
    });
    this.proc.on('close', () => children.delete(this.proc!));
  }

  public get alive(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  public inRange(from: number, to: number): ChangeEvent[] {
    return this.events.filter((e) => e.id >= from && e.id <= to);
  }

  /** Waits until every id from…to has arrived; returns the arrival time of the last one. */
  public async waitAll(from: number, to: number, timeoutMs: number): Promise<number> {
    return waitFor(`change events for ids ${from}..${to} in ${E2E.topic}`, timeoutMs, 250, async () => {
      if (this.errors.length) throw new E2eFailure(`FATAL: unreadable records in ${E2E.topic}: ${this.errors.slice(0, 3).join(' | ')}`);
      if (!this.alive) throw new E2eFailure(`FATAL: the console consumer exited (log: ${path.join(LOGS, `${this.label}.stderr.log`)})`);
      let seen = 0;
      let last = 0;
      for (let id = from; id <= to; id++) {
        const t = this.arrival.get(id);
        if (t !== undefined) {
          seen++;
          last = Math.max(last, t);
        }
      }
      return seen === to - from + 1 ? { ok: true, value: last } : { ok: false, why: `${seen} of ${to - from + 1} ids seen` };
    });
  }

  public async stop(): Promise<void> {
    if (this.proc && this.alive) this.proc.kill('SIGTERM');
    await this.remove(this.name);
  }
}

/** Every worker answers, lists the connector, and reports it and its task RUNNING. Returns the last status. */
export async function workersReady(urls: string[], timeoutMs: number): Promise<ConnectorStatus> {
  let status: ConnectorStatus | undefined;
  for (const url of urls) {
    await waitFor(`worker ${url} answers GET /`, timeoutMs, 1000, async () => {
      const r = await httpGet(`${url}/`);
      return r.status === 200 && /"version"/.test(r.body)
        ? { ok: true, value: r.body }
        : { ok: false, why: `status ${r.status}: ${r.body.slice(0, 200)}` };
    });
    await waitFor(`worker ${url} lists connector ${E2E.connectorName}`, timeoutMs, 1000, async () => {
      const list = await getJson(`${url}/connectors`);
      return Array.isArray(list) && list.includes(E2E.connectorName)
        ? { ok: true, value: list }
        : { ok: false, why: `GET /connectors = ${JSON.stringify(list)}` };
    });
    status = await waitFor(`worker ${url} reports ${E2E.connectorName} RUNNING`, timeoutMs, 1000, async () => {
      const s = await getJson(`${url}/connectors/${E2E.connectorName}/status`);
      const why = statusProblem(s, E2E.connectorName);
      return why ? { ok: false, why } : { ok: true, value: s as ConnectorStatus };
    });
  }
  return status!;
}

export class Scenario {
  private readonly stream = streamProfile();
  private readonly pg = new Postgres();
  /** Replaced after the Kafka disruption (see there). */
  private tail: TopicTail;
  /** Every range of rows the run inserted into the connector's table, for the final read. */
  private readonly written: WrittenRange[] = [];
  private tofu?: Tofu;
  /** State may hold resources: destroy on exit. */
  private applied = false;
  /** Watching the services start during the first apply (stopped on exit if the run fails before it reports). */
  private startUpWatch?: StartUpWatch;
  /** The REST API's certificate files, where the stream secures it. */
  private restTlsFiles?: RestTlsFiles;

  constructor(private readonly driver: TargetDriver) {
    this.tail = this.newTail();
  }

  private newTail(): TopicTail {
    return new TopicTail(
      (name, extra) => this.driver.consumer(name, extra),
      (name) => this.driver.removeConsumer(name),
    );
  }

  /** One bounded read of the whole topic (a separate consumer: what is in Kafka, not what the tail remembers). */
  /** Records rows the run inserted, for the final read (`checkFinalRead`). */
  private wrote(label: string, from: number, to: number, exactlyOnce: boolean): void {
    this.written.push({ label, from, to, exactlyOnce });
  }

  /**
   * The whole topic read once more, every event of it checked against every range the run inserted: none lost
   * through any step, none that was never inserted, exactly once where a step claims it; other duplicates reported.
   */
  private async finalRead(): Promise<void> {
    const t = Date.now();
    const whole = await this.readWholeTopic();
    const r = checkFinalRead(whole, this.written);
    timed('final read of the whole topic', Date.now() - t);
    const once = this.written.filter((w) => w.exactlyOnce);
    const rows = this.written.reduce((n, w) => n + w.to - w.from + 1, 0);
    log(
      `final read: ${r.events} events, ${r.distinct} distinct ids = the ${rows} rows inserted in ${this.written.length} steps, none lost, none never inserted; ` +
        `${once.length} steps' rows each exactly once; duplicates elsewhere: ${r.duplicates.length ? r.duplicates.map((x) => `${x.label}: ${x.keys} key(s), ${x.extra} extra event(s)`).join('; ') : 'none'}`,
    );
    for (const x of r.duplicates) notes.push(`${x.label}: ${x.keys} key(s) delivered more than once (Connect is at-least-once)`);
  }

  private async readWholeTopic(): Promise<ChangeEvent[]> {
    const name = `${E2E.clusterName}-e2e-read-${RUN_ID}`;
    const c = this.driver.consumer(name, consumerArgs({ partition: 0, extra: ['--timeout-ms', '15000'] }));
    const r = await run(c.cmd, c.args, { timeoutMs: 180_000, env: c.env, allowFail: true });
    await this.driver.removeConsumer(name);
    fs.writeFileSync(path.join(LOGS, 'full-read.stderr.log'), r.stderr);
    const events: ChangeEvent[] = [];
    for (const line of r.stdout.split('\n')) {
      const e = parseConsumerLine(line);
      if (e) events.push(e);
    }
    return events;
  }

  /**
   * The REST API over HTTPS with client certificates, asked from this machine at every worker: Connect answers this
   * machine's certificate; plain HTTP, no certificate and a certificate from another CA get no answer (or an HTTP
   * error). Everything else the run does (the connector applied by its tasks, every status poll) went through it too.
   */
  private async checkRestSecured(urls: string[]): Promise<void> {
    const files = this.restTlsFiles!;
    const attempt = (url: string, client?: { cert?: Buffer; key?: Buffer }): Promise<RestAttempt> =>
      httpGet(url, 5000, client).then(
        (r) => ({ status: r.status, body: r.body.slice(0, 300) }),
        (e: Error) => ({ error: e.message }),
      );
    for (const url of urls) {
      const access: RestAccess = {
        trusted: await attempt(`${url}/`),
        plainHttp: await attempt(`${url.replace(/^https:/, 'http:')}/`),
        noCertificate: await attempt(`${url}/`, {}),
        untrustedCertificate: await attempt(`${url}/`, {
          cert: fs.readFileSync(files.untrustedCert),
          key: fs.readFileSync(files.untrustedKey),
        }),
      };
      const problem = restAccessProblem(access);
      if (problem) throw new E2eFailure(`REST API ${url}: ${problem}`);
      const said = (a: RestAttempt) => (a.error ? a.error.split('\n')[0].replace(/^.*:SSL routines:[^:]*:/, '') : `HTTP ${a.status}`);
      log(
        `REST API ${url}: HTTPS answers a certificate the run's CA signed; refused: http:// (${said(access.plainHttp)}), no client certificate (${said(access.noCertificate)}), another CA's certificate (${said(access.untrustedCertificate)})`,
      );
    }
    // Only the group's leader restarts a connector: every other worker forwards the request to it, over HTTPS with
    // its own certificate, checking the leader's advertised name. Asked at every worker, one at least forwards.
    const answers: string[] = [];
    for (const url of urls) {
      const r = await httpRequest('POST', `${url}/connectors/${E2E.connectorName}/restart`, '', 60_000);
      if (r.status !== 204)
        throw new E2eFailure(
          `POST /connectors/${E2E.connectorName}/restart at ${url} answered ${r.status}: ${r.body.slice(0, 300)} (a worker that is not the leader forwards it to the leader over HTTPS)`,
        );
      answers.push(`${url} ${r.status}`);
    }
    log(
      `a request only the leader serves (a connector restart) answered 204 at every worker (${answers.join(', ')}): forwarded between the workers over HTTPS`,
    );
  }

  private restReady(timeoutMs: number): Promise<ConnectorStatus> {
    return this.driver.restUrls().then((urls) => workersReady(urls, timeoutMs));
  }

  private async taskWorker(status: ConnectorStatus): Promise<number> {
    const id = status.tasks?.[0]?.worker_id;
    if (!id) throw new E2eFailure(`cannot tell which worker runs task 0 of ${status.name}: ${JSON.stringify(status.tasks)}`);
    return this.driver.workerIndex(id);
  }

  /** The per-service time to ready of the first apply: measured and printed, never asserted (a failure is a note). */
  private async reportStartUp(applyStart: number, applyEnd: number, readyAt: number): Promise<void> {
    const watch = this.startUpWatch!;
    this.startUpWatch = undefined;
    try {
      const report = await watch.finish();
      const table = startUpTable(
        startUpServices(this.stream, this.driver.applyWaitsForReadySentinel),
        report,
        applyStart,
        applyEnd,
        readyAt,
      );
      startUpLines.push(...table.lines);
      fs.writeFileSync(path.join(LOGS, 'start-up.json'), JSON.stringify({ applyStart, applyEnd, readyAt, ...report }, null, 2));
      log(
        `time to ready: own start-up along ${table.criticalPath.join(' → ')} ${table.ownSum === undefined ? '–' : (table.ownSum / 1000).toFixed(1)} s; tofu apply ÷ that: ${table.ratio?.toFixed(2) ?? '–'}× (table at the end)`,
      );
    } catch (e) {
      watch.stop();
      notes.push(`time to ready not measured: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  private async apply(label: string, args: string[]): Promise<void> {
    try {
      await this.tofu!.run(args, label, 900_000);
    } catch (e) {
      throw new E2eFailure(`${(e as Error).message}\ncluster:\n${await this.driver.diagnostics()}`);
    }
  }

  public async run(): Promise<void> {
    const d = this.driver;
    fs.rmSync(WORK, { recursive: true, force: true });
    fs.mkdirSync(LOGS, { recursive: true });
    const k = kafkaNodeNames(this.stream);
    log(
      `target ${d.target}; stream ${this.stream.stream} (${this.stream.coordination === 'zookeeper' ? `ZooKeeper ×${k.zookeeper.length}` : `KRaft, ${k.controllers.length ? `${k.controllers.length} controllers` : 'combined nodes'}`}, ${k.brokers.length} broker(s), Kafka ${this.stream.kafkaVersion}); work dir ${WORK} (logs in ${LOGS})`,
    );

    // 1. engine + images
    await d.prepare();

    // 2. toolchain: OpenTofu + the pinned providers built from their release sources, caches outside the repo
    let t = Date.now();
    const toolchain = await prepareToolchain();
    timed('toolchain (scripts/toolchain.sh)', Date.now() - t);
    const env = {
      ...tofuEnv(toolchain.cliConfig, { ...process.env, ...d.tofuEnv() }),
      [`TF_VAR_${E2E.passwordVariable}`]: DB_PASSWORD,
      // Declared by the stack on Docker only, where the stream secures the REST API (tofu ignores it otherwise).
      [`TF_VAR_${E2E.restTls.passwordVariable}`]: REST_STORE_PASSWORD,
      // Declared by the stack only while the Connect-only clusters against the secured Kafka are.
      [`TF_VAR_${SECURED_KAFKA.sasl.passwordVariable}`]: KAFKA_PASSWORD,
    };
    this.tofu = new Tofu(toolchain.tofu, env);

    // 3. a clean slate: leftovers of an interrupted run, what the cluster needs on this machine
    await d.cleanSlate();
    await this.pg.removeStale();

    // 4. PostgreSQL, where the cluster reaches it
    t = Date.now();
    const db = await d.database();
    await this.pg.start(DB_PASSWORD, db.host, db.clients);
    timed('PostgreSQL (initdb + start)', Date.now() - t);
    const synthEnv: NodeJS.ProcessEnv = {
      ...d.synthEnv(),
      E2E_PG_HOST: this.pg.host,
      E2E_PG_PORT: String(this.pg.port),
      // Where the sentinel restarts what FAILED, the connector fails at its first lost connection (9c).
      ...(d.reconciling ? { E2E_FAIL_FAST: '1' } : {}),
    };
    const secrets = [DB_PASSWORD, 'p@ss w0rd', REST_STORE_PASSWORD];
    if (this.stream.restTls) {
      // The REST API over HTTPS with client certificates: the run's CA and certificates, where the stack takes them from.
      t = Date.now();
      const files = await makeRestTls(path.join(WORK, 'rest-tls'), d.restTlsNames(), REST_STORE_PASSWORD);
      await d.provideRestTls(files);
      useRestTls(files);
      this.restTlsFiles = files;
      timed('REST API certificates (openssl, keytool)', Date.now() - t);
    }

    // 5. synth + init
    t = Date.now();
    await synth(SETTING.before, synthEnv, secrets);
    timed('synth (e2e/stack.ts)', Date.now() - t);
    t = Date.now();
    const locked = await this.tofu.init(toolchain, d.providerType);
    log(`tofu init: ${locked} from the filesystem mirror (built from the release source)`);
    timed('tofu init', Date.now() - t);

    // 6. apply → REST ready, watching every service start (the time-to-ready table)
    this.startUpWatch = await d.watchStartUp(Date.now());
    const applyStart = Date.now();
    this.applied = true;
    await this.apply('apply', ['apply', '-input=false', '-auto-approve', '-no-color']);
    const applyEnd = Date.now();
    timed('tofu apply (create)', applyEnd - applyStart);
    let status = await this.restReady(180_000);
    const readyAt = Date.now();
    timed('apply start → REST ready, connector RUNNING', readyAt - applyStart);
    await this.reportStartUp(applyStart, applyEnd, readyAt);
    const urls = await d.restUrls();
    const cfg = await getJson(`${urls[urls.length - 1]}/connectors/${E2E.connectorName}/config`);
    if (cfg['database.password'] !== d.passwordReference) {
      throw new E2eFailure(
        `the connector config must reference the password as ${d.passwordReference}; database.password = ${JSON.stringify(cfg['database.password'])}`,
      );
    }
    log(
      `every worker answers; ${E2E.connectorName} RUNNING, task 0 on ${status.tasks[0].worker_id}; the password only as ${cfg['database.password']} in the connector config`,
    );
    for (const url of urls) {
      const plugins: { class: string; version: string }[] = await getJson(`${url}/connector-plugins`);
      const declared = plugins.find((p) => p.class === this.stream.plugin.connectorClass);
      if (!declared || declared.version !== this.stream.plugin.version) {
        throw new E2eFailure(
          `worker ${url} must offer the declared plugin ${this.stream.plugin.connectorClass} ${this.stream.plugin.version}; it lists ${JSON.stringify(plugins.map((p) => `${p.class} ${p.version}`))}`,
        );
      }
    }
    log(`every worker offers the declared plugin ${this.stream.plugin.connectorClass} ${this.stream.plugin.version}`);
    await d.afterApply();
    if (this.restTlsFiles) await this.checkRestSecured(urls);
    t = Date.now();
    checkPlanEmpty(await this.tofu.planChanges('idempotence'), 'plan right after the first apply');
    log('plan right after the first apply: no change');
    timed('tofu plan (idempotence)', Date.now() - t);

    // 7. 1,000 rows → 1,000 events, Prometheus metrics read before and after
    const metricsBefore = await this.scrapeUntilStreaming();
    this.tail.start();
    let ins = Date.now();
    await this.pg.insert(1, ROWS);
    let last = await this.tail.waitAll(1, ROWS, 240_000);
    timed(`insert ${ROWS} rows → last event`, last - ins);
    await sleep(3000); // late duplicates would show up here
    const c1 = assertEvents('first batch', this.tail.inRange(1, ROWS), 1, ROWS);
    await this.checkMetrics(metricsBefore);
    // A task that moves re-sends what it produced after its last offset commit: at-least-once from the loss on.
    this.wrote('the first batch (before a worker is lost)', 1, ROWS, false);
    log(`first batch: ${c1.distinct} distinct keys, ${c1.total} events, none missing, none duplicated`);

    // 7b. a connector setting Connect refuses: the apply fails naming it, the connector keeps running unchanged
    await this.refusedSetting(synthEnv, secrets);

    // 8. kill the worker that runs the task (SIGKILL), while rows are written → the task runs again; every row
    //    written through the loss arrives (what the task re-sends is counted), and 1,000 more after it, once each
    const victim = await this.taskWorker(status);
    const other = urls.findIndex((_, i) => i !== victim);
    const load = { from: ROWS + 1, to: 2 * ROWS };
    // About 25 s of writes: 40 transactions of 25 rows, 0.6 s apart; the worker is killed 3 s into them.
    const loadWrites = this.pg.insertSlowly(load.from, load.to, 25, 600);
    await sleep(3000);
    log(`killing worker ${victim} (${urls[victim]}, runs task 0) 3 s into ${ROWS} rows written 25 every 0.6 s`);
    const lostAt = Date.now();
    await d.loseWorker(victim);
    // The library's rebalance delay (30 s) holds the task for a worker that comes back: a returning worker (a pod)
    // may get it back, one that stays away (a container) must see it move.
    if (d.lostWorkerReturns) await d.afterWorkerLoss(victim);
    const where = d.lostWorkerReturns ? 'on any worker, once the lost one is back' : 'on another worker';
    status = await waitFor(`task 0 of ${E2E.connectorName} RUNNING ${where} (asked ${urls[other]})`, 180_000, 1000, async () => {
      const s = await getJson(`${urls[other]}/connectors/${E2E.connectorName}/status`);
      const why = statusProblem(s, E2E.connectorName);
      if (why) return { ok: false, why };
      return d.lostWorkerReturns || (await this.taskWorker(s)) !== victim
        ? { ok: true, value: s as ConnectorStatus }
        : { ok: false, why: `task 0 still assigned to ${s.tasks[0].worker_id}` };
    });
    timed(`worker ${victim} killed → task RUNNING on worker ${await this.taskWorker(status)}`, Date.now() - lostAt);
    if (!d.lostWorkerReturns) await d.afterWorkerLoss(victim);
    await loadWrites;
    last = await this.tail.waitAll(load.from, load.to, 240_000);
    timed(`${ROWS} rows written through the worker kill → last event, from the kill`, last - lostAt);
    await sleep(3000);
    const killed = assertEvents('rows written through the worker kill', this.tail.inRange(load.from, load.to), load.from, load.to, {
      allowDuplicates: true,
    });
    this.wrote('the rows written through the worker kill', load.from, load.to, false);
    log(
      `rows written through the worker kill: ${killed.distinct} (ids ${load.from}..${load.to}), none lost` +
        (killed.duplicated.length
          ? `, ${killed.duplicated.length} sent again by the task restarted from its last offset commit (at-least-once)`
          : ', each once'),
    );
    ins = Date.now();
    await this.pg.insert(2 * ROWS + 1, 3 * ROWS);
    last = await this.tail.waitAll(2 * ROWS + 1, 3 * ROWS, 240_000);
    timed(`insert ${ROWS} rows after the failover → last event`, last - ins);
    await sleep(3000);
    const c2 = assertEvents('the batch after the failover', this.tail.inRange(2 * ROWS + 1, 3 * ROWS), 2 * ROWS + 1, 3 * ROWS);
    this.wrote('the batch after the worker kill', 2 * ROWS + 1, 3 * ROWS, true);
    const all = assertEvents('every row so far (live)', this.tail.events, 1, 3 * ROWS, { allowDuplicates: true });
    const firstAgain = all.duplicated.filter(([id]) => id <= ROWS).length;
    log(
      `the batch after the failover: ${c2.distinct} distinct keys, none missing, none duplicated; the first batch sent again: ${firstAgain} key(s)`,
    );
    if (firstAgain) notes.push(`${firstAgain} key(s) of the first batch sent again after the worker kill (Connect is at-least-once)`);

    let total = 3 * ROWS;

    // 8b. a replicated Kafka: lose a broker and a controller under a steady write load
    if (this.stream.kafkaDisruption) {
      total = await this.kafkaDisruption(total);
      // A broker pod that came back has a new address, which the tail's consumer, started before, does not know
      // (Kubernetes: it is told the brokers' addresses as host entries). Once the partition's preferred leader
      // takes it back (Kafka's leader rebalance, up to 5 minutes later) that consumer reads nothing more: the rest
      // of the run reads through a new one, which reads the topic from its start again.
      await this.tail.stop();
      this.tail = this.newTail();
      this.tail.start();
    }

    // 9. change a worker setting in code → only the workers change; what is stateful is untouched, nothing lost.
    //    Where the REST API is on HTTPS, its certificate is renewed with it (new files, a new connect.restTls.revision).
    //    The change moves the task, which sends again what it produced since its last offset commit: the rows the
    //    run claims exactly once are given one commit first (the workers commit every offset.flush.interval.ms,
    //    each commit waiting up to offset.flush.timeout.ms for what is in flight).
    const commitWait = CONNECT.defaultOffsetFlushIntervalMs + CONNECT.imageOffsetFlushTimeoutMs;
    await sleep(commitWait);
    log(`waited ${commitWait / 1000} s: one offset commit covers every row written so far`);
    const before = await d.snapshot();
    t = Date.now();
    let renewal: { previous: string; serial: string } | undefined;
    if (this.restTlsFiles) {
      // Asked of the first worker that answers: on Docker the worker stopped earlier is still down until this change.
      let previous = '';
      for (const url of await d.restUrls()) {
        previous = await servedSerial(url).catch(() => '');
        if (previous) break;
      }
      if (!previous) throw new E2eFailure('no worker presents its REST certificate before the renewal');
      const serial = await renewRestTls(this.restTlsFiles);
      await d.provideRestTls(this.restTlsFiles);
      synthEnv.E2E_REST_TLS_REVISION = serial;
      renewal = { previous, serial };
      log(`REST certificate renewed: serial ${previous} → ${serial}, the files replaced where the stack takes them from`);
    }
    await synth(SETTING.after, synthEnv, secrets);
    const pc = checkPlanChangesOnly(
      await this.tofu.planChanges('change'),
      (c) => d.settingChangeTouches(c),
      d.settingChangeAction,
      `${SETTING.property} change`,
    );
    log(
      `plan for ${SETTING.property} ${SETTING.before} → ${SETTING.after}: ${d.settingChangeAction}s ${pc.replaced.join(', ')}; nothing else`,
    );
    timed('synth + tofu plan (setting change)', Date.now() - t);
    const reapplyStart = Date.now();
    // The connector's status, asked of every worker every 250 ms on a fixed schedule (a slow answer delays no other
    // poll): a poll is answered when some worker answers 200. The workers' addresses are refreshed every second
    // (a rolled pod has a new one).
    const polls: StatusPoll[] = [];
    let polling = true;
    let current = await d.restUrls();
    const pollOnce = async (at: number, now: readonly string[]): Promise<void> => {
      const answers = await Promise.all(
        now.map((u) => httpGet(`${u}/connectors/${E2E.connectorName}/status`, 900).catch(() => ({ status: 0, body: '' }))),
      );
      const ok = answers.find((a) => a.status === 200);
      const j = ok ? (JSON.parse(ok.body) as ConnectorStatus) : undefined;
      polls.push({
        at,
        http: ok ? 200 : Math.max(0, ...answers.map((a) => a.status)),
        connector: j?.connector?.state,
        tasks: j?.tasks?.map((x) => x.state),
      });
    };
    const refresher = (async () => {
      while (polling) {
        current = await d.restUrls().catch(() => current);
        await sleep(1000);
      }
    })();
    // Rows written all through the change, 10 every half second: a roll moves the task with rows in flight.
    let written = total;
    const writer = (async () => {
      while (polling) {
        await this.pg.insert(written + 1, written + 10);
        written += 10;
        await sleep(500);
      }
    })();
    const poller = (async () => {
      const inflight: Promise<void>[] = [];
      for (let k = 0; polling; k++) {
        inflight.push(pollOnce(Date.now() - reapplyStart, current));
        await sleep(Math.max(0, reapplyStart + (k + 1) * 250 - Date.now()));
      }
      await Promise.all([...inflight, refresher]);
      polls.sort((x, y) => x.at - y.at);
    })();
    try {
      await this.apply('apply-change', ['apply', '-input=false', '-no-color', 'change.tfplan']);
    } finally {
      polling = false;
      await poller;
      await writer;
    }
    const window = Date.now() - reapplyStart;
    timed('tofu apply (setting change)', window);
    // The polls are sent every 250 ms; a gap of up to 3 s is the event loop held up by the run's own work on a
    // loaded machine (measured up to 1.3 s in CI), not a poll skipped.
    const a = restAvailability('the rolling change', polls, window, 3000, d.restAnswersThroughChange);
    log(
      `REST polled every 250 ms during the change (${(window / 1000).toFixed(1)} s): ${a.answered} of ${a.polls} polls answered 200 by some worker, longest gap between polls ${a.longestGapMs} ms; ` +
        `the connector and its task RUNNING at ${a.running} polls, longest stretch otherwise (the task moving) ${(a.longestNotRunningMs / 1000).toFixed(1)} s`,
    );
    if (d.rolledWithin) log(await d.rolledWithin(reapplyStart, reapplyStart + window));
    await this.restReady(180_000);
    timed('re-apply start → REST ready, connector RUNNING', Date.now() - reapplyStart);
    log(await d.afterSettingChange(before, { property: SETTING.property, value: SETTING.after }));
    if (renewal) {
      const served = await Promise.all((await d.restUrls()).map(async (url) => ({ url, serial: await servedSerial(url) })));
      const problem = renewedCertificateProblem(served, renewal.serial, renewal.previous);
      if (problem) throw new E2eFailure(`after the renewal: ${problem}`);
      log(`every worker serves the renewed REST certificate (serial ${renewal.serial}) after the rolling change`);
    }
    const during = { from: total + 1, to: written };
    last = await this.tail.waitAll(during.from, during.to, 240_000);
    timed('rows written during the change → last event, from the apply start', last - reapplyStart);
    await sleep(3000);
    const cd = assertEvents('rows written during the setting change', this.tail.inRange(during.from, during.to), during.from, during.to, {
      allowDuplicates: true,
    });
    this.wrote('the rows written during the setting change', during.from, during.to, false);
    log(
      `rows written during the setting change: ${cd.distinct} (ids ${during.from}..${during.to}), none lost${cd.duplicated.length ? `, ${cd.duplicated.length} delivered twice or more (at-least-once)` : ', each once'}`,
    );
    total = during.to;
    ins = Date.now();
    await this.pg.insert(total + 1, total + 100);
    last = await this.tail.waitAll(total + 1, total + 100, 240_000);
    assertEvents('rows after the setting change', this.tail.inRange(total + 1, total + 100), total + 1, total + 100);
    this.wrote('the rows after the setting change', total + 1, total + 100, true);
    timed('insert 100 rows after the change → last event', last - ins);
    t = Date.now();
    checkPlanEmpty(await this.tofu.planChanges('idempotence-after-change'), 'plan right after the setting change');
    log('plan right after the setting change: no change');
    timed('tofu plan (idempotence after the change)', Date.now() - t);

    // 9a. connect.loggers: the replaced workers started at the declared level; a change of it reaches every worker
    // through the REST API, and nothing is restarted or replaced.
    await this.loggerLevels(synthEnv, secrets);

    // 9b. the connector's sentinel stopped by what is not a removal (a pod deleted, a pod evicted), under writes.
    let inserted = total + 100;
    inserted = await this.sentinelStopped(d.sentinelStops, inserted);
    // 9c. what is changed behind the stack's back is set back, and a FAILED task restarted, by the sentinel.
    if (d.reconciling) inserted = await this.reconciled(d.reconciling, inserted);
    // 9d. the whole topic, once: every row written by any step, each exactly once where the step claims it.
    await this.finalRead();
    // 9e. Connect-only clusters against a secured Kafka of the run's own (connect.kafkaSecurity).
    if (d.securedKafka && this.stream.securedKafka) inserted = await this.securedKafkaChecked(d.securedKafka, inserted, synthEnv, secrets);

    // 10. destroy leaves nothing; the connector's sentinel deletes the connector on the way out. With E2E_MIGRATE=1
    // the old cluster goes by the README's migration instead: removed from the code once its connector moved.
    if (process.env.E2E_MIGRATE === '1') {
      await this.migrate(inserted, synthEnv, secrets);
      return;
    }
    await this.tail.stop();
    const sentinelLog = await d.followSentinel();
    await this.connectorDestroyed(sentinelLog.printed);
    t = Date.now();
    await this.tofu.run(['destroy', '-input=false', '-auto-approve', '-no-color'], 'destroy', 600_000);
    this.applied = false;
    timed('tofu destroy', Date.now() - t);
    log(`tofu destroy: ${await d.afterDestroy()}`);
  }

  /**
   * Connect-only clusters (connect.bootstrapServers) with connect.kafkaSecurity, against a Kafka the run starts
   * itself: its SASL_SSL and SSL listeners are shown to refuse plain text, and a wrong SCRAM password; then one
   * cluster over SASL_SSL (SCRAM-SHA-512) streams its own PostgreSQL connector's rows, the table's every row exactly
   * once, and one over SSL with a client certificate joins its group; each one's topics task creates its topic
   * through the same security. Both are then removed from the code: the plans create and delete only them.
   */
  private async securedKafkaChecked(
    sk: SecuredKafkaSupport,
    inserted: number,
    synthEnv: NodeJS.ProcessEnv,
    secrets: string[],
  ): Promise<number> {
    const k = SECURED_KAFKA;
    let t = Date.now();
    const files = await makeSecuredKafkaFiles(path.join(WORK, 'secured-kafka'), KAFKA_PASSWORD);
    await sk.start(files, KAFKA_PASSWORD);
    timed('secured Kafka: certificates + start', Date.now() - t);
    const wrong = sk.tool(`${k.container}-wrong-${RUN_ID}`, 'kafka-topics.sh', [
      '--command-config',
      '/tls/connect-wrong.properties',
      '--list',
    ]);
    const w = await run(wrong.cmd, wrong.args, { timeoutMs: 180_000, env: wrong.env, allowFail: true });
    const access = {
      plainTextOnSasl: await sk.answersPlainText(k.saslPort),
      plainTextOnMtls: await sk.answersPlainText(k.mtlsPort),
      plainTextOnControl: await sk.answersPlainText(k.controllerPort),
      wrongPassword: { code: w.code ?? 1, output: `${w.stdout}${w.stderr}` },
    };
    const refused = securedKafkaAccessProblem(access);
    if (refused) throw new E2eFailure(`secured Kafka: ${refused}`);
    log(
      `secured Kafka: its SASL_SSL (:${k.saslPort}) and SSL (:${k.mtlsPort}) listeners give a plain-text ApiVersions request no answer (the plain-text controller listener answers it); the Connect user with a wrong password is refused (${
        flatText(access.wrongPassword.output)
          .match(/SaslAuthenticationException: [^[]*/)?.[0]
          ?.trim() ?? 'SaslAuthenticationException'
      })`,
    );

    t = Date.now();
    await synth(SETTING.after, { ...synthEnv, E2E_SECURED_KAFKA: '1' }, [...secrets, KAFKA_PASSWORD]);
    const isSecured = (a: string) => /secured-(sasl|mtls)_/.test(a);
    const created = await this.tofu!.planChanges('secured-kafka');
    const createdProblem = planOnlyProblem(created, isSecured, 'create');
    if (createdProblem) throw new E2eFailure(`Connect-only clusters against the secured Kafka: ${createdProblem}`);
    await this.apply('secured-kafka', ['apply', '-input=false', '-no-color', 'secured-kafka.tfplan']);
    timed('secured Kafka: synth + plan + apply of two Connect-only clusters', Date.now() - t);

    // The SASL_SSL cluster's connector RUNNING; the SSL cluster's worker healthy (it joined its group).
    const name = k.sasl.connectorName;
    const saslUrl = sk.restUrl(k.sasl.restPort);
    await waitFor(`${name} RUNNING on ${k.sasl.clusterName}`, 300_000, 2000, async () => {
      const s = (await getJson(`${saslUrl}/connectors/${name}/status`).catch(() => undefined)) as ConnectorStatus | undefined;
      const p = statusProblem(s, name);
      return p ? { ok: false, why: p } : { ok: true, value: s };
    });
    await waitFor(`${k.mtls.clusterName}'s worker healthy`, 300_000, 2000, async () => {
      const r = await httpGet(`${sk.restUrl(k.mtls.restPort)}/health`, 3000).catch(() => ({ status: 0, body: '' }));
      return r.status === 200 ? { ok: true, value: r.body } : { ok: false, why: `GET /health: ${r.status} ${r.body.slice(0, 200)}` };
    });

    // Its rows: the table's snapshot and 1,000 more, through SASL_SSL.
    t = Date.now();
    const to = inserted + 1000;
    await this.pg.insert(inserted + 1, to);
    const topic = `${k.sasl.topicPrefix}.${E2E.schema}.${E2E.table}`;
    const read = async () => {
      const c = sk.tool(
        `${k.container}-read-${RUN_ID}`,
        'kafka-console-consumer.sh',
        consumerArgs({ topic, config: '/tls/admin.properties', extra: ['--timeout-ms', '15000'], kafkaVersion: this.stream.kafkaVersion }),
      );
      const r = await run(c.cmd, c.args, { timeoutMs: 180_000, env: c.env, allowFail: true });
      fs.writeFileSync(path.join(LOGS, 'secured-read.stderr.log'), r.stderr);
      return r.stdout
        .split('\n')
        .map((l) => parseConsumerLine(l))
        .filter((e): e is ChangeEvent => e !== undefined);
    };
    const events = await waitFor(`every row on ${topic} of the secured Kafka`, 240_000, 1000, async () => {
      const got = await read();
      const ids = new Set(got.map((e) => e.id));
      return ids.size >= to ? { ok: true, value: got } : { ok: false, why: `${ids.size} of ${to} ids read` };
    });
    assertEvents(`${topic} on the secured Kafka (SASL_SSL)`, events, 1, to);
    timed(`secured Kafka: ${to} rows (snapshot + 1,000 inserted) read through SASL_SSL`, Date.now() - t);
    const list = sk.tool(`${k.container}-list-${RUN_ID}`, 'kafka-topics.sh', ['--command-config', '/tls/admin.properties', '--list']);
    const listing = await run(list.cmd, list.args, { timeoutMs: 180_000, env: list.env });
    const notListed = topicsListedProblem(listing.stdout, [k.sasl.topic, k.mtls.topic, topic]);
    if (notListed) throw new E2eFailure(`secured Kafka: the topics tasks' topics: ${notListed}`);
    log(
      `secured Kafka: ${k.sasl.clusterName} (SASL_SSL, SCRAM-SHA-512) streamed ids 1..${to} each exactly once; ${k.mtls.clusterName} (SSL, client certificate) joined its group; both topics tasks created their topics (${k.sasl.topic}, ${k.mtls.topic})`,
    );

    // Removed from the code: only they go.
    t = Date.now();
    await synth(SETTING.after, synthEnv, secrets);
    const deleted = await this.tofu!.planChanges('secured-kafka-removed');
    const deletedProblem = planOnlyProblem(deleted, isSecured, 'delete');
    if (deletedProblem) throw new E2eFailure(`Connect-only clusters removed from the code: ${deletedProblem}`);
    await this.apply('secured-kafka-removed', ['apply', '-input=false', '-no-color', 'secured-kafka-removed.tfplan']);
    await sk.stop();
    timed('secured Kafka: the Connect-only clusters removed, the Kafka stopped', Date.now() - t);
    return to;
  }

  /**
   * Destroy takes the connector's own resources before the workers. Here they go first on their own
   * (`tofu destroy -target` the sentinel, which takes its apply task and declaration with it), so that the
   * deletion is read from outside while the workers still answer: GET /connectors no longer lists the connector
   * (within 30 s: the other workers read the deletion from the config topic), and the sentinel said it deleted it.
   */
  private async connectorDestroyed(printed: Promise<string>): Promise<void> {
    const name = E2E.connectorName;
    const url = (await this.driver.restUrls())[0];
    const stops = this.driver.sentinelStops;
    const state = await this.tofu!.run(['state', 'list'], 'state-list', 60_000);
    const sentinels = state.stdout.split('\n').filter((a) => stops.isSentinel(a));
    if (sentinels.length !== 1)
      throw new E2eFailure(`expected one sentinel of ${name} in the state, found: ${sentinels.join(', ') || 'none'}`);
    const t = Date.now();
    await this.tofu!.run(
      ['destroy', '-input=false', '-auto-approve', '-no-color', `-target=${sentinels[0]}`],
      'destroy-connector',
      600_000,
    );
    timed("tofu destroy of the connector's sentinel (-target)", Date.now() - t);
    const listed = await waitFor(`${name} gone from GET /connectors`, 30_000, 1000, async () => {
      const list = (await getJson(`${url}/connectors`)) as string[];
      const problem = connectorListedProblem(list, name);
      return problem ? { ok: false, why: problem } : { ok: true, value: list };
    });
    const said = await printed;
    if (!said.includes(`[connector ${name}] deleted`))
      throw new E2eFailure(`the sentinel did not say it deleted the connector; its log:\n${tailText(said, 10)}`);
    log(
      `destroying the connector's sentinel deleted ${name}: GET /connectors, asked while the workers still run, lists ${JSON.stringify(listed)}; the sentinel said "deleted"`,
    );
  }

  /**
   * The connector's sentinel stopped by each of the driver's stops that are not a removal, under a steady write
   * load: the connector answers RUNNING at every poll (4 a second), every row written meanwhile arrives exactly once,
   * and the next plan only creates the sentinel again, which is applied. Returns the last id inserted.
   */
  private async sentinelStopped(s: SentinelStops, inserted: number): Promise<number> {
    const url = (await this.driver.restUrls())[0];
    for (const [i, stop] of s.stops.entries()) {
      const from = inserted + 1;
      const to = inserted + 200;
      const polls: StatusPoll[] = [];
      const t0 = Date.now();
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const at = Date.now() - t0;
          const r = await httpGet(`${url}/connectors/${E2E.connectorName}/status`, 900).catch(() => ({ status: 0, body: '' }));
          const j = r.status === 200 ? (JSON.parse(r.body) as ConnectorStatus) : undefined;
          polls.push({ at, http: r.status, connector: j?.connector?.state, tasks: j?.tasks?.map((x) => x.state) });
          await sleep(250);
        }
      })();
      // About 10 s of writes: 20 transactions of 10 rows, 0.5 s apart; the sentinel is stopped 1 s into them.
      const writes = this.pg.insertSlowly(from, to, 10, 500);
      try {
        await sleep(1000);
        await stop.stop();
        await writes;
        await sleep(2000);
      } finally {
        polling = false;
        await poller;
      }
      const gap = checkKeptRunning(stop.label, polls, 40);
      const last = await this.tail.waitAll(from, to, 240_000);
      timed(`${stop.label}: rows written meanwhile → last event`, last - t0);
      await sleep(3000);
      const c = assertEvents(`rows written during ${stop.label}`, this.tail.inRange(from, to), from, to);
      this.wrote(`the rows written during ${stop.label}`, from, to, true);
      const said = (await s.lastLog()).trim().split('\n').pop() ?? '';
      log(
        `${stop.label}: the connector answered RUNNING at all ${polls.length} polls (longest gap ${gap} ms); ${c.distinct} rows written meanwhile, each exactly once; the sentinel's last words: ${said}`,
      );
      // The same sentinel runs again (Docker), or its Job made a new pod (Kubernetes): nothing for an apply to do.
      checkPlanEmpty(await this.tofu!.planChanges(`sentinel-back-${i + 1}`), `plan after ${stop.label}`);
      log(`plan after ${stop.label}: no change`);
      inserted = to;
    }
    checkPlanEmpty(await this.tofu!.planChanges('idempotence-after-sentinel'), 'plan after the sentinel came back');
    log('plan after the sentinel came back: no change');
    return inserted;
  }

  /**
   * Where the sentinel reconciles its connector: each change made behind the stack's back through the REST API (the
   * connector deleted, a setting changed by a PUT, the connector paused) and a real failure (its replication
   * connection terminated, which fails the task: the e2e connector declares `errors.max.retries=0`) is seen by the
   * polls, and within 60 s the connector is RUNNING again with its declared config (`checkRestored`). Rows written
   * meanwhile all arrive; duplicates are counted (at-least-once). The sentinel's log shows the restart count. The
   * plan afterwards is empty. Returns the last id inserted.
   */
  private async reconciled(r: Reconciling, inserted: number): Promise<number> {
    const url = (await this.driver.restUrls())[0];
    const name = E2E.connectorName;
    const declared = (await getJson(`${url}/connectors/${name}/config`)) as Record<string, string>;
    const text = (c: Record<string, string>) => flatText(JSON.stringify(Object.entries(c).sort()));
    const expectStatus = async (what: string, call: Promise<{ status: number; body: string }>, ...ok: number[]) => {
      const a = await call;
      if (!ok.includes(a.status)) throw new E2eFailure(`${what} answered ${a.status}: ${a.body.slice(0, 300)}`);
    };
    const changes: { label: string; make: () => Promise<void>; disrupted: (p: RestorePoll) => boolean; held?: boolean }[] = [
      {
        label: "DELETE /connectors/<name> behind the stack's back",
        make: () => expectStatus('DELETE', httpRequest('DELETE', `${url}/connectors/${name}`, '', 60_000), 204),
        disrupted: deletedPoll,
        held: true,
      },
      {
        label: "a PUT of a changed setting behind the stack's back",
        make: () =>
          expectStatus(
            'PUT config',
            httpRequest('PUT', `${url}/connectors/${name}/config`, JSON.stringify({ ...declared, 'poll.interval.ms': '777' }), 60_000),
            200,
          ),
        disrupted: (p) => p.configDiffers === true,
      },
      {
        label: "PUT /connectors/<name>/pause behind the stack's back",
        make: () => expectStatus('PUT pause', httpRequest('PUT', `${url}/connectors/${name}/pause`, '', 60_000), 202),
        disrupted: (p) => p.connector === 'PAUSED',
      },
      {
        label: 'the replication connection terminated (the task fails)',
        make: async () => {
          const n = await this.pg.psql(E2E.database, 'SELECT count(pg_terminate_backend(pid)) FROM pg_stat_replication;');
          if (n !== '1') throw new E2eFailure(`terminating the connector's replication connection ended ${n} connection(s), expected 1`);
        },
        disrupted: (p) => !!p.tasks?.includes('FAILED'),
      },
    ];
    for (const ch of changes) {
      const from = inserted + 1;
      const to = inserted + 100;
      const polls: RestorePoll[] = [];
      let release = ch.held && r.hold ? await r.hold() : undefined;
      const held = release !== undefined;
      const t0 = Date.now();
      await ch.make();
      // About 5 s of writes from the change on: 10 transactions of 10 rows, 0.5 s apart.
      const writes = this.pg.insertSlowly(from, to, 10, 500);
      let seen = false;
      let seenAt = 0;
      let fine = 0;
      try {
        while (Date.now() - t0 < 90_000 && fine < 6) {
          const at = Date.now() - t0;
          const st = await httpGet(`${url}/connectors/${name}/status`, 2000).catch(() => ({ status: 0, body: '' }));
          const cf =
            st.status === 200 ? await httpGet(`${url}/connectors/${name}/config`, 2000).catch(() => ({ status: 0, body: '' })) : undefined;
          const j = st.status === 200 ? (JSON.parse(st.body) as ConnectorStatus) : undefined;
          const poll: RestorePoll = {
            at,
            http: st.status,
            connector: j?.connector?.state,
            tasks: j?.tasks?.map((x) => x.state),
            configDiffers: cf?.status === 200 ? text(JSON.parse(cf.body) as Record<string, string>) !== text(declared) : undefined,
            configMissing: cf?.status === 404,
          };
          polls.push(poll);
          if (!seen && ch.disrupted(poll)) {
            seen = true;
            seenAt = at;
          }
          if (seen && release) {
            await release();
            release = undefined;
          }
          // Done once the change was seen and six polls in a row (3 s) show the connector as declared.
          fine = seen && runningAsDeclared(poll) ? fine + 1 : 0;
          await sleep(500);
        }
      } finally {
        if (release) await release();
      }
      await writes;
      const back = checkRestored(ch.label, polls, ch.disrupted, 60_000);
      const last = await this.tail.waitAll(from, to, 240_000);
      await sleep(3000);
      const c = assertEvents(`rows written during ${ch.label}`, this.tail.inRange(from, to), from, to, { allowDuplicates: true });
      this.wrote(`the rows written during ${ch.label}`, from, to, false);
      timed(`${ch.label}: RUNNING as declared again`, back);
      timed(`${ch.label}: rows written meanwhile → last event`, last - t0);
      log(
        `${ch.label}: seen by the polls${held ? ` at +${(seenAt / 1000).toFixed(1)} s, the sentinel held (frozen) until then,` : ','} then RUNNING with its declared config after ${(back / 1000).toFixed(1)} s (${polls.length} polls); ${c.distinct} rows written meanwhile all arrived${c.duplicated.length ? `, ${c.duplicated.length} of them twice or more (at-least-once)` : ', each once'}`,
      );
      inserted = to;
    }
    const said = await r.sentinelLog();
    const restarts = said.split('\n').filter((l) => l.includes(`[connector ${name}] auto-restart `));
    if (restarts.length !== 1)
      throw new E2eFailure(`the sentinel logged ${restarts.length} auto-restart(s), expected 1:\n${tailText(said, 20)}`);
    log(`the sentinel's restart count: ${restarts[0].trim()}`);
    checkPlanEmpty(await this.tofu!.planChanges('idempotence-after-drift'), 'plan after the drift was set back');
    log('plan after the drift was set back and the task restarted: no change');
    return inserted;
  }

  /**
   * A connector setting Connect's validation refuses (E2E.wrongSetting), declared in code: `tofu apply` fails, and
   * its own output names the connector and each field with the message Connect's validation gives for that config
   * (asked here directly); the running connector keeps its config (GET /connectors/{name}/config) and stays RUNNING;
   * every plan fails the same way while the setting is declared. Then the right config applies again (the apply
   * task finds it stored and does not PUT it) and the plan is empty.
   */
  /**
   * A level set through the REST API is ignored by a worker that starts after it (KIP-976): the workers the setting
   * change replaced show E2E.logger's level only if they read it at start. Every broker shows E2E.brokerLogger at its
   * declared level, and prints none of the DEBUG lines it would print at DEBUG. Then both levels are changed by one
   * stack change: the plan replaces the two loggers tasks alone (and updates the Kubernetes ConfigMaps), every worker
   * and every broker shows the new level, every broker's console shows the logger's DEBUG lines, and every node runs
   * as before.
   */
  private async loggerLevels(synthEnv: NodeJS.ProcessEnv, secrets: string[]): Promise<void> {
    const d = this.driver;
    const urls = await d.restUrls();
    const levels = () => Promise.all(urls.map(async (u) => (await getJson(`${u}/admin/loggers/${E2E.logger.name}`)).level as string));
    const atStart = await levels();
    if (atStart.some((l) => l !== E2E.logger.initial))
      throw new E2eFailure(
        `the workers replaced by the setting change show ${E2E.logger.name} at ${atStart.join(', ')}, not ${E2E.logger.initial}: they did not read connect.loggers at start`,
      );
    log(`every replaced worker started with ${E2E.logger.name} at ${E2E.logger.initial} (connect.loggers read at start)`);
    const brokers = kafkaNodeNames(this.stream).brokers;
    const ids = new Map<string, number>();
    for (const b of brokers) ids.set(b, await d.kafkaNodeId(b));
    const quietFrom = Date.now();
    const brokerLevels = await this.brokerLoggerLevels(ids);
    const wrong = brokers.filter((b) => brokerLevels[b] !== E2E.brokerLogger.initial);
    if (wrong.length)
      throw new E2eFailure(
        `brokers show ${E2E.brokerLogger.name} at ${wrong.map((b) => `${b} ${brokerLevels[b] ?? 'unset'}`).join(', ')}, not ${E2E.brokerLogger.initial} as kafka.loggers declares`,
      );
    const quiet = logLineProblems(await this.brokerLogs(brokers, quietFrom), E2E.brokerLogger.debugLine, false);
    if (quiet.length)
      throw new E2eFailure(`at ${E2E.brokerLogger.initial}, ${E2E.brokerLogger.name} printed DEBUG lines: ${quiet.join('; ')}`);
    log(`every broker at ${E2E.brokerLogger.name}=${E2E.brokerLogger.initial} (kafka.loggers), none printing its DEBUG lines`);

    const before = await d.nodeIdentities();
    synthEnv.E2E_LOGGER_LEVEL = E2E.logger.changed;
    synthEnv.E2E_BROKER_LOGGER_LEVEL = E2E.brokerLogger.changed;
    const t = Date.now();
    await synth(SETTING.after, synthEnv, secrets);
    const problem = loggerPlanProblem(await this.tofu!.planChanges('loggers'), ['LoggersTask', 'BrokerLoggersTask']);
    if (problem) throw new E2eFailure(`the plan for a change of connect.loggers and kafka.loggers: ${problem}`);
    await this.apply('apply-loggers', ['apply', '-input=false', '-no-color', 'loggers.tfplan']);
    const changed = await waitFor(`${E2E.logger.name} at ${E2E.logger.changed} on every worker`, 60_000, 1000, async () => {
      const now = await levels();
      return now.every((l) => l === E2E.logger.changed) ? { ok: true, value: now } : { ok: false, why: now.join(', ') };
    });
    timed('tofu apply (logger levels) → every worker at the new level', Date.now() - t);
    const appliedAt = Date.now();
    // Each describe reaches its broker on a new connection, which the broker's acceptor logs at DEBUG.
    const brokersNow = await this.brokerLoggerLevels(ids);
    const behind = brokers.filter((b) => brokersNow[b] !== E2E.brokerLogger.changed);
    if (behind.length)
      throw new E2eFailure(
        `after the apply, brokers show ${E2E.brokerLogger.name} at ${behind.map((b) => `${b} ${brokersNow[b] ?? 'unset'}`).join(', ')}, not ${E2E.brokerLogger.changed}`,
      );
    await waitFor(`every broker's console with a DEBUG line of ${E2E.brokerLogger.name}`, 60_000, 2000, async () => {
      const problems = logLineProblems(await this.brokerLogs(brokers, appliedAt - 1000), E2E.brokerLogger.debugLine, true);
      return problems.length ? { ok: false, why: problems.join('; ') } : { ok: true, value: true };
    });
    const restarted = restartedNodes(before, await d.nodeIdentities());
    if (restarted.length)
      throw new E2eFailure(`a change of connect.loggers and kafka.loggers restarted or replaced nodes: ${restarted.join('; ')}`);
    checkPlanEmpty(await this.tofu!.planChanges('idempotence-after-loggers'), 'plan right after the level change');
    log(
      `${E2E.logger.name} ${E2E.logger.initial} → ${E2E.logger.changed} and ${E2E.brokerLogger.name} ${E2E.brokerLogger.initial} → ${E2E.brokerLogger.changed} by a stack change: the plan replaced the two loggers tasks and changed the levels files, nothing else; ${changed.length} workers at ${E2E.logger.changed}, ${brokers.length} brokers at ${E2E.brokerLogger.changed}, each broker printing its DEBUG lines; all ${Object.keys(before).length} nodes running as before (same ids, same start); then no change planned`,
    );
  }

  /** E2E.brokerLogger's level on each broker (by node name, with its node id), as the broker answers for itself. */
  private async brokerLoggerLevels(ids: ReadonlyMap<string, number>): Promise<Record<string, string | undefined>> {
    const out: Record<string, string | undefined> = {};
    for (const [node, id] of ids) {
      const describe = await this.driver.kafkaTool('kafka-configs.sh', [
        '--describe',
        '--entity-type',
        'broker-loggers',
        '--entity-name',
        String(id),
      ]);
      out[node] = brokerLoggerLevel(describe, E2E.brokerLogger.name);
    }
    return out;
  }

  private async brokerLogs(brokers: readonly string[], sinceMs: number): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const b of brokers) out[b] = await this.driver.nodeLog(b, sinceMs);
    return out;
  }

  /** Every node's metrics once Debezium's streaming metrics for the connector are exported (they follow RUNNING). */
  private async scrapeUntilStreaming(): Promise<Scrape[]> {
    return waitFor(`Debezium's streaming metrics for ${E2E.connectorName} on a worker's /metrics`, 120_000, 2000, async () => {
      const scrapes = await this.driver.scrapeMetrics();
      const seen = streamingValues(scrapes, 'totalnumberofeventsseen', E2E.topicPrefix);
      return seen.length > 0
        ? { ok: true, value: scrapes }
        : { ok: false, why: scrapes.map((x) => x.error ?? `${x.node}: no streaming metrics`).join('; ') };
    });
  }

  /** The metrics after the first batch, against those before it (metricsProblems). */
  private async checkMetrics(before: Scrape[]): Promise<void> {
    const after = await this.driver.scrapeMetrics();
    const readmeMetrics = readmeAlertMetrics();
    const problems = metricsProblems(before, after, {
      connector: E2E.connectorName,
      topicPrefix: E2E.topicPrefix,
      nodes: metricsNodes(this.stream, E2E.restPorts.length),
      rows: ROWS,
      readmeMetrics,
    });
    if (problems.length) throw new E2eFailure(`Prometheus metrics:\n  ${problems.join('\n  ')}`);
    const lag = streamingValues(after, 'millisecondsbehindsource', E2E.topicPrefix);
    log(
      `Prometheus metrics from all ${after.length} nodes (${after.map((x) => x.node).join(', ')}): ${E2E.connectorName} and its task running by kafka_connect_*_status, MilliSecondsBehindSource ${lag[0]} ms and moving, the events Debezium saw grew by ${ROWS} or more, and every one of the README's ${readmeMetrics.length} alert metrics exported`,
    );
  }

  private async refusedSetting(synthEnv: NodeJS.ProcessEnv, secrets: string[]): Promise<void> {
    const d = this.driver;
    const tofu = this.tofu!;
    const name = E2E.connectorName;
    const url = (await d.restUrls())[0];
    const configUrl = `${url}/connectors/${name}/config`;
    const statusUrl = `${url}/connectors/${name}/status`;
    const before = (await getJson(configUrl)) as Record<string, string>;
    // The stored config, with the "name" Connect validates too, and the wrong setting.
    const wrong = { ...before, [E2E.wrongSetting.key]: E2E.wrongSetting.value };
    const asked = await httpRequest(
      'PUT',
      `${url}/connector-plugins/${before['connector.class']}/config/validate`,
      JSON.stringify(wrong),
      120_000,
    );
    if (asked.status !== 200)
      throw new E2eFailure(`Connect's validation of the wrong setting answered ${asked.status}: ${asked.body.slice(0, 500)}`);
    const expected = validationErrors(JSON.parse(asked.body));
    const setting = `${E2E.wrongSetting.key}=${E2E.wrongSetting.value}`;
    const check = async (what: string, r: { code: number | null; stdout: string; stderr: string }) => {
      const problem = refusedApplyProblem({
        connector: name,
        exitCode: r.code,
        output: `${r.stdout}\n${r.stderr}`,
        expected,
        before,
        after: await getJson(configUrl),
        status: await getJson(statusUrl),
      });
      if (problem) throw new E2eFailure(`${what} of ${setting}: ${problem}\ncluster:\n${await d.diagnostics()}`);
    };

    let t = Date.now();
    await synth(SETTING.before, { ...synthEnv, E2E_WRONG_SETTING: '1' }, secrets);
    const applied = await tofu.run(['apply', '-input=false', '-auto-approve', '-no-color'], 'apply-wrong-setting', 900_000, true);
    timed(`tofu apply of ${setting} (refused)`, Date.now() - t);
    await check('tofu apply', applied);
    log(
      `tofu apply of ${setting} failed, its output naming ${expected.map((e) => `${e.field}: "${e.message}"`).join('; ')}; ${name} keeps its config and is RUNNING`,
    );
    t = Date.now();
    await check('tofu plan', await tofu.run(['plan', '-input=false', '-no-color'], 'plan-wrong-setting', 600_000, true));
    timed(`tofu plan with ${setting} declared (refused)`, Date.now() - t);
    log(`tofu plan with ${setting} still declared fails the same way`);

    t = Date.now();
    await synth(SETTING.before, synthEnv, secrets);
    await this.apply('apply-right-setting', ['apply', '-input=false', '-auto-approve', '-no-color']);
    timed('tofu apply of the right setting again', Date.now() - t);
    checkPlanEmpty(await tofu.planChanges('idempotence-after-refusal'), 'plan right after the right setting applied again');
    const now = (await getJson(configUrl)) as Record<string, string>;
    if (flatText(JSON.stringify(Object.entries(now).sort())) !== flatText(JSON.stringify(Object.entries(before).sort())))
      throw new E2eFailure(`after the right setting applied again, ${name}'s config differs: ${JSON.stringify(now)}`);
    await this.restReady(120_000);
    log(`the right setting applied again: plan empty, ${name} RUNNING with its config`);
  }

  /**
   * The README's move from the ZooKeeper stream to KRaft: a KRaft cluster (stream 3.6) beside the old one with the
   * connector declared STOPPED; the old connector stopped; rows written while neither runs; the offsets copied with
   * GET /connectors/{name}/offsets → PATCH; the old cluster removed from the code and the new connector RUNNING. The
   * new cluster then carries every row written after the old connector stopped, each once, and none from before (no
   * new snapshot: it resumed from the copied offsets, on the same replication slot). Then the new cluster is destroyed.
   */
  private async migrate(inserted: number, synthEnv: NodeJS.ProcessEnv, secrets: string[]): Promise<void> {
    const d = this.driver;
    const m = d.migration;
    if (!m) throw new E2eFailure(`E2E_MIGRATE=1: the ${d.target} driver has no migration support (the Docker driver has)`);
    if (this.stream.coordination !== 'zookeeper')
      throw new E2eFailure('E2E_MIGRATE=1 moves a cluster of the ZooKeeper stream to KRaft: run it with E2E_STREAM=3.1');
    const tofu = this.tofu!;
    const name = E2E.connectorName;
    const oldUrl = (await d.restUrls())[0];
    const newUrl = m.restUrl();
    const env = { ...synthEnv, ...(await m.prepare()) };
    const changed = (changes: ResourceChange[]) =>
      changes
        .filter((c) => !(c.change.actions.length === 1 && ['no-op', 'read'].includes(c.change.actions[0])))
        .map((c) => ({ address: c.address, actions: c.change.actions.join(',') }));
    const phase = async (p: MigrationPhase, expected: (c: { address: string; actions: string }) => boolean, what: string) => {
      const t = Date.now();
      await synth(SETTING.after, { ...env, E2E_MIGRATION: p }, secrets);
      const changes = changed(await tofu.planChanges(`migration-${p}`));
      const other = changes.filter((c) => !expected(c));
      if (other.length || changes.length === 0)
        throw new E2eFailure(
          `migration, ${p}: the plan must only ${what}; it ${changes.length ? `also changes ${other.map((c) => `${c.address} (${c.actions})`).join(', ')}` : 'changes nothing'}`,
        );
      await this.apply(`migration-${p}`, ['apply', '-input=false', '-no-color', `migration-${p}.tfplan`]);
      timed(`migration, ${p}: synth + plan + apply`, Date.now() - t);
      return changes;
    };
    const isNew = (a: string) => /\.kraft_/.test(a);
    const isOld = (a: string) => /\.cluster_/.test(a);
    // The connector's apply task and its sentinel (which holds the declared state); never its declaration.
    const isConnectorTask = (a: string) => a.includes(`_Connectors_${name}_Apply_`) || a.includes(`_Connectors_${name}_Sentinel_task_`);
    // Key order of the offsets' JSON is not the API's contract.
    const canonical = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(canonical)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, x]) => [k, canonical(x)]),
            )
          : v;
    const state = async (url: string) => ((await getJson(`${url}/connectors/${name}/status`)) as ConnectorStatus).connector?.state;
    /** Until the connector on `url` reports STOPPED; `mayBeMissing`: a connector not created yet counts as pending. */
    const stopped = (url: string, which: string, timeoutMs: number, mayBeMissing: boolean) =>
      waitFor(`${name} on the ${which} cluster, STOPPED`, timeoutMs, 1000, async () => {
        const s = await (mayBeMissing ? state(url).catch(() => undefined) : state(url));
        return s === 'STOPPED' ? { ok: true, value: s } : { ok: false, why: `state ${s}` };
      });

    // 1. the new cluster beside the old one, its connector created STOPPED (it must never have run)
    const beside = await phase('beside', (c) => c.actions === 'create' && isNew(c.address), 'create the new cluster');
    await stopped(newUrl, 'new', 240_000, true);
    const newOffsetsBefore = await getJson(`${newUrl}/connectors/${name}/offsets`);
    if (JSON.stringify(newOffsetsBefore.offsets ?? []) !== '[]')
      throw new E2eFailure(`the new cluster's ${name} has offsets before the copy (it ran?): ${JSON.stringify(newOffsetsBefore)}`);
    log(
      `migration: ${beside.length} resources of ${MIGRATION.clusterName} created beside ${E2E.clusterName}; its ${name} exists STOPPED and has no offsets (it never ran)`,
    );

    // 2. the old connector stopped: only its tasks change
    await phase('stopped', (c) => isOld(c.address) && isConnectorTask(c.address), "change the old connector's tasks");
    await stopped(oldUrl, 'old', 120_000, false);
    await sleep(3000);
    const oldEvents = this.tail.events.length;
    await this.tail.stop();
    log(`migration: the old ${name} STOPPED; its topic holds ${oldEvents} events of ids 1..${inserted}`);

    // 3. rows written while no connector runs: the new one must pick them up from the copied offsets
    const from = inserted + 1;
    const to = inserted + 500;
    await this.pg.insert(from, to);

    // 4. the offsets, copied
    const offsets = await getJson(`${oldUrl}/connectors/${name}/offsets`);
    if (!Array.isArray(offsets.offsets) || offsets.offsets.length === 0)
      throw new E2eFailure(`the old ${name} reports no offsets: ${JSON.stringify(offsets)}`);
    const patched = await httpRequest('PATCH', `${newUrl}/connectors/${name}/offsets`, JSON.stringify(offsets));
    if (patched.status !== 200)
      throw new E2eFailure(`PATCH ${newUrl}/connectors/${name}/offsets answered ${patched.status}: ${patched.body}`);
    // The worker answers the PATCH once the offsets are written; its GET reads them back from the offsets topic.
    await waitFor(`the new ${name}'s offsets equal to the old one's`, 60_000, 1000, async () => {
      const copied = await getJson(`${newUrl}/connectors/${name}/offsets`);
      return JSON.stringify(canonical(copied)) === JSON.stringify(canonical(offsets))
        ? { ok: true, value: copied }
        : { ok: false, why: `old ${JSON.stringify(offsets)}, new ${JSON.stringify(copied)}` };
    });
    log(`migration: offsets copied with PATCH: ${JSON.stringify(offsets.offsets)}`);

    // 5. the old cluster removed from the code, the new connector RUNNING
    const sentinelLog = await d.followSentinel();
    await phase(
      'switched',
      (c) => (isOld(c.address) && c.actions === 'delete') || (isNew(c.address) && isConnectorTask(c.address)),
      "delete the old cluster and change the new connector's task",
    );
    const said = await sentinelLog.printed;
    if (!said.includes(`[connector ${name}] deleted`))
      throw new E2eFailure(`the old cluster's sentinel did not delete ${name}; its log:\n${tailText(said, 10)}`);
    log(`migration: ${await m.oldClusterGone()}; its sentinel deleted the old ${name}`);
    const resumed = Date.now();
    await workersReady([newUrl], 180_000);
    const tail = new TopicTail(m.consumer, (n) => d.removeConsumer(n), MIGRATION.kafkaVersion, 'tail-kraft');
    tail.start();
    try {
      const last = await tail.waitAll(from, to, 240_000);
      log(`migration: the rows written while no connector ran arrived on ${MIGRATION.clusterName}`);
      timed('migration: new connector RUNNING → the rows written meanwhile arrived', last - resumed);
      await this.pg.insert(to + 1, to + 100);
      await tail.waitAll(to + 1, to + 100, 240_000);
      await sleep(3000);
      const moved = assertEvents(`the new cluster's topic after the move`, tail.events, from, to + 100);
      log(
        `migration: ${moved.distinct} rows on the new cluster, each once, none from before the move (resumed from the copied offsets, no new snapshot)`,
      );
    } finally {
      await tail.stop();
    }
    checkPlanEmpty(await tofu.planChanges('migration-idempotence'), 'plan right after the migration');

    // 6. the new cluster destroyed
    const t = Date.now();
    await tofu.run(['destroy', '-input=false', '-auto-approve', '-no-color'], 'destroy', 600_000);
    this.applied = false;
    timed('tofu destroy (the new cluster)', Date.now() - t);
    log(`tofu destroy: ${await m.newClusterGone()}`);
  }

  /**
   * Stops the leader of the change-event topic's partition and the active KRaft controller while rows are inserted
   * at a steady pace: every row arrives once (no loss, no duplicate: the leader moves to an in-sync replica, the
   * quorum elects another controller, the idempotent producer retries), and writes go on. Then both come back with
   * their storage and catch up: the partition fully in sync again, the controller a voter again. Returns the
   * number of rows inserted so far.
   */
  private async kafkaDisruption(inserted: number): Promise<number> {
    const d = this.driver;
    const topicLeader = async (): Promise<{ leader: number; isr: number[] }> => {
      const out = await d.kafkaTool('kafka-topics.sh', ['--describe', '--topic', E2E.topic]);
      const m = /Partition: 0\s+Leader: (-?\d+)\s+Replicas: [\d,]+\s+Isr: ([\d,]*)/.exec(out);
      if (!m) throw new E2eFailure(`cannot read the leader of ${E2E.topic}-0 from kafka-topics.sh --describe:\n${tailText(out, 5)}`);
      return { leader: Number(m[1]), isr: m[2].split(',').filter(Boolean).map(Number) };
    };
    const quorum = async (): Promise<QuorumStatus> =>
      parseQuorumStatus(await d.kafkaTool('kafka-metadata-quorum.sh', ['describe', '--status']));
    // Which node has which id, read from each node's own storage: the node stopped as the leader is the one
    // that has the leader's id, whatever rule numbered them.
    const names = kafkaNodeNames(this.stream);
    const ids = new Map<string, number>();
    for (const node of [...names.controllers, ...names.brokers]) ids.set(node, await d.kafkaNodeId(node));
    const nodeOf = (id: number): string => {
      const found = [...ids].find(([, v]) => v === id);
      if (!found)
        throw new E2eFailure(`Kafka node id ${id} is none of the nodes' own ids (${[...ids].map(([k, v]) => `${k} ${v}`).join(', ')})`);
      return found[0];
    };
    const declaredVoters = (names.controllers.length ? names.controllers : names.brokers).map((node) => ids.get(node)!);
    const before = await topicLeader();
    const q = await quorum();
    if (before.isr.length !== this.stream.replicationFactor)
      throw new E2eFailure(
        `${E2E.topic}-0 has ${before.isr.length} in-sync replicas before the disruption, expected ${this.stream.replicationFactor}`,
      );
    const broker = nodeOf(before.leader);
    const controller = nodeOf(q.leader);
    log(
      `${E2E.topic}-0: leader ${broker}, in-sync ${before.isr.join(',')}; quorum of voters ${q.voters.join(',')} led by ${controller} ` +
        `(node ids read from each node: ${[...ids].map(([k, v]) => `${k} ${v}`).join(', ')})`,
    );

    const from = inserted + 1;
    const to = inserted + ROWS;
    const t = Date.now();
    // About 25 s of writes: 40 transactions of 25 rows, 0.6 s apart; the two nodes go down in the middle of it.
    const writes = this.pg.insertSlowly(from, to, 25, 600);
    await sleep(3000);
    await d.stopKafkaNode(broker);
    log(`stopped ${broker} (leader of ${E2E.topic}-0) ${((Date.now() - t) / 1000).toFixed(1)} s into the writes`);
    if (controller !== broker) {
      await d.stopKafkaNode(controller);
      log(`stopped ${controller} (active controller) ${((Date.now() - t) / 1000).toFixed(1)} s into the writes`);
    }
    await writes;
    const last = await this.tail.waitAll(from, to, 240_000);
    timed(`${ROWS} rows while ${broker} and ${controller} are down → last event`, last - t);
    await sleep(3000);
    const during = assertEvents(`rows written while ${broker} and ${controller} were down`, this.tail.inRange(from, to), from, to);
    this.wrote(`the rows written while ${broker} and ${controller} were down`, from, to, true);
    const moved = await topicLeader();
    if (moved.leader === before.leader) throw new E2eFailure(`${E2E.topic}-0 is still led by ${broker} although it is stopped`);
    const q2 = await quorum();
    const failover = failoverProblem(q, q2, ids.get(controller)!, declaredVoters);
    if (failover) throw new E2eFailure(`controller failover: ${failover}`);
    log(
      `while down: ${during.distinct} rows, each exactly once; ${E2E.topic}-0 led by ${nodeOf(moved.leader)} (in-sync ${moved.isr.join(',')}); quorum led by ${nodeOf(q2.leader)}, its voters still the declared controllers ${q2.voters.join(',')}`,
    );

    const back = Date.now();
    await d.startKafkaNode(broker);
    if (controller !== broker) await d.startKafkaNode(controller);
    await waitFor(`${E2E.topic}-0 fully in sync again`, 240_000, 2000, async () => {
      const s = await topicLeader();
      return s.isr.length === this.stream.replicationFactor ? { ok: true, value: s } : { ok: false, why: `in-sync ${s.isr.join(',')}` };
    });
    await waitFor(`${controller} a caught-up voter again`, 240_000, 2000, async () => {
      // NodeId [DirectoryId] LogEndOffset Lag LastFetchTimestamp LastCaughtUpTimestamp Status
      const lines = (await d.kafkaTool('kafka-metadata-quorum.sh', ['describe', '--replication']))
        .split('\n')
        .map((l) => l.trim().split(/\s+/));
      const header = lines.find((cols) => cols[0] === 'NodeId');
      const row = lines.find((cols) => cols[0] === String(q.leader));
      if (!header || !row) return { ok: false, why: `node ${q.leader} not listed` };
      const lag = row[header.indexOf('Lag')];
      const status = row[header.indexOf('Status')];
      return lag === '0' && /^(Leader|Follower)$/.test(status)
        ? { ok: true, value: row }
        : { ok: false, why: `lag ${lag}, status ${status}` };
    });
    timed(`${broker} and ${controller} started → in sync again`, Date.now() - back);
    log(`${broker} and ${controller} started again: ${E2E.topic}-0 fully in sync, ${controller} a voter with no lag`);
    // A level a broker was given at run time is gone when it stops: the restarted broker has kafka.loggers' level
    // only if it read it at start.
    const restartedLevel = (await this.brokerLoggerLevels(new Map([[broker, ids.get(broker)!]])))[broker];
    if (restartedLevel !== E2E.brokerLogger.initial)
      throw new E2eFailure(
        `${broker}, started again, shows ${E2E.brokerLogger.name} at ${restartedLevel ?? 'unset'}, not ${E2E.brokerLogger.initial}: it did not read kafka.loggers at start`,
      );
    log(`${broker} started again with ${E2E.brokerLogger.name} at ${E2E.brokerLogger.initial} (kafka.loggers read at start)`);
    const ins = Date.now();
    await this.pg.insert(to + 1, to + 100);
    const after = await this.tail.waitAll(to + 1, to + 100, 240_000);
    timed('insert 100 rows after the nodes came back → last event', after - ins);
    await sleep(3000); // late duplicates would show up here
    assertEvents('rows after the nodes came back', this.tail.inRange(to + 1, to + 100), to + 1, to + 100);
    // Exactly once as delivered; in the final read their duplicates are reported, not failed. One CI run found all
    // 100 twice in the final read, not in this check. The producers are idempotent (a retry adds no copy), so the
    // likely cause is the task restarting from a commit older than them when the setting change moved it, which the
    // wait for one commit before that change now rules out; until runs show it, the README claims at-least-once.
    this.wrote('the rows after the nodes came back', to + 1, to + 100, false);
    return to + 100;
  }

  /** Removes everything the run created (after keeping the cluster's logs when the run failed); never throws. */
  public async cleanup(keep: boolean, failed: boolean): Promise<void> {
    this.startUpWatch?.stop();
    if (keep) {
      log(`E2E_KEEP=1: leaving the cluster, PostgreSQL (${this.pg.host}:${this.pg.port}) and the state as they are`);
      return;
    }
    const step = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        log(`cleanup: ${what} failed: ${(e as Error).message.split('\n')[0]}`);
      }
    };
    await step('consumer', () => this.tail.stop());
    if (failed && this.applied) await step('the cluster logs', async () => log(`cleanup: ${await this.driver.saveLogs()}`));
    if (this.applied && this.tofu) {
      log('cleanup: tofu destroy');
      await step('tofu destroy', () =>
        this.tofu!.run(['destroy', '-input=false', '-auto-approve', '-no-color'], 'destroy-cleanup', 420_000),
      );
    }
    await step(`the ${this.driver.target} cluster`, () => this.driver.cleanup());
    await step('PostgreSQL', () => this.pg.stop());
  }
}

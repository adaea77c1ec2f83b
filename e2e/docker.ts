// The Docker driver of the end-to-end scenario: the project's private engine (scripts/dockerd.sh, host networking
// only), the locally built images, and the cluster looked at through `docker` and /proc.
import * as cp from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import {
  E2eFailure,
  EngineHealthcheck,
  healthStartIntervalProblem,
  killedWorkerProblem,
  metaPropertiesNodeId,
  readOnlyWorkersProblem,
  ResourceChange,
  WorkerRootfs,
} from './assertions';
import { NodeIdentity } from './assertions';
import { ConsumerCommand, MigrationSupport, Reconciling, SecuredKafkaSupport, SentinelStops, Snapshot, TargetDriver } from './driver';
import {
  buildImages,
  children,
  CONSUMER_LABEL,
  dockerConsumer,
  dockerKafkaTool,
  httpGet,
  RestTlsFiles,
  Images,
  log,
  LOGS,
  notes,
  portFree,
  removeDockerConsumer,
  ROOT,
  run,
  RUN_ID,
  SecuredKafkaFiles,
  securedKafkaCommand,
  startDockerd,
  tailText,
  toolEnv,
  waitFor,
} from './harness';
import { metricsNodes, Scrape } from './metrics';
import { StartUpRecord, StartUpWatch } from './readiness';
import { E2E, MIGRATION, SECURED_KAFKA } from './stack';
import { CONTROLLER_PORT_BASE, KAFKA_PORT, kafkaNodeNames, streamProfile, ZOOKEEPER_PORT } from './streams';

const CLUSTER_LABEL = `app.kubernetes.io/part-of=${E2E.clusterName}`;
/** Docker Engine API 1.<this> (Engine 25) is the first with a health-check start interval. */
const START_INTERVAL_API_MINOR = 44;
/** The KRaft cluster the migration moves the connector to (E2E_MIGRATE=1). */
const MIGRATION_LABEL = `app.kubernetes.io/part-of=${MIGRATION.clusterName}`;
/**
 * Listening sockets of the cluster allowed off loopback (reported loudly). None is allowed now: with host
 * networking every service must stay on 127.0.0.1.
 */
const TOLERATED_LISTENERS: { container: RegExp; port: number; reason: string }[] = [];

interface ContainerInfo {
  id: string;
  running: boolean;
  exitCode: number;
  startedAt: string;
  env: string[];
}

export class DockerDriver implements TargetDriver {
  public readonly target = 'docker';
  public readonly providerType = 'docker';
  /** The docker provider replaces the workers' containers; nothing promises REST in between. */
  public readonly restAnswersThroughChange = false;
  public readonly settingChangeAction = 'replace' as const;
  /** A killed worker container stays down (a lost host) until the setting change replaces it. */
  public readonly lostWorkerReturns = false;
  /** The provider waits for the sentinel container's health before it creates the apply task. */
  public readonly applyWaitsForReadySentinel = true;
  /** Docker delivers connector secrets as environment variables, read through Kafka's EnvVarConfigProvider. */
  public readonly passwordReference = '${env:SECRET_E2E_POSTGRES_DATABASE_PASSWORD}';
  private readonly stream = streamProfile();
  /** The directory the REST certificate volume is bound to, once this run made it. */
  private restTlsBound?: string;
  private host = '';
  private images?: Images;
  /** Every volume that existed before the run: anything else left at the end was created by the run. */
  private volumesAtStart?: Set<string>;
  /**
   * The health checks' start interval the stack asks for: 1 s on an engine that has one (API 1.44, Docker Engine
   * 25 and later), none on an older engine, which refuses to create a container that sets it.
   */
  private healthStartIntervalSeconds?: number;
  /** The engine's version, as it reports it. */
  private engine = '';

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, DOCKER_HOST: this.host };
  }

  private docker(args: string[], timeoutMs = 60_000, allowFail = false) {
    return run('docker', args, { timeoutMs, env: this.env(), allowFail });
  }

  public async prepare(): Promise<void> {
    this.host = await startDockerd();
    const engine = (await this.docker(['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}}'], 30_000)).stdout.trim();
    const [version, api] = engine.split(' ');
    this.engine = version;
    const [major, minor] = api.split('.').map(Number);
    this.healthStartIntervalSeconds = major > 1 || (major === 1 && minor >= START_INTERVAL_API_MINOR) ? 1 : undefined;
    log(
      `engine: Docker ${version} (API ${api}); ${
        this.healthStartIntervalSeconds
          ? `health checks probe every ${this.healthStartIntervalSeconds} s while a container starts (healthStartIntervalSeconds)`
          : `no health-check start interval before API 1.${START_INTERVAL_API_MINOR}: probes at the steady-state interval from the start`
      }`,
    );
    this.volumesAtStart = new Set((await this.docker(['volume', 'ls', '-q'], 30_000)).stdout.split('\n').filter(Boolean));
    this.images = await buildImages(this.host, this.stream);
  }

  public synthEnv(): NodeJS.ProcessEnv {
    return {
      E2E_TARGET: this.target,
      E2E_STREAM: this.stream.stream,
      ...(this.images!.ZOOKEEPER_IMAGE ? { E2E_ZOOKEEPER_IMAGE: this.images!.ZOOKEEPER_IMAGE } : {}),
      E2E_KAFKA_IMAGE: this.images!.KAFKA_IMAGE,
      E2E_CONNECT_IMAGE: this.images!.CONNECT_IMAGE,
      ...(this.healthStartIntervalSeconds ? { E2E_HEALTH_START_INTERVAL_SECONDS: String(this.healthStartIntervalSeconds) } : {}),
    };
  }

  public tofuEnv(): NodeJS.ProcessEnv {
    return { DOCKER_HOST: this.host };
  }

  /** Host networking: the cluster's processes share the machine's loopback. */
  public async database(): Promise<{ host: string }> {
    return { host: '127.0.0.1' };
  }

  public async cleanSlate(): Promise<void> {
    await this.removeLeftovers('before the run');
    for (const port of this.clusterPorts()) {
      if (!(await portFree(port)) || !(await portFree(port, '0.0.0.0')))
        throw new E2eFailure(`port ${port} is in use on this host; the host-networked cluster needs it`);
    }
  }

  /** The ports the host-networked cluster listens on (as the library renders them for this stream). */
  private clusterPorts(): number[] {
    const n = kafkaNodeNames(this.stream);
    const kraftPorts =
      this.stream.coordination === 'kraft'
        ? // A single combined node: controller on 9093; otherwise the controllers' listeners from 19093 on.
          n.controllers.length === 0 && n.brokers.length === 1
          ? [9093]
          : (n.controllers.length ? n.controllers : n.brokers).map((_, i) => CONTROLLER_PORT_BASE + i)
        : [];
    const migration = process.env.E2E_MIGRATE === '1' ? [MIGRATION.kafkaPort, 9093, MIGRATION.restPort] : [];
    const k = SECURED_KAFKA;
    const secured = this.stream.securedKafka ? [k.saslPort, k.controllerPort, k.mtlsPort, k.sasl.restPort, k.mtls.restPort] : [];
    return [
      ...n.zookeeper.map(() => ZOOKEEPER_PORT),
      ...n.brokers.map((_, i) => KAFKA_PORT + i),
      ...kraftPorts,
      ...E2E.restPorts,
      ...migration,
      ...secured,
    ];
  }

  private async containerInfo(name: string): Promise<ContainerInfo | undefined> {
    const r = await this.docker(['inspect', '--format', '{{json .}}', name], 30_000, true);
    if (r.code !== 0) return undefined;
    const j = JSON.parse(r.stdout);
    return { id: j.Id, running: j.State.Running, exitCode: j.State.ExitCode, startedAt: j.State.StartedAt, env: j.Config.Env ?? [] };
  }

  private async labelled(kind: 'ps' | 'volume', label: string, all = true): Promise<string[]> {
    const args =
      kind === 'ps'
        ? ['ps', ...(all ? ['-a'] : []), '--filter', `label=${label}`, '--format', '{{.Names}}']
        : ['volume', 'ls', '--filter', `label=${label}`, '--format', '{{.Name}}'];
    const r = await this.docker(args, 30_000);
    return r.stdout
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .sort();
  }

  public async diagnostics(): Promise<string> {
    try {
      const names = await this.labelled('ps', CLUSTER_LABEL);
      const out: string[] = [];
      for (const n of names) {
        const r = await this.docker(
          [
            'inspect',
            '--format',
            '{{.State.Status}} exit={{.State.ExitCode}} health={{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}}',
            n,
          ],
          15_000,
          true,
        );
        out.push(`  ${n}: ${r.stdout.trim()}`);
        const l = await this.docker(['logs', '--tail', '15', n], 15_000, true);
        out.push(tailText(`${l.stdout}${l.stderr}`, 15));
      }
      return out.join('\n') || '  (no cluster containers)';
    } catch (e) {
      return `  (diagnostics failed: ${(e as Error).message})`;
    }
  }
  public async saveLogs(): Promise<string> {
    const names = await this.labelled('ps', CLUSTER_LABEL);
    for (const n of names) {
      const l = await this.docker(['logs', '--timestamps', n], 60_000, true);
      fs.writeFileSync(path.join(LOGS, `container-${n}.log`), `${l.stdout}${l.stderr}`);
    }
    return `${names.length} container log(s) in ${LOGS}/container-*.log`;
  }

  public async restUrls(): Promise<string[]> {
    return E2E.restPorts.map((port) => `${this.stream.restTls ? 'https' : 'http'}://127.0.0.1:${port}`);
  }

  /** Host networking: the workers advertise 127.0.0.1, and the tasks call them there. */
  public restTlsNames(): { dns: string[]; ips: string[] } {
    return { dns: ['localhost'], ips: ['127.0.0.1'] };
  }

  /** A volume of the run's files, bound to their directory (the stack mounts it by name and does not manage it). */
  public async provideRestTls(files: RestTlsFiles): Promise<void> {
    // A renewal rewrote the files in the directory this run bound: the volume already shows them.
    if (this.restTlsBound === files.dir) return;
    await this.docker(['volume', 'rm', '-f', E2E.restTls.files], 60_000, true);
    this.restTlsBound = files.dir;
    await this.docker(
      ['volume', 'create', '--driver', 'local', '--opt', 'type=none', '--opt', 'o=bind', '--opt', `device=${files.dir}`, E2E.restTls.files],
      60_000,
    );
  }

  /** `worker_id` is `<advertised host>:<port>`, and each worker has its own REST port on the host. */
  public async workerIndex(workerId: string): Promise<number> {
    const m = /:(\d+)$/.exec(workerId);
    const i = m ? E2E.restPorts.indexOf(Number(m[1]) as 8083 | 8084) : -1;
    if (i < 0) throw new E2eFailure(`cannot tell which worker ${JSON.stringify(workerId)} is`);
    return i;
  }

  private worker(index: number): string {
    return `${E2E.clusterName}-connect-${index + 1}`;
  }

  /**
   * The engine's own record of the start-up (`docker events` from before the apply: container create and start,
   * every health probe's exec and exit code, `health_status: healthy`), and beside it a poller that asks each
   * service what its health check asks, every 200 ms from this machine (host networking: every service is on
   * 127.0.0.1): ZooKeeper `srvr`, a Kafka node an ApiVersions request (a broker's health check sends the same
   * from inside its container; a controller's asks for the quorum), a worker `GET /health`, a task whether its
   * marker file exists (through /proc/<pid>/root). The first answer is when the service was serving; the healthy
   * event, when Docker noticed.
   */
  public async watchStartUp(since: number): Promise<StartUpWatch> {
    const prefix = `${E2E.clusterName}-`;
    const events: { name: string; action: string; execId?: string; exitCode?: string; at: number }[] = [];
    const proc = cp.spawn(
      'docker',
      [
        'events',
        '--since',
        (since / 1000).toFixed(3),
        '--filter',
        'type=container',
        '--filter',
        `label=${CLUSTER_LABEL}`,
        '--format',
        '{{json .}}',
      ],
      { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.add(proc);
    proc.on('close', () => children.delete(proc));
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += d.toString()));
    const pids = new Map<string, number>();
    let buf = '';
    proc.stdout!.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        let e: { Action: string; Actor: { ID: string; Attributes: Record<string, string> }; timeNano: number };
        try {
          e = JSON.parse(line);
        } catch {
          continue; // measured, never fatal
        }
        const name = e.Actor.Attributes.name ?? '';
        if (!name.startsWith(prefix)) continue;
        const service = name.slice(prefix.length);
        events.push({
          name: service,
          action: e.Action,
          execId: e.Actor.Attributes.execID,
          exitCode: e.Actor.Attributes.exitCode,
          at: e.timeNano / 1e6,
        });
        if (e.Action === 'start')
          this.docker(['inspect', '--format', '{{.State.Pid}}', e.Actor.ID], 15_000, true).then(
            (r) => Number(r.stdout.trim()) > 0 && pids.set(service, Number(r.stdout.trim())),
            () => undefined,
          );
      }
    });

    const n = kafkaNodeNames(this.stream);
    const checks = new Map<string, () => Promise<boolean>>();
    if (n.zookeeper.length === 1) checks.set(n.zookeeper[0], () => zookeeperServes(ZOOKEEPER_PORT));
    n.brokers.forEach((b, i) => checks.set(b, () => kafkaAnswers(KAFKA_PORT + i)));
    n.controllers.forEach((c, i) => checks.set(c, () => kafkaAnswers(CONTROLLER_PORT_BASE + i)));
    E2E.restPorts.forEach((port, i) =>
      checks.set(
        `connect-${i + 1}`,
        async () => (await httpGet(`${this.stream.restTls ? 'https' : 'http'}://127.0.0.1:${port}/health`, 1000)).status === 200,
      ),
    );
    const serving = new Map<string, number>();
    const inFlight = new Set<string>();
    const started = () => new Set(events.filter((e) => e.action === 'start').map((e) => e.name));
    const poll = () => {
      for (const service of started()) {
        if (serving.has(service) || inFlight.has(service)) continue;
        const pid = pids.get(service);
        const check = checks.get(service) ?? (pid ? async () => fs.existsSync(`/proc/${pid}/root/tmp/task-done`) : undefined);
        if (!check) continue;
        inFlight.add(service);
        const at = Date.now();
        check()
          .then(
            (ok) => ok && !serving.has(service) && serving.set(service, at),
            () => undefined,
          )
          .finally(() => inFlight.delete(service));
      }
    };
    const poller = setInterval(poll, 200);
    const stop = () => {
      clearInterval(poller);
      if (proc.exitCode === null) proc.kill('SIGTERM');
    };

    const finish = async () => {
      await new Promise((r) => setTimeout(r, 1000)); // the last events of the apply are on their way
      stop();
      if (!events.length) throw new E2eFailure(`docker events reported nothing of the cluster${stderr ? `: ${stderr.trim()}` : ''}`);
      const records: StartUpRecord[] = [];
      const intervals: string[] = [];
      const probeTimes: string[] = [];
      for (const service of [...new Set(events.map((e) => e.name))]) {
        const mine = events.filter((e) => e.name === service);
        const first = (action: string) => mine.find((e) => e.action === action)?.at;
        const ready = first('health_status: healthy');
        const probes = mine
          .filter((e) => e.action.startsWith('exec_start'))
          .map((e) => ({ start: e.at, die: mine.find((x) => x.action === 'exec_die' && x.execId === e.execId) }))
          .filter((p) => p.die !== undefined && ready !== undefined && p.start <= ready);
        const passing = probes.find((p) => p.die!.exitCode === '0');
        records.push({
          service,
          created: first('create'),
          started: first('start'),
          serving: serving.get(service),
          ready,
          passingProbe: passing ? { start: passing.start, end: passing.die!.at } : undefined,
          failedProbes: probes.filter((p) => p.die!.exitCode !== '0').length,
          probes: probes.map((p) => ({ start: p.start, end: p.die!.at, exitCode: Number(p.die!.exitCode) })),
        });
        if (passing) probeTimes.push(`${service} ${((passing.die!.at - passing.start) / 1000).toFixed(1)} s`);
        const hc = await this.docker(['inspect', '--format', '{{json .Config.Healthcheck.Interval}}', `${prefix}${service}`], 15_000, true);
        const ns = Number(hc.stdout.trim()); // nanoseconds
        if (ns > 0) intervals.push(`${service} ${ns / 1e9} s`);
      }
      return {
        records,
        resolutionMs: 1,
        bounds: [
          this.healthStartIntervalSeconds
            ? `Docker ${this.engine} probes a starting container every ${this.healthStartIntervalSeconds} s (the start interval, from the end of the last probe) until it is first healthy, then at its interval: serving → ready ≤ ${this.healthStartIntervalSeconds} s + the probe's run; intervals after start-up: ${intervals.join(', ')}`
            : `Docker ${this.engine} runs a container's first health probe one interval after it starts and each next one an interval after the last ended (a start interval needs Docker 25, API 1.44): serving → ready ≤ interval + the probe's run; intervals: ${intervals.join(', ')}`,
          `passing probe's run: ${probeTimes.join(', ')}`,
          `probes run before healthy: ${records.map((r) => `${r.service} ${r.probes?.length ?? 0}`).join(', ')}`,
          `dep ready → created: the docker provider polls a created container's health every 1 s, then Terraform starts the dependants' creates`,
        ],
      };
    };
    return { finish, stop };
  }

  public async afterApply(): Promise<void> {
    await this.checkHealthStartInterval();
    await this.checkReadOnlyWorkers();
    const listeners = await this.clusterListeners();
    const offLoopback = listeners.filter((l) => !/^(127\.\d+\.\d+\.\d+|\[::ffff:127\.\d+\.\d+\.\d+\]|\[::1\]):\d+$/.test(l.address));
    const allowedOff = offLoopback.filter((l) =>
      TOLERATED_LISTENERS.some((t) => t.container.test(l.container) && l.address.endsWith(`:${t.port}`)),
    );
    const badOff = offLoopback.filter((l) => !allowedOff.includes(l));
    if (!listeners.some((l) => l.address.endsWith(`:${KAFKA_PORT}`)))
      throw new E2eFailure(
        `found no listening socket of the cluster on :${KAFKA_PORT} (ss/pid mapping broken?): ${JSON.stringify(listeners)}`,
      );
    if (badOff.length)
      throw new E2eFailure(
        `host networking must keep every service on 127.0.0.1; listening on other interfaces: ${badOff.map((l) => `${l.container} ${l.address}`).join(', ')}`,
      );
    for (const l of allowedOff) {
      const why = TOLERATED_LISTENERS.find((t) => t.container.test(l.container))!.reason;
      log(`TOLERATED listener off loopback: ${l.container} ${l.address} — ${why}`);
      notes.push(`${l.container} listens on ${l.address} (${why})`);
    }
    log(
      `listening sockets of the cluster: ${listeners.map((l) => `${l.container.replace(`${E2E.clusterName}-`, '')} ${l.address}`).join(', ')}`,
    );
  }

  /**
   * Every container of the cluster has a health check, and its start interval is what the stack asked for: 1 s
   * where the engine has start intervals, none elsewhere. Read back from the engine, so an option the provider or the
   * engine dropped fails here.
   */
  private async checkHealthStartInterval(): Promise<void> {
    const want = this.healthStartIntervalSeconds ?? 0;
    const containers: { name: string; healthcheck: EngineHealthcheck | null }[] = [];
    for (const name of await this.labelled('ps', CLUSTER_LABEL)) {
      const r = await this.docker(['inspect', '--format', '{{json .Config.Healthcheck}}', name], 15_000);
      containers.push({ name, healthcheck: JSON.parse(r.stdout.trim() || 'null') as EngineHealthcheck | null });
    }
    const problem = healthStartIntervalProblem(containers, want);
    if (problem) throw new E2eFailure(`health checks: ${problem}`);
    log(`health checks: ${containers.length} containers, start interval ${want ? `${want} s` : 'none'}, as rendered`);
  }

  /** The Connect workers run with a read-only root filesystem and /tmp as an exec tmpfs: read back and tried. */
  private async checkReadOnlyWorkers(): Promise<void> {
    const workers: WorkerRootfs[] = [];
    for (const name of await this.labelled('ps', CLUSTER_LABEL, false)) {
      if (!/-connect-\d+$/.test(name)) continue;
      const host = JSON.parse((await this.docker(['inspect', '--format', '{{json .HostConfig}}', name], 15_000)).stdout) as {
        ReadonlyRootfs: boolean;
        Tmpfs: Record<string, string> | null;
      };
      const probe = await this.docker(['exec', name, 'touch', '/kafka/.write-probe'], 30_000, true);
      workers.push({
        name,
        readonlyRootfs: host.ReadonlyRootfs,
        tmpfs: host.Tmpfs,
        writeProbe: { code: probe.code, output: `${probe.stdout}${probe.stderr}` },
      });
    }
    const problem = readOnlyWorkersProblem(workers);
    if (problem) throw new E2eFailure(`Connect workers: ${problem}`);
    log(`Connect workers: ${workers.length}, each with a read-only root filesystem (a write to /kafka refused) and /tmp a tmpfs`);
  }

  /** Listening TCP sockets of the running cluster containers (their processes and descendants): container → addresses. */
  private async clusterListeners(): Promise<{ container: string; address: string }[]> {
    const parent = new Map<number, number>();
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        /* gone */
      }
    }
    const owner = new Map<number, string>();
    for (const name of await this.labelled('ps', CLUSTER_LABEL, false)) {
      const pid = Number((await this.docker(['inspect', '--format', '{{.State.Pid}}', name], 15_000)).stdout.trim());
      if (pid > 0) owner.set(pid, name);
    }
    const containerOf = (pid: number): string | undefined => {
      for (let p = pid, hops = 0; p > 1 && hops < 50; p = parent.get(p) ?? 0, hops++) if (owner.has(p)) return owner.get(p);
      return undefined;
    };
    const out: { container: string; address: string }[] = [];
    for (const line of (await run('ss', ['-ltnpH'], { timeoutMs: 15_000 })).stdout.split('\n')) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 6) continue;
      for (const m of line.matchAll(/pid=(\d+)/g)) {
        const c = containerOf(Number(m[1]));
        if (c) {
          out.push({ container: c, address: cols[3] });
          break;
        }
      }
    }
    return out;
  }

  public consumer(name: string, extra: string[]): ConsumerCommand {
    return dockerConsumer({ dockerHost: this.host, image: this.images!.KAFKA_IMAGE, name, bootstrap: this.bootstrap(), extra });
  }

  /** Every broker: the consumer must outlive any one of them being stopped. */
  private bootstrap(): string {
    return kafkaNodeNames(this.stream)
      .brokers.map((_, i) => `127.0.0.1:${KAFKA_PORT + i}`)
      .join(',');
  }

  public removeConsumer(name: string): Promise<void> {
    return removeDockerConsumer(this.host, name);
  }

  /**
   * A lost host: the worker's process killed (SIGKILL: it leaves its group by no request and commits no offset),
   * and nothing brings it back. Its restart policy (the library's unless-stopped) would start it again at once, so
   * it is set to `no` first; the setting change later replaces the container with the declared policy.
   */
  public async loseWorker(index: number): Promise<void> {
    await this.docker(['update', '--restart', 'no', this.worker(index)], 60_000);
    await this.docker(['kill', '--signal', 'KILL', this.worker(index)], 60_000);
  }

  public async afterWorkerLoss(index: number): Promise<void> {
    const info = await this.containerInfo(this.worker(index));
    const problem = killedWorkerProblem(this.worker(index), info);
    if (problem) throw new E2eFailure(problem);
  }

  public async stopKafkaNode(node: string): Promise<void> {
    await this.docker(['stop', '-t', '60', `${E2E.clusterName}-${node}`], 120_000);
  }

  public async startKafkaNode(node: string): Promise<void> {
    await this.docker(['start', `${E2E.clusterName}-${node}`], 120_000);
  }

  public async nodeLog(node: string, sinceMs: number): Promise<string> {
    const r = await this.docker(['logs', '--since', (sinceMs / 1000).toFixed(3), `${E2E.clusterName}-${node}`], 60_000);
    return `${r.stdout}${r.stderr}`;
  }

  /** In a throwaway container of the kafka image on the host network (labelled, removed with the consumers). */
  public async kafkaNodeId(node: string): Promise<number> {
    const r = await this.docker(['exec', `${E2E.clusterName}-${node}`, 'bash', '-c', 'cat /kafka/data/*/meta.properties'], 60_000);
    return metaPropertiesNodeId(node, r.stdout);
  }

  public async kafkaTool(tool: string, args: string[]): Promise<string> {
    const name = `${E2E.clusterName}-e2e-tool-${process.pid}-${Date.now()}`;
    const c = dockerKafkaTool({ dockerHost: this.host, image: this.images!.KAFKA_IMAGE, name, tool, bootstrap: this.bootstrap(), args });
    const r = await run(c.cmd, c.args, { timeoutMs: 180_000, env: c.env });
    return r.stdout;
  }

  public settingChangeTouches(c: ResourceChange): boolean {
    return c.type === 'docker_container' && /ConnectWorkers_connect-\d+_container/.test(c.address);
  }

  /** The containers that keep state: ZooKeeper, KRaft controllers, brokers. */
  /** The containers of the cluster's nodes: the stateful ones, then the workers. */
  private nodeContainers(): string[] {
    return [...this.stateful(), ...E2E.restPorts.map((_, i) => this.worker(i))];
  }

  private stateful(): string[] {
    const n = kafkaNodeNames(this.stream);
    return [...n.zookeeper, ...n.controllers, ...n.brokers].map((x) => `${E2E.clusterName}-${x}`);
  }

  private async volumeInfo(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const v of await this.labelled('volume', CLUSTER_LABEL)) {
      const r = await this.docker(['volume', 'inspect', '--format', '{{.CreatedAt}}', v], 30_000);
      out[v] = r.stdout.trim();
    }
    return out;
  }

  /** Host networking: node i's exporter listens on 127.0.0.1 at the metrics port + i. */
  public async scrapeMetrics(): Promise<Scrape[]> {
    return Promise.all(
      metricsNodes(this.stream, E2E.restPorts.length).map(async ({ node, role }, i) => {
        const url = `http://127.0.0.1:${E2E.metrics.port + i}/metrics`;
        try {
          const r = await httpGet(url, 10_000);
          return r.status === 200 ? { node, role, text: r.body } : { node, role, error: `${url} answered ${r.status}` };
        } catch (e) {
          return { node, role, error: `${url}: ${(e as Error).message}` };
        }
      }),
    );
  }

  /** The stateful containers and the workers: a replaced one has another id, a restarted one another start. */
  public async nodeIdentities(): Promise<Record<string, NodeIdentity | undefined>> {
    const out: Record<string, NodeIdentity | undefined> = {};
    for (const n of this.nodeContainers()) {
      const c = await this.containerInfo(n);
      out[n] = c && { id: c.id, startedAt: c.startedAt, restarts: 0 };
    }
    return out;
  }

  public async snapshot(): Promise<Snapshot> {
    const containers: Record<string, ContainerInfo | undefined> = {};
    for (const n of this.nodeContainers()) containers[n] = await this.containerInfo(n);
    return { containers, volumes: await this.volumeInfo() };
  }

  public async afterSettingChange(before: Snapshot, setting: { property: string; value: string }): Promise<string> {
    const was = before.containers as Record<string, ContainerInfo | undefined>;
    for (const n of this.stateful()) {
      const now = await this.containerInfo(n);
      if (!now || now.id !== was[n]!.id)
        throw new E2eFailure(`${n} was replaced by the setting change (id ${was[n]!.id.slice(0, 12)} → ${now?.id.slice(0, 12)})`);
      if (now.startedAt !== was[n]!.startedAt)
        throw new E2eFailure(`${n} was restarted by the setting change (started ${was[n]!.startedAt} → ${now.startedAt})`);
    }
    const variable = `CONNECT_${setting.property.toUpperCase().replace(/\./g, '_')}=${setting.value}`;
    for (let i = 0; i < E2E.restPorts.length; i++) {
      const n = this.worker(i);
      const now = await this.containerInfo(n);
      if (!now || now.id === was[n]!.id) throw new E2eFailure(`${n} was not replaced by the setting change`);
      if (!now.env.includes(variable)) throw new E2eFailure(`${n} does not carry ${variable}`);
      const file = await this.docker(
        ['exec', n, 'grep', `^${setting.property}=`, '/kafka/config/connect-distributed.properties'],
        30_000,
        true,
      );
      if (file.stdout.trim() !== `${setting.property}=${setting.value}`) {
        throw new E2eFailure(
          `${n}: the worker file says ${JSON.stringify(file.stdout.trim())}, not ${setting.property}=${setting.value} (the /kafka/config volume outlived the container)`,
        );
      }
    }
    // Volumes: the same set (none created or removed). ZooKeeper's and Kafka's untouched: Docker reports a local
    // volume's CreatedAt as the mtime of its directory, which moves only when something recreates or refills it.
    // (The workers' /kafka/config volumes are refilled by design when the new containers mount them.)
    const volumesBefore = before.volumes as Record<string, string>;
    const volumesAfter = await this.volumeInfo();
    const statefulVolumes = Object.keys(volumesBefore).filter((v) => this.stateful().some((n) => v.startsWith(`${n}-`)));
    // ZooKeeper: data and txns; every Kafka node: data.
    const expected = 2 * this.stream.zookeeperNodes + this.stream.controllers + this.stream.brokers;
    if (
      JSON.stringify(Object.keys(volumesAfter)) !== JSON.stringify(Object.keys(volumesBefore)) ||
      statefulVolumes.length !== expected ||
      statefulVolumes.some((v) => volumesAfter[v] !== volumesBefore[v])
    ) {
      throw new E2eFailure(
        `volumes changed with the setting change (ZooKeeper/Kafka volumes: ${statefulVolumes.join(', ')}):\n  before ${JSON.stringify(volumesBefore)}\n  after  ${JSON.stringify(volumesAfter)}`,
      );
    }
    return `${this.stream.zookeeperNodes ? 'ZooKeeper and ' : ''}Kafka kept their containers (same ids, not restarted) and their volumes (${statefulVolumes.join(', ')}: same CreatedAt); no volume created or removed; both workers replaced and use ${setting.property}=${setting.value}`;
  }

  private sentinel(): string {
    return `${E2E.clusterName}-connector-${E2E.connectorName}-sentinel`;
  }

  public readonly reconciling: Reconciling = {
    sentinelLog: async () => {
      const r = await this.docker(['logs', this.sentinel()], 30_000, true);
      return `${r.stdout}${r.stderr}`;
    },
    // docker pause freezes its processes (no signal: the sentinel neither sees a stop nor acts until unpaused).
    hold: async () => {
      await this.docker(['pause', this.sentinel()], 60_000);
      return async () => {
        await this.docker(['unpause', this.sentinel()], 60_000);
      };
    },
  };

  /**
   * The connector's sentinel container restarted (`docker restart`, which stops it as `docker stop` and the engine's
   * own stop do): the connector must keep running, and the next plan is empty (the same container runs again).
   */
  public readonly sentinelStops: SentinelStops = {
    stops: [{ label: 'docker restart (the sentinel)', stop: () => this.restartSentinel() }],
    isSentinel: (a) => a.startsWith('docker_container.') && a.includes(`_Connectors_${E2E.connectorName}_Sentinel_task`),
    lastLog: async () => this.sentinelLogText,
  };
  private sentinelLogText = '';

  /** Restarts the sentinel container and waits until it runs again, started anew; keeps what the stopped run printed. */
  private async restartSentinel(): Promise<void> {
    const name = this.sentinel();
    const before = await this.containerInfo(name);
    if (!before?.running) throw new E2eFailure(`the connector sentinel ${name} is not running before it is restarted`);
    const { printed } = await this.followSentinel();
    await this.docker(['restart', name], 180_000);
    const after = await this.containerInfo(name);
    if (!after?.running || after.id !== before.id || after.startedAt === before.startedAt)
      throw new E2eFailure(`docker restart ${name} did not restart it: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    this.sentinelLogText = await printed;
  }

  public async followSentinel(): Promise<{ printed: Promise<string> }> {
    if (!(await this.containerInfo(this.sentinel()))?.running)
      throw new E2eFailure(`the connector sentinel ${this.sentinel()} is not running before destroy`);
    const followed = run('docker', ['logs', '-f', this.sentinel()], { timeoutMs: 600_000, env: this.env(), allowFail: true });
    followed.catch(() => undefined); // awaited by the scenario; never an unhandled rejection if destroy fails first
    return { printed: followed.then((r) => `${r.stdout}${r.stderr}`) };
  }

  public readonly migration: MigrationSupport = {
    prepare: async () => {
      const images = await buildImages(this.host, streamProfile('3.6'));
      this.migrationImages = images;
      return { E2E_MIGRATION_KAFKA_IMAGE: images.KAFKA_IMAGE, E2E_MIGRATION_CONNECT_IMAGE: images.CONNECT_IMAGE };
    },
    restUrl: () => `http://127.0.0.1:${MIGRATION.restPort}`,
    consumer: (name, extra) =>
      dockerConsumer({
        dockerHost: this.host,
        image: this.migrationImages!.KAFKA_IMAGE,
        kafkaVersion: MIGRATION.kafkaVersion,
        name,
        bootstrap: `127.0.0.1:${MIGRATION.kafkaPort}`,
        extra,
      }),
    oldClusterGone: () => this.clusterGone(E2E.clusterName),
    newClusterGone: () => this.clusterGone(MIGRATION.clusterName),
  };
  private migrationImages?: Images;

  public readonly securedKafka: SecuredKafkaSupport = {
    start: async (files, connectPassword) => {
      const k = SECURED_KAFKA;
      await this.docker(['rm', '-f', '-v', k.container], 60_000, true);
      await this.docker(['volume', 'rm', '-f', k.volume], 60_000, true);
      await this.docker(
        ['volume', 'create', '--driver', 'local', '--opt', 'type=none', '--opt', 'o=bind', '--opt', `device=${files.dir}`, k.volume],
        60_000,
      );
      await this.docker(
        [
          'run',
          '-d',
          '--name',
          k.container,
          '--label',
          `${CONSUMER_LABEL}=1`,
          '--network',
          'host',
          '--memory',
          '768m',
          '-v',
          `${files.brokerDir}:/tls:ro`,
          '-e',
          'KAFKA_HEAP_OPTS=-Xmx384M',
          ...toolEnv()
            .slice(1)
            .flatMap((e) => ['-e', e]),
          '--entrypoint',
          'bash',
          this.images!.KAFKA_IMAGE,
          '-c',
          securedKafkaCommand(connectPassword),
        ],
        60_000,
      );
      this.securedKafkaFiles = files;
      await waitFor('the secured Kafka, answering its admin user over SASL_SSL', 120_000, 2000, async () => {
        const c = this.securedKafka.tool(`${k.container}-ready-${RUN_ID}`, 'kafka-topics.sh', [
          '--command-config',
          '/tls/admin.properties',
          '--list',
        ]);
        const r = await run(c.cmd, c.args, { timeoutMs: 60_000, env: c.env, allowFail: true });
        return r.code === 0 ? { ok: true, value: r.stdout } : { ok: false, why: tailText(r.stderr, 1) };
      });
    },
    answersPlainText: (port) => kafkaAnswers(port),
    tool: (name, tool, args) =>
      dockerKafkaTool({
        dockerHost: this.host,
        image: this.images!.KAFKA_IMAGE,
        name,
        tool,
        bootstrap: `127.0.0.1:${SECURED_KAFKA.saslPort}`,
        // The broker's directory: its client configs and the CA.
        mounts: { '/tls': this.securedKafkaFiles!.brokerDir },
        args,
      }),
    restUrl: (port) => `http://127.0.0.1:${port}`,
    stop: async () => {
      await this.docker(['rm', '-f', '-v', SECURED_KAFKA.container], 60_000, true);
      await this.docker(['volume', 'rm', '-f', SECURED_KAFKA.volume], 60_000, true);
    },
  };
  private securedKafkaFiles?: SecuredKafkaFiles;

  /** No container and no volume labelled part of the cluster is left. */
  private async clusterGone(clusterName: string): Promise<string> {
    const left = await this.leftovers(`app.kubernetes.io/part-of=${clusterName}`);
    if (left) throw new E2eFailure(`${clusterName}: left ${left}`);
    return `no container, no volume of ${clusterName} left`;
  }

  /** The containers and volumes with `label`, said in a phrase; undefined when there are none. */
  private async leftovers(label: string): Promise<string | undefined> {
    const leftC = await this.labelled('ps', label);
    const leftV = await this.labelled('volume', label);
    if (!leftC.length && !leftV.length) return undefined;
    return `${leftC.length ? `containers ${leftC.join(', ')}` : ''} ${leftV.length ? `volumes ${leftV.join(', ')}` : ''}`;
  }

  public async afterDestroy(): Promise<string> {
    const running = await this.labelled('ps', CLUSTER_LABEL, false);
    if (running.length) throw new E2eFailure(`tofu destroy left containers running: ${running.join(', ')}`);
    const left = await this.leftovers(CLUSTER_LABEL);
    if (left) throw new E2eFailure(`tofu destroy left ${left}`);
    const created = await this.volumesCreatedByRun();
    if (created.length)
      throw new E2eFailure(
        `volumes created during the run are left after destroy (anonymous VOLUMEs of removed containers?): ${created.join(', ')}`,
      );
    return 'no container, no volume of the cluster left';
  }

  private async volumesCreatedByRun(): Promise<string[]> {
    if (!this.volumesAtStart) return [];
    const now = (await this.docker(['volume', 'ls', '-q'], 30_000)).stdout.split('\n').filter(Boolean);
    // The run's REST certificate volume stands for one a user owns: the stack neither creates nor removes it.
    return now.filter((v) => !this.volumesAtStart!.has(v) && v !== E2E.restTls.files && v !== SECURED_KAFKA.volume);
  }

  private async removeLeftovers(when: string): Promise<void> {
    const cs = [
      ...(await this.labelled('ps', CLUSTER_LABEL)),
      ...(await this.labelled('ps', MIGRATION_LABEL)),
      ...(await this.labelled('ps', `${CONSUMER_LABEL}=1`)),
    ];
    if (cs.length) {
      log(`removing containers ${when}: ${cs.join(', ')}`);
      await this.docker(['rm', '-f', '-v', ...cs], 120_000, true);
    }
    const vs = [...(await this.labelled('volume', CLUSTER_LABEL)), ...(await this.labelled('volume', MIGRATION_LABEL))];
    if (vs.length) {
      log(`removing volumes ${when}: ${vs.join(', ')}`);
      await this.docker(['volume', 'rm', '-f', ...vs], 60_000, true);
    }
  }

  public async cleanup(): Promise<void> {
    if (!this.host) return;
    const step = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        log(`cleanup: ${what} failed: ${(e as Error).message.split('\n')[0]}`);
      }
    };
    await step('containers/volumes', () => this.removeLeftovers('on exit'));
    await step('the REST certificate volume', () => this.docker(['volume', 'rm', '-f', E2E.restTls.files], 60_000, true));
    await step('the secured Kafka', () => this.securedKafka.stop());
    await step('volumes created by the run', async () => {
      const left = await this.volumesCreatedByRun();
      if (left.length) {
        log(`cleanup: removing ${left.length} volume(s) created during the run`);
        await this.docker(['volume', 'rm', '-f', ...left], 60_000, true);
      }
    });
    if (process.env.E2E_STOP_DOCKERD === '1')
      await step('dockerd', () => run(path.join(ROOT, 'scripts', 'dockerd.sh'), ['stop'], { timeoutMs: 90_000, echo: '  [dockerd] ' }));
    else log('dockerd left running for the next run (E2E_STOP_DOCKERD=1 stops it)');
  }
}

/** ZooKeeper answers `srvr` with its mode (what its health check asks). */
function zookeeperServes(port: number): Promise<boolean> {
  return socketExchange(port, Buffer.from('srvr'), (got) => /^Mode:/m.test(got.toString()), true);
}

/** A Kafka node answers an ApiVersions request (v0, correlation id 7): it processes requests. */
function kafkaAnswers(port: number): Promise<boolean> {
  const client = Buffer.from('e2e');
  const req = Buffer.alloc(4 + 2 + 2 + 4 + 2 + client.length);
  req.writeInt32BE(req.length - 4, 0);
  req.writeInt16BE(18, 4); // ApiVersions
  req.writeInt16BE(0, 6);
  req.writeInt32BE(7, 8);
  req.writeInt16BE(client.length, 12);
  client.copy(req, 14);
  return socketExchange(port, req, (got) => got.length >= 8 && got.readInt32BE(4) === 7, false);
}

/** Sends `request` to 127.0.0.1:`port` and tests what comes back (`untilEnd`: all of it, once the peer closes). */
function socketExchange(port: number, request: Buffer, ok: (got: Buffer) => boolean, untilEnd: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    let done = false;
    const finish = (v: boolean) => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve(v);
    };
    const sock = net.connect({ host: '127.0.0.1', port }, () => sock.write(request));
    sock.setTimeout(1000, () => finish(false));
    sock.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (!untilEnd && ok(got)) finish(true);
    });
    sock.on('end', () => finish(ok(got)));
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(ok(got)));
  });
}

// The Kubernetes driver of the end-to-end scenario: a real single-node cluster on this machine (scripts/kube.sh),
// the same locally built images moved into its containerd, and the cluster looked at through kubectl.
//
// Pods reach nothing beyond the machine, so the plugin the library's init container downloads comes from a Maven
// mirror on the pods' bridge: the artifact is fetched from Maven Central by this machine (SHA-512 checked by the
// library's script in the pod), served over HTTPS with a certificate of a CA the fetch image trusts.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import {
  ControlledPod,
  E2eFailure,
  metaPropertiesNodeId,
  NodeIdentity,
  ResourceChange,
  successorPod,
  restartedAfterKillProblem,
  listeningPorts,
  policyMatrixProblems,
  PolicyCell,
  PolicyProbe,
} from './assertions';
import { ConsumerCommand, Reconciling, SentinelStops, Snapshot, TargetDriver } from './driver';
import {
  buildImages,
  CACHE,
  dockerConsumer,
  Images,
  KEEP,
  log,
  LOGS,
  nameRestServer,
  removeDockerConsumer,
  REST_TLS_FILES,
  RestTlsFiles,
  ROOT,
  run,
  startDockerd,
  tailText,
  timed,
  toolEnv,
  waitFor,
} from './harness';
import { METRICS } from '../src/model/metrics';
import { mavenArtifact } from '../src/model/maven';
import { metricsNodes, Scrape } from './metrics';
import { StartUpRecord, StartUpWatch } from './readiness';
import { E2E } from './stack';
import { KUBERNETES_LABELS, STARTUP_PROBE_PERIOD_SECONDS, TASK_NAME_LABEL, TASK_POLICY } from '../src/kubernetes/policy';
import { TaskKind } from '../src/model/tasks';
import { kafkaNodeNames, streamProfile } from './streams';

/** The library's default: the namespace is named after the cluster. */
const NAMESPACE = E2E.clusterName;
/** The connector's sentinel Job (its task `connector-<name>-sentinel`), which makes its pod again when it goes. */
const SENTINEL_JOB = `${E2E.clusterName}-connector-${E2E.connectorName}-sentinel`;
/** A pod's Ready condition when it is true (its lastTransitionTime is when it became ready), as the API server lists it. */
const readyCondition = (p: any): { lastTransitionTime?: string } | undefined =>
  (p?.status?.conditions ?? []).find((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
const pod = (component: string, ordinal: number) => `${E2E.clusterName}-${component}-${ordinal}`;
const podDns = (component: string, ordinal: number) =>
  `${pod(component, ordinal)}.${E2E.clusterName}-${component}-headless.${NAMESPACE}.svc.cluster.local`;

interface PodInfo {
  uid: string;
  ready: boolean;
  ip: string;
  restarts: number;
  startedAt: string;
  claims: string[];
  /** The running container's id (`containerd://…` without the scheme). */
  containerId: string;
  /** How the container's previous run ended, when it restarted. */
  lastExitCode?: number;
  /** The container ports the pod declares (the ports its NetworkPolicy can list). */
  declaredPorts: number[];
}

/**
 * A Maven artifact in the run's mirror under `dir/maven2`: fetched from Maven Central once (cached), refetched when
 * its SHA-512 is not `sha512`, and refused when Maven Central's is not either. Its path under the repository.
 */
async function mirrored(dir: string, coordinates: string, sha512: string, whose: string): Promise<string> {
  const central = 'https://repo1.maven.org/maven2';
  const artifact = mavenArtifact(coordinates, central);
  if ('problem' in artifact) throw new E2eFailure(artifact.problem);
  const rel = artifact.url.slice(central.length + 1);
  const file = path.join(dir, 'maven2', rel);
  const sha = () => crypto.createHash('sha512').update(fs.readFileSync(file)).digest('hex');
  if (!fs.existsSync(file) || sha() !== sha512) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await run('curl', ['-fsSL', '--proto', '=https', '--retry', '3', '-o', file, artifact.url], { timeoutMs: 300_000 });
    if (sha() !== sha512) throw new E2eFailure(`${rel} from Maven Central does not have ${whose}`);
  }
  return rel;
}

export class KubernetesDriver implements TargetDriver {
  public readonly target = 'kubernetes';
  public readonly providerType = 'kubernetes';
  /** The workers roll one at a time (the checksum annotation); the REST API must answer at every poll. */
  public readonly restAnswersThroughChange = true;
  public readonly settingChangeAction = 'update' as const;
  /** A killed worker's container is started again by the kubelet, in its pod, with its name and storage. */
  public readonly lostWorkerReturns = true;
  /** The sentinel is a Job the provider creates without waiting for its pod: the apply Job follows at once. */
  public readonly applyWaitsForReadySentinel = false;
  /** Kubernetes delivers connector secrets as files, read through Kafka's DirectoryConfigProvider. */
  public readonly passwordReference = '${dir:/kafka/secrets:SECRET_E2E_POSTGRES_DATABASE_PASSWORD}';
  private readonly stream = streamProfile();
  /** The background creation of the REST certificate Secrets (`provideRestTls`). */
  private restTlsProvided?: Promise<void>;
  private dockerHost = '';
  private images?: Images;
  private fetchImage = '';
  private env: Record<string, string> = {};
  private started = false;
  private mirror?: https.Server;
  private mirrorUrl = '';
  private sentinelLogText = '';

  public readonly reconciling: Reconciling = {
    sentinelLog: async () => {
      const current = await this.sentinelPod();
      if (!current) return '';
      const r = await this.kubectl(['logs', '-n', NAMESPACE, `pod/${current.name}`], 30_000, true);
      return `${r.stdout}${r.stderr}`;
    },
  };

  /**
   * The connector's sentinel pod deleted, then the new one evicted through the Eviction API (what a drain, a
   * node-pool upgrade or node pressure does): each time the connector must keep running, the sentinel's Job must make
   * a new pod that becomes ready without an apply, and the next plan must be empty.
   */
  public readonly sentinelStops: SentinelStops = {
    stops: [
      { label: 'kubectl delete pod (the sentinel)', stop: () => this.stopSentinel(false) },
      { label: 'an eviction of the sentinel (Eviction API)', stop: () => this.stopSentinel(true) },
    ],
    isSentinel: (a) => a.startsWith('kubernetes_job_v1.') && a.includes(`_Connectors_${E2E.connectorName}_Sentinel_`),
    lastLog: async () => this.sentinelLogText,
  };

  private kubectl(args: string[], timeoutMs = 60_000, allowFail = false, input?: string) {
    return run(this.env.KUBECTL, args, { timeoutMs, env: { ...process.env, KUBECONFIG: this.env.KUBECONFIG }, allowFail, input });
  }

  private kube(args: string[], timeoutMs: number) {
    return run(path.join(ROOT, 'scripts', 'kube.sh'), args, {
      timeoutMs,
      env: { ...process.env, DOCKER_HOST: this.dockerHost, CDKTF_DEBEZIUM_CACHE: CACHE },
      echo: '  [kube] ',
      logFile: path.join(LOGS, 'kube.log'),
    });
  }

  public async prepare(): Promise<void> {
    this.dockerHost = await startDockerd();
    this.images = await buildImages(this.dockerHost, this.stream);
    let t = Date.now();
    const wasUp = (await run(path.join(ROOT, 'scripts', 'kube.sh'), ['status'], { timeoutMs: 60_000, allowFail: true })).code === 0;
    if (!wasUp) await this.kube(['up'], 1_800_000);
    this.started = !wasUp;
    for (const line of (await this.kube(['env'], 30_000)).stdout.split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m) this.env[m[1]] = m[2];
    }
    for (const k of ['KUBECONFIG', 'KUBECTL', 'KUBE_BRIDGE_IP', 'KUBE_POD_CIDR', 'KUBE_STORAGE_CLASS', 'KUBE_BUSYBOX_IMAGE'])
      if (!this.env[k]) throw new E2eFailure(`scripts/kube.sh env printed no ${k}`);
    timed(`Kubernetes (scripts/kube.sh ${wasUp ? 'status: already up' : 'up'})`, Date.now() - t);
    t = Date.now();
    await this.startMirror();
    await this.kube(['images', 'import', ...this.stream.images.map((k) => this.images![k]!), this.fetchImage], 900_000);
    timed('images into the cluster (docker save → containerd)', Date.now() - t);
  }

  /**
   * The Maven mirror on the bridge: this machine fetches the plugin archive from Maven Central once (cached) and
   * serves it over HTTPS; the fetch image is the Connect image plus the mirror's CA.
   */
  private async startMirror(): Promise<void> {
    const dir = path.join(CACHE, 'e2e', 'kube-mirror');
    fs.mkdirSync(dir, { recursive: true });
    // The plugin archive and the metrics agent, which the library fetches from the plugins' repository (this mirror).
    const rel = await mirrored(dir, this.stream.plugin.coordinates, this.stream.plugin.sha512, 'the declared SHA-512');
    await mirrored(dir, METRICS.agent.coordinates, METRICS.agent.sha512, "the library's SHA-512");
    // A CA for this machine's mirror, and a server certificate for the bridge address (redone when that changes).
    const ip = this.env.KUBE_BRIDGE_IP;
    const ca = path.join(dir, 'ca.pem');
    const caKey = path.join(dir, 'ca.key');
    const cert = path.join(dir, `server-${ip}.pem`);
    const key = path.join(dir, 'server.key');
    if (!fs.existsSync(ca)) {
      await run(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '3650',
          '-subj',
          '/CN=cdktf-debezium e2e mirror CA',
          '-keyout',
          caKey,
          '-out',
          ca,
        ],
        { timeoutMs: 60_000 },
      );
    }
    if (!fs.existsSync(cert) || !fs.existsSync(key)) {
      const csr = path.join(dir, 'server.csr');
      const ext = path.join(dir, 'server.ext');
      fs.writeFileSync(ext, `subjectAltName=IP:${ip}\nextendedKeyUsage=serverAuth\n`);
      await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${ip}`, '-keyout', key, '-out', csr], {
        timeoutMs: 60_000,
      });
      await run(
        'openssl',
        ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-days', '3650', '-extfile', ext, '-out', cert],
        { timeoutMs: 60_000 },
      );
    }
    const root = path.join(dir, 'maven2');
    this.mirror = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (req, res) => {
      const want = path.normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
      const f = path.join(root, want.replace(/^\/maven2\//, '/'));
      if (!f.startsWith(root) || !fs.existsSync(f) || !fs.statSync(f).isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Length': fs.statSync(f).size });
      fs.createReadStream(f).pipe(res);
    });
    await new Promise<void>((resolve, reject) => this.mirror!.listen(0, ip, resolve).once('error', reject));
    const port = (this.mirror.address() as { port: number }).port;
    this.mirrorUrl = `https://${ip}:${port}/maven2`;
    log(`Maven mirror for the pods: ${this.mirrorUrl} (${rel} from Maven Central)`);
    // The fetch image: the Connect image (sh, curl, sha512sum, tar) trusting the mirror's CA.
    const digest = crypto.createHash('sha256').update(this.images!.CONNECT_IMAGE).update(fs.readFileSync(ca)).digest('hex').slice(0, 12);
    this.fetchImage = `cdktf-debezium/e2e-fetch:${digest}`;
    const have = await run('docker', ['image', 'inspect', this.fetchImage], {
      timeoutMs: 30_000,
      env: { ...process.env, DOCKER_HOST: this.dockerHost },
      allowFail: true,
    });
    if (have.code !== 0) {
      const ctx = path.join(dir, 'fetch-image');
      fs.rmSync(ctx, { recursive: true, force: true });
      fs.mkdirSync(ctx, { recursive: true });
      fs.copyFileSync(ca, path.join(ctx, 'e2e-mirror-ca.pem'));
      fs.writeFileSync(
        path.join(ctx, 'Dockerfile'),
        [
          `FROM ${this.images!.CONNECT_IMAGE}`,
          'USER root',
          'COPY e2e-mirror-ca.pem /tmp/e2e-mirror-ca.pem',
          'RUN command -v curl && command -v sha512sum && command -v tar && cat /tmp/e2e-mirror-ca.pem >> /etc/ssl/certs/ca-certificates.crt && rm /tmp/e2e-mirror-ca.pem',
          'USER 1001',
          '',
        ].join('\n'),
      );
      await run('docker', ['build', '--network', 'host', '-t', this.fetchImage, ctx], {
        timeoutMs: 300_000,
        env: { ...process.env, DOCKER_HOST: this.dockerHost },
        logFile: path.join(LOGS, 'fetch-image.log'),
      });
    }
  }

  public synthEnv(): NodeJS.ProcessEnv {
    return {
      E2E_TARGET: this.target,
      E2E_STREAM: this.stream.stream,
      ...(this.images!.ZOOKEEPER_IMAGE ? { E2E_ZOOKEEPER_IMAGE: this.images!.ZOOKEEPER_IMAGE } : {}),
      E2E_KAFKA_IMAGE: this.images!.KAFKA_IMAGE,
      E2E_CONNECT_IMAGE: this.images!.CONNECT_IMAGE,
      E2E_FETCH_IMAGE: this.fetchImage,
      E2E_MAVEN_REPOSITORY: this.mirrorUrl,
      E2E_STORAGE_CLASS: this.env.KUBE_STORAGE_CLASS,
      E2E_KUBECONFIG: this.env.KUBECONFIG,
    };
  }

  public tofuEnv(): NodeJS.ProcessEnv {
    return { KUBE_CONFIG_PATH: this.env.KUBECONFIG };
  }

  /** The pods' gateway: an address of this machine on the private bridge, reachable from every pod. */
  public async database(): Promise<{ host: string; clients: string }> {
    return { host: this.env.KUBE_BRIDGE_IP, clients: this.env.KUBE_POD_CIDR };
  }

  public async cleanSlate(): Promise<void> {
    for (const name of [E2E.policy.elsewhere, NAMESPACE]) {
      const ns = await this.kubectl(['get', 'namespace', name, '-o', 'name'], 30_000, true);
      if (ns.code === 0) {
        log(`removing namespace ${name} left by an interrupted run`);
        await this.kubectl(['delete', 'namespace', name, '--wait=true', '--timeout=300s'], 330_000, true);
      }
    }
    await this.kube(['volumes', 'reset'], 120_000);
  }

  private async podInfo(name: string): Promise<PodInfo | undefined> {
    const r = await this.kubectl(['get', 'pod', '-n', NAMESPACE, name, '-o', 'json'], 30_000, true);
    if (r.code !== 0) return undefined;
    const j = JSON.parse(r.stdout);
    const cs = (j.status?.containerStatuses ?? [])[0];
    return {
      uid: j.metadata.uid,
      ready: readyCondition(j) !== undefined,
      ip: j.status?.podIP ?? '',
      restarts: cs?.restartCount ?? 0,
      startedAt: cs?.state?.running?.startedAt ?? '',
      containerId: String(cs?.containerID ?? '').replace(/^[a-z]+:\/\//, ''),
      lastExitCode: cs?.lastState?.terminated?.exitCode,
      declaredPorts: (j.spec.containers ?? []).flatMap((c: { ports?: { containerPort: number }[] }) =>
        (c.ports ?? []).map((q) => Number(q.containerPort)),
      ),
      claims: (j.spec.volumes ?? [])
        .filter((v: { persistentVolumeClaim?: unknown }) => v.persistentVolumeClaim)
        .map((v: { persistentVolumeClaim: { claimName: string } }) => v.persistentVolumeClaim.claimName)
        .sort(),
    };
  }

  private async claims(): Promise<Record<string, string>> {
    const r = await this.kubectl(['get', 'pvc', '-n', NAMESPACE, '-o', 'json'], 30_000);
    const out: Record<string, string> = {};
    for (const c of JSON.parse(r.stdout).items ?? []) out[c.metadata.name] = `${c.metadata.uid} ${c.spec.volumeName}`;
    return out;
  }

  public async diagnostics(): Promise<string> {
    try {
      const out = [(await this.kubectl(['get', 'pods,jobs,pvc', '-n', NAMESPACE, '-o', 'wide'], 30_000, true)).stdout];
      const events = await this.kubectl(['get', 'events', '-n', NAMESPACE, '--sort-by=.lastTimestamp'], 30_000, true);
      out.push(tailText(events.stdout, 25));
      for (const p of await this.podNames()) {
        const l = await this.kubectl(['logs', '-n', NAMESPACE, p, '--all-containers', '--tail=15'], 30_000, true);
        out.push(`  ${p}:\n${tailText(`${l.stdout}${l.stderr}`, 15)}`);
      }
      return out.join('\n');
    } catch (e) {
      return `  (diagnostics failed: ${(e as Error).message})`;
    }
  }
  /** The names of the pods in the cluster's namespace (none when the listing fails). */
  private async podNames(): Promise<string[]> {
    const pods = await this.kubectl(['get', 'pods', '-n', NAMESPACE, '-o', 'jsonpath={.items[*].metadata.name}'], 30_000, true);
    return pods.stdout.split(/\s+/).filter(Boolean);
  }

  public async saveLogs(): Promise<string> {
    const names = await this.podNames();
    for (const p of names) {
      const now = await this.kubectl(['logs', '-n', NAMESPACE, p, '--all-containers', '--prefix', '--timestamps'], 60_000, true);
      const before = await this.kubectl(
        ['logs', '-n', NAMESPACE, p, '--all-containers', '--prefix', '--timestamps', '--previous'],
        60_000,
        true,
      );
      const previous = before.code === 0 && before.stdout ? `--- the previous run of its containers:\n${before.stdout}--- this run:\n` : '';
      fs.writeFileSync(path.join(LOGS, `pod-${p}.log`), `${previous}${now.stdout}${now.stderr}`);
    }
    return `${names.length} pod log(s) in ${LOGS}/pod-*.log`;
  }

  /** Each worker by its pod address, which this machine reaches on the bridge (current: pods move on restart). */
  public async restUrls(): Promise<string[]> {
    const urls: string[] = [];
    for (let i = 0; i < E2E.restPorts.length; i++) {
      const info = await this.podInfo(pod('connect', i));
      const scheme = this.stream.restTls ? 'https' : 'http';
      // Reached by address, the pod is named by its DNS name, which its certificate names.
      if (info?.ip) nameRestServer(info.ip, podDns('connect', i));
      urls.push(info?.ip ? `${scheme}://${info.ip}:8083` : `${scheme}://${pod('connect', i)}.unscheduled.invalid:8083`);
    }
    return urls;
  }

  /** The workers' advertised pod names (they forward requests to each other) and the Service the tasks call. */
  public restTlsNames(): { dns: string[]; ips: string[] } {
    const workers = E2E.restPorts.map((_, i) => podDns('connect', i));
    return { dns: [...workers, `${E2E.clusterName}-connect.${NAMESPACE}.svc.cluster.local`], ips: [] };
  }

  /**
   * The run's files as the Secrets a user keeps in the namespace (cert-manager's shape, and the stores' password in
   * a Secret of its own). The stack creates the namespace, so before the first apply they are created the moment it
   * exists, in the background; the workers and tasks that mount them wait for them (the kubelet retries).
   */
  public async provideRestTls(files: RestTlsFiles): Promise<void> {
    const data = Object.fromEntries(REST_TLS_FILES.map((n) => [n, fs.readFileSync(path.join(files.dir, n)).toString('base64')]));
    const secrets = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: E2E.restTls.files, namespace: NAMESPACE }, type: 'Opaque', data },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: E2E.restTls.passwordSecret, namespace: NAMESPACE },
          type: 'Opaque',
          data: { [E2E.restTls.passwordKey]: Buffer.from(files.password).toString('base64') },
        },
      ],
    };
    // The Secrets, once the namespace exists: whether they were applied.
    const applied = async (what: string) => {
      if ((await this.kubectl(['get', 'namespace', NAMESPACE, '-o', 'name'], 30_000, true)).code !== 0) return false;
      await this.kubectl(['apply', '-f', '-'], 60_000, false, JSON.stringify(secrets));
      log(`the REST certificate Secrets ${E2E.restTls.files} and ${E2E.restTls.passwordSecret} ${what} in namespace ${NAMESPACE}`);
      return true;
    };
    // A renewal: the namespace is there, and the Secrets are updated before the change that restarts the workers.
    if (await applied('updated')) return;
    this.restTlsProvided = waitFor(`namespace ${NAMESPACE} exists, for the REST certificate Secrets`, 900_000, 1000, async () =>
      (await applied('are')) ? { ok: true, value: undefined } : { ok: false, why: 'not created yet' },
    );
    // Reported where the run waits for the cluster (afterApply), not as an unhandled rejection.
    this.restTlsProvided.catch(() => undefined);
  }

  /** `worker_id` is `<pod DNS name>:8083`: the ordinal names the worker. */
  public async workerIndex(workerId: string): Promise<number> {
    for (let i = 0; i < E2E.restPorts.length; i++) if (workerId === `${podDns('connect', i)}:8083`) return i;
    throw new E2eFailure(`cannot tell which worker ${JSON.stringify(workerId)} is (expected ${podDns('connect', 0)}:8083 …)`);
  }

  /**
   * The pods' own record, read once the cluster is ready: a pod's creation, its first container's start (the
   * plugin init container's, on a worker), its Ready condition; a Job's creation and completion, its pod's
   * container exit (the task's work done). The API server keeps whole seconds.
   */
  public async watchStartUp(): Promise<StartUpWatch> {
    const t = (s?: string) => (s ? Date.parse(s) : undefined);
    const finish = async () => {
      const pods = JSON.parse((await this.kubectl(['get', 'pods', '-n', NAMESPACE, '-o', 'json'], 60_000)).stdout).items as any[];
      const jobs = JSON.parse((await this.kubectl(['get', 'jobs', '-n', NAMESPACE, '-o', 'json'], 60_000)).stdout).items as any[];
      const prefix = `${E2E.clusterName}-`;
      const records: StartUpRecord[] = [];
      const firstStart = (p: any): number | undefined => {
        const c = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])][0];
        const st = c?.lastState?.terminated?.startedAt ?? c?.state?.running?.startedAt ?? c?.state?.terminated?.startedAt;
        return t(st);
      };
      for (const p of pods) {
        const m = new RegExp(`^${prefix}(zookeeper|kafka-controller|kafka|connect)-(\\d+)$`).exec(p.metadata.name);
        const task = p.metadata.labels?.[TASK_NAME_LABEL] as string | undefined;
        if (!m && !(task && p.metadata.ownerReferences === undefined && task === p.metadata.name)) continue;
        const ready = readyCondition(p);
        records.push({
          service: m ? `${m[1]}-${Number(m[2]) + 1}` : task!.slice(prefix.length),
          created: t(p.metadata.creationTimestamp),
          started: firstStart(p),
          ready: t(ready?.lastTransitionTime),
          restarts: (p.status?.containerStatuses ?? []).reduce((a: number, c: any) => a + (c.restartCount ?? 0), 0),
        });
      }
      for (const j of jobs) {
        const mine = pods
          .filter((p) => p.metadata.labels?.['job-name'] === j.metadata.name)
          .sort((a, b) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp));
        if (j.metadata.labels?.[KUBERNETES_LABELS.component] === TaskKind.CONNECTOR_SENTINEL) {
          // A Job that never completes while declared: ready when its (first) pod is, by its marker file.
          const ready = readyCondition(mine[0]);
          records.push({
            service: j.metadata.name.slice(prefix.length),
            created: t(j.metadata.creationTimestamp),
            started: mine.length ? firstStart(mine[0]) : undefined,
            ready: t(ready?.lastTransitionTime),
            restarts: mine.length - 1,
          });
          continue;
        }
        const done = mine.find((p) => p.status?.phase === 'Succeeded');
        const complete = (j.status?.conditions ?? []).find((c: any) => c.type === 'Complete' && c.status === 'True');
        records.push({
          service: j.metadata.name.slice(prefix.length),
          created: t(j.metadata.creationTimestamp),
          started: mine.length ? firstStart(mine[0]) : undefined,
          serving: t(done?.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt),
          ready: t(j.status?.completionTime ?? complete?.lastTransitionTime),
          restarts: mine.length - 1,
        });
      }
      if (!records.length) throw new E2eFailure(`no pod or Job of the cluster in namespace ${NAMESPACE}`);
      return {
        records,
        resolutionMs: 1000,
        bounds: [
          `a pod's startup probe runs its readiness check every ${STARTUP_PROBE_PERIOD_SECONDS} s and the kubelet runs readiness at once when it passes: ready ≤ ${STARTUP_PROBE_PERIOD_SECONDS} s + the check after the service serves; a connector's sentinel is a Job that never completes, ready when its pod is (its marker file)`,
          'a Job: serving is its container exit, ready its completion; created: the StatefulSet controller creates a pod (the Job controller its pod) after the provider created the object',
          "dep ready → created: the kubernetes provider polls a StatefulSet's rollout and a Job's completion 0, 0.5, 1.5, 3.5, 7.5, 15.5 s after creating it and then every 10 s (terraform-plugin-sdk retry.RetryContext: a backoff from 0.5 s doubling to 10 s); a Job that is not waited for (a connector's sentinel) is created at once; then Terraform starts the dependants",
        ],
      };
    };
    return { finish, stop: () => undefined };
  }

  /** What the API server accepted: every object kind the library renders exists, every pod Ready. */
  public async afterApply(): Promise<void> {
    await this.restTlsProvided;
    const kinds = [
      'statefulsets',
      'services',
      'poddisruptionbudgets',
      'networkpolicies',
      'configmaps',
      'secrets',
      'jobs',
      'pods',
      'persistentvolumeclaims',
    ];
    const found: string[] = [];
    for (const k of kinds) {
      // Claims carry only the selector labels of their templates; everything else is labelled part-of the cluster.
      const selector =
        k === 'persistentvolumeclaims' ? `app.kubernetes.io/instance=${E2E.clusterName}` : `app.kubernetes.io/part-of=${E2E.clusterName}`;
      const r = await this.kubectl(['get', k, '-n', NAMESPACE, '-l', selector, '-o', 'name'], 30_000);
      const names = r.stdout.split('\n').filter(Boolean);
      if (!names.length) throw new E2eFailure(`no ${k} of the cluster in namespace ${NAMESPACE}`);
      found.push(`${names.length} ${k}`);
    }
    const notReady: string[] = [];
    for (const p of this.nodePods()) if (!(await this.podInfo(p))?.ready) notReady.push(p);
    if (notReady.length) throw new E2eFailure(`pods not Ready after apply: ${notReady.join(', ')}\n${await this.diagnostics()}`);
    const ns = JSON.parse((await this.kubectl(['get', 'namespace', NAMESPACE, '-o', 'json'], 30_000)).stdout);
    if (ns.metadata.labels?.['pod-security.kubernetes.io/enforce'] !== 'restricted')
      throw new E2eFailure(`namespace ${NAMESPACE} does not enforce the restricted Pod Security Standard`);
    log(`the API server accepted ${found.join(', ')}; every pod Ready in a namespace enforcing the restricted Pod Security Standard`);
    await this.refreshKafkaAddress();
    log(await this.policyMatrix('after the first apply'));
  }

  /** kube-router's pid at the first matrix: the last one checks that the same enforcer still runs. */
  private enforcerPid?: number;

  private async enforcer(): Promise<number> {
    const r = await run(path.join(ROOT, 'scripts', 'kube.sh'), ['status'], {
      timeoutMs: 60_000,
      env: { ...process.env, DOCKER_HOST: this.dockerHost, CDKTF_DEBEZIUM_CACHE: CACHE },
      allowFail: true,
    });
    const m = /^kube-router\s+running\s+pid (\d+)/m.exec(r.stdout);
    if (!m) throw new E2eFailure(`kube-router, which enforces the NetworkPolicies, is not running (scripts/kube.sh status):\n${r.stdout}`);
    return Number(m[1]);
  }

  /**
   * The NetworkPolicy matrix, enforced by kube-router (scripts/kube.sh): the first pod of every component, at every
   * port it listens on (read from its own /proc/net/tcp), probed from:
   * - each component's pods: the first, and a second one where there is one (a peer);
   * - a pod of the namespace with no label any policy admits, and one of another namespace;
   * - pods with the labels the stack gives target.kafkaClients (in the namespace), target.restClients (in the other
   *   namespace, selected by its name) and target.metricsScrapers.
   * What each may reach is the README's rule, stated here: a component's own pods reach every port its pods declare;
   * its client port admits the components that use it (the brokers: ZooKeeper and the controllers; the workers:
   * Kafka) and its selectors; the metrics port admits the scrapers; nothing else, and a port a pod does not declare
   * no one. A pod reaching its own address shows the port listens there, the positive control where no other
   * admitted pod is.
   */
  public async policyMatrix(when: string): Promise<string> {
    const t = Date.now();
    const names = kafkaNodeNames(this.stream);
    const pods: Record<string, string[]> = {
      zookeeper: names.zookeeper.map((x) => this.nodePod(x)),
      'kafka-controller': names.controllers.map((x) => this.nodePod(x)),
      kafka: names.brokers.map((x) => this.nodePod(x)),
      connect: E2E.restPorts.map((_, i) => pod('connect', i)),
    };
    const present = Object.keys(pods).filter((c) => pods[c].length > 0);
    const elsewhere = E2E.policy.elsewhere;
    const probes = [
      { name: 'e2e-outsider', namespace: NAMESPACE, labels: { 'app.kubernetes.io/name': 'e2e-outsider' }, admits: () => false },
      { name: 'e2e-stranger', namespace: elsewhere, labels: { 'app.kubernetes.io/name': 'e2e-stranger' }, admits: () => false },
      {
        name: 'e2e-kafka-client',
        namespace: NAMESPACE,
        labels: { ...E2E.policy.kafkaClientLabels },
        admits: (c: string, port: number) => c === 'kafka' && port === CLIENT_PORTS.kafka,
      },
      {
        name: 'e2e-rest-client',
        namespace: elsewhere,
        labels: { ...E2E.policy.restClientLabels },
        admits: (c: string, port: number) => c === 'connect' && port === CLIENT_PORTS.connect,
      },
      {
        name: 'e2e-scraper',
        namespace: NAMESPACE,
        labels: { ...E2E.metrics.scraperLabels },
        admits: (_: string, port: number) => port === E2E.metrics.port,
      },
    ];
    if (this.enforcerPid === undefined) {
      this.enforcerPid = await this.enforcer();
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: elsewhere } };
      await this.kubectl(['apply', '-f', '-'], 60_000, false, JSON.stringify(ns));
      await Promise.all(probes.map((p) => this.probePod(p.name, p.labels, p.namespace)));
      this.scraperUp = true;
    }
    // The targets: each component's first pod, its address and the ports it listens on beyond loopback.
    const targets: { component: string; pod: string; ip: string; ports: number[]; declared: number[] }[] = [];
    for (const c of present) {
      const p = pods[c][0];
      const info = await this.podInfo(p);
      if (!info?.ip) throw new E2eFailure(`${p} has no address`);
      const tcp = await this.kubectl(['exec', '-n', NAMESPACE, p, '--', 'cat', '/proc/net/tcp', '/proc/net/tcp6'], 30_000);
      const ports = listeningPorts(tcp.stdout);
      if (!ports.includes(CLIENT_PORTS[c]))
        throw new E2eFailure(`${p} does not listen on its client port ${CLIENT_PORTS[c]} (it listens on ${ports.join(', ')})`);
      targets.push({ component: c, pod: p, ip: info.ip, ports, declared: info.declaredPorts });
    }
    // Who uses a component's client port (the README: the brokers use ZooKeeper and the controllers, the workers Kafka).
    const users: Record<string, string[]> = { zookeeper: ['kafka'], 'kafka-controller': ['kafka'], kafka: ['connect'], connect: [] };
    const cells: PolicyCell[] = [];
    const vantages: { name: string; namespace: string; shell: 'bash' | 'busybox'; targets: string[] }[] = [];
    // A port the pod does not declare (the JVM's local JMX connector, ZooKeeper's admin server) is in no policy.
    const from = (name: string, namespace: string, shell: 'bash' | 'busybox', admits: (c: string, port: number) => boolean) => {
      const list: string[] = [];
      for (const tg of targets)
        for (const port of tg.ports) {
          const admitted = name === tg.pod || (tg.declared.includes(port) && admits(tg.component, port));
          cells.push({ from: name, to: tg.pod, port, admitted });
          list.push(`${tg.ip}:${port}`);
        }
      vantages.push({ name, namespace, shell, targets: list });
    };
    for (const c of present)
      for (const p of pods[c].slice(0, 2))
        from(p, NAMESPACE, 'bash', (tc, port) => tc === c || (port === CLIENT_PORTS[tc] && users[tc].includes(c)));
    for (const p of probes) from(p.name, p.namespace, 'busybox', p.admits);
    // Each probe pod also reaches this machine's DNS on the pods' bridge, which no policy guards: a probe that reaches
    // nothing would make its refusals prove nothing.
    const node = `${this.env.KUBE_BRIDGE_IP}:53`;
    for (const v of vantages.filter((x) => x.shell === 'busybox')) {
      v.targets.push(node);
      cells.push({ from: v.name, to: 'this machine', port: 53, admitted: true });
    }
    const ipOf = new Map([...targets.map((tg) => [tg.ip, tg.pod] as const), [this.env.KUBE_BRIDGE_IP, 'this machine'] as const]);
    const found: PolicyProbe[] = (
      await Promise.all(
        vantages.map(async (v) => {
          // Every target at once, 3 s each: a connection made is "open"; refused, dropped or timed out is not.
          const one =
            v.shell === 'bash'
              ? 'if timeout 3 bash -c "exec 3<>/dev/tcp/${t%:*}/${t##*:}" 2>/dev/null; then echo "$t open"; else echo "$t closed"; fi'
              : 'if nc -w 3 "${t%:*}" "${t##*:}" </dev/null >/dev/null 2>&1; then echo "$t open"; else echo "$t closed"; fi';
          const script = `for t in ${v.targets.join(' ')}; do (${one}) & done; wait`;
          const r = await this.kubectl(['exec', '-n', v.namespace, v.name, '--', v.shell === 'bash' ? 'bash' : 'sh', '-c', script], 60_000);
          return r.stdout
            .split('\n')
            .map((l) => /^([\d.]+):(\d+) (open|closed)$/.exec(l.trim()))
            .filter((m): m is RegExpExecArray => m !== null)
            .map((m) => ({ from: v.name, to: ipOf.get(m[1]) ?? m[1], port: Number(m[2]), connected: m[3] === 'open' }));
        }),
      )
    ).flat();
    const problems = policyMatrixProblems(cells, found);
    if (problems.length) throw new E2eFailure(`NetworkPolicy matrix ${when}:\n  ${problems.join('\n  ')}`);
    const pid = await this.enforcer();
    if (pid !== this.enforcerPid) throw new E2eFailure(`kube-router was restarted during the run (pid ${this.enforcerPid} → ${pid})`);
    timed(`NetworkPolicy matrix ${when}`, Date.now() - t);
    const admitted = cells.filter((c) => c.admitted).length;
    return (
      `NetworkPolicy matrix ${when}: ${targets.map((tg) => `${tg.pod} (${tg.ports.join(', ')})`).join(', ')} probed from ${vantages.length} pods ` +
      `(${vantages.map((v) => v.name).join(', ')}): ${admitted} admitted paths open, ${cells.length - admitted} refused, each refusal with a positive control; kube-router (pid ${pid}) enforcing throughout`
    );
  }

  /** A busybox pod with `labels` (in the cluster's namespace unless told), Ready, under the restricted profile. */
  private async probePod(name: string, labels: Record<string, string>, namespace: string = NAMESPACE): Promise<void> {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels },
      spec: {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'probe',
            image: this.env.KUBE_BUSYBOX_IMAGE,
            imagePullPolicy: 'Never',
            // Ends at once when deleted (a destroy of the namespace waits for it): sleep as PID 1 would ignore SIGTERM.
            command: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    };
    await this.kubectl(['apply', '-f', '-'], 60_000, false, JSON.stringify(manifest));
    await this.kubectl(['wait', '-n', namespace, '--for=condition=Ready', `pod/${name}`, '--timeout=120s'], 150_000);
  }

  private scraperUp = false;

  /** From a pod with the labels target.metricsScrapers admits, each node's pod address at the metrics port. */
  public async scrapeMetrics(): Promise<Scrape[]> {
    const scraper = 'e2e-scraper';
    if (!this.scraperUp) {
      await this.probePod(scraper, { ...E2E.metrics.scraperLabels });
      this.scraperUp = true;
    }
    const out: Scrape[] = [];
    for (const { node, role } of metricsNodes(this.stream, E2E.restPorts.length)) {
      const info = await this.podInfo(this.nodePod(node));
      if (!info) {
        out.push({ node, role, error: `no pod ${this.nodePod(node)}` });
        continue;
      }
      const url = `http://${info.ip}:${E2E.metrics.port}/metrics`;
      // No `-T`: the image's busybox wget (Debian's 1.35) crashes with it; kubectl's own timeout bounds the request.
      const r = await this.kubectl(['exec', '-n', NAMESPACE, scraper, '--', 'wget', '-q', '-O', '-', url], 30_000, true);
      out.push(r.code === 0 ? { node, role, text: r.stdout } : { node, role, error: `${url} from ${scraper}: ${r.stderr.trim()}` });
    }
    return out;
  }

  /** A console consumer on this machine (the project's engine), told where the broker's pod DNS name points. */
  public consumer(name: string, extra: string[]): ConsumerCommand {
    return dockerConsumer({
      dockerHost: this.dockerHost,
      image: this.images!.KAFKA_IMAGE,
      name,
      bootstrap: this.brokerIps.map((ip) => `${ip}:9092`).join(','),
      hosts: Object.fromEntries(this.brokerIps.map((ip, i) => [podDns('kafka', i), ip])),
      extra,
    });
  }

  /** Pod addresses of the brokers, in ordinal order. */
  private brokerIps: string[] = [];

  /** The pods of the cluster's nodes: the stateful ones, then the workers. */
  private nodePods(): string[] {
    return [...this.statefulPods(), ...E2E.restPorts.map((_, i) => pod('connect', i))];
  }

  /** The pods that keep state: ZooKeeper, KRaft controllers, brokers (StatefulSet pod names). */
  private statefulPods(): string[] {
    const n = kafkaNodeNames(this.stream);
    return [...n.zookeeper, ...n.controllers, ...n.brokers].map((x) => this.nodePod(x));
  }

  public removeConsumer(name: string): Promise<void> {
    return removeDockerConsumer(this.dockerHost, name);
  }

  private readonly lost = new Map<number, PodInfo>();

  /**
   * The worker killed as a crash or the kernel's OOM killer would: SIGKILL to every process of its container, found
   * on this machine by the container's id in their cgroup (the test cluster's cgroupfs driver). It leaves its group
   * by no request and commits no offset; the kubelet starts the container again in the same pod, with its claims.
   * (A pod deleted gracefully is the rolling change's, under writes too.)
   */
  public async loseWorker(index: number): Promise<void> {
    const before = await this.podInfo(pod('connect', index));
    if (!before?.containerId) throw new E2eFailure(`${pod('connect', index)} does not exist or runs no container`);
    this.lost.set(index, before);
    const pids = containerPids(before.containerId);
    if (!pids.length)
      throw new E2eFailure(`no process on this machine is in the cgroup of ${pod('connect', index)}'s container ${before.containerId}`);
    for (const p of pids) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // gone already: the container's init died first and took it along
      }
    }
    log(`SIGKILL to ${pids.length} process(es) of ${pod('connect', index)}'s container`);
  }

  public async afterWorkerLoss(index: number): Promise<void> {
    const before = this.lost.get(index)!;
    const t = Date.now();
    const back = await waitFor(`${pod('connect', index)} restarted and Ready`, 300_000, 1000, async () => {
      const now = await this.podInfo(pod('connect', index));
      if (!now) return { ok: false, why: 'no pod' };
      if (now.restarts === before.restarts) return { ok: false, why: 'its container not restarted yet' };
      return now.ready ? { ok: true, value: now } : { ok: false, why: 'not Ready' };
    });
    const problem = restartedAfterKillProblem(pod('connect', index), before, back);
    if (problem) throw new E2eFailure(problem);
    timed(`worker ${index}: killed container restarted and Ready`, Date.now() - t);
    log(
      `${pod('connect', index)}: its container, killed (exit 137), restarted in the same pod (restarts ${before.restarts} → ${back.restarts}), Ready, with its claims ${back.claims.join(', ') || '(none)'}`,
    );
  }

  /** A StatefulSet brings a deleted pod back at once: "stopped" is the pod deleted, "started" is it Ready again. */
  public async stopKafkaNode(node: string): Promise<void> {
    await this.kubectl(['delete', 'pod', '-n', NAMESPACE, this.nodePod(node), '--wait=true', '--timeout=120s'], 150_000);
  }

  public async startKafkaNode(node: string): Promise<void> {
    const p = this.nodePod(node);
    await waitFor(`${p} back and Ready`, 300_000, 1000, async () =>
      (await this.podInfo(p))?.ready ? { ok: true, value: true } : { ok: false, why: 'not Ready' },
    );
    await this.refreshKafkaAddress();
  }

  /** A node name of streams.kafkaNodeNames → its pod: `kafka-2` → `<cluster>-kafka-1` (StatefulSet ordinals start at 0). */
  private nodePod(node: string): string {
    return pod(node.slice(0, node.lastIndexOf('-')), Number(node.slice(node.lastIndexOf('-') + 1)) - 1);
  }

  public async nodeLog(node: string, sinceMs: number): Promise<string> {
    const r = await this.kubectl(['logs', '-n', NAMESPACE, this.nodePod(node), `--since-time=${new Date(sinceMs).toISOString()}`], 60_000);
    return r.stdout;
  }

  public async kafkaNodeId(node: string): Promise<number> {
    const r = await this.kubectl(['exec', '-n', NAMESPACE, this.nodePod(node), '--', 'bash', '-c', 'cat /kafka/data/*/meta.properties']);
    return metaPropertiesNodeId(node, r.stdout);
  }

  /** In the first broker pod that is Ready (the pods' own addresses). */
  public async kafkaTool(tool: string, args: string[]): Promise<string> {
    await this.refreshKafkaAddress();
    for (let i = 0; i < this.stream.brokers; i++) {
      if (!(await this.podInfo(pod('kafka', i)))?.ready) continue;
      const r = await this.kubectl(
        [
          'exec',
          '-n',
          NAMESPACE,
          pod('kafka', i),
          '--',
          'env',
          ...toolEnv(),
          `/kafka/bin/${tool}`,
          '--bootstrap-server',
          this.brokerIps.map((ip) => `${ip}:9092`).join(','),
          ...args,
        ],
        180_000,
      );
      return r.stdout;
    }
    throw new E2eFailure(`no broker pod is Ready to run ${tool}`);
  }

  public settingChangeTouches(c: ResourceChange): boolean {
    return /ConnectWorkers_/.test(c.address) && (c.type === 'kubernetes_config_map_v1' || c.type === 'kubernetes_stateful_set_v1');
  }

  /** The stateful pods and the workers: a replaced pod has another uid; a restart counts and starts anew. */
  public async nodeIdentities(): Promise<Record<string, NodeIdentity | undefined>> {
    const out: Record<string, NodeIdentity | undefined> = {};
    for (const p of this.nodePods()) {
      const info = await this.podInfo(p);
      out[p] = info && { id: info.uid, startedAt: info.startedAt, restarts: info.restarts };
    }
    return out;
  }

  public async snapshot(): Promise<Snapshot> {
    const pods: Record<string, PodInfo | undefined> = {};
    for (const p of this.nodePods()) pods[p] = await this.podInfo(p);
    return { pods, claims: await this.claims() };
  }

  public async rolledWithin(fromMs: number, toMs: number): Promise<string> {
    const created: string[] = [];
    for (let i = 0; i < E2E.restPorts.length; i++) {
      const p = pod('connect', i);
      const r = await this.kubectl(['get', 'pod', '-n', NAMESPACE, p, '-o', 'jsonpath={.metadata.creationTimestamp}'], 30_000);
      const at = Date.parse(r.stdout.trim());
      // A creationTimestamp has whole seconds.
      if (!(at >= Math.floor(fromMs / 1000) * 1000 && at <= toMs))
        throw new E2eFailure(
          `${p} was created at ${r.stdout.trim() || '?'}, outside the polled window ${new Date(fromMs).toISOString()} … ${new Date(toMs).toISOString()}: the polls did not cover its replacement`,
        );
      created.push(`${p} at +${((at - fromMs) / 1000).toFixed(0)} s`);
    }
    return `every worker pod was created inside the polled window: ${created.join(', ')}`;
  }

  public async afterSettingChange(before: Snapshot, setting: { property: string; value: string }): Promise<string> {
    const was = before.pods as Record<string, PodInfo | undefined>;
    for (const p of this.statefulPods()) {
      const now = await this.podInfo(p);
      if (!now || now.uid !== was[p]!.uid || now.restarts !== was[p]!.restarts || now.startedAt !== was[p]!.startedAt) {
        throw new E2eFailure(`${p} was replaced or restarted by the setting change (${JSON.stringify(was[p])} → ${JSON.stringify(now)})`);
      }
    }
    for (let i = 0; i < E2E.restPorts.length; i++) {
      const p = pod('connect', i);
      const now = await waitFor(`${p} rolled and Ready`, 300_000, 1000, async () => {
        const info = await this.podInfo(p);
        return info && info.uid !== was[p]!.uid && info.ready
          ? { ok: true, value: info }
          : { ok: false, why: info ? (info.uid === was[p]!.uid ? 'not rolled' : 'not Ready') : 'no pod' };
      });
      const file = await this.kubectl(
        ['exec', '-n', NAMESPACE, p, '--', 'grep', `^${setting.property}=`, '/kafka/config/connect-distributed.properties'],
        30_000,
        true,
      );
      if (file.stdout.trim() !== `${setting.property}=${setting.value}`)
        throw new E2eFailure(`${p}: the worker file says ${JSON.stringify(file.stdout.trim())}, not ${setting.property}=${setting.value}`);
      if (JSON.stringify(now.claims) !== JSON.stringify(was[p]!.claims))
        throw new E2eFailure(`${p} rolled onto other claims: ${now.claims.join(', ')}`);
    }
    const claimsBefore = before.claims as Record<string, string>;
    const claimsAfter = await this.claims();
    if (JSON.stringify(claimsAfter) !== JSON.stringify(claimsBefore))
      throw new E2eFailure(
        `claims changed with the setting change:\n  before ${JSON.stringify(claimsBefore)}\n  after  ${JSON.stringify(claimsAfter)}`,
      );
    // The policies again, with the rolled pods' new addresses; then the probes of the matrix go (the scraper stays).
    const matrix = await this.policyMatrix('after the rolling change');
    await this.removeProbes();
    return `${this.stream.zookeeperNodes ? 'ZooKeeper and ' : ''}Kafka pods kept (same pods, no restart); every worker pod rolled and uses ${setting.property}=${setting.value}; every claim kept (${Object.keys(claimsAfter).length}, same volumes)\n${matrix}`;
  }

  /** The matrix's probe pods of the cluster's namespace, and the other namespace with its own. */
  private async removeProbes(): Promise<void> {
    await this.kubectl(
      ['delete', 'pod', '-n', NAMESPACE, 'e2e-outsider', 'e2e-kafka-client', '--ignore-not-found', '--wait=false'],
      60_000,
      true,
    );
    await this.kubectl(['delete', 'namespace', E2E.policy.elsewhere, '--ignore-not-found', '--wait=false'], 60_000, true);
  }

  /** The sentinel Job's pods. */
  private async sentinelPods(): Promise<ControlledPod[]> {
    const r = await this.kubectl(
      ['get', 'pods', '-n', NAMESPACE, '-l', `${TASK_POLICY.jobNameLabel}=${SENTINEL_JOB}`, '-o', 'json'],
      30_000,
    );
    return (JSON.parse(r.stdout).items as any[]).map((p) => ({
      name: p.metadata.name,
      uid: p.metadata.uid,
      created: Date.parse(p.metadata.creationTimestamp),
      deleting: Boolean(p.metadata.deletionTimestamp),
      phase: p.status?.phase ?? '',
      ready: readyCondition(p) !== undefined,
    }));
  }

  /** The sentinel Job's current pod, ready: the newest that is not stopping or finished. */
  private async sentinelPod(): Promise<ControlledPod | undefined> {
    const now = successorPod(await this.sentinelPods(), '');
    return now.ok ? now.value : undefined;
  }

  /**
   * Stops the sentinel's pod, by deletion or by eviction, and waits until it is gone and its Job has made a new pod
   * that is ready (no apply in between); keeps what the stopped one printed.
   */
  private async stopSentinel(evict: boolean): Promise<void> {
    const { printed, pod: before } = await this.followCurrentSentinel();
    const name = before.name;
    const stillThere = async () => (await this.sentinelPods()).some((p) => p.uid === before.uid);
    const t0 = Date.now();
    if (evict) {
      const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: NAMESPACE } };
      await this.kubectl(
        ['create', '--raw', `/api/v1/namespaces/${NAMESPACE}/pods/${name}/eviction`, '-f', '-'],
        60_000,
        false,
        JSON.stringify(eviction),
      );
    } else {
      await this.kubectl(['delete', 'pod', '-n', NAMESPACE, name, '--wait=false'], 60_000);
    }
    await waitFor(`${name} gone`, 180_000, 1000, async () =>
      (await stillThere()) ? { ok: false, why: 'still terminating' } : { ok: true, value: true },
    );
    const gone = Date.now() - t0;
    const next = await waitFor(`a new pod of the sentinel Job ${SENTINEL_JOB}, ready`, 180_000, 1000, async () =>
      successorPod(await this.sentinelPods(), before.uid),
    );
    log(
      `the sentinel's Job made a new pod, ${next.name}, ready ${((Date.now() - t0) / 1000).toFixed(1)} s after the stop (the stopped pod gone after ${(gone / 1000).toFixed(1)} s)`,
    );
    this.sentinelLogText = await printed;
  }

  public async followSentinel(): Promise<{ printed: Promise<string> }> {
    return { printed: (await this.followCurrentSentinel()).printed };
  }

  /** Waits for the sentinel's current pod to be ready (its marker), then follows its log until the pod is gone. */
  private async followCurrentSentinel(): Promise<{ printed: Promise<string>; pod: ControlledPod }> {
    const pod = await waitFor(`the connector sentinel (Job ${SENTINEL_JOB}) ready`, 60_000, 1000, async () =>
      successorPod(await this.sentinelPods(), ''),
    );
    const followed = run(this.env.KUBECTL, ['logs', '-f', '-n', NAMESPACE, `pod/${pod.name}`], {
      timeoutMs: 600_000,
      env: { ...process.env, KUBECONFIG: this.env.KUBECONFIG },
      allowFail: true,
    });
    followed.catch(() => undefined);
    return { printed: followed.then((x) => `${x.stdout}${x.stderr}`), pod };
  }

  public async afterDestroy(): Promise<string> {
    const ns = await this.kubectl(['get', 'namespace', NAMESPACE, '-o', 'name'], 30_000, true);
    if (ns.code === 0) {
      const left = await this.kubectl(
        ['get', 'pods,services,statefulsets,jobs,deployments,configmaps,pvc', '-n', NAMESPACE, '-o', 'name'],
        30_000,
        true,
      );
      throw new E2eFailure(
        `tofu destroy left namespace ${NAMESPACE}${left.stdout.trim() ? ` with ${left.stdout.trim().split('\n').join(', ')}` : ''}`,
      );
    }
    const pvs = JSON.parse((await this.kubectl(['get', 'pv', '-o', 'json'], 30_000)).stdout).items as {
      metadata: { name: string };
      spec: { claimRef?: { namespace: string } };
      status: { phase: string };
    }[];
    const released = pvs.filter((v) => v.spec.claimRef?.namespace === NAMESPACE).map((v) => `${v.metadata.name} ${v.status.phase}`);
    return `namespace ${NAMESPACE} gone, and with it every pod, Service, StatefulSet, Job, ConfigMap, Secret and claim; the volumes behind the claims were left by their reclaim policy (${released.join(', ') || 'none'})`;
  }

  public async cleanup(): Promise<void> {
    const step = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        log(`cleanup: ${what} failed: ${(e as Error).message.split('\n')[0]}`);
      }
    };
    if (this.mirror) await step('Maven mirror', () => new Promise<void>((r) => this.mirror!.close(() => r())));
    if (this.env.KUBECTL)
      for (const ns of [E2E.policy.elsewhere, NAMESPACE])
        await step(`namespace ${ns}`, () =>
          this.kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=300s'], 330_000, true),
        );
    if (this.started && !KEEP && process.env.E2E_KEEP_KUBE !== '1') await step('scripts/kube.sh down', () => this.kube(['down'], 300_000));
    else if (this.env.KUBECTL) log('the Kubernetes cluster is left running (it was up before the run, or E2E_KEEP_KUBE=1)');
  }

  /** Where the broker's pod is (the consumer runs on this machine and is told the pod's DNS name). */
  private async refreshKafkaAddress(): Promise<void> {
    const ips: string[] = [];
    for (let i = 0; i < this.stream.brokers; i++) {
      const info = await this.podInfo(pod('kafka', i));
      if (!info?.ip) throw new E2eFailure(`${pod('kafka', i)} has no address`);
      ips.push(info.ip);
    }
    this.brokerIps = ips;
  }
}

/**
 * The processes on this machine in a container's cgroup, found by the container's id in their cgroup paths (the test
 * cluster's kubelet uses the cgroupfs driver: .../pod<uid>/<container id>).
 */
function containerPids(containerId: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cgroups: string;
    try {
      cgroups = fs.readFileSync(`/proc/${entry}/cgroup`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    if (cgroups.includes(`/${containerId}`)) pids.push(Number(entry));
  }
  return pids;
}

/** The client port of each component (the README): the one the components that use it, and its selectors, reach. */
const CLIENT_PORTS: Record<string, number> = { zookeeper: 2181, 'kafka-controller': 9093, kafka: 9092, connect: 8083 };

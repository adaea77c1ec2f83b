// Shared infrastructure of the end-to-end runs: settings, logging, bounded processes, HTTP, PostgreSQL and
// OpenTofu. Nothing here knows the target: the scenario (scenario.ts) and the drivers (docker.ts, …) use it.
import * as cp from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { readToolchainEnv } from '../scripts/toolchain-env';
import { opensslCa, opensslRequest, opensslSign } from '../scripts/test-certificates';
import { E2eFailure, ResourceChange } from './assertions';
import { ConsumerCommand } from './driver';
import { E2E, SECURED_KAFKA } from './stack';
import { toolsLoggingOptions } from '../src/model/image';
import { StreamProfile, streamProfile } from './streams';

// ------------------------------------------------------------------ settings
export const ROOT = path.resolve(__dirname, '..');
export const CACHE = process.env.CDKTF_DEBEZIUM_CACHE || path.join(os.homedir(), '.cache', 'cdktf-debezium-connect');
export const WORK = path.join(CACHE, 'e2e', 'work');
export const TF_DIR = path.join(WORK, 'tf');
export const LOGS = path.join(WORK, 'logs');
export const KEEP = process.env.E2E_KEEP === '1'; // debugging: leave the cluster and PostgreSQL running on exit
export const RUN_ID = `${Date.now().toString(36)}${process.pid.toString(36)}`;

export const t0 = Date.now();
export const timings: [string, number][] = [];
export const notes: string[] = [];
/** Lines printed after the timing table: the per-service time to ready of the first apply (readiness.ts). */
export const startUpLines: string[] = [];

// ------------------------------------------------------------------ logging
const stamp = () => new Date().toISOString().slice(11, 19);
export const log = (msg: string) => process.stderr.write(`[e2e ${stamp()}] ${msg}\n`);
export const secs = (ms: number) => (ms / 1000).toFixed(1);
export function timed(label: string, ms: number) {
  timings.push([label, ms]);
  log(`${label}: ${secs(ms)} s`);
}

// ------------------------------------------------------------------ processes (async, bounded, abortable)
export const children = new Set<cp.ChildProcess>();
/** Why the run is being aborted (then every new process or wait fails at once). */
export const abortState: { reason?: string } = {};

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}
export interface RunOpts {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  logFile?: string;
  /** Do not throw on a non-zero exit. */
  allowFail?: boolean;
  /** Stream stderr+stdout to our stderr, prefixed. */
  echo?: string;
}

export function run(cmd: string, args: string[], o: RunOpts): Promise<RunResult> {
  if (abortState.reason) return Promise.reject(new E2eFailure(`aborted (${abortState.reason}) before: ${cmd} ${args.join(' ')}`));
  return new Promise((resolve, reject) => {
    const child = cp.spawn(cmd, args, { cwd: o.cwd ?? ROOT, env: o.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    const logStream = o.logFile ? fs.createWriteStream(o.logFile, { flags: 'a' }) : undefined;
    logStream?.write(`$ ${cmd} ${args.join(' ')}\n`);
    const echo = (chunk: string) => {
      if (!o.echo) return;
      for (const l of chunk.split('\n')) if (l.trim()) process.stderr.write(`${o.echo}${l}\n`);
    };
    child.stdout!.on('data', (d) => {
      const s = d.toString();
      stdout += s;
      logStream?.write(s);
      echo(s);
    });
    child.stderr!.on('data', (d) => {
      const s = d.toString();
      stderr += s;
      logStream?.write(s);
      echo(s);
    });
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(o.input ?? '');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, o.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      children.delete(child);
      logStream?.end();
      reject(new E2eFailure(`${cmd}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      logStream?.end(`[exit ${code}]\n`);
      const where = o.logFile ? ` (log: ${o.logFile})` : '';
      if (timedOut)
        return reject(new E2eFailure(`${cmd} ${args.slice(0, 3).join(' ')} … did not finish within ${secs(o.timeoutMs)} s${where}`));
      if (code !== 0 && !o.allowFail) {
        return reject(new E2eFailure(`${cmd} ${args.slice(0, 4).join(' ')} … exited ${code}${where}:\n${tailText(stderr || stdout, 25)}`));
      }
      resolve({ code, stdout, stderr });
    });
  });
}

export function tailText(s: string, n: number): string {
  return s
    .trimEnd()
    .split('\n')
    .slice(-n)
    .map((l) => `    ${l}`)
    .join('\n');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Probe<T> = () => Promise<{ ok: true; value: T } | { ok: false; why: string }>;
/** Polls `probe` every `intervalMs` until it succeeds; fails after `timeoutMs` with the last reason. */
export async function waitFor<T>(what: string, timeoutMs: number, intervalMs: number, probe: Probe<T>): Promise<T> {
  const start = Date.now();
  let attempts = 0;
  let why = 'not tried';
  while (Date.now() - start < timeoutMs) {
    if (abortState.reason) throw new E2eFailure(`aborted (${abortState.reason}) while waiting for ${what}`);
    attempts++;
    try {
      const r = await probe();
      if (r.ok) return r.value;
      why = r.why;
    } catch (e) {
      if (e instanceof E2eFailure && /^FATAL/.test(e.message)) throw e;
      why = (e as Error).message;
    }
    await sleep(intervalMs);
  }
  throw new E2eFailure(`${what}: not within ${secs(timeoutMs)} s (${attempts} attempts); last: ${why}`);
}

// ------------------------------------------------------------------ http
/**
 * The files of the REST API over HTTPS (`connect.restTls`), as the run makes them (`makeRestTls`): the CA, the
 * workers' certificate for every name they are called by (PEM, and PKCS12 stores for Connect), this machine's client
 * certificate, and one from another CA, which the API must refuse.
 */
export interface RestTlsFiles {
  /** The workers' files (REST_TLS_FILES), and only those: what the Secret or volume holds. */
  readonly dir: string;
  /** Where the CAs, their keys and the run's own client certificates stay. */
  readonly workDir: string;
  /** The PKCS12 stores' password (a secret of the run: it never appears in the synthesized JSON). */
  readonly password: string;
  readonly ca: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly untrustedCert: string;
  readonly untrustedKey: string;
}

/** The client side of the REST API over HTTPS; set once the run made its certificates. */
let restTls: { ca: Buffer; cert: Buffer; key: Buffer } | undefined;

/** Every `https://` request of the run (httpGet, httpRequest, getJson) trusts the run's CA and presents its client certificate. */
export function useRestTls(files: RestTlsFiles): void {
  restTls = { ca: fs.readFileSync(files.ca), cert: fs.readFileSync(files.clientCert), key: fs.readFileSync(files.clientKey) };
}

/** The name each worker's certificate is checked against, by the address this machine calls it at (`nameRestServer`). */
const restServerNames = new Map<string, string>();

/**
 * Calls to `https://<address>` name the server `name`: on Kubernetes this machine reaches the pods by address, and
 * their certificate names them by DNS name. The TLS server name, the Host header (Jetty refuses a host the
 * certificate does not name: "Invalid SNI") and the check of the certificate use it.
 */
export function nameRestServer(address: string, name: string): void {
  restServerNames.set(address, name);
}

/**
 * The TLS side of a connection to `url`: the run's CA, the client's certificate (this machine's unless another is
 * given), and the server's name (`nameRestServer`) as TLS server name and in the check of its certificate.
 */
function tlsConnection(url: string, client: { cert?: Buffer; key?: Buffer } = restTls ?? {}): tls.ConnectionOptions {
  const name = restServerNames.get(new URL(url).hostname);
  return {
    ca: restTls?.ca,
    cert: client.cert,
    key: client.key,
    ...(name
      ? { servername: name, checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(name, cert) }
      : {}),
  };
}

/** The options of a request to `url`: over HTTPS its TLS side, and the server's name as the Host header. */
function requestOptions(
  url: string,
  client?: { cert?: Buffer; key?: Buffer },
): { tls: https.RequestOptions; headers: Record<string, string> } {
  if (!url.startsWith('https:')) return { tls: {}, headers: {} };
  const u = new URL(url);
  const name = restServerNames.get(u.hostname);
  return { tls: tlsConnection(url, client), headers: name ? { Host: `${name}:${u.port}` } : {} };
}

function requester(url: string): typeof http.request {
  return url.startsWith('https:') ? https.request : http.request;
}

export function httpGet(
  url: string,
  timeoutMs = 5000,
  client?: { cert?: Buffer; key?: Buffer },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const o = requestOptions(url, client);
    const req = requester(url)(url, { timeout: timeoutMs, ...o.tls, headers: o.headers, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** One request with a JSON body (PATCH, PUT …). */
export function httpRequest(method: string, url: string, body: string, timeoutMs = 30_000): Promise<{ status: number; body: string }> {
  const o = requestOptions(url);
  return new Promise((resolve, reject) => {
    const req = requester(url)(
      url,
      {
        method,
        timeout: timeoutMs,
        ...o.tls,
        headers: { ...o.headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The run's certificates with openssl and keytool (this machine's JDK): a CA; the workers' key and certificate,
 * naming `names` (DNS names and IP addresses), with no extended key usage so that it serves them as servers and as
 * clients (they forward requests to each other); `keystore.p12` (key and chain) and `truststore.p12` (the CA, as a
 * trusted entry Java reads); `tls.crt`, `tls.key` and `ca.crt` as cert-manager names them. Then this machine's client
 * certificate, and one signed by another CA. Files readable by the images' user (uid 1001).
 */
export async function makeRestTls(workDir: string, names: { dns: string[]; ips: string[] }, password: string): Promise<RestTlsFiles> {
  const dir = path.join(workDir, 'workers');
  fs.mkdirSync(dir, { recursive: true });
  const f = (n: string) => path.join(workDir, n);
  const ssl = (args: string[]) => run('openssl', args, { timeoutMs: 60_000 });
  const sign = async (who: string, ca: string, ext: string) => {
    await ssl(opensslRequest(workDir, who));
    fs.writeFileSync(f(`${who}.ext`), ext);
    await ssl(opensslSign(workDir, who, ca));
  };
  await ssl(opensslCa(workDir, 'e2e-rest-ca'));
  await ssl(opensslCa(workDir, 'e2e-other-ca'));
  const san = [...names.dns.map((n) => `DNS:${n}`), ...names.ips.map((ip) => `IP:${ip}`)].join(',');
  await sign('connect', 'e2e-rest-ca', `subjectAltName=${san}\n`);
  await sign('e2e-client', 'e2e-rest-ca', 'extendedKeyUsage=clientAuth\n');
  await sign('e2e-untrusted', 'e2e-other-ca', 'extendedKeyUsage=clientAuth\n');
  const files: RestTlsFiles = {
    dir,
    workDir,
    password,
    ca: path.join(dir, 'ca.crt'),
    clientCert: f('e2e-client.crt'),
    clientKey: f('e2e-client.key'),
    untrustedCert: f('e2e-untrusted.crt'),
    untrustedKey: f('e2e-untrusted.key'),
  };
  fs.copyFileSync(f('e2e-rest-ca.crt'), files.ca);
  await run(
    'keytool',
    [
      '-importcert',
      '-noprompt',
      '-alias',
      'ca',
      '-file',
      files.ca,
      '-keystore',
      path.join(dir, 'truststore.p12'),
      '-storetype',
      'PKCS12',
      '-storepass',
      password,
    ],
    { timeoutMs: 60_000 },
  );
  await writeWorkerCertificate(files);
  // Java reads the stores as the workers will: a wrong password or format fails here, not in a worker's log.
  await run('keytool', ['-list', '-keystore', path.join(dir, 'keystore.p12'), '-storetype', 'PKCS12', '-storepass', password], {
    timeoutMs: 60_000,
  });
  fs.chmodSync(dir, 0o755);
  return files;
}

/** The workers' signed key and certificate as `tls.crt`, `tls.key` and `keystore.p12`, readable by uid 1001. */
async function writeWorkerCertificate(files: RestTlsFiles): Promise<void> {
  const f = (n: string) => path.join(files.workDir, n);
  const out = (n: string) => path.join(files.dir, n);
  fs.copyFileSync(f('connect.crt'), out('tls.crt'));
  fs.copyFileSync(f('connect.key'), out('tls.key'));
  await run(
    'openssl',
    [
      'pkcs12',
      '-export',
      '-in',
      out('tls.crt'),
      '-inkey',
      out('tls.key'),
      '-certfile',
      out('ca.crt'),
      '-name',
      'connect',
      '-out',
      out('keystore.p12'),
      '-passout',
      `pass:${files.password}`,
    ],
    { timeoutMs: 60_000 },
  );
  for (const n of REST_TLS_FILES) fs.chmodSync(out(n), 0o644);
}

/**
 * A renewed certificate for the workers, as cert-manager renews one: a new key and certificate from the same CA for
 * the same names, written over `tls.crt`, `tls.key` and `keystore.p12`. Returns its serial number (hex, upper case).
 */
export async function renewRestTls(files: RestTlsFiles): Promise<string> {
  const ssl = (args: string[]) => run('openssl', args, { timeoutMs: 60_000 });
  await ssl(opensslRequest(files.workDir, 'connect'));
  await ssl(opensslSign(files.workDir, 'connect', 'e2e-rest-ca'));
  await writeWorkerCertificate(files);
  return certificateSerial(path.join(files.dir, 'tls.crt'));
}

/** The serial number of a PEM certificate file (hex, upper case, no leading zeros). */
export async function certificateSerial(file: string): Promise<string> {
  const out = (await run('openssl', ['x509', '-in', file, '-noout', '-serial'], { timeoutMs: 30_000 })).stdout.trim();
  return normalSerial(out.replace(/^serial=/, ''));
}

export function normalSerial(hex: string): string {
  return hex
    .replace(/:/g, '')
    .toUpperCase()
    .replace(/^0+(?=.)/, '');
}

/** The serial number of the certificate the server at `url` presents (this machine's client certificate presented). */
export function servedSerial(url: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: u.hostname, port: Number(u.port), ...tlsConnection(url) }, () => {
      const serial = socket.getPeerCertificate().serialNumber;
      socket.end();
      resolve(normalSerial(serial ?? ''));
    });
    socket.setTimeout(5000, () => socket.destroy(new Error(`${url}: no TLS handshake within 5 s`)));
    socket.on('error', reject);
  });
}

/** The files a worker reads (`connect.restTls.files`): what the run's Secret or volume holds. */
export const REST_TLS_FILES = ['keystore.p12', 'truststore.p12', 'tls.crt', 'tls.key', 'ca.crt'] as const;

export async function getJson(url: string): Promise<any> {
  const r = await httpGet(url);
  if (r.status !== 200) throw new Error(`GET ${url} answered ${r.status}: ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body);
}

export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

// ------------------------------------------------------------------ PostgreSQL (private cluster on 127.0.0.1)
export class Postgres {
  public port = 0;
  /** The address it listens on: loopback, unless the cluster's pods need another address of this machine. */
  public host = '127.0.0.1';
  private dir = '';
  private bin = '';
  private started = false;
  private readonly marker = path.join(CACHE, 'e2e', 'postgres.dir');

  /** Stops and removes a cluster left behind by an interrupted run (its dir is recorded in the cache). */
  public async removeStale(): Promise<void> {
    if (!fs.existsSync(this.marker)) return;
    const dir = fs.readFileSync(this.marker, 'utf8').trim();
    if (dir.startsWith(path.join(os.tmpdir(), 'cdktf-e2e-pg-')) && fs.existsSync(dir)) {
      log(`removing the PostgreSQL cluster of an interrupted run: ${dir}`);
      const bin = this.findBin();
      if (fs.existsSync(path.join(dir, 'data', 'postmaster.pid'))) {
        await run(
          'runuser',
          ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', path.join(dir, 'data'), '-m', 'immediate', '-w', '-t', '30', 'stop'],
          { timeoutMs: 60_000, allowFail: true },
        );
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    fs.rmSync(this.marker, { force: true });
  }

  private findBin(): string {
    const base = '/usr/lib/postgresql';
    const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))) : [];
    versions.sort((a, b) => Number(b) - Number(a));
    return versions.length ? path.join(base, versions[0], 'bin') : '';
  }

  /** `clients`: the range the cluster connects from, when it is not this machine's loopback. */
  public async start(password: string, host = '127.0.0.1', clients?: string): Promise<void> {
    this.host = host;
    this.bin = this.findBin();
    if (!this.bin) {
      log('PostgreSQL not installed: apt-get install -y postgresql');
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const r = await run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], {
        timeoutMs: 600_000,
        env,
        allowFail: true,
        logFile: path.join(LOGS, 'apt.log'),
      });
      if (r.code !== 0)
        await run('bash', ['-c', 'apt-get update && apt-get install -y --no-install-recommends postgresql'], {
          timeoutMs: 900_000,
          env,
          logFile: path.join(LOGS, 'apt.log'),
        });
      this.bin = this.findBin();
      if (!this.bin) throw new E2eFailure('apt-get install postgresql left no /usr/lib/postgresql/<version>/bin/initdb');
    }
    for (let p = 55432; p < 55500 && !this.port; p++) if (await portFree(p, host)) this.port = p;
    if (!this.port) throw new E2eFailure('no free port in 55432..55499 for PostgreSQL');
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-e2e-pg-')); // the postgres user cannot enter $HOME/.cache
    fs.writeFileSync(this.marker, this.dir);
    const data = path.join(this.dir, 'data');
    await run('chown', ['postgres:postgres', this.dir], { timeoutMs: 10_000 });
    fs.chmodSync(this.dir, 0o700);
    const asPg = (exe: string, args: string[], timeoutMs: number) =>
      run('runuser', ['-u', 'postgres', '--', path.join(this.bin, exe), ...args], { timeoutMs, logFile: path.join(LOGS, 'postgres.log') });
    await asPg(
      'initdb',
      ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync'],
      120_000,
    );
    // initdb admits TCP from loopback only; the cluster's pods connect from their own range, with the password.
    if (clients)
      fs.appendFileSync(path.join(data, 'pg_hba.conf'), `\nhost all all ${host}/32 scram-sha-256\nhost all all ${clients} scram-sha-256\n`);
    fs.appendFileSync(
      path.join(data, 'postgresql.conf'),
      [
        '',
        '# cdktf-debezium-connect e2e',
        `listen_addresses = '${host}'`,
        `port = ${this.port}`,
        `unix_socket_directories = '${this.dir}'`,
        'wal_level = logical',
        'max_wal_senders = 4',
        'max_replication_slots = 4',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'shared_buffers = 32MB',
        '',
      ].join('\n'),
    );
    await asPg('pg_ctl', ['-D', data, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60', 'start'], 90_000);
    this.started = true;
    await this.psql(
      'postgres',
      [`CREATE ROLE ${E2E.user} WITH LOGIN REPLICATION PASSWORD :'pw';`, `CREATE DATABASE ${E2E.database} OWNER ${E2E.user};`].join('\n'),
      { pw: password },
    );
    await this.psql(
      E2E.database,
      [
        `CREATE TABLE ${E2E.schema}.${E2E.table} (id integer PRIMARY KEY, note text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());`,
        `ALTER TABLE ${E2E.schema}.${E2E.table} OWNER TO ${E2E.user};`,
        `CREATE PUBLICATION ${E2E.publicationName} FOR TABLE ${E2E.schema}.${E2E.table};`,
        `ALTER PUBLICATION ${E2E.publicationName} OWNER TO ${E2E.user};`,
      ].join('\n'),
    );
    // The replication user really authenticates over TCP with the password (what the connector will do).
    await run(
      path.join(this.bin, 'psql'),
      ['-X', '-w', '-At', '-h', host, '-p', String(this.port), '-U', E2E.user, '-d', E2E.database, '-c', 'select 1'],
      {
        timeoutMs: 30_000,
        env: { ...process.env, PGPASSWORD: password },
      },
    );
    log(
      `PostgreSQL ${path.basename(path.dirname(this.bin))} on ${host}:${this.port} (wal_level=logical; data ${data}); table ${E2E.schema}.${E2E.table}, publication ${E2E.publicationName}`,
    );
  }

  public async psql(db: string, sql: string, vars: Record<string, string> = {}): Promise<string> {
    const args = ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-d', db];
    for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
    const r = await run(path.join(this.bin, 'psql'), args, { timeoutMs: 120_000, input: sql });
    return r.stdout.trim();
  }

  public insert(from: number, to: number): Promise<string> {
    return this.psql(
      E2E.database,
      `INSERT INTO ${E2E.schema}.${E2E.table} (id, note) SELECT i, 'row ' || i FROM generate_series(${from}, ${to}) AS i;`,
    );
  }

  /** Inserts from…to in transactions of `batch` rows, `gapMs` apart: a steady write load over a while. */
  public insertSlowly(from: number, to: number, batch: number, gapMs: number): Promise<string> {
    return this.psql(
      E2E.database,
      `DO $$
DECLARE b integer;
BEGIN
  FOR b IN 0..${Math.ceil((to - from + 1) / batch) - 1} LOOP
    INSERT INTO ${E2E.schema}.${E2E.table} (id, note)
      SELECT i, 'row ' || i FROM generate_series(${from} + b * ${batch}, least(${to}, ${from} + (b + 1) * ${batch} - 1)) AS i;
    COMMIT;
    PERFORM pg_sleep(${gapMs / 1000});
  END LOOP;
END $$;`,
    );
  }

  public async stop(): Promise<void> {
    if (!this.dir) return;
    if (this.started) {
      await run(
        'runuser',
        ['-u', 'postgres', '--', path.join(this.bin, 'pg_ctl'), '-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', '-t', '60', 'stop'],
        { timeoutMs: 90_000, allowFail: true },
      );
      this.started = false;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.marker, { force: true });
    log(`PostgreSQL stopped and removed (${this.dir})`);
    this.dir = '';
  }
}

// ------------------------------------------------------------------ OpenTofu
export interface Toolchain {
  readonly tofu: string;
  readonly cliConfig: string;
  /** "registry/namespace/type" → the version the bindings pin */
  readonly pins: Record<string, string>;
}

/** OpenTofu and the pinned providers, built from their release sources by scripts/toolchain.sh (cached outside the repo). */
export async function prepareToolchain(): Promise<Toolchain> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TOOLCHAIN_CACHE: path.join(CACHE, 'toolchain'),
    TOOLCHAIN_GO_CACHE: path.join(CACHE, 'go'),
  };
  await run('bash', [path.join(ROOT, 'scripts', 'toolchain.sh')], {
    timeoutMs: 1_800_000,
    env,
    echo: '  ',
    logFile: path.join(LOGS, 'toolchain.log'),
  });
  const tc = readToolchainEnv(path.join(CACHE, 'toolchain'));
  return { tofu: tc.tofu, cliConfig: tc.cliConfig, pins: Object.fromEntries(tc.providers.map((p) => [p.address, p.version])) };
}

/** OpenTofu in the run's stack directory; every call logged to its own numbered file. */
export class Tofu {
  private step = 0;
  constructor(
    private readonly bin: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** `allowFail`: a non-zero exit is returned, not thrown (a run that must fail). */
  public run(args: string[], label: string, timeoutMs: number, allowFail = false): Promise<RunResult> {
    this.step++;
    return run(this.bin, args, {
      cwd: TF_DIR,
      env: this.env,
      timeoutMs,
      allowFail,
      logFile: path.join(LOGS, `tofu-${String(this.step).padStart(2, '0')}-${label}.log`),
    });
  }

  /** `tofu plan -out` + `tofu show -json`: the resource changes. */
  public async planChanges(label: string): Promise<ResourceChange[]> {
    await this.run(['plan', '-input=false', '-no-color', `-out=${label}.tfplan`], `plan-${label}`, 600_000);
    const shown = await this.run(['show', '-json', `${label}.tfplan`], `show-${label}`, 120_000);
    fs.writeFileSync(path.join(LOGS, `plan-${label}.json`), shown.stdout);
    return (JSON.parse(shown.stdout) as { resource_changes?: ResourceChange[] }).resource_changes ?? [];
  }

  /** `tofu init`, then the provider it locked must be exactly the pinned one. */
  public async init(toolchain: Toolchain, providerType: string): Promise<string> {
    await this.run(['init', '-input=false', '-no-color'], 'init', 300_000);
    const lock = fs.readFileSync(path.join(TF_DIR, '.terraform.lock.hcl'), 'utf8');
    const locked = new RegExp(`provider "([^"]+/${providerType})" \\{\\s*version\\s*=\\s*"([^"]+)"`).exec(lock);
    const pinned = Object.entries(toolchain.pins).find(([addr]) => addr.endsWith(`/${providerType}`))?.[1];
    if (!locked || locked[2] !== pinned)
      throw new E2eFailure(
        `tofu init locked ${locked ? `${locked[1]} ${locked[2]}` : `no ${providerType} provider`}, the bindings pin ${pinned}`,
      );
    return `${locked[1]} ${locked[2]}`;
  }
}

/**
 * Synthesizes e2e/stack.ts into the run's stack directory (with its assets), and refuses output that contains any
 * of `secrets`.
 */
export async function synth(heartbeatMs: string, env: NodeJS.ProcessEnv, secrets: string[]): Promise<string> {
  const out = path.join(WORK, `synth-${heartbeatMs}`);
  fs.rmSync(out, { recursive: true, force: true });
  const synthEnv = {
    ...process.env,
    ...env,
    CDKTF_OUTDIR: out,
    E2E_HEARTBEAT_MS: heartbeatMs,
    E2E_STATE_FILE: path.join(TF_DIR, 'terraform.tfstate'),
  };
  await run(path.join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', path.join(ROOT, 'e2e', 'stack.ts')], {
    timeoutMs: 180_000,
    env: synthEnv,
    logFile: path.join(LOGS, `synth-${heartbeatMs}.log`),
  });
  const file = path.join(out, 'stacks', E2E.stackName, 'cdk.tf.json');
  const json = fs.readFileSync(file, 'utf8');
  const leaked = secrets.find((s) => json.includes(s));
  if (leaked !== undefined) throw new E2eFailure(`a secret appears in the synthesized ${file}`);
  fs.mkdirSync(TF_DIR, { recursive: true });
  fs.copyFileSync(file, path.join(TF_DIR, 'cdk.tf.json'));
  // Assets (the plugin image's build context) are referenced relative to the stack directory.
  const assets = path.join(path.dirname(file), 'assets');
  fs.rmSync(path.join(TF_DIR, 'assets'), { recursive: true, force: true });
  if (fs.existsSync(assets)) fs.cpSync(assets, path.join(TF_DIR, 'assets'), { recursive: true });
  return file;
}

// ------------------------------------------------------------------ images
/** The images of the run's stream (ZOOKEEPER_IMAGE only on a stream with ZooKeeper). */
export type Images = Partial<Record<'ZOOKEEPER_IMAGE' | 'KAFKA_IMAGE' | 'CONNECT_IMAGE', string>> & {
  readonly KAFKA_IMAGE: string;
  readonly CONNECT_IMAGE: string;
};

/**
 * The images of the stream the run is on: built locally by scripts/images/build.sh with the project's engine (cached
 * by a hash of their inputs), or, with E2E_IMAGES=debezium on a machine that reaches quay.io, the real Debezium images.
 */
export async function buildImages(dockerHost: string, stream: StreamProfile): Promise<Images> {
  const t = Date.now();
  const images: Record<string, string> = {};
  if (process.env.E2E_IMAGES === 'debezium') {
    for (const k of stream.images) images[k] = `quay.io/debezium/${k.replace(/_IMAGE$/, '').toLowerCase()}:${stream.stream}`;
    log(`images: the real Debezium images (${Object.values(images).join(', ')})`);
  } else {
    const out = await run(path.join(ROOT, 'scripts', 'images', 'build.sh'), ['--stream', stream.stream], {
      timeoutMs: 1_800_000,
      env: { ...process.env, DOCKER_HOST: dockerHost, CDKTF_DEBEZIUM_CACHE: CACHE },
      echo: '  ',
      logFile: path.join(LOGS, 'images.log'),
    });
    for (const m of out.stdout.matchAll(/^(ZOOKEEPER_IMAGE|KAFKA_IMAGE|CONNECT_IMAGE)=(\S+)$/gm)) images[m[1]] = m[2];
  }
  for (const k of stream.images)
    if (!images[k]) throw new E2eFailure(`scripts/images/build.sh --stream ${stream.stream} printed no ${k}=…`);
  timed(`images of stream ${stream.stream} (scripts/images/build.sh)`, Date.now() - t);
  return images as Images;
}

/** Starts the project's private Docker engine (scripts/dockerd.sh) and returns its DOCKER_HOST. */
export async function startDockerd(): Promise<string> {
  const t = Date.now();
  // Docker Engine <CDKTF_DEBEZIUM_DOCKERD_VERSION> is built at its first start: minutes on a cold Go cache.
  const building = Boolean(process.env.CDKTF_DEBEZIUM_DOCKERD_VERSION);
  await run(path.join(ROOT, 'scripts', 'dockerd.sh'), ['start'], { timeoutMs: building ? 1_200_000 : 120_000, echo: '  [dockerd] ' });
  const host = (await run(path.join(ROOT, 'scripts', 'dockerd.sh'), ['env'], { timeoutMs: 10_000 })).stdout
    .trim()
    .replace(/^export DOCKER_HOST=/, '');
  timed('dockerd (scripts/dockerd.sh start)', Date.now() - t);
  return host;
}

// ------------------------------------------------------------------ the topic, read from this machine
/**
 * Environment of a Kafka tool run without the image's entrypoint: a small heap, and the stock tools logging file
 * (on stderr). Without it Kafka 4's Log4j 2 falls back to its default configuration, which logs to stdout, in
 * between the records.
 */
export function toolEnv(kafkaVersion = streamProfile().kafkaVersion): string[] {
  return ['KAFKA_HEAP_OPTS=-Xmx256M', `KAFKA_LOG4J_OPTS=${toolsLoggingOptions(kafkaVersion)}`];
}

/** Label of the consumer containers the runs start (removed with the cluster's leftovers). */
export const CONSUMER_LABEL = 'cdktf-debezium-e2e';

/**
 * kafka-console-consumer in the kafka image, on this machine's network, through the project's engine. `hosts`
 * maps names the broker advertises to addresses this machine reaches them on.
 */
/**
 * One of Kafka's tools (`tool` under /kafka/bin) in a throwaway container of the kafka image on this machine's
 * network, through the project's engine, labelled so that leftovers are removed with the cluster's. `hosts` maps
 * names the brokers advertise to addresses this machine reaches them on.
 */
export function dockerKafkaTool(o: {
  dockerHost: string;
  image: string;
  kafkaVersion?: string;
  name: string;
  tool: string;
  bootstrap: string;
  hosts?: Record<string, string>;
  /** Host directories mounted read-only, by the path they take in the container. */
  mounts?: Record<string, string>;
  args: string[];
}): ConsumerCommand {
  return {
    cmd: 'docker',
    args: [
      'run',
      '--rm',
      '--name',
      o.name,
      '--label',
      `${CONSUMER_LABEL}=1`,
      '--network',
      'host',
      '--memory',
      '512m',
      ...Object.entries(o.hosts ?? {}).flatMap(([host, ip]) => ['--add-host', `${host}:${ip}`]),
      ...Object.entries(o.mounts ?? {}).flatMap(([at, dir]) => ['-v', `${dir}:${at}:ro`]),
      ...toolEnv(o.kafkaVersion).flatMap((e) => ['-e', e]),
      '--entrypoint',
      `/kafka/bin/${o.tool}`,
      o.image,
      '--bootstrap-server',
      o.bootstrap,
      ...o.args,
    ],
    env: { ...process.env, DOCKER_HOST: o.dockerHost },
  };
}

/** kafka-console-consumer (see dockerKafkaTool), with `extra` flags. */
export function dockerConsumer(o: {
  dockerHost: string;
  image: string;
  kafkaVersion?: string;
  name: string;
  bootstrap: string;
  hosts?: Record<string, string>;
  extra: string[];
}): ConsumerCommand {
  const { extra, ...rest } = o;
  return dockerKafkaTool({ ...rest, tool: 'kafka-console-consumer.sh', args: extra });
}

/** Removes a consumer container (-v: the kafka image declares VOLUMEs, which would be left as anonymous volumes). */
export async function removeDockerConsumer(dockerHost: string, name: string): Promise<void> {
  await run('docker', ['rm', '-f', '-v', name], { timeoutMs: 30_000, env: { ...process.env, DOCKER_HOST: dockerHost }, allowFail: true });
}

// ------------------------------------------------------------------ a secured Kafka of the run's own
export interface SecuredKafkaFiles {
  /** Holds ca.crt, tls.crt and tls.key (the Connect client's certificate): the Connect-only clusters' files. */
  readonly dir: string;
  /** The broker's own files and configs: server.properties, its key store, admin.properties, connect-wrong.properties. */
  readonly brokerDir: string;
}

/** The run's CA, the broker's certificate (127.0.0.1) and the Connect client's (CN=connect), and the configs. */
export async function makeSecuredKafkaFiles(workDir: string, connectPassword: string): Promise<SecuredKafkaFiles> {
  const dir = path.join(workDir, 'client');
  const brokerDir = path.join(workDir, 'broker');
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(brokerDir, { recursive: true });
  const f = (n: string) => path.join(workDir, n);
  const ssl = (args: string[]) => run('openssl', args, { timeoutMs: 60_000 });
  await ssl(opensslCa(workDir, 'e2e-kafka-ca'));
  await ssl(opensslRequest(workDir, 'kafka'));
  fs.writeFileSync(f('kafka.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await ssl(opensslSign(workDir, 'kafka', 'e2e-kafka-ca'));
  await ssl(opensslRequest(workDir, SECURED_KAFKA.connect.user));
  fs.writeFileSync(f(`${SECURED_KAFKA.connect.user}.ext`), 'extendedKeyUsage=clientAuth\n');
  await ssl(opensslSign(workDir, SECURED_KAFKA.connect.user, 'e2e-kafka-ca'));
  fs.copyFileSync(f('e2e-kafka-ca.crt'), path.join(dir, 'ca.crt'));
  fs.copyFileSync(f(`${SECURED_KAFKA.connect.user}.crt`), path.join(dir, 'tls.crt'));
  fs.copyFileSync(f(`${SECURED_KAFKA.connect.user}.key`), path.join(dir, 'tls.key'));
  fs.copyFileSync(f('e2e-kafka-ca.crt'), path.join(brokerDir, 'ca.crt'));
  // A PEM key store: the key, then the certificate.
  fs.writeFileSync(
    path.join(brokerDir, 'server.pem'),
    fs.readFileSync(f('kafka.key')).toString() + fs.readFileSync(f('kafka.crt')).toString(),
  );
  const { admin, saslPort, controllerPort, mtlsPort } = SECURED_KAFKA;
  const scram = (user: string, password: string) =>
    `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`;
  fs.writeFileSync(
    path.join(brokerDir, 'server.properties'),
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=SECURE://127.0.0.1:${saslPort},CONTROLLER://127.0.0.1:${controllerPort},MTLS://127.0.0.1:${mtlsPort}`,
      `advertised.listeners=SECURE://127.0.0.1:${saslPort},MTLS://127.0.0.1:${mtlsPort}`,
      'listener.security.protocol.map=SECURE:SASL_SSL,CONTROLLER:PLAINTEXT,MTLS:SSL',
      'inter.broker.listener.name=SECURE',
      'controller.listener.names=CONTROLLER',
      'sasl.enabled.mechanisms=SCRAM-SHA-512',
      'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
      `listener.name.secure.scram-sha-512.sasl.jaas.config=${scram(admin.user, admin.password)}`,
      'listener.name.mtls.ssl.client.auth=required',
      'ssl.keystore.type=PEM',
      'ssl.keystore.location=/tls/server.pem',
      'ssl.truststore.type=PEM',
      'ssl.truststore.location=/tls/ca.crt',
      'log.dirs=/tmp/kraft',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const client = (user: string, password: string) =>
    [
      'security.protocol=SASL_SSL',
      'sasl.mechanism=SCRAM-SHA-512',
      `sasl.jaas.config=${scram(user, password)}`,
      'ssl.truststore.type=PEM',
      'ssl.truststore.location=/tls/ca.crt',
      '',
    ].join('\n');
  fs.writeFileSync(path.join(brokerDir, 'admin.properties'), client(admin.user, admin.password));
  fs.writeFileSync(path.join(brokerDir, 'connect-wrong.properties'), client(SECURED_KAFKA.connect.user, `${connectPassword}-wrong`));
  // The images run as uid 1001.
  for (const d of [dir, brokerDir]) for (const n of fs.readdirSync(d)) fs.chmodSync(path.join(d, n), 0o644);
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(brokerDir, 0o755);
  return { dir, brokerDir };
}

/** The broker's start: storage formatted with both SCRAM users, then the server. */
export function securedKafkaCommand(connectPassword: string): string {
  const { admin, connect } = SECURED_KAFKA;
  return [
    '/kafka/bin/kafka-storage.sh format -t q1Sh-9_ISia_zwGINzRvyQ -c /tls/server.properties',
    `--add-scram 'SCRAM-SHA-512=[name=${admin.user},password=${admin.password}]'`,
    `--add-scram 'SCRAM-SHA-512=[name=${connect.user},password=${connectPassword}]' >/dev/null`,
    '&& exec /kafka/bin/kafka-server-start.sh /tls/server.properties',
  ].join(' ');
}

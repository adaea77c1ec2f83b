import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import { execFileSync } from 'child_process';
import * as http from 'http';
import * as https from 'https';
import { TLSSocket } from 'tls';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import {
  Deferred,
  CONNECTOR_APPLY_SCRIPT as CONNECTOR_APPLY_FILE,
  CONNECTOR_SENTINEL_SCRIPT as CONNECTOR_SENTINEL_FILE,
  TASK_DONE_FILE,
  TASK_HEALTH,
  TASK_KEEP_ALIVE_ENV,
  TASK_REFUSED_PREFIX,
  TASK_REPORT_FILE_ENV,
  TASK_STOPPED_WHILE_DECLARED_EXIT_CODE,
  TOPICS_SCRIPT as TOPICS_FILE,
} from '../../src/model/tasks';
import { shellScript } from '../../src/scripts/load';
import { topicsTask } from '../../src/model/topic';
import { opensslCa, opensslRequest, opensslSign } from '../../scripts/test-certificates';

// The scripts as the renderers run them (the model names their files).
const TOPICS_SCRIPT = shellScript(TOPICS_FILE);
const CONNECTOR_APPLY_SCRIPT = shellScript(CONNECTOR_APPLY_FILE);
const CONNECTOR_SENTINEL_SCRIPT = shellScript(CONNECTOR_SENTINEL_FILE);

/** A stand-in for the Connect REST API on loopback that records what the scripts send. */
interface Call {
  method: string;
  url: string;
  body: string;
  /** Over HTTPS: the CN of the certificate the client presented. */
  clientCertificate?: string;
}

/** An answer: a status (its body then `{"status": N}`), or a status and the body to send. */
type Answer = number | { status: number; body: unknown };

function fakeConnect(
  answer: (call: Call, calls: Call[]) => Answer,
  tls?: https.ServerOptions,
): Promise<{ port: number; calls: Call[]; close(): void }> {
  const calls: Call[] = [];
  const handler: http.RequestListener = (req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const peer = req.socket instanceof TLSSocket ? req.socket.getPeerCertificate().subject?.CN : undefined;
      const call = { method: req.method ?? '', url: req.url ?? '', body, ...(peer ? { clientCertificate: peer } : {}) };
      calls.push(call);
      const a = answer(call, calls);
      const { status, body: reply } = typeof a === 'number' ? { status: a, body: { status: a } } : a;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, calls, close: () => server.close() })),
  );
}

function run(script: string, env: Record<string, string>): ChildProcess {
  return spawn('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(p: ChildProcess): Promise<{ code: number | null; out: string }> {
  let out = '';
  p.stdout?.on('data', (d) => (out += d));
  p.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, out })));
}

const config = JSON.stringify({
  'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
  'database.password': '${env:SECRET_X}',
  'topic.prefix': 'ünïcode',
});

const VALIDATE = 'PUT /connector-plugins/io.debezium.connector.postgresql.PostgresConnector/config/validate';

/** One entry of a validation answer as Connect writes it (a definition with documentation, then the value). */
function configInfo(name: string, value: string | null, errors: string[] = []) {
  return {
    definition: {
      name,
      type: 'STRING',
      required: false,
      default_value: null,
      importance: 'MEDIUM',
      // Documentation holds every character a naive reader of the JSON trips on.
      documentation: `The "${name}" setting: {braces}, [brackets], a:colon, a,comma, \\ a backslash, "errors":["not one"]`,
      group: 'Connector',
      width: 'MEDIUM',
      display_name: name,
      dependents: [],
      order: 1,
    },
    value: { name, value, recommended_values: ['always', 'initial'], errors, visible: true },
  };
}

/** Connect's validation answer (200 even when invalid): one entry per declared key, errors where given. */
function validation(errors: Record<string, string[]> = {}, resolved: Record<string, string> = {}) {
  const declared = JSON.parse(config) as Record<string, string>;
  const configs = [...Object.keys(declared), 'database.hostname', 'snapshot.mode'].map((k) =>
    configInfo(k, resolved[k] ?? declared[k] ?? null, errors[k] ?? []),
  );
  const count = Object.values(errors).reduce((n, e) => n + e.length, 0);
  return { status: 200, body: { name: declared['connector.class'], error_count: count, groups: ['Common', 'Connector'], configs } };
}

/** Runs the apply script for connector "inv" in `state` against a stand-in API answering with `answer`. */
async function applyConnector(
  state: string,
  answer: (call: Call, calls: Call[]) => Answer,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; calls: Call[]; requests: string[] }> {
  const api = await fakeConnect(answer);
  try {
    const result = await exited(
      run(CONNECTOR_APPLY_SCRIPT, {
        CONNECT_REST_ENDPOINTS: `127.0.0.1:${api.port}`,
        CONNECTOR_NAME: 'inv',
        CONNECTOR_CONFIG: config,
        CONNECTOR_STATE: state,
        ...env,
      }),
    );
    return { ...result, calls: api.calls, requests: api.calls.map((c) => `${c.method} ${c.url}`) };
  } finally {
    api.close();
  }
}

/** A stand-in Connect where the connector does not exist yet and the config is valid. */
function fresh(call: Call): Answer {
  if (call.url === '/connectors/inv/config' && call.method === 'GET') return 404;
  if (call.url.endsWith('/config/validate')) return validation();
  if (call.url.endsWith('/config')) return 201;
  if (call.method === 'POST') return 201;
  if (/\/(resume|pause|stop)$/.test(call.url)) return 202;
  return 200;
}

describe('connector apply script', () => {
  test('waits for the API, validates, PUTs the config byte-exactly, retries a 409 and applies the state', async () => {
    let conflicts = 1;
    const r = await applyConnector('PAUSED', (call) => {
      if (call.method === 'GET' && call.url === '/connectors/inv/config')
        return { status: 200, body: { name: 'inv', 'topic.prefix': 'old' } };
      if (call.url.endsWith('/config') && conflicts-- > 0) return 409;
      return fresh(call);
    });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([
      'GET /',
      'GET /connectors/inv/config',
      VALIDATE,
      'PUT /connectors/inv/config',
      'PUT /connectors/inv/config',
      'PUT /connectors/inv/pause',
    ]);
    // Connect validates its own "name" field too: the validation gets it, the config PUT does not.
    expect(JSON.parse(r.calls[2].body)).toEqual({ name: 'inv', ...JSON.parse(config) });
    expect(r.calls[4].body).toBe(config);
    expect(r.out).toContain('applied (state PAUSED)');
  }, 30000);

  test('creates a connector declared STOPPED in that state (initial_state), so it never runs', async () => {
    const r = await applyConnector('STOPPED', fresh);
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([
      'GET /',
      'GET /connectors/inv/config',
      VALIDATE,
      'POST /connectors',
      'PUT /connectors/inv/config',
      'PUT /connectors/inv/stop',
    ]);
    expect(JSON.parse(r.calls[3].body)).toEqual({ name: 'inv', config: JSON.parse(config), initial_state: 'STOPPED' });
    expect(r.out).toContain('created in state STOPPED');
  }, 30000);

  test('a connector declared RUNNING is created by the PUT', async () => {
    const r = await applyConnector('RUNNING', fresh);
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([
      'GET /',
      'GET /connectors/inv/config',
      VALIDATE,
      'PUT /connectors/inv/config',
      'PUT /connectors/inv/resume',
    ]);
  }, 30000);

  // Any PUT of the config, even an identical one, restarts the connector.
  test('an unchanged config is not PUT (nor validated) again; the state is still applied', async () => {
    // Connect answers with its own key order and the "name" it adds.
    const stored = Object.fromEntries(Object.entries({ name: 'inv', ...JSON.parse(config) }).reverse());
    const r = await applyConnector('PAUSED', (call) =>
      call.method === 'GET' && call.url === '/connectors/inv/config' ? { status: 200, body: stored } : fresh(call),
    );
    expect(r.code).toBe(0);
    expect(r.requests).toEqual(['GET /', 'GET /connectors/inv/config', 'PUT /connectors/inv/pause']);
    expect(r.out).toContain('config unchanged: not PUT again');
  }, 30000);

  test('a stored config that differs in one value is validated and PUT', async () => {
    const stored = { ...JSON.parse(config), name: 'inv', 'topic.prefix': 'ünïcode2' };
    const r = await applyConnector('RUNNING', (call) =>
      call.method === 'GET' && call.url === '/connectors/inv/config' ? { status: 200, body: stored } : fresh(call),
    );
    expect(r.requests).toEqual([
      'GET /',
      'GET /connectors/inv/config',
      VALIDATE,
      'PUT /connectors/inv/config',
      'PUT /connectors/inv/resume',
    ]);
  }, 30000);

  test('a config Connect finds errors in is refused at once: nothing changed, each field reported with its message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    const report = path.join(dir, 'termination-log');
    const r = await applyConnector(
      'RUNNING',
      (call) =>
        call.url.endsWith('/config/validate')
          ? validation({
              'snapshot.mode': ['The \'snapshot.mode\' value is invalid: Value must be one of "always", "initial"'],
              'topic.prefix': ['Invalid value ünïcode for configuration topic.prefix: [a-z] only', 'second'],
            })
          : fresh(call),
      { [TASK_REPORT_FILE_ENV]: report },
    );
    expect(r.code).toBe(0);
    // Validated once; no create, no PUT, no state change.
    expect(r.requests).toEqual(['GET /', 'GET /connectors/inv/config', VALIDATE]);
    const lines = [
      `connector "inv" was not applied: Connect's validation (${VALIDATE}) found 3 error(s) in its config; the running connector keeps its config and state`,
      `  topic.prefix: Invalid value ünïcode for configuration topic.prefix: [a-z] only`,
      '  topic.prefix: second',
      `  snapshot.mode: The 'snapshot.mode' value is invalid: Value must be one of "always", "initial"`,
    ];
    const refused = r.out.split('\n').filter((l) => l.startsWith(TASK_REFUSED_PREFIX));
    expect(refused.map((l) => l.slice(TASK_REFUSED_PREFIX.length)).sort()).toEqual([...lines].sort());
    expect(refused[0]).toBe(`${TASK_REFUSED_PREFIX}${lines[0]}`);
    expect(fs.readFileSync(report, 'utf8').split('\n').filter(Boolean).sort()).toEqual([...lines].sort());
    expect(r.out).not.toContain('applied (state');
  }, 30000);

  test('a value the worker resolved from a config provider never appears in the report', async () => {
    const r = await applyConnector('RUNNING', (call) =>
      call.url.endsWith('/config/validate')
        ? validation(
            { 'database.password': ['Invalid value s3cr3t-pw for configuration database.password'] },
            { 'database.password': 's3cr3t-pw' },
          )
        : fresh(call),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${TASK_REFUSED_PREFIX}  database.password: Invalid value [hidden] for configuration database.password`);
    expect(r.out).not.toContain('s3cr3t-pw');
  }, 30000);

  // Debezium checks the connection only once every field passed, and reports a failure on database.hostname.
  test('a failed connection check alone is validated again (a database briefly down), then applied', async () => {
    let down = 1;
    const r = await applyConnector('RUNNING', (call) => {
      if (call.url.endsWith('/config/validate') && down-- > 0)
        return validation({ 'database.hostname': ['Error while validating connector config: Connection to db:5432 refused'] });
      return fresh(call);
    });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([
      'GET /',
      'GET /connectors/inv/config',
      VALIDATE,
      VALIDATE,
      'PUT /connectors/inv/config',
      'PUT /connectors/inv/resume',
    ]);
    expect(r.out).toContain(
      'the connection check failed, validating again in 5 s: Error while validating connector config: Connection to db:5432 refused',
    );
    expect(r.out).not.toContain(TASK_REFUSED_PREFIX);
  }, 30000);

  test('fails when the API refuses the config after the validation passed', async () => {
    const r = await applyConnector('RUNNING', (call) =>
      call.method === 'PUT' && call.url === '/connectors/inv/config' ? 400 : fresh(call),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('PUT /connectors/inv/config answered 400');
  }, 30000);

  test('fails (to be retried) when the validation itself answers an error', async () => {
    const r = await applyConnector('RUNNING', (call) => (call.url.endsWith('/config/validate') ? 404 : fresh(call)));
    expect(r.code).toBe(1);
    expect(r.requests).toEqual(['GET /', 'GET /connectors/inv/config', VALIDATE]);
    expect(r.out).toContain('config/validate answered 404');
  }, 30000);
});

test('the scripts move on to the next endpoint when one refuses the connection, keeping their stderr', async () => {
  const api = await fakeConnect(() => 204);
  const closed = await fakeConnect(() => 204);
  closed.close();
  await new Promise((r) => setTimeout(r, 100));
  try {
    const proc = run(CONNECTOR_SENTINEL_SCRIPT + '\n', {
      CONNECT_REST_ENDPOINTS: `127.0.0.1:${closed.port} 127.0.0.1:${api.port}`,
      CONNECTOR_NAME: 'inv',
    });
    const done = exited(proc);
    await new Promise((r) => setTimeout(r, 500));
    proc.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /connectors/inv']);
  } finally {
    api.close();
  }
  // stderr survives a successful connection (a bare `exec … 2>/dev/null` would silence the whole shell).
  const api2 = await fakeConnect((call) => (call.url.endsWith('/resume') ? 202 : 200));
  try {
    const script = CONNECTOR_APPLY_SCRIPT.replace('log "applied', 'echo stderr-alive >&2\nlog "applied');
    const result = await exited(
      run(script, {
        CONNECT_REST_ENDPOINTS: `127.0.0.1:${api2.port}`,
        CONNECTOR_NAME: 'inv',
        CONNECTOR_CONFIG: '{}',
        CONNECTOR_STATE: 'RUNNING',
      }),
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('stderr-alive');
  } finally {
    api2.close();
  }
}, 30000);

/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate (openssl), as the REST API's files over HTTPS
 * (`connect.restTls`): the PEM the tasks present and trust.
 */
function makeCertificates(
  dir: string,
  caName: string,
): { ca: string; serverKey: string; serverCert: string; clientKey: string; clientCert: string } {
  const f = (n: string) => path.join(dir, n);
  const ssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ssl(opensslCa(dir, caName));
  for (const [who, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ]) {
    ssl(opensslRequest(dir, who));
    fs.writeFileSync(f(`${who}.ext`), `${ext}\n`);
    ssl(opensslSign(dir, who, caName));
  }
  return {
    ca: f(`${caName}.crt`),
    serverKey: f('server.key'),
    serverCert: f('server.crt'),
    clientKey: f('client.key'),
    clientCert: f('client.crt'),
  };
}

describe('connector task scripts over HTTPS (connect.restTls)', () => {
  let dir: string;
  let certs: ReturnType<typeof makeCertificates>;
  let otherCa: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rest-tls-'));
    certs = makeCertificates(dir, 'ca');
    otherCa = makeCertificates(fs.mkdtempSync(path.join(dir, 'other-')), 'other-ca').ca;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** An API that requires a client certificate its CA signed, as `listeners.https.ssl.client.auth=required` does. */
  function mutualTls(): https.ServerOptions {
    return {
      key: fs.readFileSync(certs.serverKey),
      cert: fs.readFileSync(certs.serverCert),
      ca: fs.readFileSync(certs.ca),
      requestCert: true,
      rejectUnauthorized: true,
    };
  }

  function tlsEnv(port: number, ca: string): Record<string, string> {
    return {
      CONNECT_REST_ENDPOINTS: `127.0.0.1:${port}`,
      CONNECT_REST_SCHEME: 'https',
      CONNECT_REST_CA_FILE: ca,
      CONNECT_REST_CERT_FILE: certs.clientCert,
      CONNECT_REST_KEY_FILE: certs.clientKey,
    };
  }

  test('the apply script validates, creates and starts the connector over mutual TLS, presenting its certificate', async () => {
    const api = await fakeConnect(fresh, mutualTls());
    try {
      const result = await exited(
        run(CONNECTOR_APPLY_SCRIPT, {
          ...tlsEnv(api.port, certs.ca),
          CONNECTOR_NAME: 'inv',
          CONNECTOR_CONFIG: config,
          CONNECTOR_STATE: 'RUNNING',
        }),
      );
      expect(result.code).toBe(0);
      expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
        'GET /',
        'GET /connectors/inv/config',
        VALIDATE,
        'PUT /connectors/inv/config',
        'PUT /connectors/inv/resume',
      ]);
      expect(api.calls.every((c) => c.clientCertificate === 'client')).toBe(true);
      // The body arrives whole (curl sends it as given), with its non-ASCII characters.
      expect(JSON.parse(api.calls[3].body)).toEqual(JSON.parse(config));
    } finally {
      api.close();
    }
  }, 30000);

  test('the sentinel deletes over mutual TLS when stopped', async () => {
    const api = await fakeConnect(() => 204, mutualTls());
    try {
      const proc = run(CONNECTOR_SENTINEL_SCRIPT, { ...tlsEnv(api.port, certs.ca), CONNECTOR_NAME: 'inv' });
      const done = exited(proc);
      await new Promise((r) => setTimeout(r, 500));
      proc.kill('SIGTERM');
      const result = await done;
      expect(result.code).toBe(0);
      expect(api.calls.map((c) => `${c.method} ${c.url} ${c.clientCertificate}`)).toEqual(['DELETE /connectors/inv client']);
      expect(result.out).toContain('deleted');
    } finally {
      api.close();
    }
  }, 30000);

  test("an API whose certificate the CA file does not trust is not sent anything, and curl's reason is logged", async () => {
    const api = await fakeConnect(() => 200, mutualTls());
    try {
      const proc = run(CONNECTOR_SENTINEL_SCRIPT, {
        ...tlsEnv(api.port, otherCa),
        CONNECTOR_NAME: 'inv',
        CONNECTOR_CONFIG: config,
        CONNECTOR_STATE: 'RUNNING',
        RECONCILE_INTERVAL_SECONDS: '1',
      });
      const done = exited(proc);
      await new Promise((r) => setTimeout(r, 2000));
      proc.kill('SIGKILL');
      const result = await done;
      expect(api.calls).toEqual([]);
      expect(result.out).toMatch(/cannot look at the connector: curl: \(60\) .*certificate/i);
    } finally {
      api.close();
    }
  }, 30000);
});

describe('connector sentinel script', () => {
  test.each([204, 404])(
    'deletes the connector when stopped (%d counts as done)',
    async (status) => {
      const api = await fakeConnect(() => status);
      try {
        const proc = run(CONNECTOR_SENTINEL_SCRIPT, { CONNECT_REST_ENDPOINTS: `127.0.0.1:${api.port}`, CONNECTOR_NAME: 'inv' });
        const done = exited(proc);
        await new Promise((r) => setTimeout(r, 500));
        expect(api.calls).toEqual([]);
        proc.kill('SIGTERM');
        const result = await done;
        expect(result.code).toBe(0);
        expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /connectors/inv']);
        expect(result.out).toContain(status === 204 ? 'deleted' : 'already absent (404)');
      } finally {
        api.close();
      }
    },
    30000,
  );

  /**
   * The sentinel with a declaration (Kubernetes), against a stand-in `getent` that resolves the names listed in a
   * file the test rewrites: the declaration's name, and the API's (the proof that DNS answers).
   */
  async function stopWithDeclaration(
    resolvable: string[],
    afterStop: string[] | undefined,
  ): Promise<{ out: string; requests: string[]; code: number | null }> {
    const api = await fakeConnect(() => 204);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-'));
    const names = path.join(dir, 'names');
    fs.writeFileSync(names, resolvable.join('\n') + '\n');
    fs.writeFileSync(
      path.join(dir, 'getent'),
      `#!/bin/bash\n[ "$1" = hosts ] && grep -qxF "$2" ${names} && echo "10.0.0.1 $2" && exit 0\nexit 2\n`,
      { mode: 0o755 },
    );
    try {
      const proc = spawn('bash', ['-c', CONNECTOR_SENTINEL_SCRIPT], {
        env: {
          PATH: `${dir}:${process.env.PATH ?? ''}`,
          CONNECT_REST_ENDPOINTS: `localhost:${api.port}`,
          CONNECTOR_NAME: 'inv',
          DECLARATION_HOST: 'cdc-connector-inv.data.svc.cluster.local',
          DECLARATION_CHECK_SECONDS: '3',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const done = exited(proc);
      await new Promise((r) => setTimeout(r, 500));
      proc.kill('SIGTERM');
      // The name goes a moment after the stop, as a DNS cache lets go of it.
      if (afterStop) setTimeout(() => fs.writeFileSync(names, afterStop.join('\n') + '\n'), 1200);
      const result = await done;
      return { out: result.out, requests: api.calls.map((c) => `${c.method} ${c.url}`), code: result.code };
    } finally {
      api.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('with a declaration, a stop while it still resolves (eviction, drain, pod deletion) leaves the connector running', async () => {
    const { out, requests, code } = await stopWithDeclaration(['cdc-connector-inv.data.svc.cluster.local', 'localhost'], undefined);
    // A failure, so the target starts the sentinel again (its Job a new pod; on Docker the restart policy).
    expect(code).toBe(TASK_STOPPED_WHILE_DECLARED_EXIT_CODE);
    expect(requests).toEqual([]);
    expect(out).toContain('stopped while still declared');
  }, 30000);

  test('with a declaration, the connector is deleted once the declaration stops resolving while the API still does', async () => {
    const { out, requests, code } = await stopWithDeclaration(['cdc-connector-inv.data.svc.cluster.local', 'localhost'], ['localhost']);
    expect(code).toBe(0);
    expect(requests).toEqual(['DELETE /connectors/inv']);
    expect(out).toContain('no longer declared');
  }, 30000);

  /**
   * The sentinel with a beating declaration (Docker), against a stand-in declaration: a loop that writes a new
   * beat every 200 ms to a file, for `beatsForMs` after the sentinel is stopped (`undefined`: for ever).
   */
  async function stopWithBeat(beatsForMs: number | undefined): Promise<{ out: string; requests: string[]; code: number | null }> {
    const api = await fakeConnect(() => 204);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-'));
    const beat = path.join(dir, 'beat');
    let n = 0;
    const writeBeat = () => fs.writeFileSync(beat, `${++n}\n`);
    writeBeat();
    const beating = setInterval(writeBeat, 200);
    try {
      const proc = run(CONNECTOR_SENTINEL_SCRIPT, {
        CONNECT_REST_ENDPOINTS: `127.0.0.1:${api.port}`,
        CONNECTOR_NAME: 'inv',
        DECLARATION_BEAT: beat,
        DECLARATION_CHECK_SECONDS: '3',
      });
      const done = exited(proc);
      await new Promise((r) => setTimeout(r, 500));
      proc.kill('SIGTERM');
      if (beatsForMs !== undefined) setTimeout(() => clearInterval(beating), beatsForMs);
      const result = await done;
      return { out: result.out, requests: api.calls.map((c) => `${c.method} ${c.url}`), code: result.code };
    } finally {
      clearInterval(beating);
      api.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('with a beating declaration, a stop while it beats (docker stop, docker restart) leaves the connector running', async () => {
    const { out, requests, code } = await stopWithBeat(undefined);
    // A failure, so the target starts the sentinel again (its Job a new pod; on Docker the restart policy).
    expect(code).toBe(TASK_STOPPED_WHILE_DECLARED_EXIT_CODE);
    expect(requests).toEqual([]);
    expect(out).toContain('stopped while still declared (its declaration still beats): a container stop or restart');
  }, 30000);

  test('with a beating declaration, the connector is deleted once the beat stops for the whole check', async () => {
    // The declaration goes just before the sentinel is stopped: the beat has already stopped.
    const { out, requests, code } = await stopWithBeat(0);
    expect(code).toBe(0);
    expect(requests).toEqual(['DELETE /connectors/inv']);
    expect(out).toContain('no longer declared (its declaration is gone): deleting the connector');
  }, 30000);

  test('with a beating declaration, a beat that stops only during the check is still a stop, not a removal', async () => {
    // A beat seen to change even once within the check shows the declaration was there when the sentinel stopped.
    const { out, requests, code } = await stopWithBeat(1500);
    // A failure, so the target starts the sentinel again (its Job a new pod; on Docker the restart policy).
    expect(code).toBe(TASK_STOPPED_WHILE_DECLARED_EXIT_CODE);
    expect(requests).toEqual([]);
    expect(out).toContain('stopped while still declared');
  }, 30000);

  test('with a beating declaration whose file never existed, the stop is a removal', async () => {
    const api = await fakeConnect(() => 204);
    try {
      const proc = run(CONNECTOR_SENTINEL_SCRIPT, {
        CONNECT_REST_ENDPOINTS: `127.0.0.1:${api.port}`,
        CONNECTOR_NAME: 'inv',
        DECLARATION_BEAT: path.join(os.tmpdir(), `no-such-beat-${process.pid}`),
        DECLARATION_CHECK_SECONDS: '2',
      });
      const done = exited(proc);
      await new Promise((r) => setTimeout(r, 500));
      proc.kill('SIGTERM');
      expect((await done).out).toContain('no longer declared');
      expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /connectors/inv']);
    } finally {
      api.close();
    }
  }, 30000);

  test('with a declaration, DNS that answers nothing (neither name) is not taken for a removal', async () => {
    const { out, requests, code } = await stopWithDeclaration(['cdc-connector-inv.data.svc.cluster.local', 'localhost'], []);
    // A failure, so the target starts the sentinel again (its Job a new pod; on Docker the restart policy).
    expect(code).toBe(TASK_STOPPED_WHILE_DECLARED_EXIT_CODE);
    expect(requests).toEqual([]);
    expect(out).toContain('stopped while still declared');
  }, 30000);
});

describe('connector sentinel script: reconciling (a target that tells a stop from a removal)', () => {
  /** A stand-in Connect holding one connector "inv" whose stored config, state and tasks the test sets. */
  interface Held {
    exists: boolean;
    config: Record<string, string>;
    state: string;
    tasks: { state: string; trace?: string }[];
    restartAnswers?: number;
    refuse?: boolean;
    /** A deleted connector's status still answered (from the status topic) while its config is gone. */
    statusLingers?: boolean;
  }
  const declared = JSON.parse(config) as Record<string, string>;
  function connect(held: Held): (call: Call) => Answer {
    return (call) => {
      const r = `${call.method} ${call.url}`;
      if (r === 'GET /connectors/inv/status') {
        if (!held.exists && !held.statusLingers)
          return { status: 404, body: { error_code: 404, message: 'No status found for connector inv' } };
        return {
          status: 200,
          body: {
            name: 'inv',
            connector: { state: held.state, worker_id: 'w:8083' },
            tasks: held.tasks.map((t, id) => ({ id, state: t.state, worker_id: 'w:8083', ...(t.trace ? { trace: t.trace } : {}) })),
            type: 'source',
          },
        };
      }
      if (r === 'GET /connectors/inv/config') return held.exists ? { status: 200, body: { ...held.config, name: 'inv' } } : 404;
      if (held.refuse && (call.method === 'POST' || call.method === 'PUT') && !call.url.includes('restart'))
        return {
          status: 400,
          body: { error_code: 400, message: 'Connector configuration is invalid and contains the following 1 error(s)' },
        };
      if (r === 'POST /connectors') {
        const b = JSON.parse(call.body) as { config: Record<string, string>; initial_state: string };
        Object.assign(held, { exists: true, config: b.config, state: b.initial_state });
        return 201;
      }
      if (r === 'PUT /connectors/inv/config') {
        held.config = JSON.parse(call.body) as Record<string, string>;
        return 200;
      }
      if (r === 'PUT /connectors/inv/resume') return ((held.state = 'RUNNING'), 202);
      if (r === 'PUT /connectors/inv/pause') return ((held.state = 'PAUSED'), 202);
      if (r.startsWith('POST /connectors/inv/restart')) {
        held.restartAnswers = (held.restartAnswers ?? 0) + 1;
        return 202;
      }
      return 500;
    };
  }
  /** Runs the sentinel against `held` for `ms`, calling `during` at times, then stops it. */
  async function reconcileFor(
    held: Held,
    ms: number,
    env: Record<string, string> = {},
    during?: (requests: string[]) => void,
  ): Promise<{ out: string; requests: string[]; calls: Call[] }> {
    const api = await fakeConnect(connect(held));
    try {
      const proc = run(CONNECTOR_SENTINEL_SCRIPT, {
        CONNECT_REST_ENDPOINTS: `127.0.0.1:${api.port}`,
        CONNECTOR_NAME: 'inv',
        CONNECTOR_CONFIG: config,
        CONNECTOR_STATE: 'RUNNING',
        RECONCILE_INTERVAL_SECONDS: '1',
        AUTO_RESTART: 'true',
        AUTO_RESTART_MAX: '',
        AUTO_RESTART_STABLE_SECONDS: '600',
        DECLARATION_HOST: 'localhost',
        DECLARATION_CHECK_SECONDS: '1',
        ...env,
      });
      const done = exited(proc);
      const timer = during ? setInterval(() => during(api.calls.map((c) => `${c.method} ${c.url}`)), 200) : undefined;
      await new Promise((r) => setTimeout(r, ms));
      if (timer) clearInterval(timer);
      proc.kill('SIGTERM');
      const result = await done;
      // Stopped while still declared (DECLARATION_HOST resolves).
      expect(result.code).toBe(TASK_STOPPED_WHILE_DECLARED_EXIT_CODE);
      return { out: result.out, requests: api.calls.map((c) => `${c.method} ${c.url}`), calls: api.calls };
    } finally {
      api.close();
    }
  }
  const looks = (requests: string[]) => requests.filter((r) => !r.startsWith('GET '));

  test('a connector in its declared config and state is only looked at', async () => {
    const { requests, out } = await reconcileFor({ exists: true, config: declared, state: 'RUNNING', tasks: [{ state: 'RUNNING' }] }, 2500);
    expect(requests.filter((r) => r === 'GET /connectors/inv/status').length).toBeGreaterThanOrEqual(2);
    expect(looks(requests)).toEqual([]);
    // A stop while the declaration resolves leaves it running, as before.
    expect(out).toContain('stopped while still declared');
  }, 30000);

  test('a connector whose config is gone while its status is still listed is created again (deleted through the API)', async () => {
    const held: Held = { exists: false, statusLingers: true, config: {}, state: 'RUNNING', tasks: [{ state: 'RUNNING' }] };
    const { requests, out } = await reconcileFor(held, 2500);
    expect(looks(requests)).toEqual(['POST /connectors']);
    expect(out).toContain('its config is gone');
  }, 30000);

  test('a deleted connector is created again in its declared state, byte-exactly', async () => {
    const { requests, calls, out } = await reconcileFor({ exists: false, config: {}, state: '', tasks: [] }, 2500, {
      CONNECTOR_STATE: 'PAUSED',
    });
    expect(looks(requests)).toEqual(['POST /connectors']);
    expect(calls.find((c) => c.method === 'POST')!.body).toBe(`{"name":"inv","config":${config},"initial_state":"PAUSED"}`);
    expect(out).toContain(
      '[connector inv] not found (deleted through the REST API, or not created yet): restoring the declared connector (POST /connectors)',
    );
    expect(out).toContain('restored (201)');
  }, 30000);

  test('a config changed through the API is PUT back, naming the keys that differ and no value', async () => {
    const held = { exists: true, config: { ...declared, 'topic.prefix': 'other', 'snapshot.mode': 'never' }, state: 'RUNNING', tasks: [] };
    const { requests, calls, out } = await reconcileFor(held, 2500);
    expect(looks(requests)).toEqual(['PUT /connectors/inv/config']);
    expect(calls.find((c) => c.method === 'PUT')!.body).toBe(config);
    expect(out).toContain('its stored config differs from the declared one in: snapshot.mode topic.prefix: restoring');
    expect(out).not.toContain('never');
    expect(held.config).toEqual(declared);
  }, 30000);

  test.each([
    ['PAUSED', 'RUNNING', 'PUT /connectors/inv/resume'],
    ['STOPPED', 'RUNNING', 'PUT /connectors/inv/resume'],
    ['RUNNING', 'PAUSED', 'PUT /connectors/inv/pause'],
  ])(
    'a connector %s through the API, declared %s, is set back (%s)',
    async (state, declaredState, expected) => {
      const { requests, out } = await reconcileFor({ exists: true, config: declared, state, tasks: [] }, 2500, {
        CONNECTOR_STATE: declaredState,
      });
      expect(looks(requests)).toEqual([expected]);
      expect(out).toContain(`${state}, declared ${declaredState}: restoring`);
    },
    30000,
  );

  test('a restore Connect refuses is logged with its message and tried again later, not at every look', async () => {
    const { requests, out } = await reconcileFor({ exists: false, config: {}, state: '', tasks: [], refuse: true }, 3500);
    expect(looks(requests)).toEqual(['POST /connectors']);
    expect(out).toContain('not restored: POST /connectors answered 400: Connector configuration is invalid');
    expect(out).toContain('trying again in 30 s');
  }, 30000);

  const trace =
    'org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer. This connector will be stopped.\n\tat io.debezium.X(X.java:1)\nCaused by: org.postgresql.util.PSQLException: Database connection failed when reading from copy\n\tat org.postgresql.Y(Y.java:2)';

  test('a FAILED task is restarted at once, logged with its trace; the next restart waits out the back-off', async () => {
    const held = { exists: true, config: declared, state: 'RUNNING', tasks: [{ state: 'FAILED', trace }] };
    const { requests, out } = await reconcileFor(held, 3500);
    // Still FAILED at every look: one restart only, the next one 2 minutes later.
    expect(looks(requests)).toEqual(['POST /connectors/inv/restart?includeTasks=true&onlyFailed=true']);
    expect(out).toContain(
      'auto-restart 1 (RUNNING connector, FAILED task(s) 0): task 0: org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer. This connector will be stopped. … Caused by: org.postgresql.util.PSQLException: Database connection failed when reading from copy; if it fails again, the next restart in 2 min',
    );
  }, 30000);

  test('restarts in a row stop at maxRestarts; the count starts again after a stable period', async () => {
    const held: Held = { exists: true, config: declared, state: 'FAILED', tasks: [] };
    let phase = 0;
    const { requests, out } = await reconcileFor(held, 6000, { AUTO_RESTART_MAX: '1', AUTO_RESTART_STABLE_SECONDS: '1' }, (rq) => {
      const restarts = rq.filter((r) => r.includes('/restart')).length;
      // After the first restart: running a while (the count starts again), then FAILED again.
      if (phase === 0 && restarts === 1) {
        phase = 1;
        held.state = 'RUNNING';
        setTimeout(() => (held.state = 'FAILED'), 2500);
      }
    });
    expect(looks(requests)).toEqual([
      'POST /connectors/inv/restart?includeTasks=true&onlyFailed=true',
      'POST /connectors/inv/restart?includeTasks=true&onlyFailed=true',
    ]);
    expect(out).toContain('auto-restart 1 of at most 1 (FAILED connector)');
    expect(out).toContain('running again: nothing FAILED');
    expect(out).toContain('the restart count starts again (was 1)');
    expect(out).toContain('left FAILED');
  }, 30000);

  test('with restarts disabled, a failure is logged once and nothing is restarted', async () => {
    const { requests, out } = await reconcileFor(
      { exists: true, config: declared, state: 'RUNNING', tasks: [{ state: 'FAILED', trace }] },
      2500,
      { AUTO_RESTART: 'false' },
    );
    expect(looks(requests)).toEqual([]);
    expect(out.match(/automatic restarts are disabled \(autoRestart.enabled\)/g)).toHaveLength(1);
  }, 30000);

  test('without a declared config (a target that cannot tell a stop from a removal) it only waits', async () => {
    const api = await fakeConnect(() => 204);
    try {
      const proc = run(CONNECTOR_SENTINEL_SCRIPT, { CONNECT_REST_ENDPOINTS: `127.0.0.1:${api.port}`, CONNECTOR_NAME: 'inv' });
      const done = exited(proc);
      await new Promise((r) => setTimeout(r, 1500));
      expect(api.calls).toEqual([]);
      proc.kill('SIGTERM');
      await done;
    } finally {
      api.close();
    }
  }, 30000);
});

describe('topics script', () => {
  test('creates, grows and configures each topic with the Kafka tools, never shrinking', async () => {
    // Stand-in Kafka tools that log their arguments and report a partition count per topic.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-bin-'));
    const log = path.join(bin, 'calls.log');
    fs.writeFileSync(
      path.join(bin, 'kafka-topics.sh'),
      `#!/bin/bash\necho "topics $*" >> ${log}\ncase "$*" in *--describe*--topic\\ grow*) echo "Topic: grow PartitionCount: 2 ReplicationFactor: 1";; *--describe*--topic\\ big*) echo "Topic: big PartitionCount: 9 ReplicationFactor: 1";; *--describe*) echo "Topic: x PartitionCount: 3 ReplicationFactor: 1";; esac\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(bin, 'kafka-configs.sh'), `#!/bin/bash\necho "configs $*" >> ${log}\n`, { mode: 0o755 });
    const script = TOPICS_SCRIPT.replace('bin=/kafka/bin', `bin=${bin}`);
    const result = await exited(
      run(script, {
        BOOTSTRAP_SERVERS: 'kafka-1:9092',
        TOPICS: [
          'orders 3 1 cleanup.policy=compact,delete;retention.ms=1000 cleanup.policy=[compact,delete],retention.ms=1000',
          'grow 6 1 - -',
          'big 3 1 - -',
        ].join('\n'),
      }),
    );
    expect(result.code).toBe(0);
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(calls).toContain(
      'topics --bootstrap-server kafka-1:9092 --create --if-not-exists --topic orders --partitions 3 --replication-factor 1 --config cleanup.policy=compact,delete --config retention.ms=1000',
    );
    expect(calls).toContain(
      'configs --bootstrap-server kafka-1:9092 --alter --entity-type topics --entity-name orders --add-config cleanup.policy=[compact,delete],retention.ms=1000',
    );
    expect(calls).toContain('topics --bootstrap-server kafka-1:9092 --alter --topic grow --partitions 6');
    expect(calls.some((c) => c.includes('--alter --topic big'))).toBe(false);
    expect(result.out).toContain('big has 9 partitions, more than the declared 3: partitions never shrink');
  }, 30000);
});

describe('topics script against a secured Kafka', () => {
  /** Stand-in Kafka tools that log their arguments and the client config they were given (or fail as `fail` says). */
  function standInTools(fail?: string): { bin: string; log: string } {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-bin-'));
    const log = path.join(bin, 'calls.log');
    const body = fail
      ? `echo "${fail}" >&2\nexit 1\n`
      : `echo "topics $*" >> ${log}\nall="$*"\nwhile [ $# -gt 0 ]; do if [ "$1" = --command-config ]; then echo "mode $(stat -c %a "$2")" >> ${log}; sed 's/^/cfg /' "$2" >> ${log}; k=$(sed -n 's/^ssl.keystore.location=//p' "$2"); [ -z "$k" ] || sed 's/^/store /' "$k" >> ${log}; fi; shift; done\ncase "$all" in *--describe*) echo "Topic: x PartitionCount: 3 ReplicationFactor: 1";; esac\n`;
    fs.writeFileSync(path.join(bin, 'kafka-topics.sh'), `#!/bin/bash\n${body}`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'kafka-configs.sh'), `#!/bin/bash\necho "configs $*" >> ${log}\n`, { mode: 0o755 });
    return { bin, log };
  }

  test('SASL: every call carries a client config with the JAAS line built from the password file, readable only by its user', async () => {
    const { bin, log } = standInTools();
    const pw = path.join(bin, 'password');
    fs.writeFileSync(pw, 's3cr=t');
    const result = await exited(
      run(TOPICS_SCRIPT.replace('bin=/kafka/bin', `bin=${bin}`), {
        BOOTSTRAP_SERVERS: 'kafka-1:9093',
        TOPICS: 'orders 3 1 - -',
        CLIENT_PROPERTIES:
          'security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nssl.truststore.type=PEM\nssl.truststore.location=/kafka/client-tls/ca.crt',
        CLIENT_SASL_LOGIN_MODULE: 'org.apache.kafka.common.security.scram.ScramLoginModule',
        CLIENT_SASL_USERNAME: 'connect',
        CLIENT_SASL_PASSWORD_FILE: pw,
      }),
    );
    expect(result.code).toBe(0);
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
    const toolCalls = calls.filter((c) => c.startsWith('topics ') || c.startsWith('configs '));
    expect(toolCalls.length).toBeGreaterThanOrEqual(3);
    for (const c of toolCalls.filter((x) => x.startsWith('topics '))) expect(c).toMatch(/ --command-config \/tmp\/client-\w+\.properties /);
    expect(calls).toContain('mode 600');
    expect(calls).toContain('cfg security.protocol=SASL_SSL');
    expect(calls).toContain('cfg ssl.truststore.location=/kafka/client-tls/ca.crt');
    expect(calls).toContain(
      'cfg sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="connect" password="s3cr=t";',
    );
    // The password is in the config file only, never in the task's output.
    expect(result.out).not.toContain('s3cr=t');
  }, 30000);

  test('SASL: the password from the variable CLIENT_SASL_PASSWORD_ENV names; an empty one stops the task', async () => {
    const { bin, log } = standInTools();
    const env = {
      BOOTSTRAP_SERVERS: 'kafka-1:9093',
      TOPICS: 'orders 3 1 - -',
      CLIENT_PROPERTIES: 'security.protocol=SASL_SSL\nsasl.mechanism=PLAIN',
      CLIENT_SASL_LOGIN_MODULE: 'org.apache.kafka.common.security.plain.PlainLoginModule',
      CLIENT_SASL_USERNAME: 'connect',
      CLIENT_SASL_PASSWORD_ENV: 'SECRET__WORKER_KAFKA_CLIENT_PASSWORD',
    };
    const script = TOPICS_SCRIPT.replace('bin=/kafka/bin', `bin=${bin}`);
    const ok = await exited(run(script, { ...env, SECRET__WORKER_KAFKA_CLIENT_PASSWORD: 'pw' }));
    expect(ok.code).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toContain('password="pw";');
    const empty = await exited(run(script, env));
    expect(empty.code).toBe(1);
    expect(empty.out).toContain('the SASL password is empty');
  }, 30000);

  test('client certificate: the key and chain in one PEM file as the key store', async () => {
    const { bin, log } = standInTools();
    fs.writeFileSync(path.join(bin, 'tls.key'), '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n');
    fs.writeFileSync(path.join(bin, 'tls.crt'), '-----BEGIN CERTIFICATE-----\nCRT\n-----END CERTIFICATE-----\n');
    const result = await exited(
      run(TOPICS_SCRIPT.replace('bin=/kafka/bin', `bin=${bin}`), {
        BOOTSTRAP_SERVERS: 'kafka-1:9093',
        TOPICS: 'orders 3 1 - -',
        CLIENT_PROPERTIES: 'security.protocol=SSL',
        CLIENT_KEY_FILE: path.join(bin, 'tls.key'),
        CLIENT_CERTIFICATE_FILE: path.join(bin, 'tls.crt'),
      }),
    );
    expect(result.code).toBe(0);
    const calls = fs.readFileSync(log, 'utf8').split('\n');
    expect(calls).toContain('cfg ssl.keystore.type=PEM');
    expect(calls.filter((c) => c.startsWith('store '))).toEqual(
      expect.arrayContaining(['store KEY', 'store CRT', 'store -----BEGIN PRIVATE KEY-----', 'store -----BEGIN CERTIFICATE-----']),
    );
    expect(calls.some((c) => c.startsWith('cfg sasl.'))).toBe(false);
  }, 30000);

  test('a refused login ends the task at once with the reason, instead of waiting for the brokers', async () => {
    const { bin } = standInTools(
      'ERROR org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    );
    const started = Date.now();
    const result = await exited(
      run(TOPICS_SCRIPT.replace('bin=/kafka/bin', `bin=${bin}`), {
        BOOTSTRAP_SERVERS: 'kafka-1:9093',
        TOPICS: 'orders 3 1 - -',
        CLIENT_PROPERTIES: 'security.protocol=SSL',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'brokers at kafka-1:9093 refused the client: org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed',
    );
    expect(Date.now() - started).toBeLessThan(5000);
  }, 30000);
});

describe('topics task logging', () => {
  // The task runs Kafka's tools without the entrypoint, so /kafka/config is empty: the stock file is in config.orig.
  test('points Kafka 3.x tools at the stock log4j file the image keeps in /kafka/config.orig', () => {
    expect(topicsTask(new Deferred(() => 't 1 1 - -'), 'kafka:3.1', 'kafka:9092', '3.9.0').env.KAFKA_LOG4J_OPTS).toBe(
      '-Dlog4j.configuration=file:/kafka/config.orig/tools-log4j.properties',
    );
  });

  test('points Kafka 4.x tools at the stock log4j2 file', () => {
    expect(topicsTask(new Deferred(() => 't 1 1 - -'), 'kafka:3.6', 'kafka:9092', '4.3.0').env.KAFKA_LOG4J_OPTS).toBe(
      '-Dlog4j2.configurationFile=/kafka/config.orig/tools-log4j2.yaml',
    );
  });
});

describe('the task scripts and the model agree', () => {
  // The scripts are files (src/scripts): what they share with the model is held equal here, not spliced in.
  test('every task marks itself done where its health check looks', () => {
    expect(TASK_HEALTH.command).toEqual(['test', '-f', TASK_DONE_FILE]);
    const touches = (script: string) => script.split('\n').filter((line) => line.trim() === `touch ${TASK_DONE_FILE}`).length;
    for (const script of [TOPICS_SCRIPT, CONNECTOR_APPLY_SCRIPT, CONNECTOR_SENTINEL_SCRIPT]) expect(touches(script)).toBe(1);
  });

  test('the one-shot tasks stay alive only when the target sets the keep-alive variable', () => {
    for (const script of [TOPICS_SCRIPT, CONNECTOR_APPLY_SCRIPT])
      expect(script).toContain(`if [ "\${${TASK_KEEP_ALIVE_ENV}:-0}" = 1 ]; then`);
    expect(CONNECTOR_SENTINEL_SCRIPT).not.toContain(TASK_KEEP_ALIVE_ENV);
  });
});

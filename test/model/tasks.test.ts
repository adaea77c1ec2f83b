import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import {
  Deferred,
  CONNECTOR_APPLY_SCRIPT,
  CONNECTOR_SENTINEL_SCRIPT,
  TASK_DONE_FILE,
  TASK_HEALTH,
  TASK_KEEP_ALIVE_ENV,
  TOPICS_SCRIPT,
} from '../../src/model/tasks';
import { topicsTask } from '../../src/model/topic';

/** A stand-in for the Connect REST API on loopback that records what the scripts send. */
interface Call {
  method: string;
  url: string;
  body: string;
}

function fakeConnect(answer: (call: Call, calls: Call[]) => number): Promise<{ port: number; calls: Call[]; close(): void }> {
  const calls: Call[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const call = { method: req.method ?? '', url: req.url ?? '', body };
      calls.push(call);
      const status = answer(call, calls);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status }));
    });
  });
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

/** Runs the apply script for connector "inv" in `state` against a stand-in API answering with `answer`. */
async function applyConnector(
  state: string,
  answer: (call: Call) => number,
): Promise<{ code: number | null; out: string; calls: Call[]; requests: string[] }> {
  const api = await fakeConnect(answer);
  try {
    const result = await exited(
      run(CONNECTOR_APPLY_SCRIPT, {
        CONNECT_REST_ENDPOINTS: `127.0.0.1:${api.port}`,
        CONNECTOR_NAME: 'inv',
        CONNECTOR_CONFIG: config,
        CONNECTOR_STATE: state,
      }),
    );
    return { ...result, calls: api.calls, requests: api.calls.map((c) => `${c.method} ${c.url}`) };
  } finally {
    api.close();
  }
}

describe('connector apply script', () => {
  test('waits for the API, PUTs the config byte-exactly, retries a 409 and applies the state', async () => {
    let conflicts = 1;
    const r = await applyConnector('PAUSED', (call) => {
      if (call.url.endsWith('/config') && conflicts-- > 0) return 409;
      if (call.url.endsWith('/config')) return 201;
      if (call.url.endsWith('/pause')) return 202;
      return 200;
    });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([
      'GET /',
      'GET /connectors/inv',
      'PUT /connectors/inv/config',
      'PUT /connectors/inv/config',
      'PUT /connectors/inv/pause',
    ]);
    expect(r.calls[3].body).toBe(config);
    expect(r.out).toContain('applied (state PAUSED)');
  }, 30000);

  test('creates a connector declared STOPPED in that state (initial_state), so it never runs', async () => {
    const r = await applyConnector('STOPPED', (call) => {
      if (call.method === 'GET' && call.url === '/connectors/inv') return 404;
      if (call.method === 'POST') return 201;
      if (call.url.endsWith('/stop')) return 202;
      return 200;
    });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([
      'GET /',
      'GET /connectors/inv',
      'POST /connectors',
      'PUT /connectors/inv/config',
      'PUT /connectors/inv/stop',
    ]);
    expect(JSON.parse(r.calls[2].body)).toEqual({ name: 'inv', config: JSON.parse(config), initial_state: 'STOPPED' });
    expect(r.out).toContain('created in state STOPPED');
  }, 30000);

  test('a connector declared RUNNING is created by the PUT, with no look-up first', async () => {
    const r = await applyConnector('RUNNING', (call) => (call.url.endsWith('/resume') ? 202 : call.url.endsWith('/config') ? 201 : 200));
    expect(r.code).toBe(0);
    expect(r.requests).toEqual(['GET /', 'PUT /connectors/inv/config', 'PUT /connectors/inv/resume']);
  }, 30000);

  test('fails when the API refuses the config', async () => {
    const r = await applyConnector('RUNNING', (call) => (call.url.endsWith('/config') ? 400 : 200));
    expect(r.code).toBe(1);
    expect(r.out).toContain('PUT /connectors/inv/config answered 400');
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
  async function stopWithDeclaration(resolvable: string[], afterStop: string[] | undefined): Promise<{ out: string; requests: string[] }> {
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
      expect(result.code).toBe(0);
      return { out: result.out, requests: api.calls.map((c) => `${c.method} ${c.url}`) };
    } finally {
      api.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('with a declaration, a stop while it still resolves (eviction, drain, pod deletion) leaves the connector running', async () => {
    const { out, requests } = await stopWithDeclaration(['cdc-connector-inv.data.svc.cluster.local', 'localhost'], undefined);
    expect(requests).toEqual([]);
    expect(out).toContain('stopped while still declared');
  }, 30000);

  test('with a declaration, the connector is deleted once the declaration stops resolving while the API still does', async () => {
    const { out, requests } = await stopWithDeclaration(['cdc-connector-inv.data.svc.cluster.local', 'localhost'], ['localhost']);
    expect(requests).toEqual(['DELETE /connectors/inv']);
    expect(out).toContain('no longer declared');
  }, 30000);

  test('with a declaration, DNS that answers nothing (neither name) is not taken for a removal', async () => {
    const { out, requests } = await stopWithDeclaration(['cdc-connector-inv.data.svc.cluster.local', 'localhost'], []);
    expect(requests).toEqual([]);
    expect(out).toContain('stopped while still declared');
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

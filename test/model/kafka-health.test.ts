import { spawn } from 'child_process';
import * as net from 'net';
import { apiVersionsCheck } from '../../src/model/kafka';

/**
 * A stand-in Kafka node on loopback: it records the bytes of each request and answers them with `answer` (a
 * whole response, size first), or never when `answer` returns undefined.
 */
function fakeKafka(answer: (request: Buffer) => Buffer | undefined): Promise<{ port: number; requests: Buffer[]; close(): void }> {
  const requests: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let got = Buffer.alloc(0);
    socket.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (got.length < 4 || got.length < 4 + got.readInt32BE(0)) return;
      requests.push(got);
      const response = answer(got);
      if (response) socket.end(response);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        requests,
        close: () => {
          for (const s of sockets) s.destroy();
          server.close();
        },
      }),
    ),
  );
}

/** An ApiVersions response (header v0): size, correlation id, error code, and a one-entry list of API keys. */
function apiVersionsResponse(correlationId: number, errorCode: number): Buffer {
  const body = Buffer.alloc(4 + 2 + 4 + 6);
  body.writeInt32BE(correlationId, 0);
  body.writeInt16BE(errorCode, 4);
  body.writeInt32BE(1, 6); // one API key
  body.writeInt16BE(18, 10); // ApiVersions,
  body.writeInt16BE(0, 12); // versions 0
  body.writeInt16BE(4, 14); // to 4
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

/** Runs the check's command (`bash -c …`) and resolves with its exit code and how long it took. */
function runCheck(command: string[]): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'ignore' });
    child.on('exit', (code) => resolve({ code, ms: Date.now() - started }));
  });
}

describe("a Kafka node's health check (ApiVersions over bash's /dev/tcp)", () => {
  test('sends ApiVersions v0 with correlation id 1 and passes on error code 0', async () => {
    const kafka = await fakeKafka(() => apiVersionsResponse(1, 0));
    try {
      const command = apiVersionsCheck(kafka.port);
      expect(command.slice(0, 2)).toEqual(['bash', '-c']);
      expect((await runCheck(command)).code).toBe(0);
      // Written field by field: size 10, API key 18 (ApiVersions), version 0, correlation id 1, null client id.
      const expected = Buffer.alloc(14);
      expected.writeInt32BE(10, 0);
      expected.writeInt16BE(18, 4);
      expected.writeInt16BE(0, 6);
      expected.writeInt32BE(1, 8);
      expected.writeInt16BE(-1, 12);
      expect(kafka.requests).toEqual([expected]);
    } finally {
      kafka.close();
    }
  });

  test('fails on an error code (UNSUPPORTED_VERSION), another correlation id, or a port nothing listens on', async () => {
    for (const response of [apiVersionsResponse(1, 35), apiVersionsResponse(2, 0)]) {
      const kafka = await fakeKafka(() => response);
      try {
        expect((await runCheck(apiVersionsCheck(kafka.port))).code).not.toBe(0);
      } finally {
        kafka.close();
      }
    }
    const closed = await fakeKafka(() => undefined);
    closed.close();
    expect((await runCheck(apiVersionsCheck(closed.port))).code).not.toBe(0);
  });

  test('fails within about 5 s when the node accepts the connection but never answers', async () => {
    const kafka = await fakeKafka(() => undefined);
    try {
      const result = await runCheck(apiVersionsCheck(kafka.port));
      expect(result.code).not.toBe(0);
      expect(result.ms).toBeLessThan(8000);
    } finally {
      kafka.close();
    }
  }, 15000);
});

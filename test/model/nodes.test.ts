import { execFile } from 'child_process';
import * as net from 'net';
import { onceListening } from '../../src/model/nodes';

/** Runs the check's command as the engine would (exec form) and returns its exit code and output. */
function runCheck(command: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(command[0], command.slice(1), { timeout: 10_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe('onceListening: a JVM check runs only once its port accepts a connection', () => {
  test('nothing listening: the check fails at once and its script never runs', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r())); // the port is now closed
    const r = await runCheck(onceListening('127.0.0.1', port, 'echo SCRIPT-RAN'));
    expect(r.code).not.toBe(0);
    expect(r.out).not.toContain('SCRIPT-RAN');
  });

  test('listening: the script runs and its exit code is the verdict', async () => {
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const ok = await runCheck(onceListening('127.0.0.1', port, 'echo SCRIPT-RAN'));
      expect(ok).toEqual({ code: 0, out: 'SCRIPT-RAN\n' });
      const failing = await runCheck(onceListening('127.0.0.1', port, 'exit 3'));
      expect(failing.code).toBe(3);
    } finally {
      server.close();
    }
  });
});

// The reporter that fails a CI run on skipped tests: its verdict on results, a real jest run in a child process
// with and without a skipped test, and that jest.config.js registers it only when CI=true.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const Reporter = require('./no-skipped-tests-reporter');
const ROOT = path.resolve(__dirname, '..');

function results(statuses: string[]): any {
  return {
    testResults: [
      {
        testFilePath: '/repo/test/a.test.ts',
        testResults: statuses.map((status, i) => ({ fullName: `case ${i}`, status })),
      },
    ],
  };
}

describe('the no-skipped-tests reporter', () => {
  test('returns no error when every test ran, passed or failed', () => {
    const r = new Reporter({ rootDir: '/repo' });
    r.onRunComplete(new Set(), results(['passed', 'failed', 'passed']));
    expect(r.getLastError()).toBeUndefined();
  });

  test('returns an error naming each skipped and todo test, with its file relative to the root', () => {
    const r = new Reporter({ rootDir: '/repo' });
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      r.onRunComplete(new Set(), results(['passed', 'pending', 'todo']));
    } finally {
      write.mockRestore();
    }
    const error: Error = r.getLastError();
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('2 tests did not run');
    expect(error.message).toContain('test/a.test.ts: case 1 (pending)');
    expect(error.message).toContain('test/a.test.ts: case 2 (todo)');
    expect(error.message).not.toContain('case 0');
  });

  test('a jest run with a skipped test fails and names it; the same run without it passes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-skipped-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'config.json'),
        JSON.stringify({
          rootDir: dir,
          testMatch: ['**/*.spec.js'],
          reporters: ['default', path.join(__dirname, 'no-skipped-tests-reporter.js')],
        }),
      );
      const run = () =>
        spawnSync(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', path.join(dir, 'config.json')], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, CI: 'true' },
        });
      fs.writeFileSync(
        path.join(dir, 'some.spec.js'),
        "test('runs', () => expect(1).toBe(1));\ntest.skip('is skipped', () => {});\ntest.todo('is to do');\n",
      );
      const failing = run();
      expect(failing.stderr).toContain('2 tests did not run');
      expect(failing.stderr).toContain('some.spec.js: is skipped (pending)');
      expect(failing.stderr).toContain('some.spec.js: is to do (todo)');
      expect(failing.status).toBe(1);

      fs.writeFileSync(path.join(dir, 'some.spec.js'), "test('runs', () => expect(1).toBe(1));\n");
      const passing = run();
      expect(passing.stderr).not.toContain('did not run');
      expect(passing.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('jest.config.js registers it when CI=true, and only then', () => {
    const load = (ci: string | undefined): any => {
      const saved = process.env.CI;
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
      try {
        let config: any;
        jest.isolateModules(() => (config = require('../jest.config.js')));
        return config;
      } finally {
        if (saved === undefined) delete process.env.CI;
        else process.env.CI = saved;
      }
    };
    const registered = (config: any) => config.reporters.includes('<rootDir>/test/no-skipped-tests-reporter.js');
    expect(registered(load('true'))).toBe(true);
    expect(registered(load(undefined))).toBe(false);
    expect(registered(load('false'))).toBe(false);
  });
});

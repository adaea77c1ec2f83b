// examples/run.js, the app command of cdktf.json: it must synthesize exactly what the TypeScript example does, and
// its compiled-JS cache must follow every change of a source (or of tsconfig.json), never serve a stale file.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';

const ROOT = path.join(__dirname, '..');
const runner = require('../examples/run.js') as { sync(root: string, cacheDir: string): string[] };

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function stacks(outdir: string): Record<string, unknown> {
  const dir = path.join(outdir, 'stacks');
  return Object.fromEntries(fs.readdirSync(dir).map((s) => [s, JSON.parse(fs.readFileSync(path.join(dir, s, 'cdk.tf.json'), 'utf8'))]));
}

describe('examples/run.js', () => {
  test('cdktf.json runs the quick start through it', () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app).toBe('node examples/run.js docker-quickstart');
  });

  test('synthesizes what examples/docker-quickstart/main.ts synthesizes', () => {
    // Inside node_modules, as the default cache is: the compiled example resolves cdktf and the providers from there.
    const cacheRoot = path.join(ROOT, 'node_modules', '.cache');
    fs.mkdirSync(cacheRoot, { recursive: true });
    const cache = fs.mkdtempSync(path.join(cacheRoot, 'run-test-'));
    const viaRunner = tmp('run-out-');
    execFileSync(process.execPath, [path.join(ROOT, 'examples', 'run.js'), 'docker-quickstart'], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: viaRunner, CDKTF_DEBEZIUM_APP_CACHE: cache },
      stdio: 'pipe',
    });
    const direct = tmp('run-direct-');
    const app = new App({ outdir: direct });
    (require('../examples/docker-quickstart/main') as { build(app: App): unknown }).build(app);
    app.synth();
    expect(stacks(viaRunner)).toEqual(stacks(direct));
    fs.rmSync(cache, { recursive: true, force: true });
  });

  test('an unknown example is refused with the list of examples', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'examples', 'run.js'), 'no-such-example'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('examples: ');
    expect(r.stderr).toContain('docker-quickstart');
  });

  test('recompiles exactly what changed, removes what was deleted, and everything when tsconfig.json changes', () => {
    const root = tmp('run-root-');
    const cache = tmp('run-cache-');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    const out = (rel: string) => path.join(cache, rel);
    write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2020', module: 'commonjs' } }));
    write('src/a.ts', 'export const a: number = 1;\n');
    write('src/scripts/s.sh', 'echo one\n');
    write('examples/x/main.ts', "import { a } from '../../src/a';\nexport function b() {\n  const c = a + 1;\n  return c;\n}\n");

    expect(runner.sync(root, cache).sort()).toEqual(['examples/x/main.ts', 'src/a.ts', 'src/scripts/s.sh']);
    expect(fs.readFileSync(out('src/a.js'), 'utf8')).toContain('exports.a = 1');
    expect(fs.readFileSync(out('examples/x/main.js'), 'utf8')).toContain('const c = ');
    expect(runner.sync(root, cache)).toEqual([]);

    write('src/a.ts', 'export const a: number = 2;\n');
    expect(runner.sync(root, cache)).toEqual(['src/a.ts']);
    expect(fs.readFileSync(out('src/a.js'), 'utf8')).toContain('exports.a = 2');

    write('src/scripts/s.sh', 'echo two\n');
    expect(runner.sync(root, cache)).toEqual(['src/scripts/s.sh']);
    expect(fs.readFileSync(out('src/scripts/s.sh'), 'utf8')).toBe('echo two\n');

    fs.rmSync(path.join(root, 'src/a.ts'));
    expect(runner.sync(root, cache)).toEqual([]);
    expect(fs.existsSync(out('src/a.js'))).toBe(false);

    // A deleted output is rebuilt even though the manifest still knows its source.
    fs.rmSync(out('examples/x/main.js'));
    expect(runner.sync(root, cache)).toEqual(['examples/x/main.ts']);

    write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES5', module: 'commonjs' } }));
    expect(runner.sync(root, cache).sort()).toEqual(['examples/x/main.ts', 'src/scripts/s.sh']);
    expect(fs.readFileSync(out('examples/x/main.js'), 'utf8')).toContain('var c = ');
  });
});

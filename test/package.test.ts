// What a consumer installs: scripts/consumer-check.sh proves it end to end against the registry; these checks
// keep the manifest honest on every `npm test`.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ArtifactPackaging, PluginsModel, PluginSourceKind } from '../src/model/plugin-types';
import { pluginInstallScript } from '../src/private/plugin-script';
import { CONNECTOR_APPLY_SCRIPT, CONNECTOR_SENTINEL_SCRIPT, TOPICS_SCRIPT } from '../src/model/tasks';
import { shellScript } from '../src/scripts/load';
// semver comes with npm's own tooling (jest depends on it); typed here to the three calls used.

const semver = require('semver') as {
  valid(v: string): string | null;
  validRange(r: string): string | null;
  satisfies(v: string, r: string): boolean;
};

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const SHARED = ['cdktf', 'constructs', '@cdktf/provider-docker', '@cdktf/provider-kubernetes'];

describe('package manifest', () => {
  test.each(SHARED)('%s is a peer dependency with a range that the pinned development version satisfies', (name) => {
    expect(pkg.dependencies?.[name]).toBeUndefined();
    const range: string = pkg.peerDependencies[name];
    expect(semver.validRange(range)).not.toBeNull();
    expect(semver.valid(range)).toBeNull(); // a range, not one version
    const pinned: string = pkg.devDependencies[name];
    expect(semver.valid(pinned)).toBe(pinned); // exact in development
    expect(semver.satisfies(pinned, range)).toBe(true);
  });

  test('the tarball carries the LICENSE and no source maps', () => {
    expect(fs.existsSync(path.join(root, 'LICENSE'))).toBe(true);
    expect(pkg.files).toContain('LICENSE');
    expect(pkg.files.some((f: string) => f.endsWith('.map') || f === 'lib')).toBe(false);
    const build = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8'));
    expect(build.compilerOptions.sourceMap).toBe(false);
    expect(build.compilerOptions.declarationMap).toBe(false);
  });
});

describe('the shell scripts (src/scripts/*.sh) in the built package', () => {
  // The build of a scratch copy, as `npm run build` makes lib/ for `npm pack`: the scripts are read at synth
  // from beside the compiled loader, so a package without them fails on its first import.
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'package-scripts-'));
    for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'LICENSE', 'README.md', 'API.md'])
      fs.copyFileSync(path.join(root, f), path.join(work, f));
    fs.cpSync(path.join(root, 'src'), path.join(work, 'src'), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'));
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: work, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const scripts = fs.readdirSync(path.join(root, 'src', 'scripts')).filter((f) => f.endsWith('.sh'));

  test('npm pack ships every script beside the compiled loader', () => {
    expect(scripts.length).toBeGreaterThan(0);
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: work, encoding: 'utf8' }),
    )[0].files.map((f: { path: string }) => f.path);
    expect(packed).toContain('lib/scripts/load.js');
    for (const f of scripts) expect(packed).toContain(`lib/scripts/${f}`);
  });

  test('the built library loads the same scripts as the sources', () => {
    const fromLib = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-e',
          `
      const t = require('./lib/model/tasks.js');
      const s = require('./lib/scripts/load.js');
      const p = require('./lib/private/plugin-script.js');
      const plugins = { pluginsDir: '/kafka/connect', fetchImage: 'x', plugins: [{ directory: 'd', preinstalled: false, connectorClasses: [], field: 'f',
        artifacts: [{ kind: 'url', packaging: 'jar', url: 'https://example.invalid/a.jar', sha512: 'ab', fileName: '1-a.jar', installName: 'a.jar', label: 'url' }] }] };
      process.stdout.write(JSON.stringify([s.shellScript(t.TOPICS_SCRIPT), s.shellScript(t.CONNECTOR_APPLY_SCRIPT), s.shellScript(t.CONNECTOR_SENTINEL_SCRIPT), p.pluginInstallScript(plugins, { outputDir: '/kafka/connect' })]));
    `,
        ],
        { cwd: work, encoding: 'utf8' },
      ),
    );
    const plugins: PluginsModel = {
      pluginsDir: '/kafka/connect',
      fetchImage: 'x',
      plugins: [
        {
          directory: 'd',
          preinstalled: false,
          connectorClasses: [],
          field: 'f',
          artifacts: [
            {
              kind: PluginSourceKind.URL,
              packaging: ArtifactPackaging.JAR,
              url: 'https://example.invalid/a.jar',
              sha512: 'ab',
              fileName: '1-a.jar',
              installName: 'a.jar',
              label: 'url',
            },
          ],
        },
      ],
    };
    expect(fromLib).toEqual([
      shellScript(TOPICS_SCRIPT),
      shellScript(CONNECTOR_APPLY_SCRIPT),
      shellScript(CONNECTOR_SENTINEL_SCRIPT),
      pluginInstallScript(plugins, { outputDir: '/kafka/connect' }),
    ]);
    expect(fromLib[3]).toContain('\nfetch() {');
  });
});

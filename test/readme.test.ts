import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** Every `ts` snippet of the README runs as written (the package import mapped to src/) and synthesizes. */
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const src = path.join(__dirname, '..', 'src');

test('the README has snippets', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(6);
});

describe.each(snippets.map((s, i) => [i + 1, s] as const))('README snippet %d', (_i, snippet) => {
  test('synthesizes', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    const js = ts.transpileModule(snippet, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    }).outputText;
    const localRequire = (id: string) => require(id === 'cdktf-debezium-connect' ? src : id);
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      new Function('require', 'module', 'exports', js)(localRequire, { exports: {} }, {});
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
    }
    // A snippet that synthesizes through cdktf's Testing does so in memory: it ran (with validation) without an error.
    if (/Testing\.synth\(/.test(snippet)) return;
    const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
    expect(stacks.length).toBe(1);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stacks[0], 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.resource).length).toBeGreaterThan(0);
  });
});

describe('README prose', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const section = (title: string) => {
    const start = readme.indexOf(`\n## ${title}\n`);
    expect(start).toBeGreaterThan(-1);
    const end = readme.indexOf('\n## ', start + 1);
    return readme.slice(start, end === -1 ? undefined : end);
  };

  test('the quick start prose describes the snippet it shows', () => {
    const quick = section('Quick start');
    const snippet = /```ts\n([\s\S]*?)```/.exec(quick)![1];
    const zk = /zookeeper: \{ nodes: (\d+) \}/.exec(snippet)![1];
    const brokers = /kafka: \{ brokers: (\d+) \}/.exec(snippet)![1];
    const workers = /workers: (\d+)/.exec(snippet)![1];
    const prose = quick.slice(0, quick.indexOf('```'));
    expect(prose).toContain(`${zk} ZooKeeper nodes, ${brokers} Kafka brokers and ${workers} Connect workers`);
    expect(snippet.includes('addConnector')).toBe(!/no connector/.test(prose));
  });

  test('the consumer section installs every peer dependency and tests with validation on', () => {
    const consumers = section('Using the library in your project');
    const install = /npm install cdktf-debezium-connect ([^\n]+)/.exec(consumers)![1];
    for (const name of Object.keys(pkg.peerDependencies)) expect(install).toContain(`${name}@`);
    expect(consumers).toContain('Testing.synth(stack, true)');
  });

  test('user first: Install, Quick start, Deploy and the Kubernetes prerequisites open it; Development comes last', () => {
    const titles = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(titles.slice(0, 6)).toEqual(['Contents', 'Install', 'Quick start', 'Deploy', 'Kubernetes prerequisites', 'Docker']);
    expect(titles[titles.length - 1]).toBe('Development');
    // The first lines give a fresh checkout its two commands (the same as Development's); from Contents on, no
    // repository command before Development: the reader is a user.
    const top = readme.slice(0, readme.indexOf('\n## Contents\n'));
    const commands = (text: string) => /```sh\n([\s\S]*?)```/.exec(text)?.[1].trim();
    expect(
      commands(top)
        ?.split('\n')
        .map((l) => l.split('#')[0].trim()),
    ).toEqual(['npm ci && npx cdktf synth', 'npm ci && npm test']);
    expect(commands(top)).toBe(commands(section('Development')));
    expect(readme.slice(top.length, readme.indexOf('\n## Development\n'))).not.toMatch(/^npm (ci|test)/m);
  });

  test('Install: the peer dependencies, the CLI as a development dependency, the local tarball and wheel, the requirements', () => {
    const install = section('Install');
    const [lib, dev] = /```sh\n([\s\S]*?)```/.exec(install)![1].trim().split('\n');
    expect(lib.startsWith('npm install cdktf-debezium-connect ')).toBe(true);
    for (const name of Object.keys(pkg.peerDependencies)) expect(lib).toContain(`${name}@`);
    expect(dev).toMatch(/^npm install --save-dev cdktf-cli@~0\.21 /);
    expect(install).toContain(`dist/js/cdktf-debezium-connect@${pkg.version}.jsii.tgz`);
    expect(install).toContain(`dist/python/cdktf_debezium_connect-${pkg.version}-py3-none-any.whl`);
    expect(install).toContain('pip install cdktf-debezium-connect');
    // The lines CI proves (scripts/node.sh), the active LTS last: the one every stage of .ci/run runs on.
    const lines = fs.readFileSync(path.join(__dirname, '..', 'scripts', 'node.sh'), 'utf8').match(/^ {2}"(\d+) \d+\.\d+\.\d+ sha512-/gm)!;
    const majors = lines.map((l) => /"(\d+)/.exec(l)![1]);
    expect(majors.length).toBeGreaterThanOrEqual(2);
    expect(install).toContain(
      `**Node.js ${majors.slice(0, -1).join(', ')} or ${majors[majors.length - 1]}.** CI runs every stage on ${majors[majors.length - 1]}, the active LTS`,
    );
    expect(install).toMatch(/Python 3\.10/);
    // The cdktf.json a user writes is JSON and runs the app with what the dev line installs.
    const [cdktfJson] = [...install.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
    expect(cdktfJson).toEqual(expect.objectContaining({ language: 'typescript', app: 'npx ts-node main.ts' }));
    expect(dev).toContain('ts-node@');
  });

  test('Deploy names the versions CI proves: OpenTofu of scripts/toolchain.sh, the providers the bindings pin', () => {
    const deploy = section('Deploy');
    const toolchain = fs.readFileSync(path.join(__dirname, '..', 'scripts', 'toolchain.sh'), 'utf8');
    const tofu = /OPENTOFU_VERSION=\$\{TOOLCHAIN_OPENTOFU_VERSION:-(\d+\.\d+)\.\d+\}/.exec(toolchain)![1];
    expect(deploy).toContain(`OpenTofu ${tofu}`);
    expect(section('Install')).toContain(`OpenTofu ${tofu}`);
    for (const [provider, version] of [
      ['docker', '3.6.2'],
      ['kubernetes', '2.38.0'],
    ]) {
      const bound = JSON.parse(
        fs.readFileSync(path.join(__dirname, '..', 'node_modules', '@cdktf', `provider-${provider}`, 'package.json'), 'utf8'),
      ).cdktf.provider.version;
      expect(bound).toBe(version);
      expect(deploy).toContain(`/${provider}\` ${version}`);
    }
    expect(deploy).toContain('<cluster name>-rest-urls');
  });

  test('the Docker section says where the bootstrap servers are reachable from', () => {
    expect(section('Docker')).toMatch(/bootstrap servers[\s\S]*not from the host/);
  });
});

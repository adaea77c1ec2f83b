/* scripts/validate.ts — prove the synthesized Terraform with real OpenTofu and the real providers, offline.
 *
 * For every examples/<name>/main.ts: synthesize it (CDKTF_OUTDIR=<work>/synth/<name>), then for each
 * stacks/<stack>/cdk.tf.json run `tofu init`, `tofu validate`, `tofu plan -input=false -lock=false`
 * (never apply) with the toolchain from scripts/toolchain.sh (providers from a local filesystem mirror).
 *
 *   npm run test:validate                        all examples (ts-node --transpile-only scripts/validate.ts)
 *   npm run test:validate -- --stack PATH        only PATH (a cdk.tf.json, a stack dir, or a cdktf outdir); repeatable
 *   npm run test:validate -- --self-test         validate test/fixtures/{broken-stack,missing-kubeconfig}; succeed only if
 *                                                each is REJECTED for the reason it exists
 *
 * Any error fails. Any other diagnostic (warning or any other severity) fails unless it matches a line of scripts/validate-allowlist.txt
 * ("<regex>  # <reason>", matched against "<phase>: <summary>: <detail>").
 * Docker stacks are planned against the project's private engine (scripts/dockerd.sh; or VALIDATE_DOCKER_HOST).
 * Kubernetes stacks are planned with KUBE_CONFIG_PATH=VALIDATE_KUBECONFIG, default a generated kubeconfig
 * whose API server is https://127.0.0.1:1 (nothing listens: any API call fails the plan loudly).
 * Env: VALIDATE_SKIP_TOOLCHAIN=1 (use the existing .cache/toolchain), VALIDATE_DOCKER_HOST, VALIDATE_KUBECONFIG,
 *      VALIDATE_NO_APT=1 (never apt-get install docker.io), plus the TOOLCHAIN_* overrides of scripts/toolchain.sh.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readToolchainEnv, tofuEnv, writeUnreachableKubeconfig } from './toolchain-env';

const ROOT = path.resolve(__dirname, '..');
const TOOLCHAIN_DIR = process.env.TOOLCHAIN_CACHE || path.join(ROOT, '.cache', 'toolchain');
const WORK = path.join(ROOT, '.cache', 'validate', 'work');
const ALLOWLIST = path.join(__dirname, 'validate-allowlist.txt');

/** One stack's outcome: a line of the table, and why it failed. */
interface Row {
  name: string;
  synth: string;
  init?: string;
  validate?: string;
  plan?: string;
  changes?: string;
  warnings: string[];
  allowed: number;
  failures: string[];
  log?: string;
  note?: string;
  providers?: string;
  docker?: boolean;
  k8s?: boolean;
}

interface Stack {
  readonly name: string;
  readonly dir: string;
  /** A cdk.tf.json given by path (--stack FILE), copied over the directory's. */
  readonly file?: string;
  readonly env?: Record<string, string>;
  readonly synthesized?: boolean;
}

interface SelfTest {
  readonly name: string;
  readonly dir: string;
  readonly env?: Record<string, string>;
  proven(r: Row): boolean;
  readonly expected: string;
}

interface AllowEntry {
  readonly re: RegExp;
  readonly src: string;
  readonly reason: string;
  readonly line: number;
  used: number;
}

interface Diagnostic {
  readonly severity?: string;
  readonly summary?: string;
  readonly detail?: string;
}

interface Toolchain {
  readonly tofu: string;
  readonly cliConfig: string;
  /** "namespace/type" → the version the bindings pin */
  readonly pins: Record<string, string>;
  /** `init -json` exists (OpenTofu >= 1.9 / Terraform >= 1.9) */
  readonly initJson: boolean;
}

// The self-test's fixtures, each with what must make it fail: a check that cannot fail is caught.
const SELF_TESTS: SelfTest[] = [
  {
    name: 'fixtures/broken-stack',
    dir: path.join(ROOT, 'test', 'fixtures', 'broken-stack'),
    // tofu validate rejects a docker_container attribute the provider does not have
    proven: (r) => r.init === 'ok' && r.validate === 'FAIL' && r.failures.some((f) => /^validate error: .*"no_such_attribute"/.test(f)),
    expected: '`tofu validate` rejects its unknown docker_container attribute "no_such_attribute"',
  },
  {
    name: 'fixtures/missing-kubeconfig',
    dir: path.join(ROOT, 'test', 'fixtures', 'missing-kubeconfig'),
    env: { KUBE_CONFIG_PATH: path.join(WORK, 'no-such-kubeconfig') },
    // the kubernetes provider reports the missing file with a severity that is neither error nor warning, and
    // plan exits 0: only the rule "every diagnostic not allow-listed fails" catches it
    proven: (r) =>
      r.validate === 'ok' &&
      r.plan === 'FAIL' &&
      r.failures.some((f) => /^plan (?!error |warning )\S+ \(not in scripts\/validate-allowlist\.txt\): .*no-such-kubeconfig/.test(f)),
    expected: "plan fails on the provider's diagnostic of a non-error, non-warning severity about its missing kubeconfig",
  },
];

const log = (...a: unknown[]) => console.error('[validate]', ...a);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

// ---------------------------------------------------------------- args
const args = process.argv.slice(2);
let selfTest = false;
const explicitStacks: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--self-test') selfTest = true;
  else if (a === '--stack') explicitStacks.push(path.resolve(args[++i] || ''));
  else if (a === '-h' || a === '--help') {
    const src = fs.readFileSync(__filename, 'utf8');
    console.log(src.slice(src.indexOf('/*') + 2, src.indexOf('*/')).replace(/^ \* ?/gm, ''));
    process.exit(0);
  } else {
    console.error(`validate: unknown argument ${a}`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------- toolchain
function loadToolchain(): Toolchain {
  if (process.env.VALIDATE_SKIP_TOOLCHAIN !== '1') {
    log('ensuring the toolchain (scripts/toolchain.sh) ...');
    const r = cp.spawnSync('bash', [path.join(__dirname, 'toolchain.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      console.error(
        '\nVALIDATION FAILED: the toolchain is not available (see the scripts/toolchain.sh output above); nothing was validated.',
      );
      process.exit(1);
    }
  }
  let env;
  try {
    env = readToolchainEnv(TOOLCHAIN_DIR);
  } catch (e) {
    console.error(`VALIDATION FAILED: ${message(e)}`);
    process.exit(1);
  }
  const pins: Record<string, string> = {};
  for (const p of env.providers) pins[p.address.split('/').slice(1).join('/')] = p.version;
  // `init -json` exists in OpenTofu >= 1.9 / Terraform >= 1.9; older binaries get their text output parsed
  const help = cp.spawnSync(env.tofu, ['init', '-help'], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: env.cliConfig } });
  const initJson = /^\s*-json\b/m.test(`${help.stdout}${help.stderr}`);
  return { tofu: env.tofu, cliConfig: env.cliConfig, pins, initJson };
}

// ---------------------------------------------------------------- allow-list
function loadAllowlist(): AllowEntry[] {
  const entries: AllowEntry[] = [];
  if (!fs.existsSync(ALLOWLIST)) return entries;
  fs.readFileSync(ALLOWLIST, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/\s+$/, '');
      if (!line.trim() || /^\s*#/.test(line)) return;
      const m = line.match(/^(.*?\S)\s{2,}#\s*(\S.*)$/);
      if (!m) throw new Error(`${ALLOWLIST}:${i + 1}: expected "<regex>  # <reason>" (two spaces before #, reason required)`);
      entries.push({ re: new RegExp(m[1]), src: m[1], reason: m[2], line: i + 1, used: 0 });
    });
  return entries;
}

// ---------------------------------------------------------------- stacks
function collectStacks(rows: Row[]): Stack[] {
  const stacks: Stack[] = [];
  const addOutdir = (label: string, outdir: string, synthesized = false) => {
    const sdir = path.join(outdir, 'stacks');
    const names = fs.existsSync(sdir) ? fs.readdirSync(sdir).filter((n) => fs.existsSync(path.join(sdir, n, 'cdk.tf.json'))) : [];
    for (const n of names.sort()) stacks.push({ name: `${label}/${n}`, dir: path.join(sdir, n), synthesized });
    return names.length;
  };
  const failedRow = (name: string, failures: string[], logFile?: string): Row => ({
    name,
    synth: 'FAIL',
    warnings: [],
    allowed: 0,
    failures,
    log: logFile,
  });
  if (selfTest) {
    for (const t of SELF_TESTS) stacks.push({ name: t.name, dir: t.dir, env: t.env });
    return stacks;
  }
  if (explicitStacks.length) {
    for (const p of explicitStacks) {
      if (!fs.existsSync(p)) throw new Error(`--stack ${p}: not found`);
      if (fs.statSync(p).isFile()) stacks.push({ name: path.basename(path.dirname(p)), dir: path.dirname(p), file: p });
      else if (fs.existsSync(path.join(p, 'cdk.tf.json'))) stacks.push({ name: path.basename(p), dir: p });
      else if (!addOutdir(path.basename(p), p)) throw new Error(`--stack ${p}: no cdk.tf.json, no stacks/*/cdk.tf.json`);
    }
    return stacks;
  }
  const exDir = path.join(ROOT, 'examples');
  const examples = fs.existsSync(exDir)
    ? fs
        .readdirSync(exDir)
        .filter((n) => fs.existsSync(path.join(exDir, n, 'main.ts')))
        .sort()
    : [];
  const tsNode = path.join(ROOT, 'node_modules', '.bin', 'ts-node');
  for (const ex of examples) {
    const outdir = path.join(WORK, 'synth', ex);
    fs.mkdirSync(path.dirname(outdir), { recursive: true }); // cdktf creates only the last level
    log(`synth examples/${ex}/main.ts -> ${path.relative(ROOT, outdir)}`);
    const t = Date.now();
    const r = cp.spawnSync(tsNode, ['--transpile-only', path.join('examples', ex, 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    fs.mkdirSync(path.join(WORK, 'logs'), { recursive: true });
    const logFile = path.join(WORK, 'logs', `${ex}.synth.log`);
    fs.writeFileSync(logFile, `${r.stdout || ''}${r.stderr || ''}${r.error ? String(r.error) : ''}`);
    const secs = ((Date.now() - t) / 1000).toFixed(1);
    if (r.status !== 0) {
      rows.push(
        failedRow(`${ex}/*`, [`synth: ts-node exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-15).join('\n')}`], logFile),
      );
      continue;
    }
    const n = addOutdir(ex, outdir, true);
    if (!n) rows.push(failedRow(`${ex}/*`, [`synth produced no stacks/*/cdk.tf.json in ${outdir}`], logFile));
    else log(`  ${n} stack(s) in ${secs}s`);
  }
  if (!examples.length) rows.push(failedRow('examples/*', ['no examples/*/main.ts found: nothing to validate']));
  return stacks;
}

/** A synthesized cdk.tf.json, as far as this script reads it. */
interface StackJson {
  terraform?: { required_providers?: Record<string, unknown>; backend?: Record<string, unknown> };
  resource?: Record<string, unknown>;
  data?: Record<string, unknown>;
  variable?: Record<string, { default?: unknown; type?: string } | undefined>;
}

function usesProvider(json: StackJson, type: string): boolean {
  const rp = (json.terraform && json.terraform.required_providers) || {};
  if (
    Object.values(rp).some(
      (p) =>
        typeof p === 'object' &&
        p &&
        String((p as { source?: string }).source || '')
          .split('/')
          .pop() === type,
    )
  )
    return true;
  const names = [...Object.keys(json.resource || {}), ...Object.keys(json.data || {})];
  return names.some((n) => n.startsWith(`${type}_`));
}

// ---------------------------------------------------------------- docker engine
// The project's private engine (scripts/dockerd.sh: its own socket and data root, host networking only). Stopped
// at the end only when this run started it, and then by scripts/dockerd.sh, which signals only its own daemon.
let dockerd: { host: string; started: boolean; note: string } | null = null;
const DOCKERD = path.join(__dirname, 'dockerd.sh');
function which(cmd: string): string | null {
  const r = cp.spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
function dockerdScript(verb: string, opts: { inherit?: boolean } = {}) {
  return cp.spawnSync('bash', [DOCKERD, verb], {
    encoding: 'utf8',
    stdio: ['ignore', opts.inherit ? 'inherit' : 'pipe', opts.inherit ? 'inherit' : 'pipe'],
  });
}

async function ensureDocker() {
  if (dockerd) return dockerd;
  if (process.env.VALIDATE_DOCKER_HOST) {
    dockerd = { host: process.env.VALIDATE_DOCKER_HOST, started: false, note: `engine ${process.env.VALIDATE_DOCKER_HOST}` };
    return dockerd;
  }
  if (!which('dockerd')) {
    if (process.env.VALIDATE_NO_APT === '1' || process.getuid?.() !== 0 || !which('apt-get')) {
      throw new Error('dockerd is not installed (install docker.io, or set VALIDATE_DOCKER_HOST to a running engine)');
    }
    log('dockerd not found: apt-get install -y docker.io ...');
    const r = cp.spawnSync(
      'sh',
      [
        '-c',
        'apt-get install -y --no-install-recommends docker.io || (apt-get update && apt-get install -y --no-install-recommends docker.io)',
      ],
      { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
    );
    if (r.status !== 0 || !which('dockerd')) throw new Error('apt-get install docker.io failed: no dockerd');
  }
  const wasRunning = dockerdScript('status').status === 0;
  if (!wasRunning) {
    log('starting the project engine (scripts/dockerd.sh start)');
    const r = dockerdScript('start', { inherit: true });
    if (r.status !== 0) throw new Error('scripts/dockerd.sh start failed (see above)');
  }
  const m = /DOCKER_HOST=(\S+)/.exec(dockerdScript('env').stdout || '');
  if (!m) throw new Error('scripts/dockerd.sh env printed no DOCKER_HOST');
  dockerd = {
    host: m[1],
    started: !wasRunning,
    note: `project engine ${m[1]} (scripts/dockerd.sh${wasRunning ? ', already running' : ''})`,
  };
  return dockerd;
}
function stopDocker() {
  if (dockerd && dockerd.started) {
    log('stopping the project engine this run started (scripts/dockerd.sh stop)');
    dockerdScript('stop', { inherit: true });
    dockerd.started = false;
  }
}
process.on('exit', stopDocker);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(sig, () => {
    stopDocker();
    process.exit(130);
  });

function tail(file: string, n: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------- kubernetes
function kubeconfig(): { path: string; note: string } {
  if (process.env.VALIDATE_KUBECONFIG)
    return { path: process.env.VALIDATE_KUBECONFIG, note: `kubeconfig ${process.env.VALIDATE_KUBECONFIG}` };
  const p = path.join(WORK, 'kubeconfig-unreachable.yaml');
  writeUnreachableKubeconfig(p);
  return { path: p, note: 'kubeconfig -> https://127.0.0.1:1 (no API server)' };
}

// ---------------------------------------------------------------- tofu runs
function diagText(phase: string, d: Diagnostic): string {
  return `${phase}: ${d.summary || ''}: ${d.detail || ''}`.replace(/\s+/g, ' ').trim();
}
// diagnostics from human-readable output (init): "Warning: ..." / "Error: ..." blocks, boxed or not
function textDiagnostics(text: string): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const lines = text.split('\n').map((l) => l.replace(/^[│╷╵]\s?/, ''));
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^(Warning|Error): (.*)$/);
    if (!m) continue;
    const detail = [];
    for (let j = i + 1; j < lines.length && !/^(Warning|Error): /.test(lines[j]) && !/^[╷╵]/.test(text.split('\n')[j] || ''); j++)
      detail.push(lines[j]);
    diags.push({ severity: m[1].toLowerCase(), summary: m[2].trim(), detail: detail.join('\n').trim() });
  }
  return diags;
}
function jsonDiagnostics(text: string): { diags: Diagnostic[]; changes?: { add: number; change: number; remove: number } } {
  const whole = (() => {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  })();
  if (whole && Array.isArray(whole.diagnostics)) return { diags: whole.diagnostics }; // validate -json: one document
  const diags: Diagnostic[] = [];
  let other = '';
  let changes;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let j;
    try {
      j = JSON.parse(line);
    } catch {
      other += `${line}\n`;
      continue;
    }
    if (j.type === 'diagnostic' && j.diagnostic) diags.push(j.diagnostic);
    else if (Array.isArray(j.diagnostics))
      diags.push(...j.diagnostics); // validate -json
    else if (j.type === 'change_summary' && j.changes) changes = j.changes;
  }
  return { diags: diags.concat(textDiagnostics(other)), changes };
}

function runStack(
  tc: Toolchain,
  stack: Stack,
  allow: AllowEntry[],
  env: NodeJS.ProcessEnv,
): Row | { row: Row; dir: string; planNext(): Row } {
  const row: Row = {
    name: stack.name,
    synth: stack.synthesized ? 'ok' : '-',
    init: '-',
    validate: '-',
    plan: '-',
    warnings: [],
    allowed: 0,
    failures: [],
  };
  const dir = path.join(WORK, 'stacks', stack.name.replace(/[^A-Za-z0-9._-]+/g, '_'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(stack.dir, dir, {
    recursive: true,
    filter: (s) => !/(^|\/)(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate.*)$/.test(s),
  });
  const file = path.join(dir, 'cdk.tf.json');
  if (stack.file) fs.copyFileSync(stack.file, file);
  let json: StackJson;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    row.init = 'FAIL';
    row.failures.push(`cdk.tf.json is not JSON: ${message(e)}`);
    return row;
  }
  // keep state out of the repo: cdktf writes an absolute local-backend path into the project root
  if (json.terraform && json.terraform.backend) {
    const kind = Object.keys(json.terraform.backend)[0];
    if (kind !== 'local') row.note = `backend "${kind}" replaced by local for the plan`;
    json.terraform.backend = { local: { path: path.join(dir, 'terraform.tfstate') } };
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
  }
  row.docker = usesProvider(json, 'docker');
  row.k8s = usesProvider(json, 'kubernetes');
  const logBase = path.join(WORK, 'logs', path.basename(dir));
  row.log = `${logBase}.*.log`;

  const tofu = (phase: string, argv: string[]) => {
    const r = cp.spawnSync(tc.tofu, argv, {
      cwd: dir,
      env: stack.env ? { ...env, ...stack.env } : env,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      timeout: 15 * 60 * 1000,
    });
    const out = `${r.stdout || ''}${r.stderr ? `\n${r.stderr}` : ''}${r.error ? `\n${r.error}` : ''}`;
    fs.writeFileSync(`${logBase}.${phase}.log`, `$ tofu ${argv.join(' ')}\n${out}\n[exit ${r.status}]\n`);
    return { status: r.status, out, stdout: r.stdout || '', stderr: r.stderr || '' };
  };
  const judge = (phase: string, status: number | null, diags: Diagnostic[], extraFail?: string | null) => {
    let ok = status === 0 && !extraFail;
    // Errors always fail. Every other diagnostic fails too unless the allow-list names it, whatever its
    // severity: a provider may send one that is neither error nor warning (the kubernetes provider reports a
    // missing kubeconfig with severity "invalid"), and that must not pass unseen.
    for (const d of diags) {
      const text = diagText(phase, d);
      const severity = String(d.severity || 'unknown');
      if (severity === 'error') {
        ok = false;
        row.failures.push(`${phase} error: ${text}`);
        continue;
      }
      const hit = allow.find((e) => e.re.test(text));
      if (hit) {
        hit.used++;
        row.allowed++;
        row.warnings.push(`${text}  [allowed: ${hit.reason}]`);
      } else {
        ok = false;
        row.warnings.push(`${severity}: ${text}`);
        row.failures.push(`${phase} ${severity} (not in scripts/validate-allowlist.txt): ${text}`);
      }
    }
    if (extraFail) row.failures.push(`${phase}: ${extraFail}`);
    if (status !== 0 && !diags.some((d) => d.severity === 'error') && !extraFail) {
      row.failures.push(`${phase}: tofu exited ${status}: ${tail(`${logBase}.${phase}.log`, 12)}`);
    }
    return ok ? 'ok' : 'FAIL';
  };

  // init
  const ini = tofu('init', ['init', '-input=false', '-no-color', ...(tc.initJson ? ['-json'] : [])]);
  let lockProblem: string | null = null;
  const lockFile = path.join(dir, '.terraform.lock.hcl');
  if (ini.status === 0) {
    const lock = fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : '';
    const got = [...lock.matchAll(/provider "([^"]+)" \{\s*version\s*=\s*"([^"]+)"/g)].map((m) => [m[1], m[2]]);
    const bad = [];
    for (const [addr, ver] of got) {
      const key = addr.split('/').slice(1).join('/');
      if (!(key in tc.pins)) bad.push(`${addr} ${ver} is not a pinned provider`);
      else if (tc.pins[key] !== ver) bad.push(`${addr} resolved to ${ver}, the bindings pin ${tc.pins[key]}`);
    }
    if (bad.length) lockProblem = bad.join('; ');
    row.providers = got.map(([a, v]) => `${a.split('/').pop()}@${v}`).join(' ');
  }
  row.init = judge('init', ini.status, jsonDiagnostics(ini.out).diags, lockProblem);
  if (row.init !== 'ok') {
    row.validate = 'skip';
    row.plan = 'skip';
    return row;
  }

  // validate
  const val = tofu('validate', ['validate', '-json', '-no-color']);
  row.validate = judge('validate', val.status, [...jsonDiagnostics(val.stdout).diags, ...textDiagnostics(val.stderr)]);
  if (row.validate !== 'ok') {
    row.plan = 'skip';
    return row;
  }

  // plan: input variables without a default get a placeholder (the plan checks shapes, not secrets)
  const placeholders: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(json.variable || {})) {
    if (v && 'default' in v) continue;
    const t = String((v && v.type) || 'string').replace(/\s+/g, '');
    if (t === 'string' || t === 'any') placeholders[name] = `validate-placeholder-${name}`;
    else if (t === 'number') placeholders[name] = 1;
    else if (t === 'bool') placeholders[name] = false;
    else if (/^(list|set)\(/.test(t)) placeholders[name] = [];
    else if (/^map\(/.test(t)) placeholders[name] = {};
    // other types: no placeholder; the plan then fails loudly with "No value for required variable"
  }
  const planArgs = ['plan', '-input=false', '-lock=false', '-no-color', '-json'];
  if (Object.keys(placeholders).length) {
    const varFile = path.join(dir, 'validate-placeholders.auto.tfvars.json');
    fs.writeFileSync(varFile, JSON.stringify(placeholders, null, 2));
    row.note = [row.note, `placeholder values for variables without default: ${Object.keys(placeholders).join(', ')}`]
      .filter(Boolean)
      .join('; ');
  }
  return {
    row,
    dir,
    planNext: () => {
      const pl = tofu('plan', planArgs);
      const { diags, changes } = jsonDiagnostics(pl.out);
      row.plan = judge('plan', pl.status, diags);
      if (changes) row.changes = `+${changes.add} ~${changes.change} -${changes.remove}`;
      return row;
    },
  };
}

// ---------------------------------------------------------------- report
function table(rows: Row[]): string {
  const head = ['stack', 'synth', 'init', 'validate', 'plan', 'changes', 'warnings'];
  const data = rows.map((r) => [
    r.name,
    r.synth || '-',
    r.init || '-',
    r.validate || '-',
    r.plan || '-',
    r.changes || '-',
    r.warnings && r.warnings.length ? `${r.warnings.length}${r.allowed ? ` (${r.allowed} allowed)` : ''}` : '0',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...data.map((d) => String(d[i]).length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
  return [fmt(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...data.map(fmt)].join('\n');
}

// ---------------------------------------------------------------- main
(async () => {
  const t0 = Date.now();
  const tc = loadToolchain();
  let allow: AllowEntry[];
  try {
    allow = loadAllowlist();
  } catch (e) {
    console.error(`VALIDATION FAILED: ${message(e)}`);
    process.exit(1);
  }
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'logs'), { recursive: true });

  const rows: Row[] = [];
  let stacks: Stack[];
  try {
    stacks = collectStacks(rows);
  } catch (e) {
    console.error(`VALIDATION FAILED: ${message(e)}`);
    process.exit(1);
  }

  const env = tofuEnv(tc.cliConfig);
  const notes = new Set<string>();
  const kc = kubeconfig();
  env.KUBE_CONFIG_PATH = kc.path;
  delete env.KUBE_CONFIG_PATHS;
  // stacks that set config_path = "~/.kube/config" (as the examples do) get the same kubeconfig through a
  // private HOME, so the user's real ~/.kube/config is never read
  const home = path.join(WORK, 'home');
  fs.mkdirSync(path.join(home, '.kube'), { recursive: true });
  fs.copyFileSync(kc.path, path.join(home, '.kube', 'config'));
  env.HOME = home;

  for (const s of stacks) {
    log(`stack ${s.name}: init, validate`);
    const res = runStack(tc, s, allow, env);
    if (!('planNext' in res)) {
      rows.push(res);
      continue;
    }
    const { row } = res;
    const planEnv = env;
    if (row.docker) {
      try {
        const d = await ensureDocker();
        planEnv.DOCKER_HOST = d.host;
        notes.add(`docker: ${d.note}`);
      } catch (e) {
        row.plan = 'FAIL';
        row.failures.push(`plan: no Docker engine: ${message(e)}`);
        rows.push(row);
        continue;
      }
    }
    if (row.k8s)
      notes.add(`kubernetes: ${kc.note}; KUBE_CONFIG_PATH and ~/.kube/config (HOME=${path.relative(ROOT, home)}) both point to it`);
    log(`stack ${s.name}: plan`);
    rows.push(res.planNext());
  }
  stopDocker();

  const failed = rows.filter((r) => r.failures.length);
  console.log(`\n${table(rows)}`);
  for (const n of notes) console.log(`  ${n}`);
  if (rows.some((r) => r.providers))
    console.log(`  providers: ${[...new Set(rows.map((r) => r.providers).filter(Boolean))].join(', ')}  (tofu: ${tc.tofu})`);
  for (const r of rows) if (r.note) console.log(`  ${r.name}: ${r.note}`);
  for (const e of allow) if (!e.used && !selfTest) console.log(`  note: allow-list line ${e.line} matched nothing: ${e.src}`);
  for (const r of failed) {
    console.log(`\n--- ${r.name} FAILED${r.log ? ` (logs: ${path.relative(ROOT, r.log)})` : ''}`);
    for (const f of r.failures) console.log(`  * ${f}`);
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);

  if (selfTest) {
    let proven = 0;
    for (const t of SELF_TESTS) {
      const r = rows.find((x) => x.name === t.name);
      if (r && t.proven(r)) {
        proven++;
        console.log(`\nself-test ${t.name}: rejected as it must be: ${t.expected}.`);
        continue;
      }
      console.log(
        r && !r.failures.length
          ? `\nself-test ${t.name}: PASSED validation, but ${t.expected} was expected — the check cannot catch it.`
          : `\nself-test ${t.name}: failed, but not as expected (${t.expected}); see above, so the check was not proven.`,
      );
    }
    if (proven === SELF_TESTS.length) {
      console.log(`\nSELF-TEST PASSED in ${secs}s: every fixture was rejected for the reason it exists.`);
      process.exit(0);
    }
    console.log(`\nSELF-TEST FAILED: ${SELF_TESTS.length - proven} of ${SELF_TESTS.length} fixture(s) not rejected as expected.`);
    process.exit(1);
  }
  if (failed.length || !rows.length) {
    console.log(`\nVALIDATION FAILED: ${failed.length} of ${rows.length} stack(s) failed (${secs}s).`);
    process.exit(1);
  }
  console.log(`\nVALIDATION PASSED: ${rows.length} stack(s) synthesized, initialized, validated and planned offline (${secs}s).`);
  process.exit(0);
})().catch((e) => {
  console.error(`VALIDATION FAILED: ${e instanceof Error ? e.stack : e}`);
  process.exit(1);
});

// The user's wall time: `npx cdktf synth` of the quick start (CLI included) with the app command of cdktf.json
// and with the one it replaced, and `tofu plan` of the 100-cluster stacks (the bench rows docker-100 and
// kubernetes-100) with the project's toolchain.
//
//   npm run bench:wall                 # print the tables (medians of WALL_REPS runs, default 5)
//
// Env: WALL_REPS; CDKTF_DEBEZIUM_CACHE (the toolchain of scripts/toolchain.sh is read from <cache>/toolchain,
// default ~/.cache/cdktf-debezium-connect); WALL_SKIP_PLAN=1 (only the synth rows). The Docker plan runs against
// the project's private engine (scripts/dockerd.sh start); the Kubernetes plan with a kubeconfig whose API
// server is https://127.0.0.1:1 (a plan of new typed resources makes no API call; any call would fail it).
// Measures only: nothing here asserts a time.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { readToolchainEnv, tofuEnv, writeUnreachableKubeconfig } from '../scripts/toolchain-env';
import { median, ROOT } from './common';

const REPS = Number(process.env.WALL_REPS ?? 5);
const CACHE = process.env.CDKTF_DEBEZIUM_CACHE || path.join(os.homedir(), '.cache', 'cdktf-debezium-connect');
/** The quick start's app command before examples/run.js (cdktf.json until this benchmark's change). */
const PREVIOUS_APP = 'npx ts-node --transpile-only examples/docker-quickstart/main.ts';

/** Runs a command REPS times; returns the median wall time in seconds and the peak RSS (MB) of the last run. */
function timeCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): { s: number; rssMb: number } {
  const times: number[] = [];
  let rssMb = 0;
  for (let i = 0; i < REPS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (r.status !== 0)
      throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-5).join(' | ')}`);
    rssMb = Number((r.stderr || '').trim().split('\n').pop()) / 1024;
  }
  return { s: median(times), rssMb };
}

function stackJson(outdir: string): string {
  const stacks = path.join(outdir, 'stacks');
  return fs
    .readdirSync(stacks)
    .sort()
    .map((s) => fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf8'))
    .join('\n');
}

function synthRows(work: string): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app as string;
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' };
  const rows: string[] = [];
  const outs: string[] = [];
  for (const [label, command] of [
    ['before', PREVIOUS_APP],
    ['now', app],
  ]) {
    const out = path.join(work, `synth-${label}`);
    // One untimed run first: the compiled-JS cache of examples/run.js is filled once per source change.
    execFileSync('npx', ['cdktf', 'synth', '--app', command, '--output', out], { cwd: ROOT, env, stdio: 'ignore' });
    const cli = timeCommand('npx', ['cdktf', 'synth', '--app', command, '--output', out], env);
    const [bin, ...args] = command.split(' ');
    const alone = timeCommand(bin, args, { ...env, CDKTF_OUTDIR: path.join(work, `app-${label}`) });
    outs.push(stackJson(out));
    rows.push(`| ${label} | \`${command}\` | ${cli.s.toFixed(2)} | ${alone.s.toFixed(2)} | ${alone.rssMb.toFixed(0)} |`);
  }
  const same = outs[0] === outs[1] ? 'identical cdk.tf.json' : 'DIFFERENT cdk.tf.json';
  return [
    `\`npx cdktf synth\` of the quick start (${REPS} runs each, medians; ${same} from both app commands):`,
    '',
    '| app command | | `npx cdktf synth` s | app alone s | app peak RSS MB |',
    '|---|---|---:|---:|---:|',
    ...rows,
  ];
}

function planRows(work: string): string[] {
  const tc = readToolchainEnv(path.join(CACHE, 'toolchain'));
  const dockerHost = execFileSync('bash', [path.join(ROOT, 'scripts', 'dockerd.sh'), 'env'], { encoding: 'utf8' })
    .replace(/^export DOCKER_HOST=/, '')
    .trim();
  execFileSync('bash', [path.join(ROOT, 'scripts', 'dockerd.sh'), 'start'], { stdio: 'ignore' });
  const home = path.join(work, 'home');
  fs.mkdirSync(path.join(home, '.kube'), { recursive: true });
  const kc = path.join(work, 'kubeconfig-unreachable.yaml');
  writeUnreachableKubeconfig(kc);
  fs.copyFileSync(kc, path.join(home, '.kube', 'config'));
  const env = { ...tofuEnv(tc.cliConfig), DOCKER_HOST: dockerHost, KUBE_CONFIG_PATH: kc, HOME: home };
  const library = require('./scenarios/library') as typeof import('./scenarios/library');
  const rows: string[] = [];
  for (const row of ['docker-100', 'kubernetes-100']) {
    library.preload(row);
    const outdir = path.join(work, row);
    const app = new App({ outdir });
    library.build(app, row);
    app.synth();
    const dir = path.join(outdir, 'stacks', 'bench');
    const resources = Object.values(
      JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')).resource as Record<string, object>,
    ).reduce((n, byName) => n + Object.keys(byName).length, 0);
    execFileSync(tc.tofu, ['init', '-input=false'], { cwd: dir, env, stdio: 'ignore' });
    const plan = timeCommand(tc.tofu, ['plan', '-input=false', '-lock=false', '-out=plan.bin'], env, dir);
    const summary = execFileSync(tc.tofu, ['show', '-json', 'plan.bin'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const creates = (JSON.parse(summary).resource_changes as { change: { actions: string[] } }[]).filter((c) =>
      c.change.actions.includes('create'),
    ).length;
    rows.push(`| ${row} | ${resources} | ${creates} to add | ${plan.s.toFixed(1)} | ${plan.rssMb.toFixed(0)} |`);
  }
  const version = execFileSync(tc.tofu, ['version'], { encoding: 'utf8', env }).split('\n')[0];
  return [
    `\`tofu plan -input=false -lock=false -out=plan.bin\` of the 100-cluster stacks, empty state (${version}; providers ${tc.providers
      .map((p) => `${p.address.split('/').slice(1).join('/')} ${p.version}`)
      .join(', ')}; ${REPS} runs each, medians):`,
    '',
    '| stack | resources | plan | `tofu plan` s | tofu peak RSS MB |',
    '|---|---:|---|---:|---:|',
    ...rows,
  ];
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-debezium-wall-'));
  try {
    const lines = [...synthRows(work)];
    if (process.env.WALL_SKIP_PLAN !== '1') lines.push('', ...planRows(work));
    const load = os.loadavg().map((l) => l.toFixed(2));
    lines.push(
      '',
      `Measured ${new Date().toISOString()} on ${os.cpus().length} cores, node ${process.version}; load average at the end: ${load.join(' / ')}.`,
    );
    console.log(lines.join('\n'));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();

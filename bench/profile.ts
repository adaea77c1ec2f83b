// Where synthesis spends its time: a row of the benchmark under `node --cpu-prof`, library and baseline side by
// side, restricted to the timed region (construction and app.synth()).
//
//   npm run bench:profile -- docker-100 [kubernetes-production …]
//
// Env: PROFILE_REPS (profiled processes per side, default 3; their samples are summed and divided by the count),
// PROFILE_INTERVAL_US (sampling interval, default 100), PROFILE_TOP (frames listed, default 12).
// Uses the transpiled copy npm run bench leaves in node_modules/.cache/cdktf-debezium-connect-bench (run
// `BENCH_REPS=1 npm run bench` first after a source change). Measures only.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUILD, runChild } from './common';

const REPS = Number(process.env.PROFILE_REPS ?? 3);
const INTERVAL = Number(process.env.PROFILE_INTERVAL_US ?? 100);
const TOP = Number(process.env.PROFILE_TOP ?? 12);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What a frame belongs to: the library (src/, examples/), the baseline's code, cdktf, the providers, … */
function category(url: string, fn: string): string {
  if (/-bench\/(src|examples)\//.test(url)) return 'library';
  if (/-bench\/bench\//.test(url)) return 'baseline code';
  if (/provider-(docker|kubernetes)/.test(url)) return 'provider bindings';
  if (/node_modules\/cdktf\//.test(url)) return 'cdktf';
  if (/node_modules\/constructs\//.test(url)) return 'constructs';
  if (url === '') return fn.startsWith('(') ? fn : 'V8 builtins';
  if (url.startsWith('node:')) return 'node internals (stack traces, hashing, fs)';
  return 'other modules';
}

function frameName(n: ProfileNode): string {
  const url = n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*-bench\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}${url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
}

/** Self time (ms per process) by category and by frame, over the samples inside the timed region. */
function analyse(files: string[]): { total: number; byCategory: Map<string, number>; byFrame: Map<string, number> } {
  const byCategory = new Map<string, number>();
  const byFrame = new Map<string, number>();
  let total = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const file of files) {
    const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const inRegion = new Map<number, boolean>();
    const timed = (id: number): boolean => {
      const known = inRegion.get(id);
      if (known !== undefined) return known;
      const f = byId.get(id)!.callFrame;
      const root =
        (f.functionName === 'build' && /bench\/scenarios\//.test(f.url)) ||
        (f.functionName === 'synth' && /cdktf\/lib\/app\.js/.test(f.url));
      const up = parent.get(id);
      const r = root || (up !== undefined && timed(up));
      inRegion.set(id, r);
      return r;
    };
    // A garbage-collector sample has no stack: it counts where the sample before it was.
    let previous = false;
    p.samples.forEach((id, i) => {
      const n = byId.get(id)!;
      const inside = n.callFrame.functionName === '(garbage collector)' ? previous : timed(id);
      previous = inside;
      if (!inside) return;
      const ms = (p.timeDeltas[i + 1] ?? 0) / 1000 / files.length;
      total += ms;
      add(byCategory, category(n.callFrame.url, n.callFrame.functionName), ms);
      add(byFrame, frameName(n), ms);
    });
  }
  return { total, byCategory, byFrame };
}

function profileSide(row: string, side: 'library' | 'baseline', dir: string): string[] {
  const out = path.join(dir, `${row}-${side}`);
  fs.mkdirSync(out, { recursive: true });
  for (let i = 0; i < REPS; i++) {
    runChild(row, side, path.join(dir, 'out'), { nodeFlags: ['--cpu-prof', `--cpu-prof-interval=${INTERVAL}`, `--cpu-prof-dir=${out}`] });
  }
  return fs.readdirSync(out).map((f) => path.join(out, f));
}

function main(): void {
  const rows = process.argv.slice(2);
  if (rows.length === 0 || !fs.existsSync(path.join(BUILD, 'bench', 'child.js'))) {
    console.error('usage: npm run bench:profile -- <row> [row …]   (after `BENCH_REPS=1 npm run bench`, which transpiles the sources)');
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-debezium-profile-'));
  try {
    for (const row of rows) {
      const lib = analyse(profileSide(row, 'library', dir));
      const base = analyse(profileSide(row, 'baseline', dir));
      const cats = [...new Set([...lib.byCategory.keys(), ...base.byCategory.keys()])].sort(
        (a, b) => (lib.byCategory.get(b) ?? 0) - (lib.byCategory.get(a) ?? 0),
      );
      const f = (x: number | undefined) => (x ?? 0).toFixed(1);
      console.log(
        `\n#### ${row}: self time in the timed region, ms per process (${REPS} profiled processes per side, ${INTERVAL} µs sampling)\n`,
      );
      console.log('| category | library | baseline | difference |\n|---|---:|---:|---:|');
      for (const c of cats)
        console.log(
          `| ${c} | ${f(lib.byCategory.get(c))} | ${f(base.byCategory.get(c))} | ${f((lib.byCategory.get(c) ?? 0) - (base.byCategory.get(c) ?? 0))} |`,
        );
      console.log(`| **total** | ${f(lib.total)} | ${f(base.total)} | ${f(lib.total - base.total)} |`);
      console.log(`\nTop ${TOP} frames of the library side (self ms per process; the baseline's, where the same frame runs there):\n`);
      console.log('| frame | library | baseline |\n|---|---:|---:|');
      for (const [k, v] of [...lib.byFrame].sort((a, b) => b[1] - a[1]).slice(0, TOP))
        console.log(`| \`${k}\` | ${f(v)} | ${f(base.byFrame.get(k))} |`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();

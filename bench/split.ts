// Where a row's synth time goes: construction and app.synth() timed apart, library and baseline interleaved in
// fresh processes, four ways — as `npm run bench` runs them; with `node --no-lazy` (every function compiled at
// load, outside the timed region, so construction without compiling); with only the row's own code (library,
// example, baseline) compiled at load and cdktf and the providers as always (child.ts's `precompiled` mode: what
// is left over the baseline is the library's work, not V8 compiling it); with a garbage collection forced
// between the two phases (synth without the heap construction left) — and V8's precise coverage of the timed
// region (which functions ran, how much source V8 compiled for them, how much of it never ran).
//
//   npm run bench:split -- quickstart kubernetes-production
//
// Env: SPLIT_REPS (processes per side and way, default 9). Measures only: prints markdown, asserts nothing.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CoverageSummary } from './coverage';
import { median, runChild, transpile } from './common';

const REPS = Number(process.env.SPLIT_REPS ?? 9);
const ROWS = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['quickstart', 'kubernetes-production'];
const SIDES = ['library', 'baseline'] as const;
type Side = (typeof SIDES)[number];

const WAYS = {
  plain: { flags: [] as string[], mode: 'plain' },
  noLazy: { flags: ['--no-lazy'], mode: 'plain' },
  precompiled: { flags: [] as string[], mode: 'precompiled' },
  gc: { flags: ['--expose-gc'], mode: 'gc' },
};
type Way = keyof typeof WAYS;

/** child.ts's two parts of the timed region, and the whole process up to the end of synth. */
interface Times {
  constructMs: number;
  appSynthMs: number;
  processMs: number;
}

function child<T>(row: string, side: Side, way: { flags: string[]; mode: string }): T {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-split-'));
  try {
    return runChild<T>(row, side, outdir, { nodeFlags: way.flags, mode: way.mode });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const f1 = (x: number) => x.toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

transpile();
const times: string[] = [];
const processes: string[] = [];
const coverage: string[] = [];
for (const row of ROWS) {
  const runs: Record<Way, Record<Side, Times[]>> = {
    plain: { library: [], baseline: [] },
    noLazy: { library: [], baseline: [] },
    precompiled: { library: [], baseline: [] },
    gc: { library: [], baseline: [] },
  };
  for (let i = 0; i < REPS; i++) {
    for (const way of Object.keys(WAYS) as Way[]) {
      for (const side of SIDES) runs[way][side].push(child<Times>(row, side, WAYS[way]));
    }
  }
  const pair = (way: Way, phase: keyof Times) =>
    `${f1(median(runs[way].library.map((t) => t[phase])))} / ${f1(median(runs[way].baseline.map((t) => t[phase])))}`;
  // The timed region (construction and synth) of each process, and the ratio of the two sides' medians.
  const whole = (way: Way, side: Side) => median(runs[way][side].map((t) => t.constructMs + t.appSynthMs));
  const region = (way: Way) =>
    `${f1(whole(way, 'library'))} / ${f1(whole(way, 'baseline'))} (${(whole(way, 'library') / whole(way, 'baseline')).toFixed(2)})`;
  times.push(
    `| ${row} | ${pair('plain', 'constructMs')} | ${pair('plain', 'appSynthMs')} | ${region('plain')} | ${pair('noLazy', 'constructMs')} | ` +
      `${pair('precompiled', 'constructMs')} | ${region('precompiled')} | ${pair('gc', 'appSynthMs')} |`,
  );
  processes.push(`| ${row} | ${pair('plain', 'processMs')} | ${pair('precompiled', 'processMs')} |`);
  for (const side of SIDES) {
    const c = child<{ coverage: CoverageSummary }>(row, side, { flags: [], mode: 'coverage' }).coverage;
    const lib = c.library ?? { functions: 0, bytes: 0, untakenBytes: 0 };
    const own = c.row ?? { functions: 0, bytes: 0, untakenBytes: 0 };
    coverage.push(
      `| ${row} | ${side} | ${lib.functions} | ${kb(lib.bytes)} | ${kb(lib.untakenBytes)} | ${own.functions} | ${kb(own.bytes)} | ${kb(own.untakenBytes)} |`,
    );
  }
}

const [load1, load5, load15] = os.loadavg();
process.stdout.write(
  [
    `Medians of ${REPS} fresh processes per side and way, library and baseline interleaved; node ${process.version}, ` +
      `${os.cpus().length} cores; load average at the end ${f1(load1)} / ${f1(load5)} / ${f1(load15)}.`,
    '',
    '| row | construction, library / baseline ms | synth, library / baseline ms | both (ratio) | construction with `--no-lazy` | ' +
      'construction, own code compiled at load | both, own code compiled at load (ratio) | synth after a forced GC |',
    '|---|---|---|---|---|---|---|---|',
    ...times,
    '',
    'Whole processes (node start-up, loading, synth), as measured and with the own code compiled at load:',
    '',
    '| row | process, library / baseline ms | process, own code compiled at load |',
    '|---|---|---|',
    ...processes,
    '',
    'Precise coverage of the timed region (one process per side): the functions that ran in it, their own source',
    '(without the functions nested in them) and the part of it in blocks that never ran.',
    '',
    '| row | side | library (src/) functions | KB | never-run KB | own code of the row (examples/, bench/) functions | KB | never-run KB |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...coverage,
    '',
  ].join('\n'),
);

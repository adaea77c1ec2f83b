// Where a row's synth time goes: construction and app.synth() timed apart, library and baseline interleaved in
// fresh processes, three ways — as `npm run bench` runs them; with `node --no-lazy` (every function compiled at
// load, outside the timed region, so construction without compiling); with a garbage collection forced between
// the two phases (synth without the heap construction left) — and V8's precise coverage of the timed region
// (which functions ran, how much source V8 compiled for them, how much of it never ran).
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
  gc: { flags: ['--expose-gc'], mode: 'gc' },
};
type Way = keyof typeof WAYS;

/** child.ts's two parts of the timed region. */
interface Times {
  constructMs: number;
  appSynthMs: number;
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
const coverage: string[] = [];
for (const row of ROWS) {
  const runs: Record<Way, Record<Side, Times[]>> = {
    plain: { library: [], baseline: [] },
    noLazy: { library: [], baseline: [] },
    gc: { library: [], baseline: [] },
  };
  for (let i = 0; i < REPS; i++) {
    for (const way of Object.keys(WAYS) as Way[]) {
      for (const side of SIDES) runs[way][side].push(child<Times>(row, side, WAYS[way]));
    }
  }
  const pair = (way: Way, phase: keyof Times) =>
    `${f1(median(runs[way].library.map((t) => t[phase])))} / ${f1(median(runs[way].baseline.map((t) => t[phase])))}`;
  times.push(
    `| ${row} | ${pair('plain', 'constructMs')} | ${pair('plain', 'appSynthMs')} | ${pair('noLazy', 'constructMs')} | ${pair('gc', 'appSynthMs')} |`,
  );
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
    '| row | construction, library / baseline ms | synth, library / baseline ms | construction with `--no-lazy` | synth after a forced GC |',
    '|---|---|---|---|---|',
    ...times,
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

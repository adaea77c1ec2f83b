// One process of bench/split.ts: `node [--no-lazy] [--expose-gc] split-child.js <row> <library|baseline> <outdir> <mode>`.
// Times construction and app.synth() apart; prints one JSON line. Modes:
//   plain     as bench/child.ts, the two phases timed apart;
//   gc        a garbage collection forced between them (node --expose-gc), not timed;
//   coverage  V8's precise coverage of the timed region instead of times: the functions that ran and their source.
import * as inspector from 'inspector';
import * as path from 'path';
import { performance } from 'perf_hooks';

const [row, variant, outdir, mode] = process.argv.slice(2);

const side = (variant === 'library' ? require('./scenarios/library') : require('./scenarios/baseline')) as {
  preload(row: string): void;
  build(app: import('cdktf').App, row: string): void;
};
const { App } = require('cdktf') as typeof import('cdktf');
side.preload(row);

/** Construction, then synth: the timed region of bench/child.ts, cut in two. */
function timed(): { constructMs: number; synthMs: number } {
  const t0 = performance.now();
  const app = new App({ outdir });
  side.build(app, row);
  const t1 = performance.now();
  if (mode === 'gc') (global as unknown as { gc(): void }).gc();
  const t2 = performance.now();
  app.synth();
  return { constructMs: t1 - t0, synthMs: performance.now() - t2 };
}

interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface ScriptCoverage {
  url: string;
  functions: { functionName: string; ranges: CoverageRange[] }[];
}

/** Who owns a transpiled file: the library (src/), or the row's own code (examples/, bench/). */
function owner(url: string): 'library' | 'row' | undefined {
  const build = path.resolve(__dirname, '..');
  const file = url.startsWith('file://') ? url.slice('file://'.length) : url;
  if (!file.startsWith(build + path.sep)) return undefined;
  return file.slice(build.length + 1).startsWith(`src${path.sep}`) ? 'library' : 'row';
}

/**
 * Per owner: the functions that ran, their source (a function's own text, without the functions nested in it,
 * which V8 compiles on their own first call) and how much of that source sits in blocks that never ran.
 */
function summarize(result: ScriptCoverage[]): Record<string, { functions: number; bytes: number; untakenBytes: number }> {
  const out: Record<string, { functions: number; bytes: number; untakenBytes: number }> = {};
  for (const script of result) {
    const who = owner(script.url);
    if (!who) continue;
    const sums = (out[who] ??= { functions: 0, bytes: 0, untakenBytes: 0 });
    const all = script.functions.map((f) => f.ranges[0]);
    for (const f of script.functions) {
      const whole = f.ranges[0];
      // The module wrapper runs at load, outside the timed region.
      if (whole.count === 0 || whole.startOffset === 0) continue;
      const inner = all.filter((r) => r !== whole && r.startOffset >= whole.startOffset && r.endOffset <= whole.endOffset);
      const outermost = inner.filter((r) => !inner.some((o) => o !== r && o.startOffset <= r.startOffset && o.endOffset >= r.endOffset));
      const size = (r: CoverageRange) =>
        r.endOffset -
        r.startOffset -
        outermost
          .filter((n) => n.startOffset >= r.startOffset && n.endOffset <= r.endOffset)
          .reduce((a, n) => a + n.endOffset - n.startOffset, 0);
      sums.functions += 1;
      sums.bytes += size(whole);
      for (const block of f.ranges.slice(1)) if (block.count === 0) sums.untakenBytes += Math.max(0, size(block));
    }
  }
  return out;
}

if (mode === 'coverage') {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true }, () => {
    // Counts start from here: what loading ran is not the timed region's.
    session.post('Profiler.takePreciseCoverage', () => {
      timed();
      session.post('Profiler.takePreciseCoverage', (err, data) => {
        if (err) throw err;
        process.stdout.write(JSON.stringify({ coverage: summarize((data as { result: ScriptCoverage[] }).result) }) + '\n');
      });
    });
  });
} else {
  process.stdout.write(JSON.stringify(timed()) + '\n');
}

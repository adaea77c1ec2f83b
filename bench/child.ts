// One measurement in a fresh process: `node [flags] child.js <row> <library|baseline> <outdir> [mode]`.
// Prints one JSON line. Run from a transpiled copy by bench.ts, profile.ts and split.ts (runChild in common.ts).
// Modes:
//   plain     (default) the timed region (construction and app.synth()), its two parts, peak RSS, process time;
//   gc        the same with a garbage collection forced between the two parts (node --expose-gc), not timed;
//   coverage  V8's precise coverage of the timed region instead of times (coverage.ts).
import { performance } from 'perf_hooks';

const [row, variant, outdir, mode = 'plain'] = process.argv.slice(2);

const side = (variant === 'library' ? require('./scenarios/library') : require('./scenarios/baseline')) as {
  preload(row: string): void;
  build(app: import('cdktf').App, row: string): void;
};

const { App } = require('cdktf') as typeof import('cdktf');
side.preload(row);

/** synthMs: the timed region; constructMs and appSynthMs: its two parts (the forced GC of mode gc is in neither). */
function timed(): { synthMs: number; constructMs: number; appSynthMs: number } {
  const t0 = performance.now();
  const app = new App({ outdir });
  side.build(app, row);
  const t1 = performance.now();
  if (mode === 'gc') (global as unknown as { gc(): void }).gc();
  const t2 = performance.now();
  app.synth();
  const t3 = performance.now();
  return { synthMs: t1 - t0 + (t3 - t2), constructMs: t1 - t0, appSynthMs: t3 - t2 };
}

if (mode === 'coverage') {
  // Required here only: the other modes load nothing that the timed processes of npm run bench did not.
  const inspector = require('inspector') as typeof import('inspector');
  const { summarize } = require('./coverage') as typeof import('./coverage');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true }, () => {
    // Counts start from here: what loading ran is not the timed region's.
    session.post('Profiler.takePreciseCoverage', () => {
      timed();
      session.post('Profiler.takePreciseCoverage', (err, data) => {
        if (err) throw err;
        process.stdout.write(
          JSON.stringify({ coverage: summarize((data as { result: import('./coverage').ScriptCoverage[] }).result) }) + '\n',
        );
      });
    });
  });
} else {
  const loadedMs = performance.now();
  const t = timed();
  process.stdout.write(
    JSON.stringify({
      ...t,
      // Time from process start to the end of synth: node start-up, module loading and synth.
      processMs: performance.now(),
      loadMs: loadedMs,
      maxRssKb: process.resourceUsage().maxRSS,
    }) + '\n',
  );
}

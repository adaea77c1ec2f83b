// One measurement in a fresh process: `node [flags] child.js <row> <library|baseline> <outdir> [mode]`.
// Prints one JSON line. Run from a transpiled copy by bench.ts, profile.ts and split.ts (runChild in common.ts).
// Modes:
//   plain     (default) the timed region (construction and app.synth()), its two parts, peak RSS, process time;
//   gc        the same with a garbage collection forced between the two parts (node --expose-gc), not timed;
//   coverage  V8's precise coverage of the timed region instead of times (coverage.ts);
//   precompiled  the same times as plain, but the row's own code (the transpiled src/, examples/ and bench/) is
//             compiled whole when it loads, where V8 otherwise compiles each function at its first call; cdktf,
//             constructs and the providers load as always. What is left over the baseline is the library's work.
import { performance } from 'perf_hooks';

const [row, variant, outdir, mode = 'plain'] = process.argv.slice(2);

if (mode === 'precompiled') {
  // V8 reads its `lazy` flag when it compiles a script: on for everything but the own files' module code.
  // A module's code runs (and requires others) after it is compiled, so every require turns the flag back on.
  const v8 = require('v8') as typeof import('v8');
  const path = require('path') as typeof import('path');
  const Module = require('module') as unknown as {
    prototype: { _compile(content: string, filename: string): unknown; require(id: string): unknown };
  };
  const ownDir = path.resolve(__dirname, '..') + path.sep;
  const ownFile = (file: string) => file.startsWith(ownDir) && !file.includes(`${path.sep}node_modules${path.sep}`, ownDir.length);
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content: string, filename: string) {
    if (ownFile(filename)) v8.setFlagsFromString('--no-lazy');
    try {
      return compile.call(this, content, filename);
    } finally {
      v8.setFlagsFromString('--lazy');
    }
  };
  const load = Module.prototype.require;
  Module.prototype.require = function (id: string) {
    v8.setFlagsFromString('--lazy');
    return load.call(this, id);
  };
}

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

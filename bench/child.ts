// One measurement in a fresh process: `node child.js <row> <library|baseline> <outdir>`.
// Prints one JSON line: synth time, peak RSS, resource count. Run by bench.ts from a transpiled copy.
import { performance } from 'perf_hooks';

const [row, variant, outdir] = process.argv.slice(2);

const side = (variant === 'library' ? require('./scenarios/library') : require('./scenarios/baseline')) as {
  preload(row: string): void;
  build(app: import('cdktf').App, row: string): void;
};

const { App } = require('cdktf') as typeof import('cdktf');
side.preload(row);

const loadedMs = performance.now();
const t0 = performance.now();
const app = new App({ outdir });
side.build(app, row);
app.synth();
const synthMs = performance.now() - t0;

process.stdout.write(
  JSON.stringify({
    synthMs,
    // Time from process start to the end of synth: node start-up, module loading and synth.
    processMs: performance.now(),
    loadMs: loadedMs,
    maxRssKb: process.resourceUsage().maxRSS,
  }) + '\n',
);

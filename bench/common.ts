// What the benchmark scripts share: where the repository and the transpiled copy are, the one transpiler, and
// the median.
import { spawnSync } from 'child_process';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..');
/** The transpiled copy of src/, examples/ and bench/: inside node_modules, so bare requires (cdktf, providers) resolve. */
export const BUILD = path.join(ROOT, 'node_modules', '.cache', 'cdktf-debezium-connect-bench');

/**
 * Brings BUILD up to date (no type check, as ts-node --transpile-only; the shell scripts copied beside the
 * loader, as in the package) with the app command's transpiler, examples/run.js: only what changed is redone.
 */
export function transpile(): void {
  (require('../examples/run.js') as { sync(root: string, cacheDir: string, dirs: string[]): string[] }).sync(ROOT, BUILD, [
    'src',
    'examples',
    'bench',
  ]);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs bench/child.js of the transpiled copy in a fresh node (with `nodeFlags`, in `mode`: see child.ts) and
 * returns the JSON line it prints last. Every script measures through this one, so all run the child alike.
 */
export function runChild<T = Record<string, unknown>>(
  row: string,
  variant: 'library' | 'baseline',
  outdir: string,
  opts: { nodeFlags?: string[]; mode?: string } = {},
): T {
  const r = spawnSync(
    process.execPath,
    [...(opts.nodeFlags ?? []), path.join(BUILD, 'bench', 'child.js'), row, variant, outdir, ...(opts.mode ? [opts.mode] : [])],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) {
    const err = (r.stderr || r.stdout || '').trim().split('\n');
    throw new Error(`${row} ${variant}: ${err.find((l) => /Error|error/.test(l)) ?? err.slice(-3).join(' ')}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as T;
}

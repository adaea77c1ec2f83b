// What the benchmark scripts share: where the repository and the transpiled copy are, the one transpiler, and
// the median.
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

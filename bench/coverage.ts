// V8's precise coverage of bench/child.ts's timed region (its `coverage` mode), summed per owner of the code.
import * as path from 'path';

interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}
export interface ScriptCoverage {
  url: string;
  functions: { functionName: string; ranges: CoverageRange[] }[];
}

/** Per owner (`library`, `row`): functions that ran, their own source in bytes, and the part of it never run. */
export type CoverageSummary = Record<string, { functions: number; bytes: number; untakenBytes: number }>;

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
export function summarize(result: ScriptCoverage[]): CoverageSummary {
  const out: CoverageSummary = {};
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

// Synthesis benchmarks: the library against a hand-written baseline of the same provider resources.
//
//   npx ts-node --transpile-only bench/bench.ts            # print the table
//   npx ts-node --transpile-only bench/bench.ts --write    # … and write BENCHMARKS.md
//
// Env: BENCH_REPS (repetitions per side and row, default 5), BENCH_ROWS (comma-separated subset of rows).
// Every measurement runs in a fresh `node` process on a transpiled copy of src/, examples/ and bench/, so
// peak RSS is per row and no TypeScript compilation is timed. Medians are reported.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUILD, median, ROOT, runChild, transpile } from './common';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const IMPORT_REPS = Number(process.env.BENCH_IMPORT_REPS ?? 15);
const WRITE = process.argv.includes('--write');
const COUNTS = [1, 10, 100];
const ALL_ROWS = ['quickstart', 'kubernetes-production', ...COUNTS.map((n) => `docker-${n}`), ...COUNTS.map((n) => `kubernetes-${n}`)];
const ROWS = process.env.BENCH_ROWS ? process.env.BENCH_ROWS.split(',').map((s) => s.trim()) : ALL_ROWS;

const TARGETS = {
  ratio: 1.1,
  hundredClustersMs: 5000,
  importOverCdktfMs: 150,
  /** Marginal cost per cluster from 10→100 vs 1→10: linear growth keeps it near 1. */
  marginalGrowth: 1.5,
};

interface Sample {
  synthMs: number;
  processMs: number;
  wallMs: number;
  maxRssKb: number;
}
interface Side {
  synthMs: number;
  processMs: number;
  wallMs: number;
  rssMb: number;
}
interface Row {
  row: string;
  unavailable?: string;
  resources?: number;
  resourceTypes?: string;
  equal?: string;
  library?: Side;
  baseline?: Side;
}

function measure(row: string, variant: 'library' | 'baseline', outdir: string): Sample {
  const t0 = process.hrtime.bigint();
  const sample = runChild<Omit<Sample, 'wallMs'>>(row, variant, outdir);
  return { ...sample, wallMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

function stackFiles(outdir: string): Map<string, any> {
  const stacks = path.join(outdir, 'stacks');
  const out = new Map<string, any>();
  for (const s of fs.existsSync(stacks) ? fs.readdirSync(stacks).sort() : []) {
    out.set(s, JSON.parse(fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf8')));
  }
  return out;
}

/** The first difference between two JSON values, as a path, or undefined when they are equal. */
function firstDifference(a: any, b: any, at = '$'): string | undefined {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return at;
  if (typeof a !== 'object' || a === null) return a === b ? undefined : `${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    if (!(k in a)) return `${at}.${k} only in the baseline`;
    if (!(k in b)) return `${at}.${k} only in the library`;
    const d = firstDifference(a[k], b[k], `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

function countResources(stacks: Map<string, any>): { count: number; types: string } {
  const types = new Map<string, number>();
  for (const json of stacks.values()) {
    for (const [type, byId] of Object.entries<any>(json.resource ?? {})) types.set(type, (types.get(type) ?? 0) + Object.keys(byId).length);
  }
  return {
    count: [...types.values()].reduce((a, b) => a + b, 0),
    types: [...types].map(([t, n]) => `${n} ${t}`).join(', '),
  };
}

/** Why a row cannot run yet, or undefined. */
function unavailable(row: string): string | undefined {
  if (row === 'kubernetes-production' && !fs.existsSync(path.join(ROOT, 'examples', 'kubernetes-production', 'main.ts'))) {
    return 'examples/kubernetes-production does not exist yet';
  }
  if (row.startsWith('kubernetes')) {
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-probe-'));
    try {
      measure('kubernetes-1', 'library', probe);
    } catch (e) {
      return `the Kubernetes target fails to synthesize (${(e as Error).message.replace(/^Error: /, '').slice(0, 120)})`;
    } finally {
      fs.rmSync(probe, { recursive: true, force: true });
    }
    if (!fs.existsSync(path.join(ROOT, 'bench', 'baseline', 'kubernetes.ts')))
      return 'no hand-written Kubernetes baseline yet (bench/baseline/kubernetes.ts)';
  }
  return undefined;
}

function measureRow(row: string): Row {
  const why = unavailable(row);
  if (why) return { row, unavailable: why };
  const samples: Record<'library' | 'baseline', Sample[]> = { library: [], baseline: [] };
  let equal = '';
  let resources = 0;
  let resourceTypes = '';
  for (let rep = 0; rep < REPS; rep++) {
    // Alternate which side goes first so drifting machine load does not favour one side.
    const order: ('library' | 'baseline')[] = rep % 2 === 0 ? ['library', 'baseline'] : ['baseline', 'library'];
    const outs: Record<string, string> = {};
    for (const variant of order) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${variant}-`));
      outs[variant] = outdir;
      samples[variant].push(measure(row, variant, outdir));
    }
    if (rep === 0) {
      const lib = stackFiles(outs.library);
      const base = stackFiles(outs.baseline);
      const rl = countResources(lib);
      const rb = countResources(base);
      resources = rl.count;
      resourceTypes = rl.types;
      const diff = firstDifference(Object.fromEntries(lib), Object.fromEntries(base));
      equal =
        diff === undefined
          ? 'identical JSON'
          : rl.types === rb.types
            ? `same resources, JSON differs at ${diff}`
            : `DIFFERENT resources (baseline: ${rb.types}); first difference ${diff}`;
    }
    for (const d of Object.values(outs)) fs.rmSync(d, { recursive: true, force: true });
  }
  const side = (s: Sample[]): Side => ({
    synthMs: median(s.map((x) => x.synthMs)),
    processMs: median(s.map((x) => x.processMs)),
    wallMs: median(s.map((x) => x.wallMs)),
    rssMb: median(s.map((x) => x.maxRssKb)) / 1024,
  });
  return { row, resources, resourceTypes, equal, library: side(samples.library), baseline: side(samples.baseline) };
}

interface ImportCost {
  label: string;
  ms: number;
  rssMb: number;
}

/** Wall time of `node -e "require(x)"` (process start to exit), median over IMPORT_REPS, interleaved. */
function measureImports(): ImportCost[] {
  const cases: [string, string][] = [
    ['node (no require)', '0'],
    ["require('cdktf')", "require('cdktf')"],
    ["require('cdktf-debezium-connect') (compiled src/index)", `require(${JSON.stringify(path.join(BUILD, 'src', 'index.js'))})`],
    [
      '… plus the Docker renderer (loaded at the first Docker synth)',
      `require(${JSON.stringify(path.join(BUILD, 'src', 'index.js'))}); require(${JSON.stringify(path.join(BUILD, 'src', 'docker', 'render.js'))})`,
    ],
  ];
  const times = cases.map(() => [] as number[]);
  const rss = cases.map(() => [] as number[]);
  for (let rep = 0; rep < IMPORT_REPS; rep++) {
    cases.forEach(([, code], i) => {
      const t0 = process.hrtime.bigint();
      const out = execFileSync(process.execPath, ['-e', `${code}; process.stdout.write(String(process.resourceUsage().maxRSS))`], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      times[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
      rss[i].push(Number(out) / 1024);
    });
  }
  return cases.map(([label], i) => ({ label, ms: median(times[i]), rssMb: median(rss[i]) }));
}

const f0 = (x: number) => x.toFixed(0);
const f2 = (x: number) => x.toFixed(2);

function render(rows: Row[], imports: ImportCost[], seconds: number): string {
  const lines: string[] = [];
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
  lines.push(
    `Measured ${new Date().toISOString()} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${os.platform()} ${os.release()}; ` +
      `load average at the end (1/5/15 min): ${load}; ${REPS} repetitions per side, medians; the run took ${seconds.toFixed(0)} s.`,
  );
  lines.push('');
  lines.push(
    '| row | resources | synth ms library | synth ms baseline | ratio | peak RSS MB library | baseline | ratio | process ms library | baseline | ratio | library JSON vs baseline |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    if (r.unavailable) {
      lines.push(`| ${r.row} | not available: ${r.unavailable} | | | | | | | | | | |`);
      continue;
    }
    const l = r.library!;
    const b = r.baseline!;
    lines.push(
      `| ${r.row} | ${r.resources} | ${f0(l.synthMs)} | ${f0(b.synthMs)} | ${f2(l.synthMs / b.synthMs)} | ${f0(l.rssMb)} | ${f0(b.rssMb)} | ${f2(l.rssMb / b.rssMb)} | ${f0(l.processMs)} | ${f0(b.processMs)} | ${f2(l.processMs / b.processMs)} | ${r.equal} |`,
    );
  }
  lines.push('');
  lines.push('Growth from 1 to 100 clusters (library; baseline in parentheses):');
  lines.push('');
  lines.push('| target | synth ms 1 → 10 → 100 | ×(100/1) | ms per extra cluster 1→10 | 10→100 | marginal growth | peak RSS MB 1 → 100 |');
  lines.push('|---|---|---:|---:|---:|---:|---|');
  for (const target of ['docker', 'kubernetes']) {
    const byN = COUNTS.map((n) => rows.find((r) => r.row === `${target}-${n}`));
    if (byN.some((r) => !r || r.unavailable)) {
      lines.push(`| ${target} | not available | | | | | |`);
      continue;
    }
    const [a, b, c] = byN.map((r) => r!);
    const per = (x: Row, y: Row, dn: number, s: 'library' | 'baseline') => (y[s]!.synthMs - x[s]!.synthMs) / dn;
    const m1 = per(a, b, 9, 'library');
    const m2 = per(b, c, 90, 'library');
    lines.push(
      `| ${target} | ${f0(a.library!.synthMs)} → ${f0(b.library!.synthMs)} → ${f0(c.library!.synthMs)} (${f0(a.baseline!.synthMs)} → ${f0(b.baseline!.synthMs)} → ${f0(c.baseline!.synthMs)}) | ${f0(c.library!.synthMs / a.library!.synthMs)} | ${f2(m1)} (${f2(per(a, b, 9, 'baseline'))}) | ${f2(m2)} (${f2(per(b, c, 90, 'baseline'))}) | ${f2(m2 / m1)} | ${f0(a.library!.rssMb)} → ${f0(c.library!.rssMb)} (${f0(a.baseline!.rssMb)} → ${f0(c.baseline!.rssMb)}) |`,
    );
  }
  lines.push('');
  lines.push(`Import cost (\`node -e "require(…)"\`, whole process, median of ${IMPORT_REPS}):`);
  lines.push('');
  lines.push('| what | ms | peak RSS MB |');
  lines.push('|---|---:|---:|');
  for (const i of imports) lines.push(`| ${i.label} | ${f0(i.ms)} | ${f0(i.rssMb)} |`);
  const cdktf = imports[1].ms;
  lines.push('');
  lines.push(
    `The library adds ${f0(imports[2].ms - cdktf)} ms over \`cdktf\` alone (${f0(imports[3].ms - cdktf)} ms with the Docker renderer).`,
  );
  lines.push('');
  lines.push('Verdicts against the targets:');
  lines.push('');
  for (const v of verdicts(rows, imports)) lines.push(`- ${v}`);
  return lines.join('\n');
}

function verdicts(rows: Row[], imports: ImportCost[]): string[] {
  const out: string[] = [];
  const measured = rows.filter((r) => !r.unavailable);
  const worst = (key: 'synthMs' | 'rssMb' | 'processMs') =>
    measured.reduce<{ row: string; ratio: number } | undefined>((w, r) => {
      const ratio = r.library![key] / r.baseline![key];
      return !w || ratio > w.ratio ? { row: r.row, ratio } : w;
    }, undefined);
  for (const [key, label] of [
    ['synthMs', 'synth time'],
    ['rssMb', 'peak RSS'],
    ['processMs', 'process time'],
  ] as const) {
    const w = worst(key);
    if (!w) continue;
    const failing = measured
      .filter((r) => r.library![key] / r.baseline![key] > TARGETS.ratio)
      .map((r) => `${r.row} ${f2(r.library![key] / r.baseline![key])}`);
    out.push(
      `library/baseline ≤ ${TARGETS.ratio} (${label}): ${failing.length === 0 ? 'MET' : 'NOT MET'} — worst ${w.row} at ${f2(w.ratio)}${failing.length ? `; over the target: ${failing.join(', ')}` : ''}`,
    );
  }
  for (const target of ['docker', 'kubernetes']) {
    const r100 = rows.find((r) => r.row === `${target}-100`);
    if (!r100 || r100.unavailable) {
      out.push(
        `100 clusters under ${TARGETS.hundredClustersMs / 1000} s (${target}): not measured${r100?.unavailable ? ` — ${r100.unavailable}` : ''}`,
      );
      continue;
    }
    const l = r100.library!;
    out.push(
      `100 clusters under ${TARGETS.hundredClustersMs / 1000} s (${target}, ${r100.resources} resources): ${l.synthMs < TARGETS.hundredClustersMs ? 'MET' : 'NOT MET'} — synth ${f0(l.synthMs)} ms, whole process ${f0(l.processMs)} ms`,
    );
    const [a, b, c] = COUNTS.map((n) => rows.find((r) => r.row === `${target}-${n}`)!);
    if ([a, b].every((r) => r && !r.unavailable)) {
      const m1 = (b.library!.synthMs - a.library!.synthMs) / 9;
      const m2 = (c.library!.synthMs - b.library!.synthMs) / 90;
      out.push(
        `linear growth (${target}): ${m2 / m1 <= TARGETS.marginalGrowth ? 'MET' : 'NOT MET'} — ${f2(m1)} ms per extra cluster from 1 to 10, ${f2(m2)} ms from 10 to 100 (×${f2(m2 / m1)}; ≤ ${TARGETS.marginalGrowth} counts as linear)`,
      );
    }
  }
  const added = imports[2].ms - imports[1].ms;
  out.push(
    `library import adds < ${TARGETS.importOverCdktfMs} ms over cdktf: ${added < TARGETS.importOverCdktfMs ? 'MET' : 'NOT MET'} — ${f0(added)} ms (${f0(imports[3].ms - imports[1].ms)} ms with the Docker renderer)`,
  );
  return out;
}

function main(): void {
  const started = Date.now();
  process.stderr.write(`transpiling src/, examples/, bench/ → ${path.relative(ROOT, BUILD)}\n`);
  transpile();
  const rows: Row[] = [];
  for (const row of ROWS) {
    process.stderr.write(`${row} … `);
    const r = measureRow(row);
    process.stderr.write(
      r.unavailable
        ? `not available: ${r.unavailable}\n`
        : `library ${f0(r.library!.synthMs)} ms, baseline ${f0(r.baseline!.synthMs)} ms (${r.equal})\n`,
    );
    rows.push(r);
  }
  process.stderr.write('import cost …\n');
  const imports = measureImports();
  const table = render(rows, imports, (Date.now() - started) / 1000);
  process.stdout.write(`${table}\n`);
  if (WRITE) writeReport(table);
  if (rows.some((r) => r.equal && r.equal !== 'identical JSON')) {
    process.stderr.write('the baseline does not emit what the library emits: the comparison is not like for like\n');
    process.exitCode = 1;
  }
}

function writeReport(table: string): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const notesMarker = '<!-- notes: kept across runs -->';
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const notes = previous.includes(notesMarker) ? previous.slice(previous.indexOf(notesMarker)) : `${notesMarker}\n`;
  const command = `${process.env.BENCH_REPS ? `BENCH_REPS=${REPS} ` : ''}npx ts-node --transpile-only bench/bench.ts --write`;
  const body = [
    '# Benchmarks',
    '',
    `Produced by \`${command}\` (\`npm run bench -- --write\`). Each number is the median of fresh \`node\` processes`,
    'running a transpiled copy of the code (no TypeScript compilation is timed).',
    '',
    '- **synth ms**: constructing the app and `app.synth()` (writing cdk.tf.json), modules already loaded.',
    '- **peak RSS**: `process.resourceUsage().maxRSS` of that process.',
    '- **process ms**: process start to the end of synth (node start-up, module loading, synth): what `cdktf synth` waits for.',
    '- **baseline**: the same provider resources written by hand with `@cdktf/provider-docker/lib/<resource>` and',
    "  `@cdktf/provider-kubernetes/lib/<resource>` (bench/baseline/); the last column says whether its JSON equals the library's.",
    '- N-cluster rows: N clusters of 3 ZooKeeper nodes, 3 brokers and 2 workers in one stack (on Kubernetes, a namespace each).',
    '',
    table,
    '',
    notes.trimEnd(),
    '',
  ].join('\n');
  fs.writeFileSync(file, body);
  process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main();

// Applies a short list of edits to one of Debezium's unmodified Dockerfiles (scripts/images/build.sh).
//
// Usage: ts-node --transpile-only scripts/images/patch-dockerfile.ts UPSTREAM_DOCKERFILE EDITS_FILE > Dockerfile
//
// EDITS_FILE holds, one per block (lines starting with '#' outside a block are comments):
//   replace NEEDLE        the one instruction whose text contains NEEDLE is replaced by the lines
//   ...                   that follow, up to a line 'end' (no lines: the instruction is dropped)
//   end
//   set NAME VALUE        in the one ENV/ARG instruction that sets NAME, its value becomes VALUE
// Every edit must match exactly one instruction, or the script fails: a changed upstream file is
// noticed instead of silently built differently.
import * as fs from 'fs';

type Edit =
  | { readonly kind: 'replace'; readonly needle: string; readonly body: string[] }
  | { readonly kind: 'set'; readonly name: string; readonly value: string };
/** [first line, end line) of one instruction. */
type Range = readonly [number, number];

function fail(message: string): never {
  process.stderr.write(`patch-dockerfile: ${message}\n`);
  process.exit(1);
}

/** The line ranges of the Dockerfile's instructions (continuation lines included). */
function instructions(lines: string[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  while (i < lines.length) {
    const s = lines[i].trim();
    if (s === '' || s.startsWith('#')) {
      i++;
      continue;
    }
    let j = i;
    while (lines[j].trimEnd().endsWith('\\') && j + 1 < lines.length) j++;
    out.push([i, j + 1]);
    i = j + 1;
  }
  return out;
}

function parseEdits(text: string): Edit[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  const edits: Edit[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i++];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (line.startsWith('replace ')) {
      const body: string[] = [];
      while (i < lines.length && lines[i] !== 'end') body.push(lines[i++]);
      if (i === lines.length) fail(`'replace' without 'end': ${line}`);
      i++;
      edits.push({ kind: 'replace', needle: line.slice('replace '.length), body });
    } else if (line.startsWith('set ')) {
      const m = /^\S+\s+(\S+)\s+(\S[\s\S]*)$/.exec(line);
      if (!m) fail(`'set' needs a name and a value: ${line}`);
      edits.push({ kind: 'set', name: m[1], value: m[2] });
    } else {
      fail(`unknown edit: ${line}`);
    }
  }
  return edits;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function main(): void {
  const [srcPath, editsPath] = process.argv.slice(2);
  if (srcPath === undefined || editsPath === undefined) fail('usage: patch-dockerfile.ts UPSTREAM_DOCKERFILE EDITS_FILE');
  const lines = fs.readFileSync(srcPath, 'utf8').split('\n');
  const edits = parseEdits(fs.readFileSync(editsPath, 'utf8'));
  const text = ([start, end]: Range) => lines.slice(start, end).join('\n');
  // Edits address instructions of the original file; applied bottom-up so that the ranges stay valid.
  const planned: { range: Range; edit: Edit }[] = [];
  for (const edit of edits) {
    const ranges = instructions(lines);
    let hits: Range[];
    if (edit.kind === 'replace') {
      hits = ranges.filter((r) => text(r).includes(edit.needle));
    } else {
      const sets = new RegExp(`(^|\\s)${escapeRegExp(edit.name)}=`);
      hits = ranges.filter((r) => ['ENV', 'ARG'].includes(lines[r[0]].trim().split(/\s+/)[0]) && sets.test(text(r)));
    }
    if (hits.length !== 1)
      fail(
        `${srcPath}: edit ${edit.kind} '${edit.kind === 'replace' ? edit.needle : edit.name}' matches ${hits.length} instructions (want 1)`,
      );
    planned.push({ range: hits[0], edit });
  }
  for (const {
    range: [start, end],
    edit,
  } of [...planned].sort((a, b) => b.range[0] - a.range[0])) {
    if (edit.kind === 'replace') {
      lines.splice(start, end - start, ...edit.body);
      continue;
    }
    const assignment = new RegExp(`(^|\\s)${escapeRegExp(edit.name)}=("[^"]*"|[^\\s\\\\]+)`, 'g');
    for (let k = start; k < end; k++) {
      const changed = lines[k].replace(assignment, (_, before: string) => `${before}${edit.name}=${edit.value}`);
      if (changed !== lines[k]) {
        lines[k] = changed;
        break;
      }
    }
  }
  process.stdout.write(lines.join('\n'));
}

main();

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** Every `ts` snippet of the README runs as written (the package import mapped to src/) and synthesizes. */
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const src = path.join(__dirname, '..', 'src');

test('the README has snippets', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(6);
});

describe.each(snippets.map((s, i) => [i + 1, s] as const))('README snippet %d', (_i, snippet) => {
  test('synthesizes', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    const js = ts.transpileModule(snippet, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true } }).outputText;
    const localRequire = (id: string) => require(id === 'cdktf-debezium-connect' ? src : id);
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      new Function('require', 'module', 'exports', js)(localRequire, { exports: {} }, {});
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
    }
    const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
    expect(stacks.length).toBe(1);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stacks[0], 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.resource).length).toBeGreaterThan(0);
  });
});

// Parity of the Python binding with the TypeScript library (run by scripts/python-parity.sh, which builds the
// virtual environment): the Python examples synthesize the same JSON as the TypeScript ones, stack for stack,
// byte for byte once the output directory is normalised; an invalid prop raises the same validation error; and
// every `python` snippet of the README runs and equals its TypeScript counterpart.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { App, TerraformStack } from 'cdktf';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { ConnectCluster, Size, Target } from '../../src';
import { inPython } from '../../src/model/language';
import { apiNamesOf } from '../../src/private/api-names';

const repo = path.resolve(__dirname, '..', '..');
const python = process.argv[2];
if (!python) throw new Error('usage: parity.ts <python of the virtual environment>');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'python-parity-'));
let failures = 0;
const fail = (what: string) => {
  failures++;
  console.log(`FAIL ${what}`);
};
const pass = (what: string) => console.log(`ok   ${what}`);

/**
 * Every stack's cdk.tf.json under `outdir`, with the two paths cdktf writes into it replaced by placeholders:
 * the output directory, and the working directory (the local backend's state file path).
 */
function stacksOf(outdir: string, cwd: string): Map<string, string> {
  const stacks = new Map<string, string>();
  const dir = path.join(outdir, 'stacks');
  for (const name of fs.readdirSync(dir).sort()) {
    const text = fs.readFileSync(path.join(dir, name, 'cdk.tf.json'), 'utf8');
    const normalised = [fs.realpathSync(outdir), outdir, fs.realpathSync(cwd), cwd].reduce(
      (t, p, i) => t.split(`${p}/`).join(i < 2 ? '<outdir>/' : '<cwd>/'),
      text,
    );
    stacks.set(name, normalised);
  }
  return stacks;
}

/** The differences between two sets of stacks: missing or extra stacks, and the first differing line of each. */
function compare(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const name of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(name);
    const a = actual.get(name);
    if (e === undefined) problems.push(`stack ${name}: only in the Python output`);
    else if (a === undefined) problems.push(`stack ${name}: missing from the Python output`);
    else if (e !== a) {
      const el = e.split('\n');
      const al = a.split('\n');
      const i = el.findIndex((line, n) => line !== al[n]);
      const at = i < 0 ? el.length : i;
      problems.push(
        `stack ${name}: differs at line ${at + 1}:\n    TypeScript: ${el[at] ?? '<end>'}\n    Python:     ${al[at] ?? '<end>'}`,
      );
    }
  }
  return problems;
}

function synthTypeScript(outdir: string, build: (app: App) => void): Map<string, string> {
  const app = new App({ outdir });
  build(app);
  app.synth();
  return stacksOf(outdir, process.cwd());
}

function runPython(args: string[], outdir: string): string {
  return execFileSync(python, args, {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: outdir, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function check(what: string, problems: string[]) {
  if (problems.length === 0) pass(what);
  else fail(`${what}\n  ${problems.join('\n  ')}`);
}

// 1. The examples.
const examples = ['docker-quickstart', 'multi-target'];
const tsExamples = synthTypeScript(path.join(work, 'ts-examples'), (app) => {
  for (const name of examples) {
    (require(path.join(repo, 'examples', name, 'main.ts')) as { build(app: App): TerraformStack[] }).build(app);
  }
});
runPython([path.join(repo, 'examples', 'python', 'main.py')], path.join(work, 'py-examples'));
const pyExamples = stacksOf(path.join(work, 'py-examples'), work);

// The comparison must see a difference when there is one: one changed byte and one missing stack.
const [firstStack, firstJson] = [...pyExamples.entries()][0];
const tampered = new Map(pyExamples);
const middle = Math.floor(firstJson.length / 2);
tampered.set(firstStack, firstJson.slice(0, middle) + (firstJson[middle] === 'x' ? 'y' : 'x') + firstJson.slice(middle + 1));
const dropped = new Map(pyExamples);
dropped.delete(firstStack);
if (
  compare(pyExamples, tampered).length === 1 &&
  compare(pyExamples, dropped).length === 1 &&
  compare(pyExamples, pyExamples).length === 0
) {
  pass('self-check: the comparison reports a changed byte and a missing stack');
} else {
  fail('self-check: the comparison does not report a changed byte or a missing stack');
}

check(`examples/python/main.py synthesizes what examples/{${examples.join(',')}} do (${[...tsExamples.keys()].join(', ')})`, [
  ...(tsExamples.size === 3 ? [] : [`expected 3 TypeScript stacks, got ${tsExamples.size}`]),
  ...compare(tsExamples, pyExamples),
]);

// 2. An invalid prop: the same validation error, word for word.
let tsError: Error | undefined;
try {
  const app = new App({ outdir: path.join(work, 'ts-invalid') });
  const stack = new TerraformStack(app, 'invalid');
  new DockerProvider(stack, 'docker');
  new ConnectCluster(stack, 'cdc', {
    clusterName: 'cdc',
    target: Target.docker(),
    zookeeper: { nodes: 2 },
    connect: { heap: { maximum: Size.gibibytes(2) }, memoryLimit: Size.gibibytes(1) },
  });
  app.synth();
} catch (e) {
  tsError = e as Error;
}
const errorFile = path.join(work, 'py-invalid.json');
runPython([path.join(__dirname, 'invalid_props.py'), path.join(work, 'py-invalid'), errorFile], path.join(work, 'py-invalid'));
const pyError = JSON.parse(fs.readFileSync(errorFile, 'utf8')) as { type: string; text: string };
// jsii hands a JavaScript error to Python as RuntimeError("<name>: <message>"). The message is the TypeScript one
// with the API's names in Python (src/model/language.ts): each problem line `  - <construct path>: <rest>` keeps
// its path and renders the rest, with the names of the assembly that `npm run package` built.
const apiNames = apiNamesOf(path.join(repo, '.gen', 'package', '.jsii'));
const inPythonLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.replace(/^( {2}- [^:]*: )(.*)$/, (_m, head: string, rest: string) => head + inPython(rest, apiNames)))
    .join('\n');
const expectedText = tsError ? `${tsError.name}: ${inPythonLines(tsError.message)}` : '<no error>';
check('an invalid prop raises the same validation error in Python', [
  ...(tsError && /ensemble of 2 nodes is even/.test(tsError.message) && /heap/.test(tsError.message)
    ? []
    : [`unexpected TypeScript error: ${tsError?.message}`]),
  ...(pyError.type === 'RuntimeError' ? [] : [`Python raised ${pyError.type}, not RuntimeError`]),
  // The fields in Python's spelling: the rendering ran, and the names came from the assembly.
  ...(apiNames.has('memoryLimit') ? [] : ['no API names read from .gen/package/.jsii']),
  ...(/connect\.memory_limit/.test(pyError.text) && !/memoryLimit/.test(pyError.text)
    ? []
    : [`the Python message does not name connect.memory_limit: ${JSON.stringify(pyError.text)}`]),
  ...(pyError.text === expectedText
    ? []
    : [`messages differ:\n    TypeScript: ${JSON.stringify(expectedText)}\n    Python:     ${JSON.stringify(pyError.text)}`]),
]);

// 3. The README: each `python` snippet runs, and synthesizes what the `ts` snippet right before it does.
const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(ts|python)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));
let pySnippets = 0;
blocks.forEach((block, i) => {
  if (block.lang !== 'python') return;
  pySnippets++;
  const tsBlock = blocks
    .slice(0, i)
    .reverse()
    .find((b) => b.lang === 'ts');
  if (!tsBlock) {
    fail(`README python snippet ${pySnippets} has no ts snippet before it`);
    return;
  }
  const js = ts.transpileModule(tsBlock.code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  }).outputText;
  const tsOut = path.join(work, `ts-readme-${pySnippets}`);
  const localRequire = (id: string) => require(id === 'cdktf-debezium-connect' ? path.join(repo, 'src') : id);
  process.env.CDKTF_OUTDIR = tsOut;
  try {
    new Function('require', 'module', 'exports', js)(localRequire, { exports: {} }, {});
  } finally {
    delete process.env.CDKTF_OUTDIR;
  }
  const script = path.join(work, `readme-${pySnippets}.py`);
  fs.writeFileSync(script, block.code);
  const pyOut = path.join(work, `py-readme-${pySnippets}`);
  runPython([script], pyOut);
  check(
    `README python snippet ${pySnippets} synthesizes what the ts snippet before it does`,
    compare(stacksOf(tsOut, process.cwd()), stacksOf(pyOut, work)),
  );
});
if (pySnippets === 0) fail('the README has no python snippet');

fs.rmSync(work, { recursive: true, force: true });
if (failures > 0) {
  console.log(`python parity: ${failures} check(s) failed`);
  process.exit(1);
}
console.log('python parity: all checks passed');

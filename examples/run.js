// Runs an example app from JavaScript compiled ahead of time: `node examples/run.js docker-quickstart` is the
// app command of cdktf.json. It does what `ts-node --transpile-only examples/<name>/main.ts` did (the same
// TypeScript transpilation, file by file, no type check), but only for the files that changed since the last
// run, into node_modules/.cache/cdktf-debezium-connect-app/; an unchanged tree runs without loading the
// TypeScript compiler. A file is recompiled when its content (or tsconfig.json) differs from what the cached
// output was compiled from: the cache holds compiled code only, never a synthesis's state.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** Inside node_modules, so that the compiled files resolve cdktf and the providers from the project's. */
const DEFAULT_CACHE = path.join(ROOT, 'node_modules', '.cache', 'cdktf-debezium-connect-app');
/** What the app needs: the library's sources (with the shell scripts it reads beside them) and the examples. */
const SOURCE_DIRS = ['src', 'examples'];

function sourceFiles(root, dirs) {
  const walk = (dir) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      : [];
  return dirs
    .flatMap((d) => walk(path.join(root, d)))
    .filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.sh'))
    .map((f) => path.relative(root, f))
    .sort();
}

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Writes through a temporary file, so that a concurrent run never reads half a file. */
function writeAtomically(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The compiler options of the project's tsconfig.json, as ts-node --transpile-only would use them. */
function compilerOptions(ts, root) {
  const configFile = path.join(root, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configFile);
  return { ...parsed.options, noEmit: false, declaration: false, sourceMap: false, inlineSourceMap: false, declarationMap: false };
}

/**
 * Brings `cacheDir` up to date with the TypeScript sources of `dirs` under `root`: compiles what changed, copies
 * the shell scripts, removes what no longer has a source. Returns the files it (re)wrote. The benchmark keeps its
 * transpiled copy (with bench/) the same way.
 */
function sync(root, cacheDir, dirs = SOURCE_DIRS) {
  const manifestFile = path.join(cacheDir, 'manifest.json');
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    manifest = {}; // none yet (or unreadable): everything is compiled
  }
  const tsconfigHash = sha256(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
  const previous = manifest.tsconfig === tsconfigHash ? manifest.files || {} : {};
  const next = {};
  const written = [];
  let ts;
  let options;
  for (const rel of sourceFiles(root, dirs)) {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const hash = sha256(text);
    const out = path.join(cacheDir, rel.endsWith('.ts') ? rel.replace(/\.ts$/, '.js') : rel);
    next[rel] = hash;
    if (previous[rel] === hash && fs.existsSync(out)) continue;
    if (rel.endsWith('.sh')) {
      writeAtomically(out, text);
    } else {
      ts = ts || require('typescript');
      options = options || compilerOptions(ts, root);
      writeAtomically(out, ts.transpileModule(text, { compilerOptions: options, fileName: path.join(root, rel) }).outputText);
    }
    written.push(rel);
  }
  for (const rel of Object.keys(previous)) {
    if (next[rel] === undefined) fs.rmSync(path.join(cacheDir, rel.endsWith('.ts') ? rel.replace(/\.ts$/, '.js') : rel), { force: true });
  }
  if (written.length > 0 || Object.keys(previous).length !== Object.keys(next).length || manifest.tsconfig !== tsconfigHash) {
    writeAtomically(manifestFile, JSON.stringify({ tsconfig: tsconfigHash, files: next }));
  }
  return written;
}

/** Compiles what changed, then synthesizes the example: `build(app)` of examples/<name>/main.ts, then `app.synth()`. */
function run(name) {
  if (!name || !fs.existsSync(path.join(ROOT, 'examples', name, 'main.ts'))) {
    const known = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'main.ts')));
    process.stderr.write(`usage: node examples/run.js <example>; examples: ${known.join(', ')}\n`);
    process.exit(2);
  }
  // Must lie inside the project's node_modules tree (module resolution of cdktf and the providers).
  const cacheDir = process.env.CDKTF_DEBEZIUM_APP_CACHE || DEFAULT_CACHE;
  sync(ROOT, cacheDir);
  const { App } = require('cdktf');
  const example = require(path.join(cacheDir, 'examples', name, 'main.js'));
  const app = new App();
  example.build(app);
  app.synth();
}

module.exports = { sync };

if (require.main === module) run(process.argv[2]);

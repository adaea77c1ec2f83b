// Compares the types of a jsii assembly with the committed allow-list of the public API
// (scripts/public-api-allowlist.txt). Used by scripts/jsii-check.sh after jsii has compiled; also a module, so that
// test/public-api.test.ts can feed it assemblies that must fail.
//   ts-node --transpile-only scripts/public-api-check.ts <.jsii> <allow-list>     exits 1 and names each problem
import * as fs from 'fs';

interface AssemblyType {
  readonly name: string;
  readonly kind: string;
  readonly locationInModule?: { readonly filename?: string };
}

/** The part of a jsii assembly (.jsii) the check reads. */
export interface Assembly {
  readonly types?: { readonly [fqn: string]: AssemblyType };
}

/** The names of an allow-list file: one a line, `#` comments and blank lines ignored. */
export function parseAllowList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/** Every problem of an assembly against the allowed names, as messages that say what to do. */
export function publicApiProblems(assembly: Assembly, allowed: string[], allowListPath = 'scripts/public-api-allowlist.txt'): string[] {
  const problems: string[] = [];
  const listed = new Set(allowed);
  for (const name of allowed.filter((n, i) => allowed.indexOf(n) !== i))
    problems.push(`${name} is listed twice in ${allowListPath}; list it once`);
  const types = Object.values(assembly.types ?? {});
  const present = new Set(types.map((t) => t.name));
  for (const t of types.sort((a, b) => a.name.localeCompare(b.name))) {
    if (listed.has(t.name)) continue;
    const where = t.locationInModule?.filename ?? 'an unknown file';
    problems.push(
      `${t.kind} ${t.name} (${where}) is public but not on the allow-list ${allowListPath}. ` +
        `If it is internal: stop exporting it from src/index.ts, and make every public member that exposes it ` +
        `@internal with an underscore name (as ConnectCluster._model). If it is meant to be public API: add "${t.name}" ` +
        `to ${allowListPath} and document it.`,
    );
  }
  for (const name of [...listed].filter((n) => !present.has(n)).sort()) {
    problems.push(`${name} is on the allow-list ${allowListPath} but is not in the public API; remove it from the list`);
  }
  return problems;
}

if (require.main === module) {
  const [assemblyPath, allowListPath] = process.argv.slice(2);
  if (!assemblyPath || !allowListPath) {
    console.error('usage: public-api-check.ts <.jsii> <allow-list>');
    process.exit(2);
  }
  const assembly = JSON.parse(fs.readFileSync(assemblyPath, 'utf8'));
  const allowed = parseAllowList(fs.readFileSync(allowListPath, 'utf8'));
  const problems = publicApiProblems(assembly, allowed, process.env.PUBLIC_API_ALLOWLIST_NAME || allowListPath);
  for (const p of problems) console.log(`jsii-check: ${p}`);
  if (problems.length > 0) process.exit(1);
  console.log(`jsii-check: the public API is the ${allowed.length} allow-listed types`);
}

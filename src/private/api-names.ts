import * as fs from 'fs';
import * as path from 'path';
import { inPython, setNameRenderer, userLanguage } from '../model/language';

/** Placeholders of the messages that are not API names but read as parameters. */
const PLACEHOLDERS = ['aSensitiveVariable'];

/**
 * Every camelCase name of the public API (properties, methods, parameters) in a jsii assembly: exactly the names
 * a Python user spells differently. Only the placeholders when there is no assembly.
 */
export function apiNamesOf(assemblyFile: string): Set<string> {
  const names = new Set<string>(PLACEHOLDERS);
  let assembly: { types?: Record<string, ApiType> };
  try {
    assembly = JSON.parse(fs.readFileSync(assemblyFile, 'utf8'));
  } catch {
    return names;
  }
  for (const type of Object.values(assembly.types ?? {})) {
    for (const p of type.properties ?? []) names.add(p.name);
    for (const m of [...(type.methods ?? []), ...(type.initializer ? [type.initializer] : [])]) {
      if (m.name) names.add(m.name);
      for (const p of m.parameters ?? []) names.add(p.name);
    }
  }
  for (const n of [...names]) if (!/^[a-z][a-zA-Z0-9]*[A-Z]/.test(n)) names.delete(n);
  return names;
}

interface ApiType {
  readonly properties?: { readonly name: string }[];
  readonly methods?: { readonly name?: string; readonly parameters?: { readonly name: string }[] }[];
  readonly initializer?: { readonly name?: string; readonly parameters?: { readonly name: string }[] };
}

/**
 * Under jsii's Python runtime, messages name the API as Python does, with the names of the assembly shipped in
 * the package (`.jsii` at its root, two levels above this file in `lib/private/`), read at the first message.
 */
export function installNameRenderer(env: NodeJS.ProcessEnv = process.env): void {
  if (userLanguage(env) !== 'python') return;
  let names: Set<string> | undefined;
  setNameRenderer((text) => inPython(text, (names ??= apiNamesOf(path.join(__dirname, '..', '..', '.jsii')))));
}

installNameRenderer();

/**
 * The names of the public API in the language of the program that drives the library. Messages are written once,
 * with the TypeScript names (`connect.restPort`, `Secret.fromVariable(aSensitiveVariable)`, `addConnector("a")`);
 * when the library runs under jsii for Python (the jsii Python runtime starts its Node process with
 * `JSII_AGENT=Python/<version>`), every name of the API in a message is rendered as Python users write it:
 * `connect.rest_port`, `Secret.from_variable(a_sensitive_variable)`, `add_connector("a")`. Class and enum names are
 * the same in both languages; quoted values (a user's own strings) are left as they are. Which names are the API's
 * comes from the jsii assembly (src/private/api-names.ts installs the renderer); the model reads no files.
 */

/** The user's language: Python when jsii's Python runtime drives this process, otherwise TypeScript (and JavaScript). */
export function userLanguage(env: NodeJS.ProcessEnv = process.env): 'python' | 'typescript' {
  return (env.JSII_AGENT ?? '').startsWith('Python/') ? 'python' : 'typescript';
}

/** `restHostPortBase` → `rest_host_port_base`, as jsii names members and parameters in Python. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * A message with the API names of `names` in Python spelling; text inside double quotes (values as the user gave
 * them, property names of Kafka) is kept as written.
 */
export function inPython(text: string, names: ReadonlySet<string>): string {
  return text
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\b[a-z][a-zA-Z0-9]*\b/g, (w) => (names.has(w) ? snakeCase(w) : w))))
    .join('');
}

let renderer: (text: string) => string = (text) => text;

/** Installs how messages name the API (once, by src/private/api-names.ts, for Python users). */
export function setNameRenderer(render: (text: string) => string): void {
  renderer = render;
}

/** A message in the user's language. */
export function inUserLanguage(text: string): string {
  return renderer(text);
}

// The env file of scripts/toolchain.sh (<cache>/env, KEY=VALUE lines), read here for every reader:
// scripts/validate.ts and the end-to-end harness (e2e/harness.ts).
import * as fs from 'fs';
import * as path from 'path';

/** A provider the toolchain prepared, at the version the installed @cdktf/provider-* bindings pin. */
export interface ProviderPin {
  /** `host/namespace/type`, e.g. `registry.terraform.io/kreuzwerker/docker`. */
  readonly address: string;
  readonly version: string;
}

export interface ToolchainEnv {
  /** The tofu binary (TOFU). */
  readonly tofu: string;
  /** The CLI config that serves the providers from the local mirror (TF_CLI_CONFIG_FILE). */
  readonly cliConfig: string;
  readonly providers: readonly ProviderPin[];
}

/** Reads `<cacheDir>/env`; throws when scripts/toolchain.sh has not written it (or wrote an incomplete one). */
export function readToolchainEnv(cacheDir: string): ToolchainEnv {
  const file = path.join(cacheDir, 'env');
  if (!fs.existsSync(file)) throw new Error(`${file} missing; run scripts/toolchain.sh`);
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) values[m[1]] = m[2];
  }
  for (const key of ['TOFU', 'TF_CLI_CONFIG_FILE']) if (!values[key]) throw new Error(`${file} sets no ${key}; run scripts/toolchain.sh`);
  const providers: ProviderPin[] = [];
  for (const entry of (values.TOOLCHAIN_PROVIDERS ?? '').split(/\s+/).filter(Boolean)) {
    const m = /^([^@]+)@(.+)$/.exec(entry);
    if (m) providers.push({ address: m[1], version: m[2] });
  }
  return { tofu: values.TOFU, cliConfig: values.TF_CLI_CONFIG_FILE, providers };
}

/** The user's TF_* settings that would change what `tofu` runs or where it keeps its state: never inherited. */
const FOREIGN_TOFU_SETTINGS = /^TF_CLI_ARGS|^TF_PLUGIN_CACHE_DIR$|^TF_DATA_DIR$|^TF_WORKSPACE$|^TF_LOG/;

/**
 * The environment `tofu` runs in for every reader (validate, the end-to-end run, the wall-time benchmark): `base`
 * with the toolchain's CLI config (providers from the local mirror), non-interactive, no checkpoint calls, and
 * none of the TF_* settings above.
 */
export function tofuEnv(cliConfig: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  for (const k of Object.keys(env)) if (FOREIGN_TOFU_SETTINGS.test(k)) delete env[k];
  return env;
}

/**
 * Writes a kubeconfig whose API server is https://127.0.0.1:1, where nothing listens: a plan of new typed
 * resources makes no API call, and any call fails loudly.
 */
export function writeUnreachableKubeconfig(file: string): void {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:', '- name: unreachable', '  cluster:', '    server: https://127.0.0.1:1'];
  lines.push('users:', '- name: offline', '  user:', '    token: not-a-real-token', 'contexts:', '- name: offline', '  context:');
  lines.push('    cluster: unreachable', '    user: offline', 'current-context: offline', '');
  fs.writeFileSync(file, lines.join('\n'));
}

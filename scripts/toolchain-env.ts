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

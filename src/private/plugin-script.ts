import { shellScript } from '../scripts/load';
import { installablePlugins } from '../model/plugin';
import { ArtifactPackaging, PluginArtifact, PluginSpec, PluginsModel } from '../model/plugin-types';
import { shellQuote } from '../model/shell';

// The install script: one implementation for both targets. Docker runs it in a build stage after `ADD`ing
// the remote artifacts; Kubernetes runs it in an init container that fetches them with curl. POSIX sh, so
// that busybox (the fetch image) and bash (the Connect image) both run it.

/** Where the script finds and puts things. */
export interface PluginInstallLayout {
  /** Parent of the plugin directories the script fills (`/kafka/connect` on Kubernetes). */
  readonly outputDir: string;
  /**
   * Where remote artifacts already are (the Docker build `ADD`s them there, under `<directory>/<file>`).
   * Unset: the script fetches them itself with curl into each plugin directory and removes them afterwards.
   */
  readonly downloadsDir?: string;
  /** Where local sources are (copied into the Docker build context), under `<directory>/<file>`. */
  readonly localDir?: string;
}

/** Staging directory of a plugin's downloads when the script fetches (inside the plugin's own volume). */
const FETCH_DIR = '.plugin-download';

export function remoteArtifactPath(layout: PluginInstallLayout, plugin: PluginSpec, artifact: PluginArtifact): string {
  return layout.downloadsDir !== undefined
    ? `${layout.downloadsDir}/${plugin.directory}/${artifact.fileName}`
    : `${layout.outputDir}/${plugin.directory}/${FETCH_DIR}/${artifact.fileName}`;
}

export function localArtifactPath(layout: PluginInstallLayout, plugin: PluginSpec, artifact: PluginArtifact): string {
  return `${layout.localDir ?? '/nonexistent'}/${plugin.directory}/${artifact.fileName}`;
}

/** The functions of the install script (`src/scripts/plugin-install.sh`); the calls below are generated. */
const SCRIPT_PRELUDE = shellScript('plugin-install.sh').trimEnd();

/** Only where the script downloads itself (Kubernetes): the Docker build ADDs, and needs no curl. */
const FETCH_FUNCTION = shellScript('plugin-fetch.sh').trimEnd();

/** Every function of the install script, fetching included: for a script that downloads and verifies one file. */
export const SCRIPT_FUNCTIONS = `${SCRIPT_PRELUDE}\n${FETCH_FUNCTION}`;

/**
 * The shell that fills every installable plugin directory: prepare them all, then fetch (or find) and verify
 * every remote artifact, and only then unpack and copy anything — a bad checksum installs nothing.
 */
export function pluginInstallScript(plugins: PluginsModel, layout: PluginInstallLayout): string {
  const q = shellQuote;
  const installable = installablePlugins(plugins);
  const lines: string[] = [SCRIPT_PRELUDE, ...(layout.downloadsDir === undefined ? [FETCH_FUNCTION] : [])];
  const dir = (p: PluginSpec) => `${layout.outputDir}/${p.directory}`;
  for (const p of installable) lines.push(`prepare ${q(dir(p))}`);
  for (const p of installable) {
    for (const a of p.artifacts) {
      if (a.url === undefined) continue;
      const file = remoteArtifactPath(layout, p, a);
      lines.push(layout.downloadsDir !== undefined ? `verify ${q(file)} ${q(a.sha512!)}` : `fetch ${q(a.url)} ${q(file)} ${q(a.sha512!)}`);
    }
  }
  for (const p of installable) {
    for (const a of p.artifacts) {
      const file = a.url !== undefined ? remoteArtifactPath(layout, p, a) : localArtifactPath(layout, p, a);
      if (a.packaging === ArtifactPackaging.TAR_GZ) lines.push(`unpack ${q(file)} ${q(dir(p))}`);
      else if (a.packaging === ArtifactPackaging.JAR) lines.push(`place ${q(file)} ${q(`${dir(p)}/${a.installName}`)}`);
      else lines.push(`copydir ${q(file)} ${q(dir(p))}`);
    }
    if (layout.downloadsDir === undefined) lines.push(`rm -rf ${q(`${dir(p)}/${FETCH_DIR}`)}`);
  }
  lines.push(
    `echo "installed ${installable.length} plugin director${installable.length === 1 ? 'y' : 'ies'}: ${installable.map((p) => p.directory).join(' ')}"`,
  );
  return lines.join('\n') + '\n';
}

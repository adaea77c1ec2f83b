import * as fs from 'fs';
import * as path from 'path';
import { PluginTarget, publicDownloadWarnings, resolvePlugins } from './model/plugin';
import {
  LocalFiles,
  LocalPathKind,
  PluginInput,
  PluginSourceInput,
  PluginSourceKind,
  PluginsInput,
  PluginsModel,
} from './model/plugin-types';
import { Problems, ValidationProblem } from './model/validation';

/** Options of `PluginSource.maven()`: an artifact of a Maven repository. */
export interface MavenPluginSourceOptions {
  /**
   * `group:artifact:version[:classifier][@type]`, type `jar` (the default) or `tar.gz`, e.g.
   * `io.debezium:debezium-connector-jdbc:3.1.3.Final:plugin@tar.gz`. Snapshots are refused.
   */
  readonly coordinates: string;
  /** SHA-512 of the artifact (128 hex characters), verified before the artifact is used. */
  readonly sha512: string;
  /**
   * Base URL of the Maven repository (https).
   * @default the cluster's `plugins.mavenRepositoryUrl`, else Maven Central (https://repo1.maven.org/maven2)
   */
  readonly repositoryUrl?: string;
}

/** Options of `PluginSource.url()`: an artifact downloaded over https and verified. */
export interface UrlPluginSourceOptions {
  /** An https URL whose path ends in `.jar`, `.tar.gz` or `.tgz`; no credentials. */
  readonly url: string;
  /** SHA-512 of the artifact (128 hex characters), verified before the artifact is used. */
  readonly sha512: string;
}

/**
 * Where the files of a plugin directory come from. Remote artifacts are pinned by their SHA-512; local ones
 * exist only on the machine that runs `cdktf synth` and so work on the Docker target only.
 */
export class PluginSource {
  /**
   * An artifact of a Maven repository: a JAR, or a `tar.gz` of JARs (Debezium's `plugin` archives).
   * @param options the artifact's coordinates, its SHA-512 and, optionally, the repository.
   */
  public static maven(options: MavenPluginSourceOptions): PluginSource {
    return new PluginSource({
      kind: PluginSourceKind.MAVEN,
      coordinates: options?.coordinates,
      sha512: options?.sha512,
      repositoryUrl: options?.repositoryUrl,
    });
  }

  /**
   * A JAR or a `tar.gz`/`tgz` of JARs at an https URL.
   * @param options the URL and the artifact's SHA-512.
   */
  public static url(options: UrlPluginSourceOptions): PluginSource {
    return new PluginSource({ kind: PluginSourceKind.URL, url: options?.url, sha512: options?.sha512 });
  }

  /**
   * A directory of JARs on the synth machine, copied (recursively) into the plugin directory. Docker target
   * only. Relative paths start at the working directory of `cdktf synth`.
   * @param directoryPath the directory on the machine that runs `cdktf synth`.
   */
  public static localDirectory(directoryPath: string): PluginSource {
    return new PluginSource({ kind: PluginSourceKind.LOCAL_DIRECTORY, path: directoryPath });
  }

  /**
   * A `.jar`, `.tar.gz` or `.tgz` on the synth machine (archives are unpacked). Docker target only.
   * Relative paths start at the working directory of `cdktf synth`.
   * @param filePath the archive on the machine that runs `cdktf synth`.
   */
  public static localArchive(filePath: string): PluginSource {
    return new PluginSource({ kind: PluginSourceKind.LOCAL_ARCHIVE, path: filePath });
  }

  /**
   * The directory is already in the Connect image (`images.connectImage` names a prebuilt image): nothing
   * is fetched or mounted; the declaration tells validation which connector classes the image provides.
   * The only source of its plugin.
   */
  public static preinstalled(): PluginSource {
    return new PluginSource({ kind: PluginSourceKind.PREINSTALLED });
  }

  private constructor(/** @internal */ public readonly _input: PluginSourceInput) {}

  /** The source, for messages. */
  public toString(): string {
    const i = this._input;
    switch (i.kind) {
      case PluginSourceKind.MAVEN:
        return `PluginSource.maven(${i.coordinates})`;
      case PluginSourceKind.URL:
        return `PluginSource.url(${i.url})`;
      case PluginSourceKind.LOCAL_DIRECTORY:
        return `PluginSource.localDirectory(${i.path})`;
      case PluginSourceKind.LOCAL_ARCHIVE:
        return `PluginSource.localArchive(${i.path})`;
      default:
        return 'PluginSource.preinstalled()';
    }
  }
}

/** One child directory of `/kafka/connect`. */
export interface PluginDirectoryOptions {
  /**
   * The directory under `/kafka/connect`: one name (letters, digits, `.`, `_`, `-`), e.g.
   * `debezium-connector-jdbc`. One per connector, or one shared by connectors that share dependencies.
   * A directory the image already has (e.g. `debezium-connector-postgres`) is replaced, not merged.
   */
  readonly directory: string;
  /** What fills the directory, in order (a later file of the same name wins). */
  readonly sources: PluginSource[];
  /**
   * Connector classes the plugin provides. Once any plugin is declared, a connector whose class neither a
   * plugin nor the image's built-in Debezium connectors provides is refused at synth.
   * @default none (a plugin of converters, transforms or shared libraries)
   */
  readonly connectorClasses?: string[];
}

/** The connector plugins of a cluster: directories under `/kafka/connect` and where their artifacts come from. */
export interface PluginsOptions {
  /** The plugin directories; each name may be claimed once. */
  readonly directories: PluginDirectoryOptions[];
  /**
   * Base URL of the Maven repository for `PluginSource.maven` (an internal mirror, for example).
   * @default "https://repo1.maven.org/maven2" (Maven Central)
   */
  readonly mavenRepositoryUrl?: string;
  /**
   * Kubernetes: image of the init container that fetches and verifies remote artifacts; it needs `sh`,
   * `curl`, `sha512sum` and `tar` and runs as uid 1001.
   * @default "docker.io/curlimages/curl:8.11.1", or that repository under `images.registry` when a mirror is given
   */
  readonly fetchImage?: string;
}

/** The synth machine's filesystem. */
export const NODE_LOCAL_FILES: LocalFiles = {
  resolve: (p) => path.resolve(p),
  kind: (p) => {
    try {
      const s = fs.statSync(p);
      return s.isDirectory() ? LocalPathKind.DIRECTORY : s.isFile() ? LocalPathKind.FILE : undefined;
    } catch {
      return undefined;
    }
  },
  list: (dir) => listFiles(dir),
};

/** Every file under `dir`, relative, sorted (symbolic links followed, as a copy would). */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const stat = fs.statSync(path.join(dir, rel));
    if (stat.isDirectory()) out.push(...listFiles(dir, rel));
    else if (stat.isFile()) out.push(rel);
  }
  return out;
}

/** @internal the props → the model's input (a source that is not a PluginSource is reported, not thrown). */
export function _pluginsInput(options: PluginsOptions | undefined): PluginsInput | undefined {
  if (options === undefined) return undefined;
  const directories = Array.isArray(options.directories)
    ? options.directories.map((d): PluginInput => ({
        directory: d?.directory,
        connectorClasses: d?.connectorClasses,
        // Not an array (a caller without types): passed on as given, for the model to report.
        sources: Array.isArray(d?.sources)
          ? d.sources.map((s) => (s instanceof PluginSource ? s._input : {}))
          : (d?.sources as unknown as PluginInput['sources']),
      }))
    : (options.directories as unknown as PluginsInput['directories']);
  return { directories, mavenRepositoryUrl: options.mavenRepositoryUrl, fetchImage: options.fetchImage };
}

/**
 * @internal what `ConnectCluster` calls: the resolved plugins (undefined when none are declared), every
 * problem, reported on the cluster's construct path, and warnings (public downloads while images come from a mirror).
 */
export function _resolvePluginProps(
  constructPath: string,
  options: PluginsOptions | undefined,
  target: PluginTarget,
  files: LocalFiles = NODE_LOCAL_FILES,
  registry?: string,
): { plugins?: PluginsModel; problems: ValidationProblem[]; warnings: string[] } {
  // Nothing declared, nothing to resolve (and the resolver is not even compiled: this runs in every synth).
  if (options === undefined) return { problems: [], warnings: [] };
  const problems = new Problems(constructPath);
  const plugins = resolvePlugins(problems, _pluginsInput(options), { target, files, registry });
  const warnings = typeof registry === 'string' && problems.empty ? publicDownloadWarnings(plugins, registry) : [];
  return { plugins: problems.empty ? plugins : undefined, problems: problems.list, warnings };
}

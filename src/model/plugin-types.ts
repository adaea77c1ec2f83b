/**
 * The shapes of connector plugins: what `PluginSource` declares (the inputs), the synth machine's filesystem as
 * plugin validation sees it, and the resolved plugins (the model). Types only; `plugin.ts` resolves and checks.
 */

/** Kinds of source a plugin directory is filled from. */
export enum PluginSourceKind {
  MAVEN = 'maven',
  URL = 'url',
  LOCAL_DIRECTORY = 'local-directory',
  LOCAL_ARCHIVE = 'local-archive',
  /** Already in the Connect image (a prebuilt image): nothing is fetched. */
  PREINSTALLED = 'preinstalled',
}

/** How an artifact becomes files of its plugin directory. */
export enum ArtifactPackaging {
  /** Placed as it is. */
  JAR = 'jar',
  /** Unpacked; a single top-level directory (as in Debezium's plugin archives) is unwrapped. */
  TAR_GZ = 'tar.gz',
  /** A directory whose contents are copied. */
  DIRECTORY = 'directory',
}

/** A source as declared (what `PluginSource` carries). */
export interface PluginSourceInput {
  readonly kind?: PluginSourceKind;
  /** Maven: `group:artifact:version[:classifier][@type]`. */
  readonly coordinates?: string;
  /** Maven: repository base URL. */
  readonly repositoryUrl?: string;
  /** URL source. */
  readonly url?: string;
  readonly sha512?: string;
  /** Local sources: path on the synth machine. */
  readonly path?: string;
}

export interface PluginInput {
  readonly directory: string;
  readonly sources: PluginSourceInput[];
  readonly connectorClasses?: string[];
}

export interface PluginsInput {
  readonly directories?: PluginInput[];
  readonly mavenRepositoryUrl?: string;
  readonly fetchImage?: string;
}

export enum LocalPathKind {
  FILE = 'file',
  DIRECTORY = 'directory',
}

/** The synth machine's filesystem, as far as plugin validation needs it. */
export interface LocalFiles {
  /** Absolute form of a path given by the user. */
  resolve(path: string): string;
  /** undefined when nothing is there. */
  kind(absolutePath: string): LocalPathKind | undefined;
  /** Paths of the files under a directory, relative to it, recursively. */
  list(absoluteDirectory: string): string[];
}

/** One artifact of a plugin directory, resolved. */
export interface PluginArtifact {
  readonly kind: PluginSourceKind;
  readonly packaging: ArtifactPackaging;
  /** Remote: an https URL. */
  readonly url?: string;
  /** Remote: lowercase hex SHA-512, verified before the artifact is used. */
  readonly sha512?: string;
  /** Local: absolute path on the synth machine. */
  readonly localPath?: string;
  /** Name while staged (downloaded or copied): unique within its plugin, safe in paths. */
  readonly fileName: string;
  /** JAR: its name inside the plugin directory. */
  readonly installName: string;
  /** For messages: `maven io.debezium:…`, `url https://…`, `local directory ./jars`. */
  readonly label: string;
}

export interface PluginSpec {
  /** Child directory of the plugins directory. */
  readonly directory: string;
  /** Empty when preinstalled. */
  readonly artifacts: PluginArtifact[];
  /** In the image already: nothing to fetch, nothing to mount. */
  readonly preinstalled: boolean;
  readonly connectorClasses: string[];
  /** The prop path of the declaration, e.g. `plugins.directories[0]`. */
  readonly field: string;
}

export interface PluginsModel {
  readonly plugins: PluginSpec[];
  readonly pluginsDir: string;
  /** `plugins.fetchImage` as given: the image a target that fetches artifacts where the nodes run uses for it. */
  readonly fetchImage?: string;
}

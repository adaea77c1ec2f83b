import { CONNECT } from './connect-worker';
import { DEBEZIUM_CONNECTOR_CLASSES } from './connector';
import { MAVEN_CENTRAL, mavenArtifact } from './maven';
import {
  ArtifactPackaging,
  LocalFiles,
  LocalPathKind,
  PluginArtifact,
  PluginInput,
  PluginsInput,
  PluginSourceInput,
  PluginSourceKind,
  PluginSpec,
  PluginsModel,
} from './plugin-types';
import { Problems } from './validation';
import { JAVA_CLASS_NAME } from './names';

/**
 * Connector plugins: child directories of the image's `KAFKA_CONNECT_PLUGINS_DIR` (`/kafka/connect`), one
 * per connector, or one shared by connectors that share dependencies (as the Debezium connect-base image documentation advises). Plain data and
 * pure functions; the filesystem of the synth machine is reached only through `LocalFiles`.
 */

const DIRECTORY_NAME = /^[A-Za-z0-9._-]+$/;
const MAX_DIRECTORY_LENGTH = 128;
const SHA512 = /^[0-9a-fA-F]{128}$/;
const HEX = /^[0-9a-fA-F]+$/;
/** RFC 3986 characters, less `$` (Docker substitutes variables in ADD) and quotes. */
const URL_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!&'()*+,;=%]+$/;

/** Lists the plugins, validated; undefined when none are declared. Problems go to `problems`. */
/** What the plugins need to know of the target (facts of its policy, `NetworkInput`). */
export interface PluginTarget {
  /** Files on the synth machine reach the nodes. */
  readonly localFilesReachNodes: boolean;
  /** The target's nodes, in messages ("Kubernetes pods"). */
  readonly nodesNoun: string;
}

export function resolvePlugins(
  problems: Problems,
  input: PluginsInput | undefined,
  ctx: { readonly target: PluginTarget; readonly files: LocalFiles },
): PluginsModel | undefined {
  const directories = input?.directories ?? [];
  if (!Array.isArray(directories)) {
    problems.add(
      'plugins.directories',
      'plugins.directories is not a list',
      'pass directories: [{ directory, sources, connectorClasses }]',
    );
    return undefined;
  }
  if (directories.length === 0) return undefined;
  const defaultRepository = input?.mavenRepositoryUrl ?? MAVEN_CENTRAL;
  if (input?.mavenRepositoryUrl !== undefined) repositoryProblem(problems, 'plugins.mavenRepositoryUrl', input.mavenRepositoryUrl);

  const plugins = directories.map((p, i) => resolvePlugin(problems, p, `plugins.directories[${i}]`, defaultRepository, ctx));

  // One directory, one declaration: two would overwrite (Docker) or shadow (Kubernetes) each other.
  const byDirectory = new Map<string, PluginSpec>();
  for (const p of plugins) {
    if (!p.directory) continue;
    const key = p.directory.toLowerCase();
    const first = byDirectory.get(key);
    if (first) {
      const how =
        first.directory === p.directory ? `"${p.directory}"` : `"${p.directory}" (differs from "${first.directory}" only in case)`;
      problems.add(
        `${p.field}.directory`,
        `directory ${how} is already claimed by ${first.field} (${describe(first)}); ${p.field} (${describe(p)}) claims it too`,
        'give each plugin its own directory, or declare connectors that share dependencies as one plugin with several sources',
      );
    } else {
      byDirectory.set(key, p);
    }
  }
  const byClass = new Map<string, PluginSpec>();
  for (const p of plugins) {
    for (const c of new Set(p.connectorClasses)) {
      const first = byClass.get(c);
      if (first && first !== p) {
        problems.add(
          `${p.field}.connectorClasses`,
          `connector class "${c}" is also provided by ${first.field} ("${first.directory}")`,
          'list each class in the one plugin that contains it; two copies on the plugin path make the loaded version unpredictable',
        );
      } else {
        byClass.set(c, p);
      }
    }
  }
  return { plugins, pluginsDir: CONNECT.pluginsDir, fetchImage: input?.fetchImage };
}

/**
 * Connector classes a connector may use: the image's built-in Debezium connectors and those of the declared
 * plugins. undefined when no plugins are declared (then any class is accepted).
 */
export function providedConnectorClasses(plugins: PluginsModel | undefined): string[] | undefined {
  if (plugins === undefined || plugins.plugins.length === 0) return undefined;
  const classes = new Set<string>(Object.values(DEBEZIUM_CONNECTOR_CLASSES));
  for (const p of plugins.plugins) for (const c of p.connectorClasses) classes.add(c);
  return [...classes].sort();
}

/**
 * Public hosts a closed network does not reach: Maven Central (the default repository of `PluginSource.maven`),
 * and where connector archives are commonly published.
 */
const PUBLIC_DOWNLOAD_HOSTS: Record<string, string> = {
  [new URL(MAVEN_CENTRAL).hostname]: 'Maven Central',
  'repo.maven.apache.org': 'Maven Central',
  'github.com': 'GitHub',
  'objects.githubusercontent.com': 'GitHub',
  'raw.githubusercontent.com': 'GitHub',
  'packages.confluent.io': "Confluent's public repository",
  'hub-downloads.confluent.io': 'Confluent Hub',
};

/**
 * Warnings for an air-gapped cluster (its images come from `images.registry`, a mirror) whose plugins still
 * download from a public host at apply time: the fetch would fail where the mirror is the only way out.
 */
export function publicDownloadWarnings(plugins: PluginsModel | undefined, registry: string): string[] {
  const warnings: string[] = [];
  for (const p of plugins?.plugins ?? []) {
    for (const a of p.artifacts) {
      const pub = a.url === undefined ? undefined : publicDownloadHost(a.url);
      if (pub === undefined) continue;
      const { host, where } = pub;
      const fix =
        a.kind === PluginSourceKind.MAVEN
          ? "set plugins.mavenRepositoryUrl (or the source's repositoryUrl) to a Maven repository inside your network"
          : 'download the artifact from a host inside your network (PluginSource.url), or mirror it in a Maven repository there';
      warnings.push(
        `${p.field}: plugin "${p.directory}" downloads ${a.label} from ${where} (${host}) at apply time, while images.registry ("${registry}") says the images come from a mirror; ${fix}`,
      );
    }
  }
  return warnings;
}

/** Where `url` is on a public host a closed network does not reach: the host and what it is ("Maven Central"). */
export function publicDownloadHost(url: string): { host: string; where: string } | undefined {
  const host = new URL(url).hostname;
  const where = PUBLIC_DOWNLOAD_HOSTS[host];
  return where === undefined ? undefined : { host, where };
}

/** The plugins whose directories must be filled (not preinstalled). */
export function installablePlugins(plugins: PluginsModel | undefined): PluginSpec[] {
  return (plugins?.plugins ?? []).filter((p) => !p.preinstalled && p.artifacts.length > 0);
}

function resolvePlugin(
  problems: Problems,
  p: PluginInput,
  field: string,
  defaultRepository: string,
  ctx: { readonly target: PluginTarget; readonly files: LocalFiles },
): PluginSpec {
  const directory = p?.directory;
  directoryProblem(problems, `${field}.directory`, directory);
  const classes = p?.connectorClasses ?? [];
  if (!Array.isArray(classes)) {
    problems.add(
      `${field}.connectorClasses`,
      'connectorClasses is not a list',
      'list the fully-qualified connector classes the plugin provides',
    );
  } else {
    classes.forEach((c, i) => {
      if (typeof c !== 'string' || !JAVA_CLASS_NAME.test(c)) {
        problems.add(
          `${field}.connectorClasses[${i}]`,
          `${JSON.stringify(c)} is not a fully-qualified class name`,
          'give the connector\'s Java class, e.g. "io.debezium.connector.jdbc.JdbcSinkConnector"',
        );
      }
    });
  }
  const sources = p?.sources;
  const artifacts: PluginArtifact[] = [];
  let preinstalled = false;
  if (!Array.isArray(sources) || sources.length === 0) {
    problems.add(
      `${field}.sources`,
      `plugin "${directory}" has no sources`,
      'give at least one source: PluginSource.maven(...), .url(...), .localDirectory(...), .localArchive(...), or .preinstalled() for a directory already in the image',
    );
  } else {
    sources.forEach((s, i) => {
      const f = `${field}.sources[${i}]`;
      if (s?.kind === PluginSourceKind.PREINSTALLED) {
        preinstalled = true;
        return;
      }
      const a = resolveSource(problems, s, f, i + 1, defaultRepository, ctx);
      if (a) artifacts.push(a);
    });
    if (preinstalled && sources.length > 1) {
      problems.add(
        `${field}.sources`,
        `plugin "${directory}" is preinstalled and also has other sources`,
        'either the image already holds the directory (PluginSource.preinstalled() alone) or the library fills it (the other sources, without preinstalled())',
      );
    }
  }
  const names = new Map<string, string>();
  for (const a of artifacts) {
    if (a.packaging !== ArtifactPackaging.JAR) continue;
    const other = names.get(a.installName);
    if (other)
      problems.add(
        `${field}.sources`,
        `${a.label} and ${other} would both be written as "${a.installName}" in "${directory}"`,
        'declare one of them',
      );
    else names.set(a.installName, a.label);
  }
  return {
    directory: typeof directory === 'string' ? directory : '',
    artifacts,
    preinstalled,
    connectorClasses: Array.isArray(classes) ? [...new Set(classes.filter((c) => typeof c === 'string'))] : [],
    field,
  };
}

function resolveSource(
  problems: Problems,
  s: PluginSourceInput,
  field: string,
  ordinal: number,
  defaultRepository: string,
  ctx: { readonly target: PluginTarget; readonly files: LocalFiles },
): PluginArtifact | undefined {
  switch (s?.kind) {
    case PluginSourceKind.MAVEN: {
      const repository = s.repositoryUrl ?? defaultRepository;
      if (s.repositoryUrl !== undefined && repositoryProblem(problems, `${field}.repositoryUrl`, s.repositoryUrl)) return undefined;
      const sha512 = checksum(problems, `${field}.sha512`, s.sha512, `maven ${s.coordinates}`);
      const m = mavenArtifact(s.coordinates as string, repository);
      if ('problem' in m) {
        problems.add(`${field}.coordinates`, m.problem, m.fix);
        return undefined;
      }
      if (sha512 === undefined) return undefined;
      return remote(PluginSourceKind.MAVEN, m.url, sha512, m.packaging, m.fileName, ordinal, `maven ${s.coordinates}`);
    }
    case PluginSourceKind.URL: {
      const sha512 = checksum(problems, `${field}.sha512`, s.sha512, `url ${s.url}`);
      const u = httpsUrl(s.url);
      if ('problem' in u) {
        problems.add(`${field}.url`, u.problem, `${u.fix} (its content is pinned by sha512)`);
        return undefined;
      }
      const fileName = urlFileName(u.parsed);
      const packaging = packagingOf(fileName);
      if (packaging === undefined) {
        problems.add(
          `${field}.url`,
          `"${s.url}" names neither a .jar nor a .tar.gz/.tgz file`,
          'give the URL of a JAR or of a gzipped tar archive of JARs',
        );
        return undefined;
      }
      if (sha512 === undefined) return undefined;
      return remote(PluginSourceKind.URL, s.url as string, sha512, packaging, fileName, ordinal, `url ${s.url}`);
    }
    case PluginSourceKind.LOCAL_DIRECTORY:
    case PluginSourceKind.LOCAL_ARCHIVE:
      return localSource(problems, s, field, ordinal, ctx);
    default:
      problems.add(
        field,
        `${JSON.stringify(s)} is not a plugin source`,
        'use PluginSource.maven(...), .url(...), .localDirectory(...), .localArchive(...) or .preinstalled()',
      );
      return undefined;
  }
}

function localSource(
  problems: Problems,
  s: PluginSourceInput,
  field: string,
  ordinal: number,
  ctx: { readonly target: PluginTarget; readonly files: LocalFiles },
): PluginArtifact | undefined {
  const isDirectory = s.kind === PluginSourceKind.LOCAL_DIRECTORY;
  const label = `local ${isDirectory ? 'directory' : 'archive'} ${s.path}`;
  if (!ctx.target.localFilesReachNodes) {
    problems.add(
      `${field}`,
      `${label} exists only on the synth machine; ${ctx.target.nodesNoun} cannot reach it`,
      `build an image FROM the Connect image with the JARs under ${CONNECT.pluginsDir}/<directory>/, push it, set images.connectImage to it and declare this plugin with PluginSource.preinstalled(); or publish the JARs and use PluginSource.url/maven with their SHA-512`,
    );
    return undefined;
  }
  if (typeof s.path !== 'string' || s.path === '') {
    problems.add(
      `${field}.path`,
      'the path is empty',
      `give the path of a ${isDirectory ? 'directory of JARs' : '.jar, .tar.gz or .tgz file'} on the synth machine`,
    );
    return undefined;
  }
  const absolute = ctx.files.resolve(s.path);
  const kind = ctx.files.kind(absolute);
  if (isDirectory) {
    if (kind !== LocalPathKind.DIRECTORY) {
      problems.add(
        `${field}.path`,
        kind === undefined ? `"${s.path}" does not exist (resolved to "${absolute}")` : `"${s.path}" is not a directory`,
        kind === undefined
          ? "give the directory of the plugin's JARs (relative paths start at the working directory of the synth)"
          : 'use PluginSource.localArchive for a single file',
      );
      return undefined;
    }
    if (!ctx.files.list(absolute).some((f) => f.toLowerCase().endsWith('.jar'))) {
      problems.add(`${field}.path`, `directory "${s.path}" contains no .jar file`, "point it at the directory holding the plugin's JARs");
      return undefined;
    }
    return {
      kind: s.kind!,
      packaging: ArtifactPackaging.DIRECTORY,
      localPath: absolute,
      fileName: `${ordinal}-${safeName(basename(absolute)) || 'directory'}`,
      installName: '',
      label,
    };
  }
  if (kind !== LocalPathKind.FILE) {
    problems.add(
      `${field}.path`,
      kind === undefined ? `"${s.path}" does not exist (resolved to "${absolute}")` : `"${s.path}" is a directory`,
      kind === undefined
        ? 'give the path of a .jar, .tar.gz or .tgz file (relative paths start at the working directory of the synth)'
        : 'use PluginSource.localDirectory for a directory of JARs',
    );
    return undefined;
  }
  const name = basename(absolute);
  const packaging = packagingOf(name);
  if (packaging === undefined) {
    problems.add(
      `${field}.path`,
      `"${s.path}" is neither a .jar nor a .tar.gz/.tgz file`,
      'give a JAR or a gzipped tar archive of JARs; unpack other archives and use PluginSource.localDirectory',
    );
    return undefined;
  }
  return { kind: s.kind!, packaging, localPath: absolute, fileName: `${ordinal}-${safeName(name)}`, installName: safeName(name), label };
}

function remote(
  kind: PluginSourceKind,
  url: string,
  sha512: string,
  packaging: ArtifactPackaging,
  name: string,
  ordinal: number,
  label: string,
): PluginArtifact {
  const safe = safeName(name);
  return { kind, packaging, url, sha512, fileName: `${ordinal}-${safe}`, installName: safe, label };
}

function checksum(problems: Problems, field: string, value: string | undefined, what: string): string | undefined {
  if (value === undefined || value === null || value === '') {
    problems.add(
      field,
      `${what} has no SHA-512 checksum; remote artifacts are verified before use`,
      "set sha512 to the artifact's SHA-512 (128 hex characters): download it once and run `sha512sum <file>`, or read <artifact URL>.sha512 where the repository publishes one",
    );
    return undefined;
  }
  if (typeof value !== 'string' || !SHA512.test(value.trim())) {
    const v = typeof value === 'string' ? value.trim() : '';
    const guess = HEX.test(v)
      ? ((
          {
            32: ' (that is the length of an MD5)',
            40: ' (that is the length of a SHA-1)',
            64: ' (that is the length of a SHA-256)',
          } as Record<number, string>
        )[v.length] ?? '')
      : '';
    problems.add(
      field,
      `the checksum of ${what} is not a SHA-512: ${JSON.stringify(value)} is not 128 hexadecimal characters${guess}`,
      'give the SHA-512 of the artifact (`sha512sum <file>`)',
    );
    return undefined;
  }
  return value.trim().toLowerCase();
}

function httpsUrl(url: string | undefined): { parsed: URL } | { problem: string; fix: string } {
  const fix = 'give an https:// URL without credentials';
  if (typeof url !== 'string' || url === '') return { problem: 'the URL is empty', fix };
  if (!URL_CHARACTERS.test(url))
    return { problem: `"${url}" contains characters a URL may not hold unencoded (or "$")`, fix: 'percent-encode spaces, quotes and "$"' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `"${url}" is not a URL`, fix };
  }
  if (parsed.protocol !== 'https:')
    return { problem: `"${url}" is not an https URL`, fix: 'use https:// (over plain http anyone on the path can swap the artifact)' };
  if (parsed.username || parsed.password)
    return {
      problem: `"${url}" contains credentials, which would be written into the synthesized JSON and the image`,
      fix: 'use a URL that needs no credentials, or a local source',
    };
  return { parsed };
}

function urlFileName(parsed: URL): string {
  const segments = parsed.pathname.split('/');
  const last = segments[segments.length - 1];
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Whether a Maven repository's base URL is refused (and why, into `problems`). */
export function repositoryProblem(problems: Problems, field: string, url: string): boolean {
  const u = httpsUrl(url);
  if ('problem' in u) {
    problems.add(
      field,
      `Maven repository: ${u.problem}`,
      'give the https:// base URL of the repository, e.g. "https://repo1.maven.org/maven2"',
    );
    return true;
  }
  if (u.parsed.search || u.parsed.hash) {
    problems.add(field, `Maven repository "${url}" has a query or fragment`, 'give the base URL only; artifact paths are appended to it');
    return true;
  }
  return false;
}

function directoryProblem(problems: Problems, field: string, directory: unknown): void {
  const fix = `use one directory name (no "/"): letters, digits, ".", "_" and "-", not starting with ".", at most ${MAX_DIRECTORY_LENGTH} characters, e.g. "debezium-connector-jdbc"`;
  if (typeof directory !== 'string' || directory === '') {
    problems.add(field, 'the plugin directory is empty', fix);
  } else if (!DIRECTORY_NAME.test(directory) || directory.startsWith('.') || directory.length > MAX_DIRECTORY_LENGTH) {
    const why = directory.includes('/') || directory.includes('\\') ? ' (a single child directory of /kafka/connect, not a path)' : '';
    problems.add(field, `"${directory}" is not a plugin directory name${why}`, fix);
  }
}

function describe(p: PluginSpec): string {
  if (p.preinstalled) return 'preinstalled';
  return p.artifacts.map((a) => a.label).join(', ') || 'no valid sources';
}

/** A remote or local file's packaging by its name: a JAR or a gzipped tar archive; undefined for anything else. */
function packagingOf(fileName: string): ArtifactPackaging | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.jar')) return ArtifactPackaging.JAR;
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return ArtifactPackaging.TAR_GZ;
  return undefined;
}

function basename(p: string): string {
  const parts = p.split(/[\\/]+/).filter((x) => x !== '');
  return parts[parts.length - 1] ?? '';
}

/** A file name safe in a shell word, a Dockerfile and a path: other characters become "_". */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}

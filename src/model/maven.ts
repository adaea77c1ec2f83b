import { ArtifactPackaging } from './plugin-types';

/** Maven coordinates (`group:artifact:version[:classifier][@type]`) and where they resolve. */

/** Maven Central, where `PluginSource.maven` resolves unless told otherwise. */
export const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2';

const MAVEN_PART = /^[A-Za-z0-9_.+-]+$/;
const MAVEN_TYPES: Record<string, ArtifactPackaging> = { jar: ArtifactPackaging.JAR, 'tar.gz': ArtifactPackaging.TAR_GZ };

/** `group:artifact:version[:classifier][@type]` → its URL under `repositoryUrl`, or why it cannot be. */
export function mavenArtifact(
  coordinates: string,
  repositoryUrl: string = MAVEN_CENTRAL,
): { url: string; fileName: string; packaging: ArtifactPackaging } | { problem: string; fix: string } {
  const fix =
    'write group:artifact:version[:classifier][@type], e.g. "io.debezium:debezium-connector-jdbc:3.1.3.Final:plugin@tar.gz" (type jar or tar.gz, default jar)';
  if (typeof coordinates !== 'string') return { problem: `${JSON.stringify(coordinates)} are not Maven coordinates`, fix };
  const at = coordinates.split('@');
  if (at.length > 2) return { problem: `Maven coordinates "${coordinates}" have more than one "@"`, fix };
  const type = at.length === 2 ? at[1] : 'jar';
  const parts = at[0].split(':');
  if (parts.length < 3 || parts.length > 4 || parts.some((x) => !MAVEN_PART.test(x))) {
    return { problem: `"${coordinates}" are not Maven coordinates`, fix };
  }
  const packaging = MAVEN_TYPES[type];
  if (packaging === undefined)
    return {
      problem: `Maven type "${type}" of "${coordinates}" is not supported`,
      fix: 'use @jar (the default) or @tar.gz; unpack other archives yourself and use PluginSource.localDirectory',
    };
  const [group, artifact, version, classifier] = parts;
  if (/-SNAPSHOT$/i.test(version)) {
    return {
      problem: `"${coordinates}" is a snapshot, whose file changes with every deployment (its checksum cannot be pinned)`,
      fix: 'use a released version',
    };
  }
  if (group.split('.').some((s) => s === '' || s === '..'))
    return { problem: `group "${group}" of "${coordinates}" is not a Maven group id`, fix };
  const fileName = `${artifact}-${version}${classifier ? `-${classifier}` : ''}.${type}`;
  const base = repositoryUrl.replace(/\/+$/, '');
  return { url: `${base}/${group.split('.').join('/')}/${artifact}/${version}/${fileName}`, fileName, packaging };
}

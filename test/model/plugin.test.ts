import { SecretDelivery } from '../../src/model/secret-ref';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateConnector, ConnectorState, DEBEZIUM_CONNECTOR_CLASSES } from '../../src/model/connector';
import { kubernetesNetwork } from '../../src/kubernetes/policy';
import { MAVEN_CENTRAL, mavenArtifact } from '../../src/model/maven';
import { providedConnectorClasses } from '../../src/model/plugin';
import { ArtifactPackaging } from '../../src/model/plugin-types';
import { pluginInstallScript } from '../../src/private/plugin-script';
import { formatProblem, Problems } from '../../src/model/validation';
import { PluginDirectoryOptions, PluginSource } from '../../src/plugin';
import { pluginsOk as ok, resolvePlugins as resolve } from '../util';

const SHA = 'ab'.repeat(64);
const JDBC = 'io.debezium:debezium-connector-jdbc:3.1.3.Final:plugin@tar.gz';

/** The single error of one plugin declaration. */
function errorsOf(...directories: PluginDirectoryOptions[]): string {
  const r = resolve({ directories });
  expect(r.errors.length).toBeGreaterThan(0);
  return r.errors.join('\n');
}

const jdbc: PluginDirectoryOptions = {
  directory: 'debezium-connector-jdbc',
  sources: [PluginSource.maven({ coordinates: JDBC, sha512: SHA })],
  connectorClasses: ['io.debezium.connector.jdbc.JdbcSinkConnector'],
};

describe('Maven coordinates', () => {
  test('group:artifact:version:classifier@type resolves under Maven Central', () => {
    expect(mavenArtifact(JDBC)).toEqual({
      url: 'https://repo1.maven.org/maven2/io/debezium/debezium-connector-jdbc/3.1.3.Final/debezium-connector-jdbc-3.1.3.Final-plugin.tar.gz',
      fileName: 'debezium-connector-jdbc-3.1.3.Final-plugin.tar.gz',
      packaging: ArtifactPackaging.TAR_GZ,
    });
  });

  test('the type defaults to jar and the repository is configurable (trailing slash ignored)', () => {
    expect(mavenArtifact('io.confluent:kafka-connect-avro-converter:7.7.1', 'https://nexus.internal/repository/maven/')).toEqual({
      url: 'https://nexus.internal/repository/maven/io/confluent/kafka-connect-avro-converter/7.7.1/kafka-connect-avro-converter-7.7.1.jar',
      fileName: 'kafka-connect-avro-converter-7.7.1.jar',
      packaging: ArtifactPackaging.JAR,
    });
  });

  test('the cluster-wide repository applies unless a source names its own', () => {
    const plugins = ok({
      mavenRepositoryUrl: 'https://mirror.internal/maven2',
      directories: [
        {
          directory: 'shared',
          sources: [
            PluginSource.maven({ coordinates: 'a.b:c:1', sha512: SHA }),
            PluginSource.maven({ coordinates: 'a.b:d:1', sha512: SHA, repositoryUrl: 'https://other.internal/m2' }),
          ],
        },
      ],
    });
    expect(plugins.plugins[0].artifacts.map((a) => a.url)).toEqual([
      'https://mirror.internal/maven2/a/b/c/1/c-1.jar',
      'https://other.internal/m2/a/b/d/1/d-1.jar',
    ]);
    expect(MAVEN_CENTRAL).toBe('https://repo1.maven.org/maven2');
  });

  test('fails when the coordinates are malformed, of an unsupported type or a snapshot', () => {
    const bad = (coordinates: string) => errorsOf({ directory: 'x', sources: [PluginSource.maven({ coordinates, sha512: SHA })] });
    expect(bad('io.debezium:debezium-connector-jdbc')).toContain(
      'stack/cdc: plugins.directories[0].sources[0].coordinates: "io.debezium:debezium-connector-jdbc" are not Maven coordinates; write group:artifact:version[:classifier][@type]',
    );
    expect(bad('a:b:1@zip')).toContain('Maven type "zip" of "a:b:1@zip" is not supported; use @jar (the default) or @tar.gz');
    expect(bad('a:b:1.0-SNAPSHOT')).toContain('"a:b:1.0-SNAPSHOT" is a snapshot');
    expect(bad('a b:c:1')).toContain('are not Maven coordinates');
  });

  test('fails when a Maven repository is not https', () => {
    expect(
      errorsOf({
        directory: 'x',
        sources: [PluginSource.maven({ coordinates: 'a:b:1', sha512: SHA, repositoryUrl: 'http://nexus/maven2' })],
      }),
    ).toContain('plugins.directories[0].sources[0].repositoryUrl: Maven repository: "http://nexus/maven2" is not an https URL');
    expect(resolve({ mavenRepositoryUrl: 'ftp://x', directories: [jdbc] }).errors.join('\n')).toContain(
      'plugins.mavenRepositoryUrl: Maven repository: "ftp://x" is not an https URL',
    );
  });
});

describe('checksums', () => {
  test('are normalized to lowercase', () => {
    const plugins = ok({
      directories: [{ directory: 'x', sources: [PluginSource.url({ url: 'https://example.com/x.jar', sha512: 'AB'.repeat(64) })] }],
    });
    expect(plugins.plugins[0].artifacts[0].sha512).toBe(SHA);
  });

  test('fails when a remote artifact has no checksum', () => {
    expect(errorsOf({ directory: 'x', sources: [PluginSource.maven({ coordinates: 'a:b:1' } as any)] })).toContain(
      'stack/cdc: plugins.directories[0].sources[0].sha512: maven a:b:1 has no SHA-512 checksum; remote artifacts are verified before use; set sha512',
    );
    expect(errorsOf({ directory: 'x', sources: [PluginSource.url({ url: 'https://example.com/x.jar', sha512: '' })] })).toContain(
      'url https://example.com/x.jar has no SHA-512 checksum',
    );
  });

  test('fails when the checksum is not 128 hex characters, naming a likely mix-up', () => {
    expect(
      errorsOf({ directory: 'x', sources: [PluginSource.url({ url: 'https://example.com/x.jar', sha512: 'a'.repeat(64) })] }),
    ).toContain('is not 128 hexadecimal characters (that is the length of a SHA-256)');
    expect(
      errorsOf({ directory: 'x', sources: [PluginSource.url({ url: 'https://example.com/x.jar', sha512: 'z'.repeat(128) })] }),
    ).toContain('is not a SHA-512');
  });
});

describe('URL sources', () => {
  test('jar, tar.gz and tgz by the path, query ignored', () => {
    const plugins = ok({
      directories: [
        {
          directory: 'x',
          sources: [
            PluginSource.url({ url: 'https://example.com/a/b.jar', sha512: SHA }),
            PluginSource.url({ url: 'https://example.com/c.tgz?download=1', sha512: SHA }),
            PluginSource.url({ url: 'https://example.com/d.tar.gz', sha512: SHA }),
          ],
        },
      ],
    });
    expect(plugins.plugins[0].artifacts.map((a) => [a.packaging, a.fileName])).toEqual([
      [ArtifactPackaging.JAR, '1-b.jar'],
      [ArtifactPackaging.TAR_GZ, '2-c.tgz'],
      [ArtifactPackaging.TAR_GZ, '3-d.tar.gz'],
    ]);
  });

  test('fails when the URL is not https, has credentials, a "$", or names no supported file', () => {
    const bad = (url: string) => errorsOf({ directory: 'x', sources: [PluginSource.url({ url, sha512: SHA })] });
    expect(bad('http://example.com/x.jar')).toContain(
      'plugins.directories[0].sources[0].url: "http://example.com/x.jar" is not an https URL',
    );
    expect(bad('https://u:p@example.com/x.jar')).toContain('contains credentials');
    expect(bad('https://example.com/${x}.jar')).toContain('contains characters a URL may not hold unencoded (or "$")');
    expect(bad('https://example.com/x.zip')).toContain('names neither a .jar nor a .tar.gz/.tgz file');
  });
});

describe('directories', () => {
  test('fails when a directory is not a single safe path segment', () => {
    for (const directory of ['a/b', '..', '.hidden', 'with space', '', 'x'.repeat(129)]) {
      expect(errorsOf({ ...jdbc, directory })).toMatch(
        /plugins\.directories\[0\]\.directory: (".*" is not a plugin directory name( \(a single child directory of \/kafka\/connect, not a path\))?|the plugin directory is empty); use one directory name/,
      );
    }
    expect(errorsOf({ ...jdbc, directory: 'a/b' })).toContain('(a single child directory of /kafka/connect, not a path)');
  });

  test('fails when two plugins claim the same directory, naming both', () => {
    const other: PluginDirectoryOptions = {
      directory: 'debezium-connector-jdbc',
      sources: [PluginSource.url({ url: 'https://example.com/extra.jar', sha512: SHA })],
    };
    expect(errorsOf(jdbc, other)).toContain(
      'stack/cdc: plugins.directories[1].directory: directory "debezium-connector-jdbc" is already claimed by plugins.directories[0] (maven io.debezium:debezium-connector-jdbc:3.1.3.Final:plugin@tar.gz); plugins.directories[1] (url https://example.com/extra.jar) claims it too; give each plugin its own directory, or declare connectors that share dependencies as one plugin with several sources',
    );
    expect(errorsOf(jdbc, { ...other, directory: 'Debezium-Connector-JDBC' })).toContain(
      'differs from "debezium-connector-jdbc" only in case',
    );
  });

  test('connectors that share dependencies share one directory with several sources', () => {
    const plugins = ok({
      directories: [
        {
          directory: 'confluent-avro',
          sources: [
            PluginSource.maven({ coordinates: 'io.confluent:kafka-connect-avro-converter:7.7.1', sha512: SHA }),
            PluginSource.maven({ coordinates: 'io.confluent:kafka-schema-registry-client:7.7.1', sha512: SHA }),
          ],
        },
      ],
    });
    expect(plugins.plugins[0].artifacts.map((a) => a.installName)).toEqual([
      'kafka-connect-avro-converter-7.7.1.jar',
      'kafka-schema-registry-client-7.7.1.jar',
    ]);
  });

  test('fails when a plugin has no sources, or two sources write one file', () => {
    expect(errorsOf({ directory: 'x', sources: [] })).toContain(
      'plugins.directories[0].sources: plugin "x" has no sources; give at least one source',
    );
    expect(
      errorsOf({
        directory: 'x',
        sources: [
          PluginSource.url({ url: 'https://a.example/x.jar', sha512: SHA }),
          PluginSource.url({ url: 'https://b.example/x.jar', sha512: SHA }),
        ],
      }),
    ).toContain('url https://b.example/x.jar and url https://a.example/x.jar would both be written as "x.jar" in "x"');
    expect(errorsOf({ directory: 'x', sources: ['https://a.example/x.jar' as any] })).toContain(
      'plugins.directories[0].sources[0]: {} is not a plugin source',
    );
  });

  test('fails when preinstalled is mixed with other sources', () => {
    expect(
      errorsOf({
        directory: 'x',
        sources: [PluginSource.preinstalled(), PluginSource.url({ url: 'https://a.example/x.jar', sha512: SHA })],
      }),
    ).toContain('plugin "x" is preinstalled and also has other sources');
  });
});

describe('local sources', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-model-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a directory of JARs and an archive resolve to absolute paths', () => {
    fs.mkdirSync(path.join(dir, 'jars/lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'jars/lib/a.jar'), 'a');
    fs.writeFileSync(path.join(dir, 'b.tgz'), 'b');
    const plugins = ok({
      directories: [
        {
          directory: 'mine',
          sources: [PluginSource.localDirectory(path.join(dir, 'jars')), PluginSource.localArchive(path.join(dir, 'b.tgz'))],
        },
      ],
    });
    expect(plugins.plugins[0].artifacts.map((a) => [a.packaging, a.localPath])).toEqual([
      [ArtifactPackaging.DIRECTORY, path.join(dir, 'jars')],
      [ArtifactPackaging.TAR_GZ, path.join(dir, 'b.tgz')],
    ]);
  });

  test('fails when a local path is missing, of the wrong kind, or holds no JAR', () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.writeFileSync(path.join(dir, 'x.zip'), '');
    const errors = errorsOf({
      directory: 'mine',
      sources: [
        PluginSource.localDirectory(path.join(dir, 'missing')),
        PluginSource.localDirectory(path.join(dir, 'empty')),
        PluginSource.localArchive(path.join(dir, 'empty')),
        PluginSource.localArchive(path.join(dir, 'x.zip')),
      ],
    });
    expect(errors).toContain(`plugins.directories[0].sources[0].path: "${path.join(dir, 'missing')}" does not exist`);
    expect(errors).toContain(`plugins.directories[0].sources[1].path: directory "${path.join(dir, 'empty')}" contains no .jar file`);
    expect(errors).toContain(
      `plugins.directories[0].sources[2].path: "${path.join(dir, 'empty')}" is a directory; use PluginSource.localDirectory`,
    );
    expect(errors).toContain('is neither a .jar nor a .tar.gz/.tgz file');
  });

  test('fails on Kubernetes, pointing at a prebuilt image', () => {
    fs.writeFileSync(path.join(dir, 'a.jar'), 'a');
    const r = resolve(
      { directories: [{ directory: 'mine', sources: [PluginSource.localArchive(path.join(dir, 'a.jar'))] }] },
      kubernetesNetwork('cdc'),
    );
    expect(r.errors.join('\n')).toContain(
      `stack/cdc: plugins.directories[0].sources[0]: local archive ${path.join(dir, 'a.jar')} exists only on the synth machine; Kubernetes pods cannot reach it; build an image FROM the Connect image with the JARs under /kafka/connect/<directory>/, push it, set images.connectImage to it and declare this plugin with PluginSource.preinstalled()`,
    );
  });
});

describe('provided connector classes', () => {
  test('undefined when no plugin is declared: any class is accepted', () => {
    expect(providedConnectorClasses(undefined)).toBeUndefined();
    expect(resolve({ directories: [] }).plugins).toBeUndefined();
  });

  test("the built-in Debezium connectors plus every declared plugin's classes", () => {
    const classes = providedConnectorClasses(
      ok({ directories: [{ directory: 'acme', sources: [PluginSource.preinstalled()], connectorClasses: ['com.acme.SinkConnector'] }] }),
    )!;
    expect(classes).toContain('com.acme.SinkConnector');
    for (const builtIn of Object.values(DEBEZIUM_CONNECTOR_CLASSES)) expect(classes).toContain(builtIn);
  });

  test('fails when a class name is not fully qualified, or two plugins provide one class', () => {
    expect(errorsOf({ ...jdbc, connectorClasses: ['JdbcSinkConnector'] })).toContain(
      'plugins.directories[0].connectorClasses[0]: "JdbcSinkConnector" is not a fully-qualified class name',
    );
    expect(errorsOf(jdbc, { ...jdbc, directory: 'copy' })).toContain(
      'plugins.directories[1].connectorClasses: connector class "io.debezium.connector.jdbc.JdbcSinkConnector" is also provided by plugins.directories[0] ("debezium-connector-jdbc")',
    );
  });

  test('connector validation refuses a class no plugin provides', () => {
    const problems = new Problems('stack/cdc/Connectors/sink');
    const provided = providedConnectorClasses(ok({ directories: [jdbc] }));
    const spec = {
      name: 'sink',
      className: 'com.acme.Missing',
      config: {},
      secrets: {},
      state: ConnectorState.RUNNING,
      constructPath: 'stack/cdc/Connectors/sink',
      problems: [],
    };
    validateConnector(problems, spec, provided, '3.9.0', SecretDelivery.ENVIRONMENT);
    expect(problems.list.map(formatProblem)).toEqual([
      'stack/cdc/Connectors/sink: connectorClass: no declared plugin or image connector provides "com.acme.Missing"; declare the plugin that contains it, or fix the class name',
    ]);
    const fine = new Problems('x');
    validateConnector(
      fine,
      { ...spec, className: 'io.debezium.connector.jdbc.JdbcSinkConnector' },
      provided,
      '3.9.0',
      SecretDelivery.ENVIRONMENT,
    );
    validateConnector(fine, { ...spec, className: DEBEZIUM_CONNECTOR_CLASSES.postgres }, provided, '3.9.0', SecretDelivery.ENVIRONMENT);
    expect(fine.empty).toBe(true);
  });
});

describe('the install script', () => {
  test('verifies every remote artifact before unpacking or placing anything', () => {
    const plugins = ok({
      directories: [jdbc, { directory: 'extra', sources: [PluginSource.url({ url: 'https://example.com/extra.jar', sha512: SHA })] }],
    });
    const script = pluginInstallScript(plugins, { outputDir: '/kafka/connect' });
    const lines = script.split('\n');
    const lastFetch = Math.max(...lines.map((l, i) => (l.startsWith('fetch ') ? i : -1)));
    const firstInstall = lines.findIndex((l) => /^(unpack|place|copydir) /.test(l));
    expect(lastFetch).toBeGreaterThan(0);
    expect(firstInstall).toBeGreaterThan(lastFetch);
    expect(script).toContain(
      `fetch 'https://repo1.maven.org/maven2/io/debezium/debezium-connector-jdbc/3.1.3.Final/debezium-connector-jdbc-3.1.3.Final-plugin.tar.gz' '/kafka/connect/debezium-connector-jdbc/.plugin-download/1-debezium-connector-jdbc-3.1.3.Final-plugin.tar.gz' '${SHA}'`,
    );
    expect(script).toContain("place '/kafka/connect/extra/.plugin-download/1-extra.jar' '/kafka/connect/extra/extra.jar'");
  });

  test('preinstalled plugins are left alone', () => {
    const plugins = ok({
      directories: [{ directory: 'acme', sources: [PluginSource.preinstalled()], connectorClasses: ['com.acme.SinkConnector'] }],
    });
    expect(pluginInstallScript(plugins, { outputDir: '/kafka/connect' })).not.toContain('acme');
  });
});

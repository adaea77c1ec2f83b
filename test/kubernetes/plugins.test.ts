import { execFileSync, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { StatefulSetV1 } from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { Testing } from 'cdktf';
import { terraformLiteral } from '../../src/private/escape';
import { kubernetesPluginPodParts, metricsAgentInitScript, pluginInitScript, pluginVolumeName } from '../../src/kubernetes/plugins';
import { METRICS, METRICS_RULES, MetricsModel } from '../../src/model/metrics';
import { kubernetesNetwork } from '../../src/kubernetes/policy';
import { PluginsModel } from '../../src/model/plugin-types';
import { PluginDirectoryOptions, PluginSource, PluginsOptions } from '../../src/plugin';
import { pluginsOk, resolve as resolveModel, resolvePlugins, testStack } from '../util';

const SHA = 'ab'.repeat(64);
const jdbc: PluginDirectoryOptions = {
  directory: 'debezium-connector-jdbc',
  sources: [PluginSource.maven({ coordinates: 'io.debezium:debezium-connector-jdbc:3.1.3.Final:plugin@tar.gz', sha512: SHA })],
  connectorClasses: ['io.debezium.connector.jdbc.JdbcSinkConnector'],
};

const resolve = (options: PluginsOptions) => resolvePlugins(options, kubernetesNetwork('cdc'));
const plugins = (...directories: PluginDirectoryOptions[]): PluginsModel => pluginsOk({ directories }, kubernetesNetwork('cdc'));

describe('Kubernetes: plugin init container', () => {
  test('one emptyDir per plugin directory, mounted only at /kafka/connect/<directory>', () => {
    const parts = kubernetesPluginPodParts(
      plugins(jdbc, { directory: 'Acme_Sink.v2', sources: [PluginSource.url({ url: 'https://example.com/acme.jar', sha512: SHA })] }),
    )!;
    const jdbcVolume = pluginVolumeName('debezium-connector-jdbc');
    const acmeVolume = pluginVolumeName('Acme_Sink.v2');
    expect(jdbcVolume).toMatch(/^plugin-debezium-connector-jdbc-[0-9a-f]{8}$/);
    expect(acmeVolume).toMatch(/^plugin-acme-sink-v2-[0-9a-f]{8}$/);
    expect(parts.volumes).toEqual([
      { name: jdbcVolume, emptyDir: { sizeLimit: '1Gi' } },
      { name: acmeVolume, emptyDir: { sizeLimit: '1Gi' } },
    ]);
    const mounts = [
      { name: jdbcVolume, mountPath: '/kafka/connect/debezium-connector-jdbc' },
      { name: acmeVolume, mountPath: '/kafka/connect/Acme_Sink.v2' },
    ];
    expect(parts.volumeMounts).toEqual(mounts);
    expect(parts.initContainer.volumeMount).toEqual(mounts);
    expect(parts.volumeMounts.map((m) => m.mountPath)).not.toContain('/kafka/connect');
  });

  test('the init container runs as uid 1001 under the restricted profile, with the default curl image', () => {
    const c = kubernetesPluginPodParts(plugins(jdbc))!.initContainer;
    expect(c).toMatchObject({
      name: 'install-plugins',
      image: 'docker.io/curlimages/curl:8.11.1',
      imagePullPolicy: 'IfNotPresent',
      securityContext: {
        runAsUser: '1001',
        runAsGroup: '1001',
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
    });
    expect(
      kubernetesPluginPodParts(resolve({ directories: [jdbc], fetchImage: 'mirror.internal/curl:8' }).plugins)!.initContainer.image,
    ).toBe('mirror.internal/curl:8');
  });

  test('the command verifies the checksum before extracting', () => {
    const [shell, flag, script] = kubernetesPluginPodParts(plugins(jdbc))!.initContainer.command!;
    expect([shell, flag]).toEqual(['sh', '-c']);
    const file = '/kafka/connect/debezium-connector-jdbc/.plugin-download/1-debezium-connector-jdbc-3.1.3.Final-plugin.tar.gz';
    const fetchAt = script.indexOf(
      `fetch 'https://repo1.maven.org/maven2/io/debezium/debezium-connector-jdbc/3.1.3.Final/debezium-connector-jdbc-3.1.3.Final-plugin.tar.gz' '${file}' '${SHA}'`,
    );
    const unpackAt = script.indexOf(`unpack '${file}' '/kafka/connect/debezium-connector-jdbc'`);
    expect(fetchAt).toBeGreaterThan(0);
    expect(unpackAt).toBeGreaterThan(fetchAt);
    // fetch = curl (https only), then verify, which exits on a mismatch.
    const fetchBody = script.slice(script.indexOf('fetch() {'), script.indexOf('}', script.indexOf('fetch() {')));
    expect(fetchBody.indexOf("curl -q -fsSL --proto '=https' --proto-redir '=https'")).toBeLessThan(fetchBody.indexOf('verify "$2" "$3"'));
    expect(script).toContain('echo "$2  $1" | sha512sum -c -');
    expect(script.startsWith('set -eu\n')).toBe(true);
  });

  test('literals are escaped for Terraform', () => {
    const p = plugins(jdbc);
    expect(kubernetesPluginPodParts(p)!.initContainer.command![2]).toBe(terraformLiteral(pluginInitScript(p)));
    const image = kubernetesPluginPodParts(resolve({ directories: [jdbc], fetchImage: 'mirror.internal/${team}/curl:8' }).plugins)!
      .initContainer.image;
    expect(image).toBe('mirror.internal/$${team}/curl:8');
  });

  test('merges into a StatefulSet pod spec', () => {
    const parts = kubernetesPluginPodParts(plugins(jdbc))!;
    const stack = testStack('kubernetes');
    new StatefulSetV1(stack, 'sts', {
      metadata: { name: 'cdc-connect' },
      spec: {
        serviceName: 'cdc-connect-headless',
        selector: { matchLabels: { app: 'x' } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: {
            initContainer: [parts.initContainer],
            container: [{ name: 'connect', image: 'quay.io/debezium/connect:3.1', volumeMount: parts.volumeMounts }],
            volume: parts.volumes,
          },
        },
      },
    });
    const sts = Object.values(JSON.parse(Testing.synth(stack)).resource.kubernetes_stateful_set_v1)[0] as any;
    const pod = sts.spec.template.spec;
    expect(pod.init_container[0].security_context.run_as_user).toBe('1001');
    expect(pod.init_container[0].volume_mount[0].mount_path).toBe('/kafka/connect/debezium-connector-jdbc');
    expect(pod.container[0].volume_mount[0].name).toBe(pod.volume[0].name);
    expect(pod.volume[0].empty_dir.size_limit).toBe('1Gi');
  });

  test('nothing to add without plugins to fetch (none, or all preinstalled)', () => {
    expect(kubernetesPluginPodParts(undefined)).toBeUndefined();
    expect(
      kubernetesPluginPodParts(
        plugins({ directory: 'acme', sources: [PluginSource.preinstalled()], connectorClasses: ['com.acme.SinkConnector'] }),
      ),
    ).toBeUndefined();
  });

  test('fails when a plugin has a local source', () => {
    const r = resolve({ directories: [{ directory: 'mine', sources: [PluginSource.localDirectory('./jars')] }] });
    expect(r.plugins).toBeUndefined();
    expect(r.errors).toEqual([
      'stack/cdc: plugins.directories[0].sources[0]: local directory ./jars exists only on the synth machine; Kubernetes pods cannot reach it; build an image FROM the Connect image with the JARs under /kafka/connect/<directory>/, push it, set images.connectImage to it and declare this plugin with PluginSource.preinstalled(); or publish the JARs and use PluginSource.url/maven with their SHA-512',
    ]);
  });
});

// A throwaway self-signed certificate for 127.0.0.1 (valid until 2126), used only by this test: the script
// refuses anything but https, so it is tested against https. curl trusts it through CURL_CA_BUNDLE.
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBkTCCATagAwIBAgIUL7npdD/VnjZJibfG1cKD2h74KoUwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyNTE3MTYxN1oYDzIxMjYxMTAx
MTcxNjE3WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARuOP6onxYdYhl5WLl/QlCSbWQc60c51yC8uBNu6K2Vds8IJ/WV+Nf6
hwGONUdhaqkU9/2fbBtKG28zpNwQjEr6o2QwYjAdBgNVHQ4EFgQU0fDllBn9jiVs
GkRBZkMxhyONVlwwHwYDVR0jBBgwFoAU0fDllBn9jiVsGkRBZkMxhyONVlwwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0kAMEYC
IQDR3jMVTIJo6wBe1L/suQoohfCAyVB9UOuuxynC5zUqcgIhAOhRaNbpCT/eVhWM
H5SzxM39EXbTvpirDdKHU/3pMHgD
-----END CERTIFICATE-----
`;
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKp36Jn/YufkBQhhk
n9l4JckmcYbGi56EaG9aH7P6eAShRANCAARuOP6onxYdYhl5WLl/QlCSbWQc60c5
1yC8uBNu6K2Vds8IJ/WV+Nf6hwGONUdhaqkU9/2fbBtKG28zpNwQjEr6
-----END PRIVATE KEY-----
`;

describe('Kubernetes: the init container script, run against a local server', () => {
  let tmp: string;
  let archive: Buffer;
  let jar: Buffer;
  let server: https.Server;
  let plain: http.Server;
  let base: string;
  let plainBase: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-k8s-'));
    const src = path.join(tmp, 'src');
    fs.mkdirSync(path.join(src, 'debezium-connector-jdbc'), { recursive: true });
    fs.writeFileSync(path.join(src, 'debezium-connector-jdbc/debezium-connector-jdbc.jar'), 'jar');
    fs.writeFileSync(path.join(src, 'debezium-connector-jdbc/postgresql.jar'), 'driver');
    execFileSync('tar', ['-czf', path.join(tmp, 'plugin.tar.gz'), '-C', src, 'debezium-connector-jdbc']);
    archive = fs.readFileSync(path.join(tmp, 'plugin.tar.gz'));
    jar = Buffer.from('a single jar');
    fs.writeFileSync(path.join(tmp, 'ca.pem'), TEST_CERT);
    const files: Record<string, Buffer> = { '/plugin.tar.gz': archive, '/extra.jar': jar };
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const body = files[req.url ?? ''];
      res.writeHead(body ? 200 : 404).end(body ?? 'not found');
    };
    server = https.createServer({ key: TEST_KEY, cert: TEST_CERT }, handler);
    plain = http.createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    plainBase = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await new Promise((r) => plain.close(r));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');

  const hasBusybox = spawnSync('busybox', ['true']).status === 0;

  /** Runs the init script (async: the server answers from this process). */
  function run(
    shell: string,
    p: PluginsModel | string,
    pluginsDir = '',
  ): Promise<{ status: number | null; stderr: string; stdout: string }> {
    const script = typeof p === 'string' ? p : pluginInitScript(p, pluginsDir);
    const env: NodeJS.ProcessEnv = { ...process.env, CURL_CA_BUNDLE: path.join(tmp, 'ca.pem'), CURL_HOME: tmp };
    let command = shell;
    let args = ['-c', script];
    if (shell === 'busybox') {
      if (!hasBusybox) {
        throw new Error(
          'busybox is not installed, and CI runs the plugin-install script under busybox sh as the fetch image does: install the Debian package busybox (.ci/run does)',
        );
      }
      // As in the fetch image: every tool is a busybox applet, except curl.
      const bin = path.join(tmp, 'busybox-bin');
      if (!fs.existsSync(bin)) {
        fs.mkdirSync(bin);
        execFileSync('busybox', ['--install', '-s', bin]);
        fs.rmSync(path.join(bin, 'wget'), { force: true });
        fs.symlinkSync(execFileSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).trim(), path.join(bin, 'curl'));
      }
      env.PATH = bin;
      command = path.join(bin, 'sh');
      args = ['-c', script];
    }
    return new Promise((resolveRun) => {
      const child = spawn(command, args, { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolveRun({ status, stdout, stderr }));
    });
  }

  function declared(archiveSha: string, jarSha = sha512(jar), url = `${base}/plugin.tar.gz`): PluginsModel {
    return plugins({
      directory: 'debezium-connector-jdbc',
      sources: [PluginSource.url({ url, sha512: archiveSha }), PluginSource.url({ url: `${base}/extra.jar`, sha512: jarSha })],
    });
  }

  function list(dir: string): string[] {
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  }

  // The metrics agent's init container (kubernetesMetricsPodParts) runs the same functions on one file.
  for (const shell of ['sh', 'busybox']) {
    const maybe = shell === 'busybox' && !hasBusybox && process.env.CI !== 'true' ? test.skip : test;
    const agentModel = (dir: string, sha: string): MetricsModel => ({
      ...resolveModel({ metrics: { prometheus: true } }).metrics!,
      agentUrl: `${base}/extra.jar`,
      agentSha512: sha,
      directory: dir,
      agentPath: `${dir}/${METRICS.agentFile}`,
      rulesPath: `${dir}/${METRICS.rulesFile}`,
    });
    maybe(`${shell}: the metrics agent is fetched and verified, and the rules written beside it`, async () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'metrics-'));
      fs.writeFileSync(path.join(dir, 'stale'), 'old');
      const r = await run(shell, metricsAgentInitScript(agentModel(dir, sha512(jar))));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(list(dir)).toEqual([METRICS.agentFile, METRICS.rulesFile]);
      expect(fs.readFileSync(path.join(dir, METRICS.agentFile))).toEqual(jar);
      expect(fs.readFileSync(path.join(dir, METRICS.rulesFile), 'utf8')).toBe(METRICS_RULES);
    });
    maybe(`${shell}: an agent whose SHA-512 differs fails the init container and is removed`, async () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'metrics-bad-'));
      const r = await run(shell, metricsAgentInitScript(agentModel(dir, '0'.repeat(128))));
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('SHA-512 mismatch');
      expect(list(dir)).toEqual([]);
    });
  }

  for (const shell of ['bash', 'sh', 'busybox']) {
    // Without busybox its variants are skipped on a developer's machine; under CI=true they run, and fail naming the
    // missing package (.ci/run installs it; test/no-skipped-tests-reporter.js would fail a CI run that skipped them).
    const maybe = shell === 'busybox' && !hasBusybox && process.env.CI !== 'true' ? test.skip : test;
    maybe(`${shell}: correct checksums install the unwrapped archive and the JAR, leaving no downloads behind`, async () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'ok-'));
      // A stale file from an earlier attempt of the init container is cleared.
      fs.mkdirSync(path.join(dir, 'debezium-connector-jdbc'));
      fs.writeFileSync(path.join(dir, 'debezium-connector-jdbc/stale.jar'), 'old');
      const r = await run(shell, declared(sha512(archive)), dir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(list(path.join(dir, 'debezium-connector-jdbc'))).toEqual(['debezium-connector-jdbc.jar', 'extra.jar', 'postgresql.jar']);
      expect(fs.readFileSync(path.join(dir, 'debezium-connector-jdbc/extra.jar'))).toEqual(jar);
      expect(r.stdout).toContain('installed 1 plugin directory: debezium-connector-jdbc');
    });

    maybe(`${shell}: fails when a checksum is wrong, and installs nothing`, async () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'bad-'));
      const r = await run(shell, declared(sha512(archive), sha512(Buffer.from('something else'))), dir);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('SHA-512 mismatch');
      expect(r.stderr).toContain(`expected ${sha512(Buffer.from('something else'))}, got ${sha512(jar)}`);
      // The archive was fetched and verified, but nothing was unpacked; the bad file was removed.
      expect(list(path.join(dir, 'debezium-connector-jdbc'))).toEqual(['.plugin-download']);
      expect(list(path.join(dir, 'debezium-connector-jdbc/.plugin-download'))).toEqual(['1-plugin.tar.gz']);
    });
  }

  test('fails when a URL is not https, even if the model were bypassed', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'http-'));
    const p = declared(sha512(archive));
    const forged: PluginsModel = {
      ...p,
      plugins: p.plugins.map((x) => ({
        ...x,
        artifacts: x.artifacts.map((a, i) => (i === 0 ? { ...a, url: `${plainBase}/plugin.tar.gz` } : a)),
      })),
    };
    const r = await run('bash', forged, dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/[Pp]rotocol .*http.* (not supported|disabled)/);
    expect(list(path.join(dir, 'debezium-connector-jdbc')).filter((f) => !f.startsWith('.'))).toEqual([]);
  });
});

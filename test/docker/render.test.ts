import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { ConnectCluster, ConnectClusterProps, ConnectorSource, CoordinationMode, DockerNetworkMode, SecretFiles, Target } from '../../src';
import { dockerEnv, synthCluster, synthJson, testStack, validationError, variableSecret } from '../util';
import { apiVersionsCheck } from '../../src/model/kafka';

const synth = (props: Partial<ConnectClusterProps> = {}): string => synthCluster({ target: Target.docker(), ...props });

function parsed(props: Partial<ConnectClusterProps> = {}): any {
  return JSON.parse(synth(props));
}

function containers(json: any): any[] {
  return Object.values(json.resource.docker_container);
}

describe('Docker target', () => {
  test("one bridge network per cluster and the link names of Debezium's tutorial as aliases", () => {
    const out = synth({ zookeeper: { nodes: 3 }, kafka: { brokers: 3 } });
    expect(out).toHaveResourceWithProperties(Network, { name: 'cdc', driver: 'bridge' });
    expect(out).toHaveResourceWithProperties(Container, {
      name: 'cdc-zookeeper-2',
      hostname: 'zookeeper-2',
      networks_advanced: [expect.objectContaining({ aliases: ['zookeeper', 'zookeeper-2'] })],
    });
    expect(out).toHaveResourceWithProperties(Container, {
      name: 'cdc-kafka-3',
      networks_advanced: [expect.objectContaining({ aliases: ['kafka', 'kafka-3'] })],
    });
  });

  test('Connect workers run with a read-only root filesystem and /tmp as an exec tmpfs; nodes that write elsewhere do not', () => {
    const all = containers(parsed({ connect: { workers: 2 } }));
    const workers = all.filter((c) => /-connect-\d$/.test(c.name));
    expect(workers).toHaveLength(2);
    for (const w of workers) {
      expect(w.read_only).toBe(true);
      expect(w.tmpfs).toEqual({ '/tmp': 'rw,exec,nosuid,nodev,size=256m' });
    }
    for (const other of all.filter((c) => !workers.includes(c))) expect(other.read_only).toBeUndefined();
  });

  test('images are kept locally and containers use them', () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(Image, { name: 'quay.io/debezium/connect:3.1', keep_locally: true });
    expect(out).toHaveResourceWithProperties(Container, {
      name: 'cdc-connect-1',
      image: expect.stringMatching(/^\$\{docker_image\..*ConnectWorkers.*\.image_id\}$/),
    });
  });

  test("volumes for ZooKeeper data and txns, Kafka data, and each worker's logs and config", () => {
    const json = parsed({ connect: { workers: 2 } });
    expect(
      Object.values(json.resource.docker_volume)
        .map((v: any) => v.name)
        .sort(),
    ).toEqual([
      'cdc-connect-1-config',
      'cdc-connect-1-logs',
      'cdc-connect-2-config',
      'cdc-connect-2-logs',
      'cdc-kafka-1-data',
      'cdc-zookeeper-1-data',
      'cdc-zookeeper-1-txns',
    ]);
    const worker = containers(json).find((c) => c.name === 'cdc-connect-2');
    expect(worker.volumes.map((v: any) => v.container_path)).toEqual(['/kafka/logs', '/kafka/config']);
  });

  test('the REST API is published on loopback, one host port per worker', () => {
    const out = synth({ connect: { workers: 2 } });
    expect(out).toHaveResourceWithProperties(Container, {
      name: 'cdc-connect-1',
      ports: [{ internal: 8083, external: 8083, ip: '127.0.0.1', protocol: 'tcp' }],
    });
    expect(out).toHaveResourceWithProperties(Container, {
      name: 'cdc-connect-2',
      ports: [{ internal: 8083, external: 8084, ip: '127.0.0.1', protocol: 'tcp' }],
    });
    const kafka = containers(JSON.parse(out)).find((c) => c.name === 'cdc-kafka-1');
    expect(kafka.ports).toBeUndefined();
  });

  test('publishing on all interfaces is an explicit opt-in', () => {
    expect(synth({ target: Target.docker({ publishRestOnAllInterfaces: true }) })).toHaveResourceWithProperties(Container, {
      name: 'cdc-connect-1',
      ports: [expect.objectContaining({ ip: '0.0.0.0' })],
    });
  });

  test('a REST API published on every interface in plain HTTP gets a warning naming connect.restTls; over HTTPS none', () => {
    const warnings = (props: Partial<ConnectClusterProps>) => {
      const stack = testStack('docker');
      const cluster = new ConnectCluster(stack, 'cdc', {
        clusterName: 'cdc',
        target: Target.docker({ publishRestOnAllInterfaces: true }),
        ...props,
      });
      Testing.synth(stack, true);
      return cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    };
    expect(warnings({})).toEqual([
      "connect.restTls: the REST API is published on every interface of the Docker host (target.publishRestOnAllInterfaces) but speaks plain HTTP without authentication: whoever reaches it can read every connector's config and change, pause or delete connectors; set connect.restTls (HTTPS with client certificates)",
    ]);
    const stack = testStack('docker');
    const password = variableSecret(stack, 'rest_store_password');
    const secured = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker({ publishRestOnAllInterfaces: true }),
      connect: { restTls: { files: SecretFiles.fromDockerVolume('rest-tls'), storePassword: password } },
    });
    Testing.synth(stack, true);
    expect(secured.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });

  test('start order ZooKeeper → Kafka → Connect, each gated on health', () => {
    const json = parsed();
    const byName = Object.fromEntries(
      Object.entries(json.resource.docker_container).map(([id, c]: [string, any]) => [c.name, { id, ...c }]),
    );
    expect(byName['cdc-kafka-1'].depends_on).toEqual([`docker_container.${byName['cdc-zookeeper-1'].id}`]);
    expect(byName['cdc-connect-1'].depends_on).toEqual([`docker_container.${byName['cdc-kafka-1'].id}`]);
    for (const c of Object.values(byName) as any[]) {
      expect(c.wait).toBe(true);
      expect(c.healthcheck.test[0]).toBe('CMD');
    }
    expect(byName['cdc-connect-1'].healthcheck.test.join(' ')).toContain('/dev/tcp/127.0.0.1/8083');
    expect(byName['cdc-connect-1'].healthcheck.test.join(' ')).toContain('GET /health');
    // An ApiVersions request from bash, no JVM: cheap enough for the start interval and every 15 s after.
    expect(byName['cdc-kafka-1'].healthcheck.test).toEqual(['CMD', ...apiVersionsCheck(9092)]);
    expect(byName['cdc-kafka-1'].healthcheck.test.join(' ')).not.toContain('kafka-topics.sh');
    expect(byName['cdc-kafka-1'].healthcheck.timeout).toBe('10s');
    expect(byName['cdc-zookeeper-1'].healthcheck.test.join(' ')).toContain('srvr');
  });

  test('a health-check start interval, when set, applies to every container; unset, none is written', () => {
    for (const c of containers(parsed())) expect(c.healthcheck.start_interval).toBeUndefined();
    const stack = testStack('docker');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker({ healthStartIntervalSeconds: 1 }),
      connect: { internalTopics: { precreate: true } },
    });
    cluster.addTopic({ name: 'orders' });
    const all = Object.values(synthJson(stack).resource.docker_container) as any[];
    // The nodes and the topics task, each with its own steady-state interval kept.
    expect(all.map((c) => c.name).sort()).toEqual(['cdc-connect-1', 'cdc-kafka-1', 'cdc-topics', 'cdc-zookeeper-1']);
    for (const c of all) expect(c.healthcheck.start_interval).toBe('1s');
    expect(all.find((c) => c.name === 'cdc-kafka-1').healthcheck.interval).toBe('15s');
    expect(all.find((c) => c.name === 'cdc-topics').healthcheck.interval).toBe('5s');
  });

  test.each([
    [
      { healthStartIntervalSeconds: 0 },
      'target.healthStartIntervalSeconds: 0 is not an integer between 1 and 4; set target.healthStartIntervalSeconds to a whole number from 1 to 4',
    ],
    [{ healthStartIntervalSeconds: 5 }, 'target.healthStartIntervalSeconds: 5 is not an integer between 1 and 4'],
    [{ healthStartIntervalSeconds: 1.5 }, 'target.healthStartIntervalSeconds: 1.5 is not an integer between 1 and 4'],
    [
      { healthWaitTimeoutSeconds: 0 },
      'target.healthWaitTimeoutSeconds: 0 is not an integer between 1 and 86400; set target.healthWaitTimeoutSeconds to a whole number from 1 to 86400',
    ],
  ])('Docker options %j are refused at synth', (options, message) => {
    const msg = validationError(
      ['docker'],
      (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(options) }),
    );
    expect(msg).toContain(`stack/cdc: ${message}`);
  });

  test('memory limit without swap and restart policy on every container', () => {
    for (const c of containers(parsed())) {
      expect(c.restart).toBe('unless-stopped');
      expect(c.memory).toBeGreaterThan(0);
      expect(c.memory_swap).toBe(c.memory);
    }
  });

  test('the environment carries the variable names of the connect-base image documentation', () => {
    const worker = containers(parsed()).find((c) => c.name === 'cdc-connect-1');
    expect(worker.env).toEqual(
      expect.arrayContaining(['GROUP_ID=cdc', 'CONFIG_STORAGE_TOPIC=cdc-connect-configs', 'BOOTSTRAP_SERVERS=kafka-1:9092']),
    );
  });

  test('host networking: no network, every service on 127.0.0.1 with its own port', () => {
    const json = parsed({ target: Target.docker({ networkMode: DockerNetworkMode.HOST }), connect: { workers: 2 } });
    expect(json.resource.docker_network).toBeUndefined();
    const byName = Object.fromEntries(containers(json).map((c) => [c.name, c]));
    expect(byName['cdc-connect-2'].network_mode).toBe('host');
    expect(byName['cdc-zookeeper-1'].entrypoint).toEqual([
      'bash',
      '-c',
      "[ -e /zookeeper/conf/zoo.cfg ] || cp /zookeeper/conf.orig/zoo.cfg /zookeeper/conf/zoo.cfg\ngrep -q '^clientPortAddress=' /zookeeper/conf/zoo.cfg || echo 'clientPortAddress=127.0.0.1' >> /zookeeper/conf/zoo.cfg\ngrep -q '^admin.serverAddress=' /zookeeper/conf/zoo.cfg || echo 'admin.serverAddress=127.0.0.1' >> /zookeeper/conf/zoo.cfg\nexec /docker-entrypoint.sh start",
    ]);
    expect(byName['cdc-connect-2'].env).toEqual(
      expect.arrayContaining(['CONNECT_LISTENERS=http://127.0.0.1:8084', 'BOOTSTRAP_SERVERS=127.0.0.1:9092']),
    );
    // No JVM local JMX connector (ephemeral port on every interface) in any container.
    expect(byName['cdc-zookeeper-1'].env).toContain('JMXDISABLE=true');
    for (const name of ['cdc-kafka-1', 'cdc-connect-1', 'cdc-connect-2']) {
      expect(byName[name].env).toContain(
        'KAFKA_JMX_OPTS=-Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false',
      );
    }
  });

  test('outputs the REST URLs and the bootstrap servers', () => {
    const json = parsed({ connect: { workers: 2 } });
    const outputs = Object.values(json.output) as any[];
    expect(outputs.map((o) => o.value)).toEqual(
      expect.arrayContaining([['http://127.0.0.1:8083', 'http://127.0.0.1:8084'], 'kafka-1:9092']),
    );
  });

  test('changing a Connect setting changes only Connect containers, never a volume', () => {
    const before = parsed();
    const after = parsed({ connect: { workerProperties: { 'heartbeat.interval.ms': '2000' }, logLevel: undefined } });
    expect(after.resource.docker_volume).toEqual(before.resource.docker_volume);
    const changed = Object.keys(before.resource.docker_container).filter(
      (id) => JSON.stringify(before.resource.docker_container[id]) !== JSON.stringify(after.resource.docker_container[id]),
    );
    expect(changed).toEqual([expect.stringContaining('ConnectWorkers')]);
  });

  test('an ensemble under a bridge network needs no startup script', () => {
    for (const c of containers(parsed({ zookeeper: { nodes: 3 } }))) expect(c.entrypoint).toBeUndefined();
  });

  test('a warning annotation says when a setting has no effect', () => {
    const stack = testStack('docker');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      connect: { internalValueConverter: 'org.apache.kafka.connect.json.JsonConverter' },
    });
    const warnings = cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data);
    expect(warnings).toEqual([expect.stringContaining('ignores INTERNAL_VALUE_CONVERTER')]);
  });
});

describe('Docker target validation', () => {
  test('fails synth with every problem, naming the construct and field', () => {
    const msg = validationError(
      ['docker'],
      (stack) =>
        new ConnectCluster(stack, 'cdc', {
          clusterName: 'cdc',
          target: Target.docker(),
          zookeeper: { nodes: 2 },
          connect: { groupId: '' },
        }),
    );
    expect(msg).toContain('stack/cdc: zookeeper.nodes: an ensemble of 2 nodes is even');
    expect(msg).toContain('stack/cdc: connect.groupId: group id is empty');
  });

  test('fails when no target is given', () => {
    const msg = validationError(['docker'], (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc' } as ConnectClusterProps));
    expect(msg).toContain('stack/cdc: target: no target given; pass target: Target.docker() or Target.kubernetes()');
  });
});

test('App synth writes the stack', () => {
  const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'cdc-')) });
  const stack = new TerraformStack(app, 's');
  new DockerProvider(stack, 'docker');
  new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker() });
  expect(() => app.synth()).not.toThrow();
});

test('every container drops all capabilities and may not gain privileges', () => {
  const json = parsed({ connect: { workers: 2 } });
  for (const c of containers(json)) {
    expect(c.capabilities).toEqual({ drop: ['ALL'] });
    expect(c.security_opts).toEqual(['no-new-privileges:true']);
  }
});

describe('Docker target: KRaft quorums', () => {
  const DEDICATED: Partial<ConnectClusterProps> = { coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS, kafka: { brokers: 3 } };
  const byName = (json: any, name: string) => containers(json).find((c) => c.name === name);

  test('controllers get their own containers and volumes; every broker waits for every controller to be healthy', () => {
    const json = parsed(DEDICATED);
    const ctrl = byName(json, 'cdc-kafka-controller-2');
    expect(ctrl.hostname).toBe('kafka-controller-2');
    expect(ctrl.networks_advanced[0].aliases).toEqual(['kafka-controller', 'kafka-controller-2']);
    expect(ctrl.volumes).toEqual([
      { volume_name: expect.stringContaining('docker_volume.cdc_Controllers_kafka-controller-2_data'), container_path: '/kafka/data' },
    ]);
    expect(Object.values<any>(json.resource.docker_volume).map((v) => v.name)).toEqual(
      expect.arrayContaining(['cdc-kafka-controller-1-data', 'cdc-kafka-controller-3-data']),
    );
    expect(ctrl.healthcheck.test.join(' ')).toContain(
      'kafka-metadata-quorum.sh --bootstrap-controller kafka-controller-2:9093 describe --status',
    );
    expect(ctrl.wait).toBe(true);
    for (const b of ['cdc-kafka-1', 'cdc-kafka-2', 'cdc-kafka-3']) {
      expect(byName(json, b).depends_on).toEqual(
        [1, 2, 3].map((i) => expect.stringMatching(new RegExp(`^docker_container\\.cdc_Controllers_kafka-controller-${i}_container_`))),
      );
    }
    expect(byName(json, 'cdc-connect-1').depends_on.every((d: string) => d.includes('_Brokers_'))).toBe(true);
    expect(ctrl.labels).toEqual(expect.arrayContaining([{ label: 'app.kubernetes.io/component', value: 'kafka-controller' }]));
  });

  test('every node of a multi-node quorum formats its storage before the entrypoint', () => {
    const json = parsed(DEDICATED);
    const ctrl = byName(json, 'cdc-kafka-controller-1');
    expect(ctrl.entrypoint[0]).toBe('bash');
    expect(ctrl.entrypoint[2]).toMatch(/^if \[ ! -f \/kafka\/data\/1001\/meta\.properties \]; then\n/);
    expect(ctrl.entrypoint[2]).toMatch(
      /--initial-controllers='1001@kafka-controller-1:9093:[\w-]{22},1002@kafka-controller-2:9093:[\w-]{22},1003@kafka-controller-3:9093:[\w-]{22}' \|\| exit 1\nfi\nexec \/docker-entrypoint\.sh start$/,
    );
    expect(byName(json, 'cdc-kafka-2').entrypoint[2]).toContain('--no-initial-controllers || exit 1');
    // a single combined node keeps the image's entrypoint
    expect(byName(parsed({ coordination: CoordinationMode.KRAFT_COMBINED }), 'cdc-kafka-1').entrypoint).toBeUndefined();
  });

  test('with host networking every KRaft listener is on 127.0.0.1 and no port is shared', () => {
    const json = parsed({ ...DEDICATED, target: Target.docker({ networkMode: DockerNetworkMode.HOST }) });
    const listeners = containers(json)
      .filter((c) => c.name.includes('kafka'))
      .map((c) => dockerEnv(c).KAFKA_LISTENERS);
    expect(listeners.sort()).toEqual([
      'CONTROLLER://127.0.0.1:19093',
      'CONTROLLER://127.0.0.1:19094',
      'CONTROLLER://127.0.0.1:19095',
      'PLAINTEXT://127.0.0.1:9092',
      'PLAINTEXT://127.0.0.1:9093',
      'PLAINTEXT://127.0.0.1:9094',
    ]);
    for (const c of containers(json)) expect(c.network_mode).toBe('host');
  });
});

describe("the brokers' start-up budget on Docker", () => {
  const broker = (props: Partial<ConnectClusterProps>) => containers(parsed(props)).find((c) => c.name === 'cdc-kafka-1');

  test('the default keeps the 20 s start period and the 300 s wait of apply', () => {
    expect(broker({}).healthcheck).toEqual(expect.objectContaining({ start_period: '20s', interval: '15s', retries: 10 }));
    expect(broker({}).wait_timeout).toBe(300);
  });

  test('a longer budget lengthens the start period (the retries follow it) and the wait of apply', () => {
    const c = broker({ kafka: { startupTimeoutSeconds: 900 } });
    expect(c.healthcheck.start_period).toBe('750s');
    expect(c.wait_timeout).toBe(900);
    // An explicit wait is kept as given.
    expect(broker({ kafka: { startupTimeoutSeconds: 900 }, target: Target.docker({ healthWaitTimeoutSeconds: 120 }) }).wait_timeout).toBe(
      120,
    );
  });
});

describe('extra hosts, and host.docker.internal on Docker Engine for Linux', () => {
  const byName = (json: any) => Object.fromEntries(containers(json).map((c) => [c.name, c]));
  const gateway = [{ host: 'host.docker.internal', ip: 'host-gateway' }];

  test('the workers get host.docker.internal:host-gateway when a connector names it, directly or as a variable default', () => {
    for (const hostname of ['literal', 'variable']) {
      const stack = testStack('docker');
      const cluster = new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker() });
      const variable = new TerraformVariable(stack, 'db_host', { type: 'string', default: 'host.docker.internal' });
      cluster.addConnector('inventory', {
        source: ConnectorSource.postgres({
          hostname: hostname === 'literal' ? 'host.docker.internal' : variable.stringValue,
          user: 'u',
          password: variableSecret(stack, 'pw'),
          databaseName: 'inventory',
          topicPrefix: 'inventory',
        }),
      });
      const all = byName(synthJson(stack));
      expect(all['cdc-connect-1'].host).toEqual(gateway);
      expect(all['cdc-kafka-1'].host).toBeUndefined();
      expect(all['cdc-connector-inventory'].host).toBeUndefined();
    }
  });

  test('no entry when nothing names it', () => {
    for (const c of containers(parsed({ connect: { workers: 2 } }))) expect(c.host).toBeUndefined();
  });

  test('a worker setting that names it (an existing Kafka on the host) adds it to the workers and the topics task', () => {
    const stack = testStack('docker');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      connect: { bootstrapServers: ['host.docker.internal:9092'] },
    });
    cluster.addTopic({ name: 'audit' });
    const all = byName(synthJson(stack));
    expect(all['cdc-connect-1'].host).toEqual(gateway);
    expect(all['cdc-topics'].host).toEqual(gateway);
  });

  test('target.extraHosts reach every container; a host.docker.internal of their own is kept as given', () => {
    const json = parsed({
      target: Target.docker({
        extraHosts: [
          { hostName: 'db.internal', ip: '10.0.0.5' },
          { hostName: 'host.docker.internal', ip: '172.17.0.1' },
        ],
      }),
      connect: { workerProperties: { 'producer.override.client.rack': 'host.docker.internal' } },
    });
    for (const c of containers(json))
      expect(c.host).toEqual([
        { host: 'db.internal', ip: '10.0.0.5' },
        { host: 'host.docker.internal', ip: '172.17.0.1' },
      ]);
  });

  test.each([
    [
      { extraHosts: 'db:10.0.0.5' },
      'target.extraHosts: "db:10.0.0.5" is not a list; give a list such as [{ hostName: "db.internal", ip: "10.0.0.5" }]',
    ],
    [{ extraHosts: [{ hostName: 'my db', ip: '10.0.0.5' }] }, 'target.extraHosts[0].hostName: "my db" is not a host name'],
    [{ extraHosts: [{ hostName: 'db', ip: 'gateway' }] }, 'target.extraHosts[0].ip: "gateway" is neither an IP address nor "host-gateway"'],
    [
      {
        extraHosts: [
          { hostName: 'db', ip: '::1' },
          { hostName: 'DB', ip: '10.0.0.1' },
        ],
      },
      'target.extraHosts[1].hostName: "DB" is listed twice; give each host name one address',
    ],
  ])('refuses extra hosts Docker cannot write: %j', (options, message) => {
    const error = validationError(['docker'], (stack) => {
      new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(options as any) });
    });
    expect(error).toContain(`stack/cdc: ${message}`);
  });
});

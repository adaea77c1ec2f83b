import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformStack, TerraformVariable } from 'cdktf';
import {
  CleanupPolicy,
  ConnectCluster,
  DockerNetworkMode,
  ConnectClusterProps,
  ConnectorSource,
  ConnectorState,
  MySqlSnapshotMode,
  PostgresSnapshotMode,
  Secret,
  Target,
} from '../../src';
import { DECLARATION } from '../../src/docker/policy';
import { shellScript } from '../../src/scripts/load';
import { dockerEnv, synthJson, testStack, validationError, variableSecret } from '../util';

type Build = (cluster: ConnectCluster, stack: TerraformStack) => void;

/** The cluster every test here starts from: three ZooKeeper nodes, three brokers, on Docker. */
function addCluster(stack: TerraformStack, build: Build, props: Partial<ConnectClusterProps> = {}): void {
  const cluster = new ConnectCluster(stack, 'cdc', {
    clusterName: 'cdc',
    target: Target.docker(),
    kafka: { brokers: 3 },
    zookeeper: { nodes: 3 },
    ...props,
  });
  build(cluster, stack);
}

function stackWith(build: Build, props: Partial<ConnectClusterProps> = {}): TerraformStack {
  const stack = testStack('docker');
  addCluster(stack, build, props);
  return stack;
}

const clusterError = (build: Build): string => validationError(['docker'], (stack) => addCluster(stack, build));

function containers(stack: TerraformStack): Record<string, any> {
  const json = synthJson(stack);
  return Object.fromEntries(Object.entries(json.resource.docker_container).map(([id, c]: [string, any]) => [c.name, { id, ...c }]));
}

const password = (stack: TerraformStack, name = 'db_password'): Secret => variableSecret(stack, name);

const postgres = (stack: TerraformStack) =>
  ConnectorSource.postgres({
    hostname: 'db.internal',
    user: 'debezium',
    password: password(stack),
    databaseName: 'inventory',
    topicPrefix: 'inventory',
    tableIncludeList: ['public.orders', 'public.customers'],
    snapshotMode: PostgresSnapshotMode.INITIAL,
    slotName: 'inventory_slot',
  });

describe('topics', () => {
  test('one task creates every declared topic with the Kafka image, after the brokers', () => {
    const c = containers(
      stackWith((cluster) => {
        cluster.addTopic({ name: 'orders', partitions: 6, cleanupPolicy: CleanupPolicy.COMPACT_DELETE, retentionMs: 86400000 });
        cluster.addTopic({ name: 'audit', config: { 'max.message.bytes': '2097152' } });
      }),
    );
    const task = c['cdc-topics'];
    expect(dockerEnv(task).TOPICS.split('\n')).toEqual([
      'orders 6 3 cleanup.policy=compact,delete;retention.ms=86400000 cleanup.policy=[compact,delete],retention.ms=86400000',
      'audit 1 3 max.message.bytes=2097152 max.message.bytes=2097152',
    ]);
    expect(dockerEnv(task).BOOTSTRAP_SERVERS).toBe('kafka-1:9092,kafka-2:9092,kafka-3:9092');
    expect(task.entrypoint[0]).toBe('bash');
    expect(task.entrypoint[2]).toContain('--create --if-not-exists');
    expect(task.image).toBe(c['cdc-kafka-1'].image);
    expect(task.depends_on).toEqual(['cdc-kafka-1', 'cdc-kafka-2', 'cdc-kafka-3'].map((n) => `docker_container.${c[n].id}`));
    expect(task.healthcheck.test).toEqual(['CMD', 'test', '-f', '/tmp/task-done']);
    expect(task.wait).toBe(true);
  });

  test('pre-creating the storage topics makes the workers wait for them', () => {
    const c = containers(stackWith(() => undefined, { connect: { internalTopics: { precreate: true } } }));
    expect(dockerEnv(c['cdc-topics']).TOPICS.split('\n')).toEqual([
      'cdc-connect-configs 1 3 cleanup.policy=compact cleanup.policy=compact',
      'cdc-connect-offsets 25 3 cleanup.policy=compact cleanup.policy=compact',
      'cdc-connect-statuses 5 3 cleanup.policy=compact cleanup.policy=compact',
    ]);
    expect(c['cdc-connect-1'].depends_on).toContain(`docker_container.${c['cdc-topics'].id}`);
  });

  test('adding a topic changes only the topics task', () => {
    const before = JSON.parse(Testing.synth(stackWith((cl) => cl.addTopic({ name: 'a' }))));
    const after = JSON.parse(
      Testing.synth(
        stackWith((cl) => {
          cl.addTopic({ name: 'a' });
          cl.addTopic({ name: 'b', partitions: 3 });
        }),
      ),
    );
    const changed = Object.keys({ ...before.resource.docker_container, ...after.resource.docker_container }).filter(
      (id) => JSON.stringify(before.resource.docker_container[id]) !== JSON.stringify(after.resource.docker_container[id]),
    );
    expect(changed).toEqual([expect.stringContaining('TopicsTask')]);
    expect(after.resource.docker_volume).toEqual(before.resource.docker_volume);
  });

  test.each([
    [{ name: 'bad name' }, 'Topics/bad name: name: topic name "bad name" contains characters'],
    [{ name: 't', replicationFactor: 4 }, 'replicationFactor: replication factor 4 is greater than the number of brokers (3)'],
    [{ name: 't', partitions: 0 }, 'partitions: 0 is not an integer between 1'],
    [
      { name: 't', minInSyncReplicas: 3, replicationFactor: 2 },
      'minInSyncReplicas: min.insync.replicas 3 is greater than the replication factor 2',
    ],
    [
      { name: 't', config: { 'cleanup.policy': 'compact' } },
      'config["cleanup.policy"]: "cleanup.policy" has a typed field; use cleanupPolicy instead',
    ],
    [{ name: 't', config: { 'segment.ms': '1 000' } }, 'config["segment.ms"]: value "1 000" is empty or contains whitespace'],
  ])('fails when a topic is invalid: %j', (options, message) => {
    expect(clusterError((cluster) => cluster.addTopic(options))).toContain(message);
  });

  test('fails when a topic is declared twice', () => {
    const msg = clusterError((cluster) => {
      cluster.addTopic({ name: 'x' });
      cluster.addTopic({ name: 'x' });
    });
    expect(msg).toContain('stack/cdc: addTopic("x"): topic "x" is declared twice');
    expect(msg).not.toContain('There is already a Construct');
  });

  test('fails when a declared topic is also a pre-created storage topic', () => {
    const msg = (() => {
      try {
        Testing.synth(
          stackWith((cl) => cl.addTopic({ name: 'cdc-connect-configs' }), { connect: { internalTopics: { precreate: true } } }),
          true,
        );
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(msg).toContain('stack/cdc: addTopic("cdc-connect-configs"): topic "cdc-connect-configs" is declared twice');
  });
});

describe('connectors', () => {
  test('an apply task PUTs the config, a sentinel deletes it on removal; both after the workers', () => {
    const c = containers(
      stackWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack), state: ConnectorState.PAUSED })),
    );
    const apply = c['cdc-connector-inventory'];
    const sentinel = c['cdc-connector-inventory-sentinel'];
    const config = JSON.parse(dockerEnv(apply).CONNECTOR_CONFIG);
    expect(config).toEqual({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'database.hostname': 'db.internal',
      'database.port': '5432',
      'database.user': 'debezium',
      'database.dbname': 'inventory',
      'database.password': '$${env:SECRET_INVENTORY_DATABASE_PASSWORD}',
      'topic.prefix': 'inventory',
      'table.include.list': 'public.orders,public.customers',
      'snapshot.mode': 'initial',
      'plugin.name': 'pgoutput',
      'slot.name': 'inventory_slot',
    });
    expect(dockerEnv(apply)).toMatchObject({
      CONNECT_REST_ENDPOINTS: 'connect:8083',
      CONNECTOR_NAME: 'inventory',
      CONNECTOR_STATE: 'PAUSED',
    });
    expect(apply.entrypoint[2]).toContain('PUT "/connectors/$name/config"');
    expect(apply.depends_on).toEqual(
      expect.arrayContaining([`docker_container.${c['cdc-connect-1'].id}`, `docker_container.${sentinel.id}`]),
    );
    // The sentinel holds the declared connector (it reconciles it), and reads its declaration's beat.
    expect(dockerEnv(sentinel)).toEqual({
      CONNECT_REST_ENDPOINTS: 'connect:8083',
      CONNECTOR_NAME: 'inventory',
      CONNECTOR_CONFIG: dockerEnv(apply).CONNECTOR_CONFIG,
      CONNECTOR_STATE: 'PAUSED',
      RECONCILE_INTERVAL_SECONDS: '10',
      AUTO_RESTART: 'true',
      AUTO_RESTART_MAX: '',
      AUTO_RESTART_STABLE_SECONDS: '600',
      DECLARATION_BEAT: '/declaration/beat',
      DECLARATION_CHECK_SECONDS: '5',
      TASK_KEEP_ALIVE: '1',
    });
    expect(sentinel.entrypoint[2]).toContain('DELETE "/connectors/$name"');
    expect(sentinel.destroy_grace_seconds).toBe(90);
  });

  // A stop of the sentinel is not always a removal: `docker restart` or `docker stop` of it must leave the
  // connector running. The declaration container is what only a removal or destroy removes, just before the
  // sentinel; it beats into a volume the sentinel reads.
  test("a connector's declaration is a container beating into a tmpfs volume, removed just before its sentinel", () => {
    const stack = stackWith((cluster, s) => cluster.addConnector('inventory', { source: postgres(s) }));
    const json = synthJson(stack);
    const c = containers(stack);
    const sentinel = c['cdc-connector-inventory-sentinel'];
    const declaration = c['cdc-connector-inventory-declaration'];
    const volume = Object.values(json.resource.docker_volume as Record<string, any>).find(
      (v) => v.name === 'cdc-connector-inventory-declaration',
    );
    expect(volume).toMatchObject({
      driver: 'local',
      driver_opts: { type: 'tmpfs', device: 'tmpfs', o: 'size=64k,mode=0755,uid=1001,gid=1001' },
    });
    const volumeRef = expect.stringMatching(/^\$\{docker_volume\.[^.]+\.name\}$/);
    expect(sentinel.volumes).toEqual([{ volume_name: volumeRef, container_path: '/declaration', read_only: true }]);
    expect(declaration.volumes).toEqual([{ volume_name: sentinel.volumes[0].volume_name, container_path: '/declaration' }]);
    expect(declaration.depends_on).toEqual([`docker_container.${sentinel.id}`]);
    expect(dockerEnv(declaration)).toEqual({ DECLARATION_BEAT: '/declaration/beat' });
    expect(declaration.entrypoint[2]).toContain('>"$DECLARATION_BEAT"');
    expect(declaration).toMatchObject({
      read_only: true,
      network_mode: 'none',
      memory: 16,
      image: sentinel.image,
      lifecycle: { ignore_changes: ['image'] },
      healthcheck: expect.objectContaining({ test: ['CMD', 'test', '-s', '/declaration/beat'] }),
    });
    // Only the sentinel has one: the apply task's stop undoes nothing.
    expect(dockerEnv(c['cdc-connector-inventory']).DECLARATION_BEAT).toBeUndefined();
    expect(Object.keys(c).filter((n) => n.endsWith('-declaration'))).toEqual(['cdc-connector-inventory-declaration']);
  });

  // Provider 3.6.2 reports a container that never turns healthy only as "container failed to be in healthy state":
  // the apply task prints its refusal and turns healthy, and a postcondition on its log fails the apply with it.
  test("a refused connector config fails the apply with the task's report: its log read back", () => {
    const stack = stackWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack) }));
    const json = synthJson(stack);
    const c = containers(stack);
    const apply = c['cdc-connector-inventory'];
    expect(apply).toMatchObject({ tty: true, log_driver: 'json-file', log_opts: { 'max-size': '1m', 'max-file': '2' } });
    expect(dockerEnv(apply).TASK_REPORT_FILE).toBeUndefined();
    const checks = Object.entries(json.data.docker_logs) as [string, any][];
    expect(checks).toHaveLength(1);
    const [id, check] = checks[0];
    expect(id).toMatch(/Connectors_inventory_Apply_refusal/);
    expect(check.name).toBe(`\${docker_container.${apply.id}.id}`);
    // Found on a real engine: with the default (true) the provider cut "[refused" off every line of the TTY's log.
    expect(check.discard_headers).toBe(false);
    expect(check.lifecycle.postcondition).toEqual([
      {
        condition: '${!startswith(trimsuffix(try(self.logs_list_string[length(self.logs_list_string) - 1], ""), "\\r"), "[refused] ")}',
        error_message:
          '${join("\\n", distinct([for l in self.logs_list_string : trimprefix(trimsuffix(l, "\\r"), "[refused] ") if startswith(l, "[refused] ")]))}',
      },
    ]);
    // Only the connector's apply task reports: the topics task and the sentinel keep the daemon's log settings.
    for (const other of [c['cdc-connector-inventory-sentinel']]) {
      expect(other.tty).toBeUndefined();
      expect(other.log_driver).toBeUndefined();
    }
  });

  test('with host networking the tasks try every worker, since there is no Service', () => {
    const c = containers(
      stackWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack) }), {
        target: Target.docker({ networkMode: DockerNetworkMode.HOST }),
        zookeeper: { nodes: 1 },
        connect: { workers: 2 },
      }),
    );
    expect(dockerEnv(c['cdc-connector-inventory-sentinel']).CONNECT_REST_ENDPOINTS).toBe('127.0.0.1:8083 127.0.0.1:8084');
  });

  test('the workers get the secret as a variable reference, never the value', () => {
    const c = containers(stackWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack) })));
    expect(dockerEnv(c['cdc-connect-1'])).toMatchObject({
      SECRET_INVENTORY_DATABASE_PASSWORD: '${var.db_password}',
      CONNECT_CONFIG_PROVIDERS: 'env',
      CONNECT_CONFIG_PROVIDERS_ENV_CLASS: 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    });
  });

  test("a MySQL source gets its schema history on the cluster's brokers", () => {
    const c = containers(
      stackWith((cluster, stack) =>
        cluster.addConnector('shop', {
          source: ConnectorSource.mysql({
            hostname: 'mysql',
            user: 'dbz',
            password: password(stack),
            topicPrefix: 'shop',
            serverId: 184054,
            databaseIncludeList: ['shop'],
            snapshotMode: MySqlSnapshotMode.WHEN_NEEDED,
          }),
        }),
      ),
    );
    expect(JSON.parse(dockerEnv(c['cdc-connector-shop']).CONNECTOR_CONFIG)).toMatchObject({
      'connector.class': 'io.debezium.connector.mysql.MySqlConnector',
      'database.server.id': '184054',
      'database.port': '3306',
      'database.include.list': 'shop',
      'schema.history.internal.kafka.topic': 'shop.schema-history',
      'schema.history.internal.kafka.bootstrap.servers': 'kafka-1:9092,kafka-2:9092,kafka-3:9092',
      'snapshot.mode': 'when_needed',
    });
  });

  test('a generic connector carries its config map and secrets by key', () => {
    const c = containers(
      stackWith((cluster, stack) =>
        cluster.addConnector('sink', {
          source: ConnectorSource.generic({
            connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector',
            config: { topics: 'inventory.public.orders', 'connection.url': 'jdbc:postgresql://dwh/dwh' },
            secrets: { 'connection.password': password(stack, 'dwh') },
          }),
        }),
      ),
    );
    expect(JSON.parse(dockerEnv(c['cdc-connector-sink']).CONNECTOR_CONFIG)).toEqual({
      'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector',
      'connection.url': 'jdbc:postgresql://dwh/dwh',
      topics: 'inventory.public.orders',
      'connection.password': '$${env:SECRET_SINK_CONNECTION_PASSWORD}',
    });
  });

  test('the declaration writes a new beat every second, and ends at once on TERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'declaration-'));
    const beat = path.join(dir, 'beat');
    try {
      const proc = spawn('bash', ['-c', shellScript(DECLARATION.script)], {
        env: { PATH: process.env.PATH ?? '', DECLARATION_BEAT: beat },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
      const seen = new Set<string>();
      for (let i = 0; i < 12; i++) {
        await new Promise((r) => setTimeout(r, 250));
        if (fs.existsSync(beat)) seen.add(fs.readFileSync(beat, 'utf8'));
      }
      expect(seen.size).toBeGreaterThanOrEqual(3);
      const stopped = Date.now();
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - stopped).toBeLessThan(1500);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 20000);

  test('changing a connector changes its apply task and its sentinel (which holds it); the declaration and everything else stay', () => {
    const build = (mode: PostgresSnapshotMode) =>
      JSON.parse(
        Testing.synth(
          stackWith((cluster, stack) => {
            cluster.addTopic({ name: 'a' });
            cluster.addConnector('inventory', {
              source: ConnectorSource.postgres({
                hostname: 'db',
                user: 'u',
                password: password(stack),
                databaseName: 'd',
                topicPrefix: 'p',
                snapshotMode: mode,
              }),
            });
          }),
        ),
      );
    const before = build(PostgresSnapshotMode.INITIAL);
    const after = build(PostgresSnapshotMode.NO_DATA);
    const changed = Object.keys(before.resource.docker_container).filter(
      (id) => JSON.stringify(before.resource.docker_container[id]) !== JSON.stringify(after.resource.docker_container[id]),
    );
    expect(changed.sort()).toEqual([
      expect.stringContaining('Connectors_inventory_Apply'),
      expect.stringMatching(/Connectors_inventory_Sentinel_task/),
    ]);
    expect(JSON.stringify(after.resource.docker_volume)).toBe(JSON.stringify(before.resource.docker_volume));
  });

  test('a connector declared before a topic still waits for the topics task', () => {
    const c = containers(
      stackWith((cluster, stack) => {
        cluster.addConnector('inventory', { source: postgres(stack) });
        cluster.addTopic({ name: 'late' });
      }),
    );
    expect(c['cdc-connector-inventory'].depends_on).toContain(`docker_container.${c['cdc-topics'].id}`);
  });

  test.each([
    [
      (s: TerraformStack) =>
        ConnectorSource.postgres({ hostname: 'db', user: 'u', password: password(s), databaseName: '', topicPrefix: 'p' }),
      'databaseName: databaseName is required',
    ],
    [
      (s: TerraformStack) =>
        ConnectorSource.postgres({ hostname: 'db', user: 'u', password: password(s), databaseName: 'd', topicPrefix: 'bad prefix' }),
      'topicPrefix: topic prefix "bad prefix" contains characters',
    ],
    [
      (s: TerraformStack) =>
        ConnectorSource.postgres({
          hostname: 'db',
          user: 'u',
          password: password(s),
          databaseName: 'd',
          topicPrefix: 'p',
          slotName: 'Bad-Slot',
        }),
      'slotName: slot name "Bad-Slot" is not a PostgreSQL replication slot name',
    ],
    [
      (s: TerraformStack) => ConnectorSource.mysql({ hostname: 'db', user: 'u', password: password(s), topicPrefix: 'p', serverId: 0 }),
      'serverId: 0 is not a MySQL server id',
    ],
    [
      () =>
        ConnectorSource.postgres({
          hostname: 'db',
          user: 'u',
          password: 'hunter2' as unknown as Secret,
          databaseName: 'd',
          topicPrefix: 'p',
        }),
      'password: the password is not a Secret',
    ],
    [() => ConnectorSource.generic({ connectorClass: 'Sink' }), 'connectorClass: "Sink" is not a fully-qualified class name'],
    [() => ConnectorSource.generic({ connectorClass: 'a.B', config: { name: 'x' } }), 'config["name"]: "name" is set by the library'],
    [
      () => ConnectorSource.generic({ connectorClass: 'a.B', config: { 'connector.class': 'c.D' } }),
      'config["connector.class"]: "connector.class" is set by the library',
    ],
    [
      (s: TerraformStack) =>
        ConnectorSource.postgres({
          hostname: 'db',
          user: 'u',
          password: password(s),
          databaseName: 'd',
          topicPrefix: 'p',
          additionalConfig: { 'database.dbname': 'x' },
        }),
      'additionalConfig["database.dbname"]: "database.dbname" is already set by a typed field',
    ],
  ])('fails when a connector is invalid (%#)', (source, message) => {
    expect(clusterError((cluster, stack) => cluster.addConnector('c', { source: source(stack) }))).toContain(
      `stack/cdc/Connectors/c: ${message}`,
    );
  });

  test('fails when the connector name cannot be used in a REST path', () => {
    expect(clusterError((cluster, stack) => cluster.addConnector('my connector', { source: postgres(stack) }))).toContain(
      'name: connector name "my connector" is not usable in a REST path',
    );
  });

  test('fails when a secret variable is not marked sensitive', () => {
    expect(
      clusterError((cluster, stack) =>
        cluster.addConnector('c', {
          source: ConnectorSource.generic({
            connectorClass: 'a.B',
            secrets: { pw: Secret.fromVariable(new TerraformVariable(stack, 'plain', { type: 'string' })) },
          }),
        }),
      ),
    ).toContain('secrets["pw"]: variable "plain" is not marked sensitive; declare the variable with sensitive: true');
  });

  test('fails when a sensitive variable has a default (the value would be in the JSON)', () => {
    expect(
      clusterError((cluster, stack) =>
        cluster.addConnector('c', {
          source: ConnectorSource.generic({
            connectorClass: 'a.B',
            secrets: {
              pw: Secret.fromVariable(new TerraformVariable(stack, 'dflt', { type: 'string', sensitive: true, default: 'hunter2' })),
            },
          }),
        }),
      ),
    ).toContain('secrets["pw"]: variable "dflt" has a default value, which would be written into the synthesized JSON');
  });

  test('fails when a Kubernetes Secret is used on Docker', () => {
    expect(
      clusterError((cluster) =>
        cluster.addConnector('c', {
          source: ConnectorSource.generic({ connectorClass: 'a.B', secrets: { pw: Secret.fromKubernetesSecret('db', 'password') } }),
        }),
      ),
    ).toContain('secrets["pw"]: a Kubernetes Secret cannot reach Docker containers');
  });

  test("fails when the user's config providers leave out env", () => {
    const stack = testStack('docker');
    new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      connect: { workerProperties: { 'config.providers': 'file' } },
    });
    expect(() => Testing.synth(stack, true)).toThrow('"file" leaves out the "env" provider');
  });
});

test('no example writes a secret value into its synthesized JSON', () => {
  // The examples' secrets are variables: Terraform reads their values at apply time. Here they are given
  // values through the environment, as a user would, and none may surface in any synthesized file.
  const secretValues = ['Sup3r-Secret-Pa55', 'hunter2-dwh'];
  process.env.TF_VAR_inventory_db_password = secretValues[0];
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  const examplesDir = path.join(__dirname, '..', '..', 'examples');
  // examples/python holds the Python examples (checked by npm run test:bindings), not a TypeScript app.
  for (const name of fs.readdirSync(examplesDir).filter((d) => fs.existsSync(path.join(examplesDir, d, 'main.ts')))) {
    const mod = require(path.join(examplesDir, name, 'main.ts')) as { build(app: App): TerraformStack[] };
    const app = Testing.app();
    for (const stack of mod.build(app)) {
      const json = Testing.synth(stack, true);
      for (const v of secretValues) expect(json).not.toContain(v);
      expect(json).not.toMatch(/"(password|database\.password|sasl\.jaas\.config)"\s*:\s*"(?!\$\$\{env:)/);
    }
  }
  delete process.env.TF_VAR_inventory_db_password;
});

test('no worker-level credential is written into the synthesized JSON, on either target', () => {
  // SASL and TLS settings of the workers: values from variables (set as a user would), keystores by mount.
  const jaas = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="cdc" password="Wr0ng@Horse";';
  process.env.TF_VAR_worker_jaas = jaas;
  process.env.TF_VAR_keystore_password = 'Key-Store-Pa55';
  try {
    for (const target of [Target.docker(), Target.kubernetes()]) {
      const stack = testStack('docker', 'kubernetes');
      const variable = (name: string) => variableSecret(stack, name);
      new ConnectCluster(stack, 'cdc', {
        clusterName: 'cdc',
        target,
        connect: {
          // A secured Kafka outside the stack (the cluster's own brokers speak plain text only).
          bootstrapServers: ['kafka.internal:9093'],
          workerProperties: {
            'security.protocol': 'SASL_SSL',
            'sasl.mechanism': 'PLAIN',
            'ssl.keystore.location': '/kafka/tls/keystore.p12',
          },
          workerSecrets: { 'sasl.jaas.config': variable('worker_jaas'), 'ssl.keystore.password': variable('keystore_password') },
        },
      });
      const json = Testing.synth(stack, true);
      for (const v of [jaas, 'Wr0ng@Horse', 'Key-Store-Pa55']) expect(json).not.toContain(v);
      expect(json).not.toMatch(/CONNECT_(SASL_JAAS_CONFIG|SSL_KEYSTORE_PASSWORD)(=|"\s*:\s*")(?!\$\$\{(env|dir):)/);
    }
  } finally {
    delete process.env.TF_VAR_worker_jaas;
    delete process.env.TF_VAR_keystore_password;
  }
});

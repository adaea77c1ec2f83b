// ConnectCluster as a whole: errors reach the user as the one synth-time validation error, whatever the order
// of the calls (add* on an invalid cluster records the declaration and defers it, and a name that cannot be a
// construct id is a problem of the cluster, not a constructs exception); and the rules that span clusters of
// one stack — a Docker host, a Kubernetes namespace, a Kafka or a database that two clusters share.
import { Container } from '@cdktf/provider-docker/lib/container';
import { StatefulSetV1 } from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  Component,
  ConnectCluster,
  Connector,
  KafkaTopic,
  ConnectClusterProps,
  ConnectWorkersOptions,
  ConnectorSource,
  ConnectorState,
  CoordinationMode,
  DockerNetworkMode,
  PluginSource,
  Secret,
  SecretFiles,
  Size,
  Target,
} from '../src';
import { synthError, synthJson, testStack, validationError, variableSecret } from './util';

const sink = () => ConnectorSource.generic({ connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector', config: { topics: 't' } });

/** A cluster stack/cdc (Docker unless props say otherwise) built by `build`; the synth error, or '' when synth succeeds. */
const clusterError = (props: Partial<ConnectClusterProps>, build: (cluster: ConnectCluster) => void): string =>
  synthError(['docker', 'kubernetes'], (stack) =>
    build(new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(), ...props })),
  );

describe('add* calls never hide the real problem', () => {
  test.each([
    ['docker', Target.docker()],
    ['kubernetes', Target.kubernetes()],
  ])('fails when the cluster is invalid and topics and connectors are added (%s): synth reports the cluster', (_name, target) => {
    let message = '';
    expect(() => {
      message = clusterError({ target, kafka: { brokers: 0 } }, (cluster) => {
        cluster.addTopic({ name: 'orders' });
        cluster.addConnector('orders', { source: sink() });
      });
    }).not.toThrow();
    expect(message).toContain('stack/cdc: kafka.brokers: 0 is not an integer between 1');
    expect(message).not.toContain('the cluster itself is invalid');
  });

  test('fails when a Kubernetes option is invalid and topics and connectors are added: synth reports the option', () => {
    const message = clusterError({ target: Target.kubernetes({ cpuRequest: '500 m' }) }, (cluster) => {
      cluster.addTopic({ name: 'orders' });
      cluster.addConnector('orders', { source: sink() });
    });
    expect(message).toContain('cpuRequest');
    expect(message).toContain('"500 m"');
    expect(message).not.toContain('TypeError');
    expect(message).not.toContain('Cannot read properties');
  });

  test('fails when a connector name is declared twice: the cluster path, the name and the fix', () => {
    const message = clusterError({}, (cluster) => {
      cluster.addConnector('orders', { source: sink() });
      cluster.addConnector('orders', { source: sink() });
    });
    expect(message).toContain(
      'stack/cdc: addConnector("orders"): connector "orders" is declared twice; declare each connector once, or give it another name',
    );
    expect(message).not.toContain('There is already a Construct');
  });

  test('fails when a connector name is empty', () => {
    const message = clusterError({}, (cluster) => cluster.addConnector('', { source: sink() }));
    expect(message).toContain('stack/cdc: addConnector(""): connector name "" is not a non-empty string; give the connector a name');
  });

  test('topics and connectors may be named like Object.prototype members', () => {
    const stack = testStack('docker');
    const cluster = new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker() });
    cluster.addTopic({ name: '__proto__' });
    cluster.addTopic({ name: 'constructor' });
    const connector = cluster.addConnector('toString', { source: sink() });
    expect(connector.connectorName).toBe('toString');
    const json = synthJson(stack);
    const apply = Object.values<any>(json.resource.docker_container).find((c) => c.name === 'cdc-connector-tostring');
    expect(apply.env).toContain('CONNECTOR_NAME=toString');
    const topics = Object.values<any>(json.resource.docker_container).find((c) => c.name === 'cdc-topics');
    expect(topics.env.find((e: string) => e.startsWith('TOPICS='))).toMatch(/__proto__[\s\S]*constructor|constructor[\s\S]*__proto__/);
  });

  test('a valid cluster with a topic and a connector still synthesizes', () => {
    expect(
      clusterError({}, (cluster) => {
        cluster.addTopic({ name: 'orders' });
        cluster.addConnector('orders', { source: sink() });
      }),
    ).toBe('');
  });
});

describe('distinct names that collide after derivation', () => {
  test('fails when two connector names derive one task and secret name', () => {
    const message = clusterError({}, (cluster) => {
      const stack = cluster.node.scope as TerraformStack;
      const password = variableSecret(stack, 'pw');
      const source = () =>
        ConnectorSource.generic({
          connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector',
          config: { topics: 't' },
          secrets: { 'database.password': password },
        });
      cluster.addConnector('orders.v1', { source: source() });
      cluster.addConnector('orders_v1', { source: source() });
    });
    expect(message).toContain(
      'stack/cdc: addConnector("orders_v1"): connector "orders.v1" and connector "orders_v1" both derive the task name "connector-orders-v1"; give connectors (and secret keys) names that differ in more than case and punctuation',
    );
    expect(message).toContain('both derive the worker secret name "SECRET_ORDERS_V1_DATABASE_PASSWORD"');
  });

  test('fails when two connector names differ only in case', () => {
    const message = clusterError({ target: Target.kubernetes() }, (cluster) => {
      cluster.addConnector('Orders', { source: sink() });
      cluster.addConnector('orders', { source: sink() });
    });
    expect(message).toContain('connector "Orders" and connector "orders" both derive the task name "connector-orders"');
  });

  test('fails when two secret keys of one connector derive one worker secret name', () => {
    const message = clusterError({}, (cluster) => {
      const stack = cluster.node.scope as TerraformStack;
      const password = variableSecret(stack, 'pw');
      cluster.addConnector('sink', {
        source: ConnectorSource.generic({
          connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector',
          config: { topics: 't' },
          secrets: { 'a.password': password, a_password: password },
        }),
      });
    });
    expect(message).toContain(
      'secret "a.password" of connector "sink" and secret "a_password" of connector "sink" both derive the worker secret name "SECRET_SINK_A_PASSWORD"',
    );
  });

  test('fails when two topic names differ only in "." and "_"', () => {
    const message = clusterError({}, (cluster) => {
      cluster.addTopic({ name: 'orders.v1' });
      cluster.addTopic({ name: 'orders_v1' });
    });
    expect(message).toContain('stack/cdc: addTopic("orders_v1"): topic "orders_v1" collides with topic "orders.v1"');
  });
});

describe('input that would render silently wrong output', () => {
  test.each([
    [{ kafka: { storageSize: Size.gibibytes(0) } }, 'stack/cdc: kafka.storageSize: 0 MiB is not a whole positive number of mebibytes'],
    [
      { zookeeper: { storageSize: Size.gibibytes(-1) } },
      'stack/cdc: zookeeper.storageSize: -1024 MiB is not a whole positive number of mebibytes',
    ],
    [{ connect: { storageSize: Size.mebibytes(0) } }, 'stack/cdc: connect.storageSize: 0 MiB'],
    [
      { images: { tag: '3.6' } },
      'stack/cdc: images.tag: "3.6" means Kafka 4.3.0, which has no ZooKeeper mode (removed in Kafka 4.0); use a 3.0 or 3.1 image stream with CoordinationMode.ZOOKEEPER',
    ],
    [
      { images: { registry: 'https://mirror.internal:5000/' } },
      'stack/cdc: images.registry: "https://mirror.internal:5000/" is not a registry host; give host[:port] only',
    ],
    [{ images: { repositoryPrefix: '/debezium/' } }, 'stack/cdc: images.repositoryPrefix: "/debezium/" is not a repository path'],
  ])('fails when the input cannot work: %j', (props, message) => {
    expect(clusterError({ target: Target.kubernetes(), ...props } as Partial<ConnectClusterProps>, () => undefined)).toContain(message);
  });

  test('warns when connect.bootstrapServers makes the zookeeper and kafka blocks ignored', () => {
    const stack = testStack('docker');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      zookeeper: { nodes: 3 },
      kafka: { brokers: 3, storageSize: Size.gibibytes(5) },
      connect: { bootstrapServers: ['kafka.internal:9092'] },
    });
    Testing.synth(stack, true);
    const warnings = cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toContainEqual(
      expect.stringContaining('zookeeper: ignored because connect.bootstrapServers points at an existing Kafka'),
    );
    expect(warnings).toContainEqual(
      expect.stringContaining('kafka.storageSize: ignored because connect.bootstrapServers points at an existing Kafka'),
    );
    expect(warnings).toContainEqual(
      expect.stringContaining(
        "kafka.brokers: no broker runs because connect.bootstrapServers points at an existing Kafka; 3 is taken as that Kafka's size and the internal topics' replication factor defaults to 3 from it",
      ),
    );
  });

  test('fails when two PostgreSQL connectors stream from one database with the default slot', () => {
    const message = clusterError({}, (cluster) => {
      const stack = cluster.node.scope as TerraformStack;
      const password = variableSecret(stack, 'pw');
      const pg = (topicPrefix: string) =>
        ConnectorSource.postgres({ hostname: 'db', user: 'u', password, databaseName: 'inventory', topicPrefix });
      cluster.addConnector('orders', { source: pg('orders') });
      cluster.addConnector('customers', { source: pg('customers') });
    });
    expect(message).toContain(
      'stack/cdc: addConnector("customers"): connectors "orders" and "customers" both stream from replication slot "debezium" of database "db:5432/inventory"; give each PostgreSQL connector of one database its own slotName',
    );
  });
});

describe('rules across the clusters of one stack', () => {
  describe('one name per Docker host and per Kubernetes namespace', () => {
    test('fails when two clusters on one Docker host have the same name', () => {
      const msg = validationError(['docker'], (stack) => {
        new ConnectCluster(stack, 'a', { clusterName: 'r', target: Target.docker() });
        new ConnectCluster(stack, 'b', { clusterName: 'r', target: Target.docker({ restHostPortBase: 9083 }) });
      });
      expect(msg).toContain('stack/b: clusterName: "r" is also the name of stack/a on the same Docker host');
    });

    test('fails when two clusters in one namespace have the same name', () => {
      expect(
        synthError(['kubernetes'], (stack) => {
          new ConnectCluster(stack, 'a', { clusterName: 'a', target: Target.kubernetes({ namespace: 'cdc' }) });
          new ConnectCluster(stack, 'b', { clusterName: 'a', target: Target.kubernetes({ namespace: 'cdc', createNamespace: false }) });
        }),
      ).toContain('stack/b: clusterName: "a" is also the name of stack/a in namespace "cdc"');
    });
  });

  describe('one creator per namespace', () => {
    test('fails when two clusters both create one namespace; passes when one uses it', () => {
      const both = (createSecond: boolean) =>
        synthError(['kubernetes'], (stack) => {
          new ConnectCluster(stack, 'orders', { clusterName: 'orders', target: Target.kubernetes({ namespace: 'cdc' }) });
          new ConnectCluster(stack, 'inventory', {
            clusterName: 'inventory',
            target: Target.kubernetes({ namespace: 'cdc', createNamespace: createSecond }),
          });
        });
      expect(both(true)).toContain(
        'target.createNamespace: namespace "cdc" is also created by stack/orders; let one cluster create the namespace and set createNamespace: false on the others',
      );
      expect(both(false)).toBe('');
    });

    test.each([
      ['declared after', false],
      ['declared before', true],
    ])('a cluster %s the one that creates the namespace references it, so the first apply waits for it', (_order, before) => {
      const stack = testStack('kubernetes');
      const make = (id: string, createNamespace: boolean) =>
        new ConnectCluster(stack, id, { clusterName: id, target: Target.kubernetes({ namespace: 'cdc', createNamespace }) });
      if (before) make('orders', false);
      make('inventory', true);
      if (!before) make('orders', false);
      const json = synthJson(stack);
      const [nsId] = Object.keys(json.resource.kubernetes_namespace_v1);
      const sets = Object.values<any>(json.resource.kubernetes_stateful_set_v1).filter((s) => s.metadata.name.startsWith('orders-'));
      expect(sets.length).toBeGreaterThan(0);
      for (const s of sets) expect(s.metadata.namespace).toBe(`\${kubernetes_namespace_v1.${nsId}.metadata[0].name}`);
    });
  });

  describe('one owner per host port', () => {
    test('fails when two clusters on one Docker host publish the same port', () => {
      const msg = validationError(['docker'], (stack) => {
        new ConnectCluster(stack, 'a', { clusterName: 'a', target: Target.docker() });
        new ConnectCluster(stack, 'b', { clusterName: 'b', target: Target.docker() });
      });
      expect(msg).toContain('stack/b: target.restHostPortBase: host port 8083 of b/connect-1 is also used by a/connect-1 of stack/a');
    });

    test('two clusters on one Docker host with distinct ports synthesize', () => {
      const stack = testStack('docker');
      new ConnectCluster(stack, 'a', { clusterName: 'a', target: Target.docker() });
      new ConnectCluster(stack, 'b', { clusterName: 'b', target: Target.docker({ restHostPortBase: 9083 }) });
      expect(() => Testing.synth(stack, true)).not.toThrow();
    });

    test("fails when a KRaft controller's host port is taken by a second cluster on the same host", () => {
      const DEDICATED: Partial<ConnectClusterProps> = { coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS, kafka: { brokers: 3 } };
      const msg = validationError(['docker'], (stack) => {
        const host = Target.docker({ networkMode: DockerNetworkMode.HOST });
        new ConnectCluster(stack, 'a', { clusterName: 'a', target: host, ...DEDICATED });
        new ConnectCluster(stack, 'b', {
          clusterName: 'b',
          target: host,
          ...DEDICATED,
          kafka: { brokers: 1, port: 29092 },
          connect: { restPort: 28083 },
        });
      });
      expect(msg).toContain('host port 19093 of b/kafka-controller-1 is also used by a/kafka-controller-1 of stack/a');
    });
  });

  describe('one Connect cluster per set of storage topics on a Kafka', () => {
    test('fails when two Connect clusters share storage topics on one Kafka', () => {
      const msg = validationError(['docker'], (stack) => {
        const a = new ConnectCluster(stack, 'a', { clusterName: 'a', target: Target.docker({ networkMode: DockerNetworkMode.HOST }) });
        new ConnectCluster(stack, 'b', {
          clusterName: 'b',
          target: Target.docker({ networkMode: DockerNetworkMode.HOST }),
          connect: { bootstrapServers: a.bootstrapServers.split(','), restPort: 8093, configStorageTopic: 'a-connect-configs' },
        });
      });
      expect(msg).toContain(
        'stack/b: connect.configStorageTopic: topic "a-connect-configs" is also a storage topic of stack/a on the same Kafka',
      );
    });
  });

  describe('a connector moved between two clusters (one replication slot)', () => {
    const moved = (oldState: ConnectorState | undefined, newState: ConnectorState | undefined) =>
      clusterError({}, (cluster) => {
        const stack = cluster.node.scope as TerraformStack;
        const password = variableSecret(stack, 'pw');
        const source = ConnectorSource.postgres({ hostname: 'db', user: 'u', password, databaseName: 'inventory', topicPrefix: 'inv' });
        cluster.addConnector('inventory', { source, state: oldState });
        const kraft = new ConnectCluster(stack, 'kraft', {
          clusterName: 'kraft',
          target: Target.docker({ restHostPortBase: 9083 }),
          coordination: CoordinationMode.KRAFT_COMBINED,
          kafka: { port: 19092 },
        });
        kraft.addConnector('inventory', { source, state: newState });
      });

    test('passes while it is STOPPED on one of them', () => {
      expect(moved(undefined, ConnectorState.STOPPED)).toBe('');
      expect(moved(ConnectorState.STOPPED, ConnectorState.STOPPED)).toBe('');
      expect(moved(ConnectorState.STOPPED, undefined)).toBe('');
    });

    test('fails when it would run on both', () => {
      expect(moved(undefined, ConnectorState.PAUSED)).toContain(
        'stack/kraft: addConnector("inventory"): it and connector "inventory" of stack/cdc both stream from replication slot "debezium" of database "db:5432/inventory", and neither is STOPPED; while a connector moves between clusters keep it STOPPED on one of them (state: ConnectorState.STOPPED); otherwise give each its own slotName',
      );
    });
  });
});

describe('credentials never as plain text', () => {
  const variable = variableSecret;

  test('fails when a generic connector gets a password as plain config', () => {
    const message = clusterError({}, (cluster) =>
      cluster.addConnector('to-dwh', {
        source: ConnectorSource.generic({
          connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector',
          config: { topics: 't', 'connection.password': 'swordfish' },
        }),
      }),
    );
    expect(message).toContain(
      'stack/cdc/Connectors/to-dwh: config["connection.password"]: "connection.password" looks like a credential given as plain text',
    );
    expect(message).toContain('give it as a secret: secrets: { "connection.password": Secret.fromVariable(aSensitiveVariable) }');
  });

  test("a config-provider reference of the user's own is not plain text", () => {
    expect(
      clusterError({}, (cluster) =>
        cluster.addConnector('to-dwh', {
          source: ConnectorSource.generic({
            connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector',
            config: { topics: 't', 'connection.password': '${env:DWH_PASSWORD}' },
          }),
        }),
      ),
    ).toBe('');
  });

  test.each(['sasl.jaas.config', 'ssl.keystore.password', 'producer.ssl.key.password'])(
    'fails when worker property %s is given as plain text',
    (property) => {
      const message = clusterError({ connect: { workerProperties: { [property]: 'x' } } }, () => undefined);
      expect(message).toContain(
        `stack/cdc: connect.workerProperties["${property}"]: "${property}" looks like a credential given as plain text`,
      );
      expect(message).toContain(`give it as connect.workerSecrets: { "${property}": Secret.fromVariable(aSensitiveVariable) }`);
    },
  );

  test('worker secrets reach Docker workers as variables and the property holds only a reference', () => {
    const stack = testStack('docker');
    new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      connect: { workerSecrets: { 'sasl.jaas.config': variable(stack, 'jaas') } },
    });
    const json = synthJson(stack);
    const worker = Object.values<any>(json.resource.docker_container).find((c) => c.name === 'cdc-connect-1');
    expect(worker.env).toContain('CONNECT_SASL_JAAS_CONFIG=$${env:SECRET__WORKER_SASL_JAAS_CONFIG}');
    expect(worker.env).toContain('SECRET__WORKER_SASL_JAAS_CONFIG=${var.jaas}');
  });

  test('worker secrets reach Kubernetes workers as files, from variables and from existing Secrets', () => {
    const stack = testStack('kubernetes');
    new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.kubernetes(),
      connect: {
        workerSecrets: {
          'sasl.jaas.config': variable(stack, 'jaas'),
          'ssl.keystore.password': Secret.fromKubernetesSecret('kafka-tls', 'password'),
        },
      },
    });
    const out = Testing.synth(stack, true);
    const json = JSON.parse(out);
    const configMap = Object.values<any>(json.resource.kubernetes_config_map_v1).find((c) => c.metadata.name === 'cdc-connect-env');
    expect(configMap.data.CONNECT_SASL_JAAS_CONFIG).toBe('$${dir:/kafka/secrets:SECRET__WORKER_SASL_JAAS_CONFIG}');
    expect(configMap.data.CONNECT_SSL_KEYSTORE_PASSWORD).toBe('$${dir:/kafka/secrets:SECRET__WORKER_SSL_KEYSTORE_PASSWORD}');
    const secret = Object.values<any>(json.resource.kubernetes_secret_v1)[0];
    expect(secret.data).toEqual({ SECRET__WORKER_SASL_JAAS_CONFIG: '${var.jaas}' });
    expect(out).toContain('"path": "SECRET__WORKER_SSL_KEYSTORE_PASSWORD"');
  });

  test('fails when a worker property value contains "@", with advice that can be followed', () => {
    const message = clusterError({ connect: { workerProperties: { 'client.id': 'cdc@host' } } }, () => undefined);
    expect(message).toContain('stack/cdc: connect.workerProperties["client.id"]: value of CONNECT_CLIENT_ID contains "@"');
    expect(message).toContain('a credential such as sasl.jaas.config goes in connect.workerSecrets, where the value may contain "@"');
  });

  test('fails when a Kubernetes Secret is given to Docker workers', () => {
    const message = clusterError(
      { connect: { workerSecrets: { 'sasl.jaas.config': Secret.fromKubernetesSecret('s', 'k') } } },
      () => undefined,
    );
    expect(message).toContain('stack/cdc: connect.workerSecrets["sasl.jaas.config"]: a Kubernetes Secret cannot reach Docker containers');
  });
});

describe("credentials in the brokers' and controllers' properties", () => {
  test.each([
    ['kafka', 'brokerProperties', 'ssl.keystore.password'],
    ['kafka', 'brokerProperties', 'sasl.jaas.config'],
    ['kraft', 'controllerProperties', 'ssl.key.password'],
  ])('%s.%s["%s"] in plain text is refused, as in workerProperties', (block, map, property) => {
    const message = clusterError(
      { coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS, [block]: { [map]: { [property]: 'hunter2' } } },
      () => undefined,
    );
    expect(message).toContain(
      `stack/cdc: ${block}.${map}["${property}"]: "${property}" looks like a credential given as plain text, which would be written into the synthesized JSON, the environment and the container log; remove it: the library takes no credentials for its own brokers and controllers yet`,
    );
    expect(message).not.toContain('hunter2');
  });
});

describe("the cluster's own brokers speak plain text", () => {
  test.each(['security.protocol', 'producer.security.protocol', 'consumer.security.protocol', 'admin.security.protocol'])(
    '%s SSL or SASL_SSL towards them is refused, naming what reaches a secured Kafka',
    (property) => {
      const message = clusterError({ connect: { workerProperties: { [property]: 'SASL_SSL' } } }, () => undefined);
      expect(message).toContain(
        `stack/cdc: connect.workerProperties["${property}"]: "SASL_SSL" cannot reach the cluster's own brokers, which listen in plain text (PLAINTEXT): the workers would never connect; remove it; a secured Kafka is reached with connect.bootstrapServers`,
      );
    },
  );

  test('PLAINTEXT towards them, and any protocol towards an existing Kafka, are accepted', () => {
    for (const connect of <ConnectWorkersOptions[]>[
      { workerProperties: { 'security.protocol': 'plaintext' } },
      { bootstrapServers: ['kafka.internal:9093'], workerProperties: { 'security.protocol': 'SSL', 'producer.security.protocol': 'SSL' } },
    ]) {
      const stack = testStack('docker');
      new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(), connect });
      expect(() => Testing.synth(stack, true)).not.toThrow();
    }
  });
});

describe('keystores and truststores from outside the stack', () => {
  test('a Kubernetes Secret is mounted read-only into every worker', () => {
    const stack = testStack('kubernetes');
    new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.kubernetes(),
      connect: {
        secretFiles: [{ mountPath: '/kafka/tls', files: SecretFiles.fromKubernetesSecret('kafka-tls') }],
        workerProperties: { 'ssl.keystore.location': '/kafka/tls/keystore.p12' },
      },
    });
    const json = synthJson(stack);
    const sts = Object.values<any>(json.resource.kubernetes_stateful_set_v1).find((s) => s.metadata.name === 'cdc-connect');
    const pod = sts.spec.template.spec;
    expect(pod.volume).toContainEqual({ name: 'secret-files-1', secret: { secret_name: 'kafka-tls', default_mode: '0440' } });
    expect(pod.container[0].volume_mount).toContainEqual({ name: 'secret-files-1', mount_path: '/kafka/tls', read_only: true });
  });

  test('an existing Docker volume is mounted read-only into every worker, and not managed by the stack', () => {
    const stack = testStack('docker');
    new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      connect: { workers: 2, secretFiles: [{ mountPath: '/kafka/tls', files: SecretFiles.fromDockerVolume('kafka-tls') }] },
    });
    const json = synthJson(stack);
    const workers = Object.values<any>(json.resource.docker_container).filter((c) => /^cdc-connect-\d$/.test(c.name));
    expect(workers).toHaveLength(2);
    for (const w of workers) expect(w.volumes).toContainEqual({ volume_name: 'kafka-tls', container_path: '/kafka/tls', read_only: true });
    expect(Object.values<any>(json.resource.docker_volume).map((v) => v.name)).not.toContain('kafka-tls');
  });

  test.each([
    [
      { mountPath: '/kafka/config', files: SecretFiles.fromDockerVolume('tls') },
      'connect.secretFiles[0].mountPath: "/kafka/config" is a directory the image or the library writes',
    ],
    [
      { mountPath: 'tls', files: SecretFiles.fromDockerVolume('tls') },
      'connect.secretFiles[0].mountPath: "tls" is not an absolute directory',
    ],
    [
      { mountPath: '/kafka/tls', files: SecretFiles.fromKubernetesSecret('tls') },
      'connect.secretFiles[0].files: Kubernetes Secret "tls" cannot reach Docker containers; use SecretFiles.fromDockerVolume(name) on the Docker target',
    ],
    [
      { mountPath: '/kafka/tls', files: SecretFiles.fromDockerVolume('-tls') },
      'connect.secretFiles[0].files: "-tls" is not a volume name; give the name of an existing one',
    ],
    [
      { mountPath: '/kafka/tls', files: {} as SecretFiles },
      'connect.secretFiles[0].files: no files given; use SecretFiles.fromDockerVolume(name)',
    ],
  ])('fails when secret files cannot be mounted: %j', (mount, message) => {
    expect(clusterError({ connect: { secretFiles: [mount] } }, () => undefined)).toContain(`stack/cdc: ${message}`);
  });

  // The words come from the sources themselves (src/docker, src/kubernetes), not from the model.
  test('a Docker volume on Kubernetes is refused in Kubernetes words, and a Secret name is a DNS-1123 subdomain', () => {
    const message = clusterError(
      {
        target: Target.kubernetes(),
        connect: {
          secretFiles: [
            { mountPath: '/kafka/tls', files: SecretFiles.fromDockerVolume('tls') },
            { mountPath: '/kafka/keys', files: SecretFiles.fromKubernetesSecret('Kafka_Keys') },
          ],
        },
      },
      () => undefined,
    );
    expect(message).toContain(
      'stack/cdc: connect.secretFiles[0].files: Docker volume "tls" cannot reach Kubernetes pods; use SecretFiles.fromKubernetesSecret(name) on the Kubernetes target',
    );
    expect(message).toContain(
      'stack/cdc: connect.secretFiles[1].files: "Kafka_Keys" is not a Secret name; give the name of an existing one',
    );
  });
});

describe('a plain value where a Secret belongs is refused with the sources the target delivers', () => {
  test.each([
    ['Docker', Target.docker(), 'use Secret.fromVariable(aSensitiveVariable)'],
    ['Kubernetes', Target.kubernetes(), 'use Secret.fromVariable(aSensitiveVariable) or Secret.fromKubernetesSecret(name, key)'],
  ])('%s', (_name, target, fix) => {
    const error = clusterError(
      {
        target,
        connect: {
          workerSecrets: { 'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required;' as unknown as Secret },
        },
      },
      () => undefined,
    );
    expect(error).toContain(
      `stack/cdc: connect.workerSecrets["sasl.jaas.config"]: "org.apache.kafka.common.security.plain.PlainLoginModule required;" is not a Secret; ${fix}`,
    );
  });
});

describe('the REST API over HTTPS with client certificates (connect.restTls)', () => {
  const restTls = (stack: TerraformStack, files: SecretFiles, requireClientCertificates?: boolean) => ({
    files,
    storePassword: variableSecret(stack, 'rest_store_password'),
    ...(requireClientCertificates === undefined ? {} : { requireClientCertificates }),
  });
  const source = (stack: TerraformStack) =>
    ConnectorSource.postgres({ hostname: 'db', databaseName: 'inv', user: 'u', password: variableSecret(stack, 'pw'), topicPrefix: 'inv' });

  test('Docker: the workers listen on HTTPS with PKCS12 stores, require client certificates, and the password is a reference', () => {
    const stack = testStack('docker');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker({ networkMode: DockerNetworkMode.HOST }),
      connect: { workers: 2, restTls: restTls(stack, SecretFiles.fromDockerVolume('connect-rest-tls')) },
    });
    cluster.addConnector('inv', { source: source(stack) });
    const json = synthJson(stack);
    expect(cluster.restUrls).toEqual(['https://127.0.0.1:8083', 'https://127.0.0.1:8084']);
    const containers = Object.values<any>(json.resource.docker_container);
    const workers = containers.filter((c) => /^cdc-connect-\d$/.test(c.name));
    expect(workers).toHaveLength(2);
    workers.forEach((w, i) => {
      const env = Object.fromEntries(w.env.map((e: string) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
      expect(env).toMatchObject({
        CONNECT_LISTENERS: `https://127.0.0.1:${8083 + i}`,
        CONNECT_REST_ADVERTISED_LISTENER: 'https',
        CONNECT_LISTENERS_HTTPS_SSL_KEYSTORE_TYPE: 'PKCS12',
        CONNECT_LISTENERS_HTTPS_SSL_KEYSTORE_LOCATION: '/kafka/rest-tls/keystore.p12',
        // A config-provider reference, written as a Terraform literal ($${ is Terraform's escape of ${).
        CONNECT_LISTENERS_HTTPS_SSL_KEYSTORE_PASSWORD: '$${env:SECRET__WORKER_REST_TLS_STORE_PASSWORD}',
        CONNECT_LISTENERS_HTTPS_SSL_KEY_PASSWORD: '$${env:SECRET__WORKER_REST_TLS_STORE_PASSWORD}',
        CONNECT_LISTENERS_HTTPS_SSL_TRUSTSTORE_TYPE: 'PKCS12',
        CONNECT_LISTENERS_HTTPS_SSL_TRUSTSTORE_LOCATION: '/kafka/rest-tls/truststore.p12',
        CONNECT_LISTENERS_HTTPS_SSL_TRUSTSTORE_PASSWORD: '$${env:SECRET__WORKER_REST_TLS_STORE_PASSWORD}',
        CONNECT_LISTENERS_HTTPS_SSL_CLIENT_AUTH: 'required',
        SECRET__WORKER_REST_TLS_STORE_PASSWORD: '${var.rest_store_password}',
      });
      expect(w.volumes).toContainEqual({ volume_name: 'connect-rest-tls', container_path: '/kafka/rest-tls', read_only: true });
      // The health check speaks HTTPS, presents the workers' certificate and calls the worker by its advertised name.
      expect(w.healthcheck.test).toEqual([
        'CMD',
        'curl',
        '--silent',
        '--fail',
        '--output',
        '/dev/null',
        '--max-time',
        '4',
        '--cacert',
        '/kafka/rest-tls/ca.crt',
        '--cert',
        '/kafka/rest-tls/tls.crt',
        '--key',
        '/kafka/rest-tls/tls.key',
        '--connect-to',
        `127.0.0.1:${8083 + i}:127.0.0.1:${8083 + i}`,
        `https://127.0.0.1:${8083 + i}/health`,
      ]);
    });
    // The connector's tasks call the API over HTTPS with the same files, trusting ca.crt.
    // (The sentinel's declaration calls nothing.)
    const tasks = containers.filter((c) => /^cdc-connector-inv(-sentinel)?$/.test(c.name));
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      expect(t.env).toEqual(
        expect.arrayContaining([
          'CONNECT_REST_ENDPOINTS=127.0.0.1:8083 127.0.0.1:8084',
          'CONNECT_REST_SCHEME=https',
          'CONNECT_REST_CA_FILE=/kafka/rest-tls/ca.crt',
          'CONNECT_REST_CERT_FILE=/kafka/rest-tls/tls.crt',
          'CONNECT_REST_KEY_FILE=/kafka/rest-tls/tls.key',
        ]),
      );
      expect(t.volumes).toEqual(
        expect.arrayContaining([{ volume_name: 'connect-rest-tls', container_path: '/kafka/rest-tls', read_only: true }]),
      );
    }
  });

  test('Kubernetes: the Secret is mounted into the workers and the connector tasks, probes speak HTTPS, and the password is a file', () => {
    const stack = testStack('kubernetes');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.kubernetes({ namespace: 'data' }),
      connect: {
        restTls: {
          files: SecretFiles.fromKubernetesSecret('connect-rest-tls'),
          storePassword: Secret.fromKubernetesSecret('connect-rest-tls-password', 'password'),
          requireClientCertificates: false,
        },
      },
    });
    cluster.addConnector('inv', { source: source(stack) });
    const json = synthJson(stack);
    expect(cluster.restUrls[0]).toMatch(/^https:\/\/.*:8083$/);
    const config = Object.values<any>(json.resource.kubernetes_config_map_v1).find((c) => c.metadata.name === 'cdc-connect-env');
    expect(config.data).toMatchObject({
      CONNECT_LISTENERS: 'https://:8083',
      CONNECT_LISTENERS_HTTPS_SSL_KEYSTORE_PASSWORD: '$${dir:/kafka/secrets:SECRET__WORKER_REST_TLS_STORE_PASSWORD}',
      CONNECT_LISTENERS_HTTPS_SSL_CLIENT_AUTH: 'none',
    });
    const sts = Object.values<any>(json.resource.kubernetes_stateful_set_v1).find((s) => s.metadata.name === 'cdc-connect');
    const pod = sts.spec.template.spec;
    expect(pod.volume).toContainEqual({ name: 'secret-files-1', secret: { secret_name: 'connect-rest-tls', default_mode: '0440' } });
    expect(pod.container[0].volume_mount).toContainEqual({ name: 'secret-files-1', mount_path: '/kafka/rest-tls', read_only: true });
    // The password reaches the workers' secrets volume as a key of the existing Secret, never as a value.
    expect(JSON.stringify(pod.volume)).toContain('"key":"password","path":"SECRET__WORKER_REST_TLS_STORE_PASSWORD"');
    // By the pod's advertised name (which the certificate names), connecting to its own loopback.
    const advertised = 'cdc-connect-0.cdc-connect-headless.data.svc.cluster.local';
    for (const probe of [pod.container[0].readiness_probe, pod.container[0].startup_probe]) {
      expect(probe.http_get).toBeUndefined();
      expect(probe.exec.command).toEqual(
        expect.arrayContaining([`${advertised}:8083:127.0.0.1:8083`, `https://${advertised}:8083/health`]),
      );
    }
    const taskPods = Object.values<any>(json.resource.kubernetes_job_v1 ?? {}).map((j) => j.spec.template);
    expect(taskPods).toHaveLength(2);
    for (const t of taskPods) {
      expect(t.spec.volume).toEqual([{ name: 'secret-files-1', secret: { secret_name: 'connect-rest-tls', default_mode: '0440' } }]);
      expect(t.spec.container[0].volume_mount).toEqual([{ name: 'secret-files-1', mount_path: '/kafka/rest-tls', read_only: true }]);
      // The images' group owns the files, as in the workers.
      expect(t.spec.security_context.fs_group).toBe('1001');
      expect(t.spec.container[0].env).toContainEqual({ name: 'CONNECT_REST_SCHEME', value: 'https' });
    }
  });

  test('a new revision of the files restarts the workers: a change of their environment (the config checksum on Kubernetes)', () => {
    const synthWith = (revision: string | undefined) => {
      const stack = testStack('kubernetes');
      new ConnectCluster(stack, 'cdc', {
        clusterName: 'cdc',
        target: Target.kubernetes(),
        connect: {
          restTls: {
            files: SecretFiles.fromKubernetesSecret('connect-rest-tls'),
            storePassword: Secret.fromKubernetesSecret('connect-rest-tls-password', 'password'),
            revision,
          },
        },
      });
      const json = synthJson(stack);
      const sts = Object.values<any>(json.resource.kubernetes_stateful_set_v1).find((x) => x.metadata.name === 'cdc-connect');
      const config = Object.values<any>(json.resource.kubernetes_config_map_v1).find((c) => c.metadata.name === 'cdc-connect-env');
      return { checksum: sts.spec.template.metadata.annotations['checksum/config'], env: config.data };
    };
    const [none, first, second] = [synthWith(undefined), synthWith('2026-12-01'), synthWith('2027-03-01')];
    expect(none.env.REST_TLS_REVISION).toBeUndefined();
    expect(first.env.REST_TLS_REVISION).toBe('2026-12-01');
    expect(new Set([none.checksum, first.checksum, second.checksum]).size).toBe(3);
  });

  test('the password never appears in the synthesized JSON', () => {
    const stack = testStack('docker');
    new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      connect: { restTls: restTls(stack, SecretFiles.fromDockerVolume('connect-rest-tls')) },
    });
    expect(JSON.stringify(synthJson(stack))).not.toMatch(/store_password"?\s*:\s*"[^$]/);
  });

  test.each<[string, (stack: TerraformStack) => Partial<ConnectClusterProps>, string]>([
    [
      'a Kubernetes Secret on Docker',
      (stack) => ({ connect: { restTls: restTls(stack, SecretFiles.fromKubernetesSecret('tls')) } }),
      'connect.restTls.files: Kubernetes Secret "tls" cannot reach Docker containers; use SecretFiles.fromDockerVolume(name) on the Docker target',
    ],
    [
      'no files',
      (stack) => ({
        connect: { restTls: { ...restTls(stack, SecretFiles.fromDockerVolume('tls')), files: undefined as unknown as SecretFiles } },
      }),
      'connect.restTls.files: no files given; use SecretFiles.fromDockerVolume(name), holding keystore.p12, truststore.p12, tls.crt, tls.key and ca.crt',
    ],
    [
      'no password',
      () => ({ connect: { restTls: { files: SecretFiles.fromDockerVolume('tls') } as never } }),
      'connect.restTls.storePassword: no password given; give the password of keystore.p12 and truststore.p12 as a Secret',
    ],
    [
      'a password as a string',
      () => ({ connect: { restTls: { files: SecretFiles.fromDockerVolume('tls'), storePassword: 'changeit' as unknown as Secret } } }),
      // On Docker only a variable can be a Secret: the fix names the target's own sources.
      'connect.restTls.storePassword: "changeit" is not a Secret; use Secret.fromVariable(aSensitiveVariable)',
    ],
    [
      'a listener setting given as a worker property',
      (stack) => ({
        connect: {
          restTls: restTls(stack, SecretFiles.fromDockerVolume('tls')),
          workerProperties: { 'listeners.https.ssl.client.auth': 'requested' },
        },
      }),
      'connect.workerProperties["listeners.https.ssl.client.auth"]: "listeners.https.ssl.client.auth" is set by the library; use connect.restTls instead',
    ],
    [
      'other secret files mounted where the REST files go',
      (stack) => ({
        connect: {
          restTls: restTls(stack, SecretFiles.fromDockerVolume('tls')),
          secretFiles: [{ mountPath: '/kafka/rest-tls', files: SecretFiles.fromDockerVolume('other') }],
        },
      }),
      'connect.secretFiles[0].mountPath: "/kafka/rest-tls" is a directory the image or the library writes',
    ],
    [
      'a revision that is not a label',
      (stack) => ({ connect: { restTls: { ...restTls(stack, SecretFiles.fromDockerVolume('tls')), revision: 'renewed on 1 Dec' } } }),
      'connect.restTls.revision: "renewed on 1 Dec" is not a revision label; use 1 to 63 letters, digits, ".", "_" or "-", e.g. the certificate\'s serial number or renewal date',
    ],
    [
      'requireClientCertificates not a boolean',
      (stack) => ({
        connect: {
          restTls: { ...restTls(stack, SecretFiles.fromDockerVolume('tls')), requireClientCertificates: 'yes' as unknown as boolean },
        },
      }),
      'connect.restTls.requireClientCertificates: "yes" is not a boolean; use true (mutual TLS) or false',
    ],
  ])('refuses %s', (_what, props, message) => {
    const error = synthError(['docker', 'kubernetes'], (stack) => {
      new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(), ...props(stack) });
    });
    expect(error).toContain(`stack/cdc: ${message}`);
  });
});

describe('workload(): the generated resources as an escape hatch', () => {
  const build = (props: Partial<ConnectClusterProps>) => {
    const stack = testStack('docker', 'kubernetes');
    const cluster = new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(), kafka: { brokers: 3 }, ...props });
    return { stack, cluster };
  };

  test("on Docker it is the node's container, and an override reaches the synthesized JSON", () => {
    const { stack, cluster } = build({});
    const broker = cluster.workload(Component.KAFKA, 2);
    expect(broker).toBeInstanceOf(Container);
    expect(cluster.workload(Component.KAFKA)).toBe(cluster.workload(Component.KAFKA, 1));
    expect(cluster.workload(Component.KAFKA, 3)).not.toBe(broker);
    broker.addOverride('shm_size', 256);
    const containers = synthJson(stack).resource.docker_container;
    const byName = Object.fromEntries(Object.values<any>(containers).map((c) => [c.name, c]));
    expect(byName['cdc-kafka-2'].shm_size).toBe(256);
    expect(byName['cdc-kafka-1'].shm_size).toBeUndefined();
  });

  test("on Kubernetes it is the component's StatefulSet, for each of its nodes", () => {
    const { stack, cluster } = build({ target: Target.kubernetes() });
    const brokers = cluster.workload(Component.KAFKA, 3);
    expect(brokers).toBeInstanceOf(StatefulSetV1);
    expect(cluster.workload(Component.KAFKA, 1)).toBe(brokers);
    expect(cluster.workload(Component.CONNECT)).not.toBe(brokers);
    brokers.addOverride('spec.template.spec.priority_class_name', 'cdc-critical');
    const sets = synthJson(stack).resource.kubernetes_stateful_set_v1;
    const byName = Object.fromEntries(Object.values<any>(sets).map((s) => [s.metadata.name, s]));
    expect(byName['cdc-kafka'].spec.template.spec.priority_class_name).toBe('cdc-critical');
    expect(byName['cdc-kafka'].spec.template.spec.container).toHaveLength(1);
    expect(byName['cdc-connect'].spec.template.spec.priority_class_name).toBeUndefined();
  });

  test.each([
    ['docker', Target.docker()],
    ['kubernetes', Target.kubernetes()],
  ])('fails when the node is not one the cluster runs (%s)', (_name, target) => {
    const { cluster } = build({ target });
    expect(() => cluster.workload(Component.KAFKA, 4)).toThrow(
      'stack/cdc: workload("kafka", 4): 4 is not a node of kafka (the cluster runs 3); give a node number from 1 to 3',
    );
    expect(() => cluster.workload(Component.KAFKA, 0)).toThrow('give a node number from 1 to 3');
    const kraft = build({ target, coordination: CoordinationMode.KRAFT_COMBINED, kafka: undefined }).cluster;
    expect(() => kraft.workload(Component.ZOOKEEPER)).toThrow(
      'workload("zookeeper"): the cluster runs no "zookeeper" nodes; ask for a component it runs: kafka, connect',
    );
  });

  test('fails when the cluster is invalid, with the reasons', () => {
    const { cluster } = build({ kafka: { brokers: 0 } });
    expect(() => cluster.workload(Component.CONNECT)).toThrow(/props are invalid[\s\S]*kafka\.brokers: 0 is not an integer between 1/);
  });
});

describe('a synth without validation never writes a stack without the invalid parts', () => {
  // A plan of such a stack would destroy what is left out: the whole cluster, or a connector.
  const invalidStacks: [string, (stack: TerraformStack) => void][] = [
    ['invalid props', (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(), kafka: { brokers: 0 } })],
    [
      'an invalid Kubernetes option',
      (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.kubernetes({ cpuRequest: '500 m' }) }),
    ],
    [
      'an invalid connector on a valid cluster',
      (stack) =>
        new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker() }).addConnector('orders', {
          source: ConnectorSource.generic({ connectorClass: 'not a class', config: {} }),
        }),
    ],
    ['no target', (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: undefined as unknown as Target })],
  ];

  test.each(invalidStacks)('fails when a stack with %s is synthesized without validation: the same problems', (_name, build) => {
    const validated = validationError(['docker', 'kubernetes'], build);
    const stack = testStack('docker', 'kubernetes');
    build(stack);
    let thrown: unknown;
    try {
      Testing.synth(stack, false);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).not.toMatch(/Resolution error|Object creation stack| {4}at /);
    expect((thrown as Error).name).toBe('ConnectClusterValidationError');
    // Every problem validation reports, with its path, field and fix.
    // cdktf prints each as "[<construct>] <problem>".
    const lines = validated.split('\n').filter((l) => /\] stack\/cdc\S*: /.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const problem = line.slice(line.indexOf('] ') + 2);
      expect((thrown as Error).message).toContain(problem);
    }
  });

  test('fails when an app with skipValidation synthesizes an invalid cluster', () => {
    const app = new App({ skipValidation: true, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'skip-validation-')) });
    const stack = new TerraformStack(app, 'stack');
    new DockerProvider(stack, 'docker');
    new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(), kafka: { brokers: 0 } });
    expect(() => app.synth()).toThrow(/invalid Debezium Connect cluster[\s\S]*stack\/cdc: kafka\.brokers: 0 is not an integer/);
  });

  test('a valid stack synthesizes the same JSON with and without validation', () => {
    const build = (stack: TerraformStack) => {
      const cluster = new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker() });
      cluster.addConnector('orders', { source: sink() });
    };
    const a = testStack('docker');
    build(a);
    const b = testStack('docker');
    build(b);
    expect(Testing.synth(a, false)).toBe(Testing.synth(b, true));
  });
});

describe('a topic or connector declared directly names its cluster', () => {
  test.each([
    ['KafkaTopic', (stack: TerraformStack, cluster: unknown) => new KafkaTopic(stack, 'orders', { cluster, name: 'orders' } as any)],
    ['Connector', (stack: TerraformStack, cluster: unknown) => new Connector(stack, 'orders', { cluster, source: sink() } as any)],
  ])('fails when a %s is given something that is not a ConnectCluster: the path, the field and the fix', (_name, declare) => {
    const message = validationError(['docker'], (stack) => declare(stack, { clusterName: 'cdc' }));
    expect(message).toContain(
      'stack/orders: cluster: [object Object] is not a ConnectCluster; pass the ConnectCluster the declaration belongs to, or use cluster.addTopic() / cluster.addConnector()',
    );
  });

  test('a topic and a connector declared directly on a cluster render as through add*', () => {
    const direct = testStack('docker');
    const cluster = new ConnectCluster(direct, 'cdc', { clusterName: 'cdc', target: Target.docker() });
    new KafkaTopic(new Construct(cluster, 'Topics'), 'orders', { cluster, name: 'orders' });
    new Connector(new Construct(cluster, 'Connectors'), 'orders', { cluster, source: sink() });
    const added = testStack('docker');
    const other = new ConnectCluster(added, 'cdc', { clusterName: 'cdc', target: Target.docker() });
    other.addTopic({ name: 'orders' });
    other.addConnector('orders', { source: sink() });
    expect(Testing.synth(direct, true)).toBe(Testing.synth(added, true));
  });
});

describe('untyped input (JavaScript, config-driven stacks) gets a message, never a TypeError', () => {
  const pg = (stack: TerraformStack, more: object) =>
    ConnectorSource.postgres({
      hostname: 'db',
      user: 'u',
      password: variableSecret(stack, 'pw'),
      databaseName: 'inventory',
      topicPrefix: 'inventory',
      ...more,
    });

  test('a number in connect.workerProperties', () => {
    const message = clusterError({ connect: { workerProperties: { 'heartbeat.interval.ms': 3000 as any } } }, () => undefined);
    expect(message).toContain(
      'stack/cdc: connect.workerProperties["heartbeat.interval.ms"]: value 3000 is not a string; pass property values as strings',
    );
    expect(message).not.toContain('is not a function');
  });

  test('no props at all', () => {
    const message = synthError(['docker'], (stack) => new ConnectCluster(stack, 'cdc', undefined as any));
    expect(message).toContain(
      'stack/cdc: props: undefined is not the props of a ConnectCluster; pass props such as { clusterName: "inventory", target: Target.docker() }',
    );
  });

  test('a string where a connector source takes a list', () => {
    const message = clusterError({}, (cluster) => {
      cluster.addConnector('inventory', {
        source: pg(cluster.node.scope as TerraformStack, { tableIncludeList: 'inventory.orders' as any }),
      });
    });
    expect(message).toContain(
      'stack/cdc/Connectors/inventory: tableIncludeList: "inventory.orders" is not a list of strings; give tableIncludeList as a list',
    );
    expect(message).not.toContain('is not a function');
  });

  test('a string where connect.bootstrapServers takes a list', () => {
    const message = clusterError({ connect: { bootstrapServers: 'kafka:9092' as any } }, () => undefined);
    expect(message).toContain('stack/cdc: connect.bootstrapServers: "kafka:9092" is not a list; give a list of host:port entries');
  });

  test.each([
    [{ kafka: { heap: { maximum: 512 } } }, 'kafka.heap.maximum: 512 is not a Size; use Size.mebibytes(n) or Size.gibibytes(n)'],
    [{ connect: { heap: '1g' } }, 'connect.heap: "1g" is not an object; give heap as { maximum: Size.gibibytes(1) }'],
    [{ kafka: { storageSize: 20 } }, 'kafka.storageSize: 20 is not a Size'],
    [{ kafka: 3 }, 'kafka: 3 is not an object; give kafka as an object of its options'],
    [{ connect: { workerProperties: 'a.b=c' } }, 'connect.workerProperties: "a.b=c" is not a map'],
    [{ connect: { secretFiles: { mountPath: '/tls' } } }, 'connect.secretFiles: {"mountPath":"/tls"} is not a list'],
    [{ target: Target.kubernetes({ imagePullSecrets: 'registry' as any }) }, 'target.imagePullSecrets: "registry" is not a list'],
  ])('a value of the wrong shape: %j', (props, message) => {
    const error = clusterError(props as any, () => undefined);
    expect(error).toContain(`stack/cdc: ${message}`);
    expect(error).not.toMatch(/is not a function|Cannot read properties/);
  });

  test('a connector source given no options', () => {
    const message = clusterError({}, (cluster) => {
      cluster.addConnector('pg', { source: ConnectorSource.postgres(undefined as any) });
      cluster.addConnector('generic', { source: ConnectorSource.generic(undefined as any) });
    });
    expect(message).toContain('stack/cdc/Connectors/pg: hostname: hostname is required; set hostname');
    expect(message).toContain('stack/cdc/Connectors/generic: connectorClass: undefined is not a fully-qualified class name');
  });
});

describe('mistakes that synth used to accept silently', () => {
  const pg = (stack: TerraformStack, topicPrefix: string, slotName: string) =>
    ConnectorSource.postgres({
      hostname: 'db',
      user: 'u',
      password: variableSecret(stack, `pw-${slotName}`),
      databaseName: 'inventory',
      topicPrefix,
      slotName,
    });

  test('two connectors of one cluster with one topic prefix', () => {
    const message = clusterError({}, (cluster) => {
      const stack = cluster.node.scope as TerraformStack;
      cluster.addConnector('orders', { source: pg(stack, 'inventory', 'orders') });
      cluster.addConnector('customers', { source: pg(stack, 'inventory', 'customers') });
    });
    expect(message).toContain(
      'stack/cdc: addConnector("customers"): connectors "orders" and "customers" both have topic prefix "inventory": their change events (and schema history) would mix in the same topics; give each connector its own topicPrefix (topic.prefix)',
    );
  });

  test('distinct topic prefixes are fine', () => {
    const message = clusterError({}, (cluster) => {
      const stack = cluster.node.scope as TerraformStack;
      cluster.addConnector('orders', { source: pg(stack, 'orders', 'orders') });
      cluster.addConnector('customers', { source: pg(stack, 'customers', 'customers') });
    });
    expect(message).toBe('');
  });

  test('a misspelt built-in connector class when no plugins are declared', () => {
    const message = clusterError({}, (cluster) =>
      cluster.addConnector('inventory', {
        source: ConnectorSource.generic({
          connectorClass: 'io.debezium.connector.postgresql.PostgresConector',
          config: { 'topic.prefix': 'i' },
        }),
      }),
    );
    expect(message).toContain(
      'stack/cdc/Connectors/inventory: connectorClass: "io.debezium.connector.postgresql.PostgresConector" is not a connector of the image, but close to "io.debezium.connector.postgresql.PostgresConnector", which is; use "io.debezium.connector.postgresql.PostgresConnector"',
    );
  });

  test('a class of its own (a prebuilt image may hold it) is still accepted without plugins', () => {
    const message = clusterError({}, (cluster) =>
      cluster.addConnector('files', { source: ConnectorSource.generic({ connectorClass: 'com.example.connect.FileSourceConnector' }) }),
    );
    expect(message).toBe('');
  });

  test('a misspelt class with plugins declared is refused with the closest class', () => {
    const message = clusterError(
      {
        plugins: {
          directories: [
            {
              directory: 'acme',
              sources: [PluginSource.maven({ coordinates: 'com.acme:acme-sink:1.0', sha512: 'a'.repeat(128) })],
              connectorClasses: ['com.acme.AcmeSinkConnector'],
            },
          ],
        },
      },
      (cluster) => cluster.addConnector('acme', { source: ConnectorSource.generic({ connectorClass: 'com.acme.AcmeSinkConector' }) }),
    );
    expect(message).toContain(
      'stack/cdc/Connectors/acme: connectorClass: no declared plugin or image connector provides "com.acme.AcmeSinkConector"; declare the plugin that contains it, or fix the class name (did you mean "com.acme.AcmeSinkConnector"?)',
    );
  });

  test('an images.tag of no known stream, such as latest', () => {
    const message = clusterError({ coordination: CoordinationMode.KRAFT_COMBINED, images: { tag: 'latest' } }, () => undefined);
    expect(message).toContain(
      'stack/cdc: images.tag: "latest" names no Debezium image stream this library knows (3.0 to 3.6), so the Kafka version inside the images is unknown; set images.kafkaVersion to the Kafka version those images ship (e.g. "4.3.0" for stream 3.6), or use a stream\'s tag such as "3.6" or "3.6.0.Final"',
    );
    expect(
      clusterError({ coordination: CoordinationMode.KRAFT_COMBINED, images: { tag: 'latest', kafkaVersion: '4.3.0' } }, () => undefined),
    ).toBe('');
    expect(clusterError({ coordination: CoordinationMode.KRAFT_COMBINED, images: { tag: '3.6.1.Final' } }, () => undefined)).toBe('');
    expect(clusterError({ images: { tag: 'latest', kafkaVersion: 'newest' } }, () => undefined)).toContain(
      'stack/cdc: images.kafkaVersion: "newest" is not a Kafka version; give the Kafka release the images ship, as major.minor.patch, e.g. "4.3.0"',
    );
  });

  test.each([
    ['kafka', { kafka: { heap: { maximum: Size.mebibytes(1) } } }, 'Size.mebibytes(256)'],
    ['connect', { connect: { heap: { maximum: Size.mebibytes(128) } } }, 'Size.mebibytes(256)'],
    ['zookeeper', { zookeeper: { heap: { maximum: Size.mebibytes(32) } } }, 'Size.mebibytes(64)'],
    [
      'kraft',
      { coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS, kraft: { heap: { maximum: Size.mebibytes(64) } } },
      'Size.mebibytes(128)',
    ],
  ])('a %s heap too small for the JVM to start', (field, props, minimum) => {
    const message = clusterError(props as Partial<ConnectClusterProps>, () => undefined);
    expect(message).toMatch(
      new RegExp(`stack/cdc: ${field}\\.heap\\.maximum: a maximum heap of \\d+Mi is too small for the JVM to start the service \\(`),
    );
    expect(message).toContain(`; give ${field}.heap.maximum at least ${minimum}`);
  });

  test('the smallest accepted heaps synthesize', () => {
    const props = {
      zookeeper: { heap: { maximum: Size.mebibytes(64) } },
      kafka: { heap: { maximum: Size.mebibytes(256) } },
      connect: { heap: { maximum: Size.mebibytes(256) } },
    };
    expect(clusterError(props, () => undefined)).toBe('');
  });

  test('a Kubernetes Secret name or key with a space, and a storage class name with a space', () => {
    const message = clusterError(
      {
        target: Target.kubernetes({ storageClassName: 'fast ssd' }),
        connect: { workerSecrets: { 'sasl.jaas.config': Secret.fromKubernetesSecret('kafka credentials', 'jaas') } },
      },
      (cluster) =>
        cluster.addConnector('inventory', {
          source: ConnectorSource.postgres({
            hostname: 'db',
            user: 'u',
            password: Secret.fromKubernetesSecret('inventory-db', 'db password'),
            databaseName: 'inventory',
            topicPrefix: 'inventory',
          }),
        }),
    );
    expect(message).toContain(
      'stack/cdc: connect.workerSecrets["sasl.jaas.config"]: "kafka credentials" is not a Kubernetes Secret name; give Secret.fromKubernetesSecret the name of a Secret in the namespace',
    );
    expect(message).toContain(
      'stack/cdc: target.storageClassName: "fast ssd" is not a StorageClass name; give the name of a StorageClass of the cluster',
    );
    // The connector is checked once the cluster is valid.
    const connector = clusterError({ target: Target.kubernetes() }, (cluster) =>
      cluster.addConnector('inventory', {
        source: ConnectorSource.postgres({
          hostname: 'db',
          user: 'u',
          password: Secret.fromKubernetesSecret('inventory-db', 'db password'),
          databaseName: 'inventory',
          topicPrefix: 'inventory',
        }),
      }),
    );
    expect(connector).toContain(
      'stack/cdc/Connectors/inventory: secrets["database.password"]: "db password" is not a key of a Kubernetes Secret; give Secret.fromKubernetesSecret a key of Secret "inventory-db"',
    );
  });

  test('an air-gapped registry while a plugin still downloads from Maven Central: a warning naming the plugin and the fix', () => {
    const stack = testStack('kubernetes');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.kubernetes(),
      images: { registry: 'mirror.internal:5000' },
      plugins: {
        directories: [
          {
            directory: 'debezium-connector-jdbc',
            sources: [
              PluginSource.maven({ coordinates: 'io.debezium:debezium-connector-jdbc:3.1.3.Final:plugin@tar.gz', sha512: 'a'.repeat(128) }),
            ],
            connectorClasses: ['io.debezium.connector.jdbc.JdbcSinkConnector'],
          },
        ],
      },
    });
    Testing.synth(stack, true);
    const warnings = cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toContain(
      'plugins.directories[0]: plugin "debezium-connector-jdbc" downloads maven io.debezium:debezium-connector-jdbc:3.1.3.Final:plugin@tar.gz from Maven Central (repo1.maven.org) at apply time, while images.registry ("mirror.internal:5000") says the images come from a mirror; set plugins.mavenRepositoryUrl (or the source\'s repositoryUrl) to a Maven repository inside your network',
    );
    // An internal repository: no warning.
    const internal = testStack('kubernetes');
    const quiet = new ConnectCluster(internal, 'cdc', {
      clusterName: 'cdc',
      target: Target.kubernetes(),
      images: { registry: 'mirror.internal:5000' },
      plugins: {
        mavenRepositoryUrl: 'https://maven.internal/releases',
        directories: [
          {
            directory: 'debezium-connector-jdbc',
            sources: [
              PluginSource.maven({ coordinates: 'io.debezium:debezium-connector-jdbc:3.1.3.Final:plugin@tar.gz', sha512: 'a'.repeat(128) }),
            ],
          },
        ],
      },
    });
    Testing.synth(internal, true);
    expect(quiet.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });
});

describe('connector autoRestart', () => {
  /** The environment of a connector's sentinel, on either target. */
  function sentinelEnv(json: any, connector: string): Record<string, string> {
    const id = `_Connectors_${connector}_Sentinel_`;
    const jobs = json.resource.kubernetes_job_v1 as Record<string, any> | undefined;
    if (jobs) {
      const job = Object.entries(jobs).find(([k]) => k.includes(id))![1];
      return Object.fromEntries(
        (job.spec.template.spec.container[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]),
      );
    }
    const containers = json.resource.docker_container as Record<string, any>;
    const entries = Object.entries(containers).find(([k]) => k.includes(id) && !k.includes('_declaration_'))![1].env as string[];
    return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  }

  test.each(['kubernetes', 'docker'] as const)('on %s, restarts are on by default and the bound reaches the sentinel', (kind) => {
    const stack = testStack(kind);
    const target = kind === 'kubernetes' ? Target.kubernetes() : Target.docker();
    const cluster = new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target });
    cluster.addConnector('orders', { source: sink() });
    cluster.addConnector('billing', { source: sink(), autoRestart: { maxRestarts: 5 } });
    cluster.addConnector('audit', { source: sink(), autoRestart: { enabled: false } });
    const json = synthJson(stack);
    expect(sentinelEnv(json, 'orders')).toMatchObject({
      AUTO_RESTART: 'true',
      AUTO_RESTART_MAX: '',
      CONNECTOR_STATE: 'RUNNING',
      RECONCILE_INTERVAL_SECONDS: '10',
    });
    expect(sentinelEnv(json, 'billing')).toMatchObject({ AUTO_RESTART: 'true', AUTO_RESTART_MAX: '5' });
    expect(sentinelEnv(json, 'audit')).toMatchObject({ AUTO_RESTART: 'false' });
    expect(JSON.parse(sentinelEnv(json, 'orders').CONNECTOR_CONFIG)).toHaveProperty(['connector.class']);
  });

  test.each([
    [{ maxRestarts: 0 }, 'autoRestart.maxRestarts: 0 is not a whole number of restarts from 1 to 1000'],
    [{ maxRestarts: 2.5 }, 'autoRestart.maxRestarts: 2.5 is not a whole number of restarts from 1 to 1000'],
    [
      { enabled: false, maxRestarts: 3 },
      'autoRestart.maxRestarts: a bound is given while restarts are disabled; remove maxRestarts, or enable the restarts',
    ],
    [{ enabled: 'yes' as unknown as boolean }, 'autoRestart.enabled: "yes" is not true or false'],
  ])('a wrong autoRestart %j is refused, naming the field and the fix', (autoRestart, expected) => {
    const message = clusterError({ target: Target.kubernetes() }, (c) => c.addConnector('orders', { source: sink(), autoRestart }));
    expect(message).toContain('orders');
    expect(message).toContain(expected);
  });
});

import { CoordinationMode } from '../../src/model/image';
import { kraftClusterId, kraftDirectoryId } from '../../src/model/kraft';
import { KRaftOptions } from '../../src/kraft';
import { Component, NodeSpec } from '../../src/model/nodes';
import { Size } from '../../src/model/size';
import { networks, nodesOf, problemsOf, resolve } from '../util';

const COMBINED = CoordinationMode.KRAFT_COMBINED;
const DEDICATED = CoordinationMode.KRAFT_DEDICATED_CONTROLLERS;
const HOST = networks.host();
const K8S = networks.kubernetes('data');

function dedicated(kraft: KRaftOptions = {}, more: Parameters<typeof resolve>[0] = {}) {
  return resolve({ coordination: DEDICATED, kafka: { brokers: 3 }, kraft, ...more });
}

/** The `--initial-controllers` value a node's startup script formats with; undefined for a broker-only node. */
function initialControllers(n: NodeSpec): string | undefined {
  return /--initial-controllers='([^']*)'/.exec(n.startupScript ?? '')?.[1];
}

describe('KRaft combined mode', () => {
  test("one node keeps the image's own standalone format: no startup script, a single voter", () => {
    const [node] = nodesOf(resolve({ coordination: COMBINED }), Component.KAFKA);
    expect(node.startupScript).toBeUndefined();
    expect(node.env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka-1:9093');
    expect(node.env.KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS).toBeUndefined();
    expect(node.ports.map((p) => [p.name, p.containerPort])).toEqual([
      ['kafka', 9092],
      ['controller', 9093],
    ]);
  });

  test('three nodes are voters 1..3, each formatted before the entrypoint with the whole quorum', () => {
    const model = resolve({ coordination: COMBINED, kafka: { brokers: 3 } });
    const k = nodesOf(model, Component.KAFKA);
    expect(k.map((n) => [n.env.NODE_ID, n.env.NODE_ROLE])).toEqual([
      ['1', 'combined'],
      ['2', 'combined'],
      ['3', 'combined'],
    ]);
    for (const n of k) {
      expect(n.env.KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS).toBe('kafka-1:9093,kafka-2:9093,kafka-3:9093');
      // the stream-3.6 entrypoint keeps only the first voter of KAFKA_CONTROLLER_QUORUM_VOTERS
      expect(n.env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBeUndefined();
      expect(n.env.KAFKA_ADVERTISED_LISTENERS).toBe(`PLAINTEXT://${n.host}:9092,CONTROLLER://${n.host}:9093`);
    }
    const voters = ['1', '2', '3'].map((id) => `${id}@kafka-${id}:9093:${kraftDirectoryId('cdc', Number(id))}`).join(',');
    expect(k.map(initialControllers)).toEqual([voters, voters, voters]);
    expect(k[1].startupScript).toContain("'process.roles=broker,controller' 'node.id=2'");
    expect(k[1].startupScript).toContain('if [ ! -f /kafka/data/2/meta.properties ]; then');
    expect(k[1].startupScript).toContain(`--cluster-id='${kraftClusterId('cdc')}'`);
    // a failed format must not fall through to the entrypoint's own --standalone format
    expect(k[1].startupScript).toContain('|| exit 1');
    expect(model.components.find((c) => c.component === Component.KAFKA)?.quorum).toBe(true);
  });

  test("with Docker host networking the controllers move to 19093 and up, clear of the brokers' 9092, 9093, …", () => {
    const k = nodesOf(resolve({ coordination: COMBINED, kafka: { brokers: 3 }, network: HOST }), Component.KAFKA);
    expect(k.map((n) => n.env.KAFKA_LISTENERS)).toEqual([
      'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:19093',
      'PLAINTEXT://127.0.0.1:9093,CONTROLLER://127.0.0.1:19094',
      'PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:19095',
    ]);
    // one node keeps the image's port
    expect(nodesOf(resolve({ coordination: COMBINED, network: HOST }), Component.KAFKA)[0].env.KAFKA_LISTENERS).toBe(
      'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093',
    );
  });

  test.each([2, 4])('fails when the number of combined nodes is even (%d)', (brokers) => {
    expect(problemsOf({ coordination: COMBINED, kafka: { brokers } })).toContain(
      `stack/cdc: kafka.brokers: with CoordinationMode.KRAFT_COMBINED every broker is a controller, and a quorum of ${brokers} voters is even: it tolerates no more failures than ${brokers - 1}; use 1, 3, 5, 7 or 9 brokers, or CoordinationMode.KRAFT_DEDICATED_CONTROLLERS for ${brokers} brokers and a quorum of its own`,
    );
  });

  test('fails when there are more than 9 combined nodes', () => {
    expect(problemsOf({ coordination: COMBINED, kafka: { brokers: 11 } })).toContain(
      'kafka.brokers: with CoordinationMode.KRAFT_COMBINED every broker is a controller, and 11 is not an odd number of voters from 1 to 9',
    );
  });

  test('fails when dedicated-controller settings are given in combined mode; the controller port is accepted', () => {
    const msg = problemsOf({
      coordination: COMBINED,
      kraft: { controllers: 3, heap: { maximum: Size.mebibytes(256) }, controllerProperties: { 'a.b': 'c' } },
    });
    expect(msg).toContain(
      'kraft.controllers: kraft.controllers applies to dedicated controllers, but with CoordinationMode.KRAFT_COMBINED every broker is also the controller; size the quorum with kafka.brokers (every combined node is a voter), or use CoordinationMode.KRAFT_DEDICATED_CONTROLLERS',
    );
    expect(msg).toContain('kraft.heap: kraft.heap applies to dedicated controllers');
    expect(msg).toContain('kraft.controllerProperties: kraft.controllerProperties applies to dedicated controllers');
    const [node] = nodesOf(resolve({ coordination: COMBINED, kraft: { controllerPort: 9094 } }), Component.KAFKA);
    expect(node.env.KAFKA_LISTENERS).toBe('PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9094');
    expect(node.ports.map((p) => p.containerPort)).toEqual([9092, 9094]);
  });

  test("fails when a combined node's controller port is its broker port", () => {
    expect(problemsOf({ coordination: COMBINED, kafka: { port: 9093 } })).toContain(
      'kraft.controllerPort: port 9093 is also kafka.port: a combined node cannot listen twice on one port; give kraft.controllerPort and kafka.port different values',
    );
  });
});

describe('KRaft with dedicated controllers', () => {
  test('3 controllers (ids 1001..1003) start before 3 broker-only nodes (ids 1..3)', () => {
    const model = dedicated();
    expect(model.components.map((c) => [c.component, c.nodes.length, c.dependsOn])).toEqual([
      [Component.KAFKA_CONTROLLER, 3, []],
      [Component.KAFKA, 3, [Component.KAFKA_CONTROLLER]],
      [Component.CONNECT, 1, [Component.KAFKA]],
    ]);
    const ctrl = nodesOf(model, Component.KAFKA_CONTROLLER);
    const brokers = nodesOf(model, Component.KAFKA);
    expect(ctrl.map((n) => [n.name, n.env.NODE_ID, n.env.NODE_ROLE])).toEqual([
      ['kafka-controller-1', '1001', 'controller'],
      ['kafka-controller-2', '1002', 'controller'],
      ['kafka-controller-3', '1003', 'controller'],
    ]);
    expect(brokers.map((n) => [n.env.NODE_ID, n.env.NODE_ROLE])).toEqual([
      ['1', 'broker'],
      ['2', 'broker'],
      ['3', 'broker'],
    ]);
    const bootstrap = 'kafka-controller-1:9093,kafka-controller-2:9093,kafka-controller-3:9093';
    for (const n of [...ctrl, ...brokers]) {
      expect(n.env.KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS).toBe(bootstrap);
      expect(n.env.CLUSTER_ID).toBe(kraftClusterId('cdc'));
    }
    expect(ctrl[0].env).toMatchObject({
      KAFKA_LISTENERS: 'CONTROLLER://0.0.0.0:9093',
      KAFKA_ADVERTISED_LISTENERS: 'CONTROLLER://kafka-controller-1:9093',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      // the controllers create topics for the brokers and apply the cluster's defaults
      KAFKA_DEFAULT_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
      HEAP_OPTS: '-Xms512M -Xmx512M',
    });
    expect(ctrl[0].ports).toEqual([{ name: 'controller', containerPort: 9093 }]);
    expect(brokers[0].ports).toEqual([{ name: 'kafka', containerPort: 9092 }]);
    expect(brokers[0].env.KAFKA_LISTENERS).toBe('PLAINTEXT://0.0.0.0:9092');
    expect(model.components[0].quorum).toBe(true);
    expect(model.components[1].quorum).toBe(false);
  });

  test('controllers format with the whole quorum; brokers with no initial controllers', () => {
    const model = dedicated();
    const voters = [1001, 1002, 1003].map((id, i) => `${id}@kafka-controller-${i + 1}:9093:${kraftDirectoryId('cdc', id)}`).join(',');
    expect(nodesOf(model, Component.KAFKA_CONTROLLER).map(initialControllers)).toEqual([voters, voters, voters]);
    for (const b of nodesOf(model, Component.KAFKA)) {
      expect(initialControllers(b)).toBeUndefined();
      expect(b.startupScript).toContain('--no-initial-controllers || exit 1');
      expect(b.startupScript).toContain("'process.roles=broker'");
    }
    expect(nodesOf(model, Component.KAFKA_CONTROLLER)[2].startupScript).toContain("'process.roles=controller' 'node.id=1003'");
  });

  test('controllers are sized by kraft; the health check waits for a quorum leader', () => {
    const [c] = nodesOf(
      dedicated({
        controllers: 5,
        heap: { maximum: Size.mebibytes(256) },
        storageSize: Size.gibibytes(2),
        controllerProperties: { 'metadata.log.segment.bytes': '268435456' },
      }),
      Component.KAFKA_CONTROLLER,
    );
    expect(c.env).toMatchObject({ HEAP_OPTS: '-Xms256M -Xmx256M', KAFKA_METADATA_LOG_SEGMENT_BYTES: '268435456' });
    expect(c.memoryLimit.inMebibytes).toBe(512);
    expect(c.volumes).toEqual([{ name: 'data', mountPath: '/kafka/data', size: Size.gibibytes(2) }]);
    expect(c.health.command.join(' ')).toContain(
      ': </dev/tcp/kafka-controller-1/9093 && /kafka/bin/kafka-metadata-quorum.sh --bootstrap-controller kafka-controller-1:9093 describe --status',
    );
    expect(c.health.expensive).toBe(true);
    expect(nodesOf(dedicated({ controllers: 5 }), Component.KAFKA_CONTROLLER)).toHaveLength(5);
  });

  test('on Kubernetes controllers are addressed by their pod DNS names', () => {
    const ctrl = nodesOf(dedicated({}, { network: K8S }), Component.KAFKA_CONTROLLER);
    expect(ctrl[1].host).toBe('cdc-kafka-controller-1.cdc-kafka-controller-headless.data.svc.cluster.local');
    expect(ctrl[0].env.KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS.split(',')).toHaveLength(3);
    expect(ctrl[0].env.KAFKA_LISTENERS).toBe('CONTROLLER://0.0.0.0:9093');
  });

  test('with Docker host networking controllers listen on 127.0.0.1 from 19093, brokers from kafka.port', () => {
    const model = dedicated({}, { network: HOST });
    expect(nodesOf(model, Component.KAFKA_CONTROLLER).map((n) => n.env.KAFKA_LISTENERS)).toEqual([
      'CONTROLLER://127.0.0.1:19093',
      'CONTROLLER://127.0.0.1:19094',
      'CONTROLLER://127.0.0.1:19095',
    ]);
    expect(nodesOf(model, Component.KAFKA).map((n) => n.env.KAFKA_LISTENERS)).toEqual([
      'PLAINTEXT://127.0.0.1:9092',
      'PLAINTEXT://127.0.0.1:9093',
      'PLAINTEXT://127.0.0.1:9094',
    ]);
    expect(nodesOf(model, Component.KAFKA_CONTROLLER)[0].env.KAFKA_JMX_OPTS).toBeDefined();
    expect(model.bootstrapServers).toBe('127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094');
  });

  test.each([2, 4])('fails when the number of controllers is even (%d)', (controllers) => {
    expect(problemsOf({ coordination: DEDICATED, kraft: { controllers } })).toContain(
      `stack/cdc: kraft.controllers: a quorum of ${controllers} controllers is even: it tolerates no more failures than ${controllers - 1}; use 1, 3, 5, 7 or 9 controllers (3 tolerate one failure, 5 two)`,
    );
  });

  test.each([0, 11, 1.5])('fails when the number of controllers is %j', (controllers) => {
    expect(problemsOf({ coordination: DEDICATED, kraft: { controllers } })).toContain(
      `kraft.controllers: ${controllers} is not an odd number of controllers from 1 to 9`,
    );
  });

  test("the internal topics' replication is bounded by the brokers; controllers do not count", () => {
    expect(
      problemsOf({
        coordination: DEDICATED,
        kafka: { brokers: 1 },
        kraft: { controllers: 3 },
        connect: { internalTopics: { replicationFactor: 3 } },
      }),
    ).toContain('connect.internalTopics.replicationFactor');
    expect(dedicated().internalTopics.config.replicationFactor).toBe(3);
    expect(resolve({ coordination: DEDICATED, kafka: { brokers: 1 } }).internalTopics.config.replicationFactor).toBe(1);
  });

  test('fails when a controller property is owned by the library, ZooKeeper-only or breaks the entrypoint', () => {
    const msg = problemsOf({
      coordination: DEDICATED,
      kraft: { controllerProperties: { 'node.id': '5', 'zookeeper.session.timeout.ms': '1', Bad: 'x', 'a.b': 'x%y' } },
    });
    expect(msg).toContain(
      'kraft.controllerProperties["node.id"]: "node.id" is set by the library; remove it (derived from the controller ordinal (1000 + i))',
    );
    expect(msg).toContain(
      'kraft.controllerProperties["zookeeper.session.timeout.ms"]: "zookeeper.session.timeout.ms" is a ZooKeeper-mode property but the coordination mode is KRaft',
    );
    expect(msg).toContain('kraft.controllerProperties["Bad"]: property name');
    expect(msg).toContain('kraft.controllerProperties["a.b"]: value contains "%"');
  });

  test('fails when the memory limit of a controller is not above its heap', () => {
    expect(problemsOf({ coordination: DEDICATED, kraft: { memoryLimit: Size.mebibytes(512) } })).toContain(
      'kraft.memoryLimit: the container memory limit 512Mi is not above the maximum heap 512Mi; raise kraft.memoryLimit',
    );
  });
});

describe('KRaft ids', () => {
  test('node and directory ids are unique within a cluster', () => {
    const model = dedicated({ controllers: 9 }, { kafka: { brokers: 9 } });
    const ids = model.components
      .flatMap((c) => c.nodes)
      .filter((n) => n.env.NODE_ID)
      .map((n) => n.env.NODE_ID);
    expect(new Set(ids).size).toBe(18);
    const dirs = [...new Set(nodesOf(model, Component.KAFKA_CONTROLLER).map(initialControllers))][0]!
      .split(',')
      .map((v) => v.split(':')[2]);
    expect(new Set(dirs).size).toBe(9);
    for (const d of dirs) expect(d).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const combined = resolve({ coordination: COMBINED, kafka: { brokers: 9 } });
    const combinedDirs = initialControllers(nodesOf(combined, Component.KAFKA)[0])!
      .split(',')
      .map((v) => v.split(':')[2]);
    expect(new Set(combinedDirs).size).toBe(9);
  });

  test('ids are equal across two resolutions and unaffected by unrelated props', () => {
    const scripts = (m: ReturnType<typeof resolve>) => m.components.flatMap((c) => c.nodes).map((n) => initialControllers(n));
    const a = dedicated();
    const b = dedicated();
    const c = dedicated(
      { heap: { maximum: Size.mebibytes(768) }, controllerProperties: { 'metadata.log.segment.bytes': '1048576' } },
      {
        kafka: { brokers: 3, heap: { maximum: Size.gibibytes(2) }, brokerProperties: { 'log.retention.hours': '1' } },
        connect: { workers: 2 },
      },
    );
    expect(scripts(b)).toEqual(scripts(a));
    expect(scripts(c)).toEqual(scripts(a));
    expect(nodesOf(c, Component.KAFKA)[0].env.CLUSTER_ID).toBe(nodesOf(a, Component.KAFKA)[0].env.CLUSTER_ID);
    // another cluster name, other ids
    expect(kraftDirectoryId('other', 1001)).not.toBe(kraftDirectoryId('cdc', 1001));
    expect(kraftDirectoryId('cdc', 1)).not.toBe(kraftDirectoryId('cdc', 1001));
  });
});

describe('KRaft and ZooKeeper props', () => {
  test('fails when the kraft block is given with ZooKeeper', () => {
    expect(problemsOf({ kraft: { controllers: 3 } })).toContain(
      'stack/cdc: kraft: KRaft options are set but the coordination mode is ZooKeeper; remove kraft, or use CoordinationMode.KRAFT_COMBINED or CoordinationMode.KRAFT_DEDICATED_CONTROLLERS',
    );
  });

  test('fails when the zookeeper block is given with dedicated controllers', () => {
    expect(problemsOf({ coordination: DEDICATED, zookeeper: { nodes: 3 } })).toContain(
      'zookeeper: a ZooKeeper ensemble is configured but the coordination mode is KRaft',
    );
  });

  test('fails when a KRaft-only broker property is given with ZooKeeper', () => {
    const msg = problemsOf({
      kafka: { brokerProperties: { 'process.roles': 'broker', 'controller.quorum.election.timeout.ms': '1000', 'metadata.log.dir': '/x' } },
    });
    expect(msg).toContain(
      'kafka.brokerProperties["process.roles"]: "process.roles" is a KRaft property but the coordination mode is ZooKeeper; remove it, or use a KRaft coordination mode',
    );
    expect(msg).toContain(
      'kafka.brokerProperties["controller.quorum.election.timeout.ms"]: "controller.quorum.election.timeout.ms" is a KRaft property',
    );
    expect(msg).toContain('kafka.brokerProperties["metadata.log.dir"]: "metadata.log.dir" is a KRaft property');
    // ZooKeeper mode's own controller settings stay usable
    expect(
      nodesOf(resolve({ kafka: { brokerProperties: { 'controller.socket.timeout.ms': '30000' } } }), Component.KAFKA)[0].env
        .KAFKA_CONTROLLER_SOCKET_TIMEOUT_MS,
    ).toBe('30000');
  });

  test.each([COMBINED, DEDICATED])('fails when a ZooKeeper-only broker property is given with %s', (coordination) => {
    const msg = problemsOf({ coordination, kafka: { brokerProperties: { 'zookeeper.session.timeout.ms': '6000', 'broker.id': '3' } } });
    expect(msg).toContain(
      'kafka.brokerProperties["zookeeper.session.timeout.ms"]: "zookeeper.session.timeout.ms" is a ZooKeeper-mode property but the coordination mode is KRaft; remove it (KRaft nodes have node ids and a controller quorum instead)',
    );
    expect(msg).toContain('kafka.brokerProperties["broker.id"]: "broker.id" is a ZooKeeper-mode property');
    expect(msg).not.toContain('"broker.id" is set by the library');
  });

  test('fails when multi-node KRaft runs on a Kafka older than 3.9', () => {
    expect(problemsOf({ coordination: DEDICATED, images: { kafkaVersion: '3.8.1' } })).toContain(
      'images.kafkaVersion: "3.8.1" means Kafka 3.8.1, whose kafka-storage.sh cannot format a multi-node KRaft quorum (--initial-controllers came with Kafka 3.9.0); use an image of Kafka 3.9.0 or later',
    );
    expect(
      problemsOf({
        coordination: COMBINED,
        kafka: { brokers: 3 },
        images: { kafkaImage: 'mirror.local/kafka:old', kafkaVersion: '3.7.1' },
      }),
    ).toContain('images.kafkaVersion: "3.7.1" means Kafka 3.7.1');
    // one combined node formats itself, on any KRaft image
    expect(() => resolve({ coordination: COMBINED, images: { kafkaVersion: '3.8.1' } })).not.toThrow();
    // the 3.1 stream ships Kafka 3.9
    expect(() => resolve({ coordination: DEDICATED, images: { tag: '3.1' } })).not.toThrow();
  });

  test('with an existing Kafka the kraft block is ignored with a warning', () => {
    const model = resolve({ coordination: DEDICATED, kraft: { controllers: 2 }, connect: { bootstrapServers: ['kafka.example:9092'] } });
    expect(model.components.map((c) => c.component)).toEqual([Component.CONNECT]);
    expect(model.warnings).toContain('kraft: ignored because connect.bootstrapServers points at an existing Kafka; remove it');
  });
});

describe('KRaft ports on Docker host networking', () => {
  test("fails when the brokers' port range runs into the controllers'", () => {
    expect(problemsOf({ coordination: DEDICATED, kafka: { brokers: 3, port: 19092 }, network: HOST })).toContain(
      'stack/cdc: kafka.port: host port 19093 is published by both kafka-controller-1 (controller) and kafka-2 (kafka); move kraft.controllerPort or kafka.port so that the ranges do not overlap (with host networking node i of a service listens on its port + i - 1)',
    );
  });

  test("fails when the controllers' range runs into the Connect REST port", () => {
    expect(problemsOf({ coordination: COMBINED, kafka: { brokers: 3 }, kraft: { controllerPort: 8082 }, network: HOST })).toContain(
      'connect.restPort: host port 8083 is published by both kafka-2 (controller) and connect-1 (rest); move kraft.controllerPort or connect.restPort',
    );
  });

  test("fails when the last controller's port is above 65535", () => {
    expect(problemsOf({ coordination: DEDICATED, kraft: { controllerPort: 65535 }, network: HOST })).toContain(
      'kraft.controllerPort: port 65535 + 2 for the last of 3 nodes is above 65535; use a port of at most 65533',
    );
  });

  test('fails when the controller port is not a port', () => {
    expect(problemsOf({ coordination: DEDICATED, kraft: { controllerPort: 0 } })).toContain(
      'kraft.controllerPort: 0 is not an integer between 1 and 65535',
    );
  });
});

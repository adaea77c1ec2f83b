import { CoordinationMode } from '../../src/model/image';
import { kraftClusterId } from '../../src/model/kraft';
import { Component, splitEnv } from '../../src/model/nodes';
import { Size } from '../../src/model/size';
import { topicNameProblem } from '../../src/model/topic';
import { networks, nodesOf, problemsOf, resolve } from '../util';

describe('defaults', () => {
  test("one node of each service, in start order, with the link names of Debezium's tutorial", () => {
    const model = resolve();
    expect(model.components.map((c) => [c.component, c.nodes.length, c.dependsOn])).toEqual([
      [Component.ZOOKEEPER, 1, []],
      [Component.KAFKA, 1, [Component.ZOOKEEPER]],
      [Component.CONNECT, 1, [Component.KAFKA]],
    ]);
    expect(model.components.map((c) => c.serviceHost)).toEqual(['zookeeper', 'kafka', 'connect']);
    expect(model.restUrls).toEqual(['http://127.0.0.1:8083']);
  });

  test('ZooKeeper coordination pins the 3.1 stream, KRaft the current one; registry and tag are overridable', () => {
    expect(resolve().images).toEqual({
      zookeeper: 'quay.io/debezium/zookeeper:3.1',
      kafka: 'quay.io/debezium/kafka:3.1',
      connect: 'quay.io/debezium/connect:3.1',
      kafkaVersion: '3.9.0',
    });
    expect(resolve({ coordination: CoordinationMode.KRAFT_COMBINED }).images.connect).toBe('quay.io/debezium/connect:3.6');
    expect(resolve({ images: { registry: 'mirror.internal:5000', repositoryPrefix: 'dbz', tag: '3.1.3.Final' } }).images.kafka).toBe(
      'mirror.internal:5000/dbz/kafka:3.1.3.Final',
    );
    expect(resolve({ images: { connectImage: 'registry.local/my-connect:1' } }).images.connect).toBe('registry.local/my-connect:1');
  });

  test('internal topics: config 1 partition, offsets 25, status 5, all compacted', () => {
    const t = resolve({ kafka: { brokers: 3 } }).internalTopics;
    expect([t.config.partitions, t.offset.partitions, t.status.partitions]).toEqual([1, 25, 5]);
    expect([t.config, t.offset, t.status].map((x) => [x.replicationFactor, x.config['cleanup.policy']])).toEqual([
      [3, 'compact'],
      [3, 'compact'],
      [3, 'compact'],
    ]);
  });
});

describe('ZooKeeper', () => {
  test('an ensemble numbers its peers from 1, as the image expects', () => {
    const zk = nodesOf(resolve({ zookeeper: { nodes: 3 } }), Component.ZOOKEEPER);
    expect(zk.map((n) => [n.name, n.env.SERVER_ID, n.env.SERVER_COUNT])).toEqual([
      ['zookeeper-1', '1', '3'],
      ['zookeeper-2', '2', '3'],
      ['zookeeper-3', '3', '3'],
    ]);
    expect(zk[0].ports.map((p) => p.containerPort)).toEqual([2181, 2888, 3888]);
    expect(zk[0].volumes.map((v) => v.mountPath)).toEqual(['/zookeeper/data', '/zookeeper/txns']);
    expect(zk[0].startupScript).toBeUndefined();
  });

  // The zookeeper image reads no HEAP_OPTS: ZooKeeper's zkEnv.sh takes the maximum heap from ZK_SERVER_HEAP (MiB,
  // default 1000, so a 512 MiB container would run a 1000 MiB heap) and zkServer.sh adds SERVER_JVMFLAGS.
  test('the heap reaches ZooKeeper through ZK_SERVER_HEAP and SERVER_JVMFLAGS, not HEAP_OPTS', () => {
    const [zk] = nodesOf(
      resolve({ zookeeper: { nodes: 1, heap: { maximum: Size.mebibytes(384), initial: Size.mebibytes(128) } } }),
      Component.ZOOKEEPER,
    );
    expect(zk.env).toMatchObject({ ZK_SERVER_HEAP: '384', SERVER_JVMFLAGS: '-Xms128M' });
    expect(zk.env.HEAP_OPTS).toBeUndefined();
    const [byDefault] = nodesOf(resolve(), Component.ZOOKEEPER);
    expect(byDefault.env).toMatchObject({ ZK_SERVER_HEAP: '512', SERVER_JVMFLAGS: '-Xms512M' });
  });

  test('on Kubernetes the peer list is written with pod DNS names, the image kept in its standalone branch', () => {
    const zk = nodesOf(resolve({ zookeeper: { nodes: 3 }, network: networks.kubernetes('data') }), Component.ZOOKEEPER);
    expect(zk[1].env).toMatchObject({ SERVER_ID: '1', SERVER_COUNT: '1' });
    expect(zk[1].startupScript).toContain('echo 2 > /zookeeper/data/myid');
    // the image's /zookeeper/conf starts empty (its stock zoo.cfg is in conf.orig): copied into place before the edits
    expect(zk[1].startupScript?.split('\n')[0]).toBe(
      '[ -e /zookeeper/conf/zoo.cfg ] || cp /zookeeper/conf.orig/zoo.cfg /zookeeper/conf/zoo.cfg',
    );
    expect(zk[1].startupScript).toContain('server.1=cdc-zookeeper-0.cdc-zookeeper-headless.data.svc.cluster.local:2888:3888');
    expect(zk[1].startupScript).toContain('server.2=0.0.0.0:2888:3888');
  });

  test.each([2, 4])('fails when the ensemble has an even size (%d)', (nodes) => {
    expect(problemsOf({ zookeeper: { nodes } })).toContain(`zookeeper.nodes: an ensemble of ${nodes} nodes is even`);
  });

  test('fails when the ensemble size is not 1, 3 or 5', () => {
    expect(problemsOf({ zookeeper: { nodes: 7 } })).toContain('zookeeper.nodes: 7 is not a supported ensemble size; use 1, 3 or 5 nodes');
  });

  test('with host networking the client port binds to loopback only', () => {
    const zk = nodesOf(resolve({ network: networks.host() }), Component.ZOOKEEPER)[0];
    expect(zk.startupScript).toBe(
      "[ -e /zookeeper/conf/zoo.cfg ] || cp /zookeeper/conf.orig/zoo.cfg /zookeeper/conf/zoo.cfg\ngrep -q '^clientPortAddress=' /zookeeper/conf/zoo.cfg || echo 'clientPortAddress=127.0.0.1' >> /zookeeper/conf/zoo.cfg\ngrep -q '^admin.serverAddress=' /zookeeper/conf/zoo.cfg || echo 'admin.serverAddress=127.0.0.1' >> /zookeeper/conf/zoo.cfg",
    );
    expect(nodesOf(resolve(), Component.ZOOKEEPER)[0].startupScript).toBeUndefined();
  });

  test('fails when an ensemble is combined with host networking', () => {
    expect(problemsOf({ zookeeper: { nodes: 3 }, network: networks.host() })).toContain('cannot run with Docker host networking');
  });
});

describe('Kafka', () => {
  test('brokers get ids from 1, advertise their own address and reach the ensemble', () => {
    const k = nodesOf(resolve({ zookeeper: { nodes: 3 }, kafka: { brokers: 3 } }), Component.KAFKA);
    expect(k.map((n) => [n.env.BROKER_ID, n.env.ADVERTISED_HOST_NAME, n.env.KAFKA_ADVERTISED_LISTENERS])).toEqual([
      ['1', 'kafka-1', 'PLAINTEXT://kafka-1:9092'],
      ['2', 'kafka-2', 'PLAINTEXT://kafka-2:9092'],
      ['3', 'kafka-3', 'PLAINTEXT://kafka-3:9092'],
    ]);
    expect(k[0].env.ZOOKEEPER_CONNECT).toBe('zookeeper-1:2181,zookeeper-2:2181,zookeeper-3:2181');
    expect(k[0].env.KAFKA_MIN_INSYNC_REPLICAS).toBe('2');
    expect(k[0].volumes).toEqual([expect.objectContaining({ name: 'data', mountPath: '/kafka/data' })]);
  });

  test('broker properties become KAFKA_* variables', () => {
    expect(
      nodesOf(resolve({ kafka: { brokerProperties: { 'log.retention.hours': '72' } } }), Component.KAFKA)[0].env.KAFKA_LOG_RETENTION_HOURS,
    ).toBe('72');
  });

  test('KRaft combined mode: one node with a stable cluster id and no ZooKeeper', () => {
    const model = resolve({ coordination: CoordinationMode.KRAFT_COMBINED });
    expect(model.components.map((c) => c.component)).toEqual([Component.KAFKA, Component.CONNECT]);
    const env = nodesOf(model, Component.KAFKA)[0].env;
    expect(env).toMatchObject({ NODE_ID: '1', NODE_ROLE: 'combined', KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka-1:9093' });
    expect(env.CLUSTER_ID).toBe(kraftClusterId('cdc'));
    expect(env.CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(kraftClusterId('other')).not.toBe(env.CLUSTER_ID);
  });

  test('fails when a broker property is owned by the library or breaks the entrypoint', () => {
    const msg = problemsOf({ kafka: { brokerProperties: { 'broker.id': '7', 'log.dirs': '/x', 'ssl.truststore.location': '/a%b' } } });
    expect(msg).toContain('kafka.brokerProperties["broker.id"]: "broker.id" is set by the library');
    expect(msg).toContain('kafka.brokerProperties["log.dirs"]');
    expect(msg).toContain('kafka.brokerProperties["ssl.truststore.location"]: value contains "%"');
  });
});

describe('internal topics', () => {
  test('fails when the replication factor exceeds the brokers', () => {
    expect(problemsOf({ connect: { internalTopics: { replicationFactor: 3 } } })).toContain(
      'connect.internalTopics.replicationFactor: replication factor 3 is greater than the number of brokers (1); set it to at most 1',
    );
  });

  test('fails when the replication factor is below 1', () => {
    expect(problemsOf({ connect: { internalTopics: { replicationFactor: 0 } } })).toContain(
      'connect.internalTopics.replicationFactor: 0 is not an integer between 1',
    );
  });

  test('fails when the config topic is given more than one partition', () => {
    expect(problemsOf({ connect: { internalTopics: { configPartitions: 3 } } })).toContain(
      'connect.internalTopics.configPartitions: the config storage topic must have exactly 1 partition, got 3',
    );
  });

  test.each([
    ['', 'is empty'],
    ['.', 'is reserved'],
    ['..', 'is reserved'],
    ['a b', 'contains characters other than'],
    ['x'.repeat(250), 'is 250 characters long'],
  ])('topic name %j is refused', (name, why) => {
    expect(topicNameProblem(name)).toContain(why);
  });

  test('fails when a storage topic name is illegal', () => {
    expect(problemsOf({ connect: { offsetStorageTopic: 'my offsets' } })).toContain(
      'connect.offsetStorageTopic: topic name "my offsets" contains characters other than',
    );
  });

  test('fails when two storage topics are the same', () => {
    expect(problemsOf({ connect: { offsetStorageTopic: 't', statusStorageTopic: 't' } })).toContain('must be three different topics');
  });
});

describe('memory and ports', () => {
  test('fails when the heap is not below the container memory limit', () => {
    expect(problemsOf({ connect: { heap: { maximum: Size.gibibytes(2) }, memoryLimit: Size.gibibytes(2) } })).toContain(
      'connect.memoryLimit: the container memory limit 2Gi is not above the maximum heap 2Gi; raise connect.memoryLimit',
    );
    expect(problemsOf({ kafka: { memoryLimit: Size.mebibytes(512) } })).toContain(
      'kafka.memoryLimit: the container memory limit 512Mi is not above the maximum heap 1Gi',
    );
  });

  test('fails when the initial heap is above the maximum', () => {
    expect(problemsOf({ zookeeper: { heap: { maximum: Size.mebibytes(256), initial: Size.mebibytes(512) } } })).toContain(
      'zookeeper.heap.initial: initial heap 512Mi is above the maximum 256Mi',
    );
  });

  test('fails when two services publish the same host port', () => {
    expect(problemsOf({ network: networks.host(), connect: { restPort: 9092 } })).toContain(
      'host port 9092 is published by both kafka-1 (kafka) and connect-1 (rest)',
    );
  });
});

describe('names', () => {
  test.each([
    ['Inventory', 'is not a DNS-1123 label'],
    ['-x', 'is not a DNS-1123 label'],
    ['a'.repeat(31), 'is 31 characters long'],
    ['', 'cluster name is empty'],
  ])('fails when the cluster name is %j', (clusterName, why) => {
    expect(problemsOf({ clusterName })).toContain(why);
  });

  test("a cluster name too long says what is named after it in the target's own words", () => {
    const clusterName = 'a'.repeat(31);
    expect(problemsOf({ clusterName })).toContain(
      'use at most 30 characters (the names of its containers and volumes are derived from it)',
    );
    expect(problemsOf({ clusterName, network: networks.kubernetes() })).toContain(
      'use at most 30 characters (the names of its Kubernetes objects are derived from it)',
    );
  });

  test('fails when the Kubernetes namespace is invalid', () => {
    expect(problemsOf({ network: networks.kubernetes('Bad_NS') })).toContain('target.namespace: "Bad_NS" is not a valid namespace name');
  });
});

test('splitEnv separates what every node shares from what each node owns', () => {
  const { shared, perNode } = splitEnv(nodesOf(resolve({ kafka: { brokers: 2 } }), Component.KAFKA));
  expect(shared.ZOOKEEPER_CONNECT).toBe('zookeeper-1:2181');
  expect(perNode.map((e) => e.BROKER_ID)).toEqual(['1', '2']);
  expect(Object.keys(perNode[0]).some((k) => k in shared)).toBe(false);
});

describe('port ranges', () => {
  test('fails when the REST host port base is not a port', () => {
    expect(problemsOf({ network: networks.bridge({ restHostPortBase: 0 }) })).toContain(
      'target.restHostPortBase: 0 is not an integer between 1 and 65535',
    );
  });

  test("fails when the last worker's port would be above 65535", () => {
    expect(problemsOf({ network: networks.bridge({ restHostPortBase: 65535 }), connect: { workers: 2 } })).toContain(
      'target.restHostPortBase: port 65535 + 1 for the last of 2 nodes is above 65535; use a port of at most 65534',
    );
    expect(problemsOf({ network: networks.host(), kafka: { port: 65535, brokers: 2 }, zookeeper: { nodes: 1 } })).toContain(
      'kafka.port: port 65535 + 1',
    );
  });
});

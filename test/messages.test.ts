// How problems read: a value is shown as written (NaN, not JSON's null), a size as an amount that exists (0Mi, not
// 0Gi), one mistake gives one problem (no follow-on problem built on the refused value), a refused declaration is
// named by the call that made it (never a placeholder such as Refused1), and untyped target options are reported.
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { ConnectCluster, ConnectorSource, CoordinationMode, DockerNetworkMode, Size, Target } from '../src';
import { show } from '../src/model/validation';
import { synthError, synthJson, testStack, validationError, variableSecret } from './util';

const postgres = (secret: ReturnType<typeof variableSecret>, topicPrefix: string, slotName?: string) =>
  ConnectorSource.postgres({ hostname: 'db', user: 'debezium', password: secret, databaseName: 'inventory', topicPrefix, slotName });

/** The problems of a validation error: one line each, `[<construct>] <path>: <field>: …`. */
const problemCount = (message: string) => message.split('\n').filter((l) => /^\s*\[stack\//.test(l)).length;

describe('values in messages', () => {
  test('show() writes what JSON cannot say as JavaScript does', () => {
    expect([NaN, Infinity, -Infinity, undefined, 'a', 3, null, [1]].map(show)).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      'undefined',
      '"a"',
      '3',
      'null',
      '[1]',
    ]);
  });

  test.each([
    ['kafka.brokers', { kafka: { brokers: NaN } }, 'stack/cdc: kafka.brokers: NaN is not an integer between 1 and 100'],
    ['connect.restPort', { connect: { restPort: NaN } }, 'stack/cdc: connect.restPort: NaN is not an integer between 1 and 65535'],
    ['kafka.port', { kafka: { port: Infinity } }, 'stack/cdc: kafka.port: Infinity is not an integer between 1 and 65535'],
    [
      'kafka.startupTimeoutSeconds',
      { kafka: { startupTimeoutSeconds: NaN } },
      'stack/cdc: kafka.startupTimeoutSeconds: NaN is not a whole number of seconds',
    ],
    ['zookeeper.nodes', { zookeeper: { nodes: NaN } }, 'stack/cdc: zookeeper.nodes: NaN is not'],
  ])('%s: NaN and Infinity are shown as such, not as null', (_field, props, expected) => {
    const message = validationError(
      ['docker'],
      (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(), ...props }),
    );
    expect(message).toContain(expected);
    expect(message).not.toMatch(/: null is not/);
  });

  test('a size of 0 is one problem per field, and never shown as 0Gi', () => {
    const message = validationError(
      ['docker'],
      (stack) =>
        new ConnectCluster(stack, 'cdc', {
          clusterName: 'cdc',
          target: Target.docker(),
          connect: { heap: { maximum: Size.mebibytes(0) }, memoryLimit: Size.gibibytes(0) },
        }),
    );
    expect(problemCount(message)).toBe(2);
    expect(message).toContain('stack/cdc: connect.heap.maximum: 0 MiB is not a whole positive number of mebibytes');
    expect(message).toContain('stack/cdc: connect.memoryLimit: 0 MiB is not a whole positive number of mebibytes');
    expect(message).not.toContain('0Gi');
    expect(`${Size.gibibytes(0)} ${Size.gibibytes(2)} ${Size.mebibytes(512)} ${Size.mebibytes(-1024)}`).toBe('0Mi 2Gi 512Mi -1024Mi');
  });
});

describe('one mistake, one problem', () => {
  test('an invalid cluster name is not reported again through the storage topic names derived from it', () => {
    const message = validationError(
      ['docker'],
      (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'Bad Name', target: Target.docker() }),
    );
    expect(problemCount(message)).toBe(1);
    expect(message).toContain('stack/cdc: clusterName: "Bad Name" is not a DNS-1123 label');
  });

  // Found by the fuzz: on Kubernetes the namespace defaults to the cluster name, and was reported again as target.namespace.
  test('an invalid cluster name on Kubernetes is not reported again through the namespace derived from it', () => {
    const message = validationError(
      ['kubernetes'],
      (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'Bad Name', target: Target.kubernetes() }),
    );
    expect(problemCount(message)).toBe(1);
    expect(message).toContain('stack/cdc: clusterName: "Bad Name" is not a DNS-1123 label');
  });

  test('a namespace given is still checked', () => {
    const message = validationError(
      ['kubernetes'],
      (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.kubernetes({ namespace: 'Bad_Namespace' }) }),
    );
    expect(problemCount(message)).toBe(1);
    expect(message).toContain('stack/cdc: target.namespace: "Bad_Namespace" is not a valid namespace name');
  });

  // Found by the fuzz: zookeeper options were refused as if the mode were KRaft.
  test.each([
    ['zookeeper', { zookeeper: { nodes: 3 } }],
    ['kraft', { kraft: { controllers: 3 } }],
  ])('a coordination that is no mode is one problem, with %s options', (_block, options) => {
    const message = validationError(
      ['docker'],
      (stack) =>
        new ConnectCluster(stack, 'cdc', {
          clusterName: 'cdc',
          target: Target.docker(),
          coordination: 'kraft' as CoordinationMode,
          ...options,
        }),
    );
    expect(message).toContain('stack/cdc: coordination: "kraft" is not a coordination mode');
    expect(problemCount(message)).toBe(1);
  });

  test('a storage topic name given is still checked', () => {
    const message = validationError(
      ['docker'],
      (stack) =>
        new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(), connect: { offsetStorageTopic: 'bad name' } }),
    );
    expect(message).toContain('stack/cdc: connect.offsetStorageTopic: topic name "bad name" contains characters');
  });

  test.each([
    ['kafka', Size.mebibytes(-5), '-5 MiB'],
    ['connect', Size.gibibytes(NaN), 'NaN MiB'],
    ['zookeeper', Size.mebibytes(0), '0 MiB'],
  ] as const)('a refused %s heap gives no problem of the memory limit derived from it', (block, maximum, shown) => {
    const message = validationError(
      ['docker'],
      (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker(), [block]: { heap: { maximum } } }),
    );
    expect(problemCount(message)).toBe(1);
    expect(message).toContain(`stack/cdc: ${block}.heap.maximum: ${shown} is not a whole positive number of mebibytes`);
  });

  // Found by the fuzz: with an existing Kafka, kafka.brokers is that Kafka's size, and the internal topics'
  // replication factor defaults to min(3, brokers); a refused size gave a second problem naming a field never set.
  test.each([
    [2.5, undefined, '2.5'],
    [-1, undefined, '-1'],
    [NaN, undefined, 'NaN'],
    [0, 1, '0'],
  ])(
    'a refused kafka.brokers (%s) of an existing Kafka gives no problem of the replication factor derived from it or compared with it',
    (brokers, replicationFactor, shown) => {
      const message = validationError(
        ['docker'],
        (stack) =>
          new ConnectCluster(stack, 'cdc', {
            clusterName: 'cdc',
            target: Target.docker(),
            kafka: { brokers },
            connect: { bootstrapServers: ['kafka.example.com:9092'], internalTopics: { replicationFactor } },
          }),
      );
      expect(message).toContain(`stack/cdc: kafka.brokers: ${shown} is not an integer between 1 and 100`);
      expect(message).not.toContain('replicationFactor');
      expect(problemCount(message)).toBe(1);
    },
  );

  // Found by the fuzz: each pair of nodes sharing each of ZooKeeper's three ports was reported too, with a fix
  // ("move zookeeper") that no option offers.
  test.each([
    [3, ['zookeeper.nodes: an ensemble of 3 nodes cannot run with Docker host networking']],
    [
      4,
      ['zookeeper.nodes: an ensemble of 4 nodes is even', 'zookeeper.nodes: an ensemble of 4 nodes cannot run with Docker host networking'],
    ],
  ])('a ZooKeeper ensemble of %s under host networking is refused once, not once more per shared port', (nodes, expected) => {
    const message = validationError(
      ['docker'],
      (stack) =>
        new ConnectCluster(stack, 'cdc', {
          clusterName: 'cdc',
          target: Target.docker({ networkMode: DockerNetworkMode.HOST }),
          zookeeper: { nodes },
        }),
    );
    for (const e of expected) expect(message).toContain(`stack/cdc: ${e}`);
    expect(message).not.toContain('host port');
    expect(problemCount(message)).toBe(expected.length);
  });

  test('a replication factor given is still checked when kafka.brokers is refused', () => {
    const message = validationError(
      ['docker'],
      (stack) =>
        new ConnectCluster(stack, 'cdc', {
          clusterName: 'cdc',
          target: Target.docker(),
          kafka: { brokers: 0 },
          connect: { bootstrapServers: ['kafka.example.com:9092'], internalTopics: { replicationFactor: 1.5 } },
        }),
    );
    expect(problemCount(message)).toBe(2);
    expect(message).toContain('stack/cdc: kafka.brokers: 0 is not an integer between 1 and 100');
    expect(message).toContain('stack/cdc: connect.internalTopics.replicationFactor: 1.5 is not an integer between 1 and 32767');
  });
});

describe('refused declarations', () => {
  test('a connector declared twice: its own problems name the call, and it takes part in no check between connectors', () => {
    const message = validationError(['docker'], (stack) => {
      const cluster = new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker() });
      const secret = variableSecret(stack, 'pw');
      cluster.addConnector('orders', { source: postgres(secret, 'orders') });
      cluster.addConnector('orders', { source: postgres(secret, 'orders', 'not a slot') });
      cluster.addConnector('orders', { source: postgres(secret, 'orders', 'also not') });
      cluster.addTopic({ name: 't' });
      cluster.addTopic({ name: 't', partitions: 0 });
    });
    expect(message).toContain('stack/cdc: addConnector("orders"): connector "orders" is declared twice');
    expect(message).toContain('stack/cdc/addConnector("orders") again/orders: slotName: slot name "not a slot"');
    expect(message).toContain('stack/cdc/addConnector("orders") again (2)/orders: slotName: slot name "also not"');
    expect(message).toContain('stack/cdc/addTopic("t") again/t: partitions: 0 is not an integer');
    expect(message).not.toMatch(/Refused\d/);
    // The refused duplicates would share topic prefix and slot with the first: follow-on problems, not reported.
    expect(message).not.toContain('topic prefix');
    expect(message).not.toContain('replication slot "debezium"');
  });

  // Found by the fuzz: the topic's own check reported the missing name a second time.
  test.each([[''], [undefined]])('a topic without a name (%p): one problem, named by the call', (name) => {
    const message = validationError(['docker'], (stack) =>
      new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker() }).addTopic({ name: name as unknown as string }),
    );
    expect(problemCount(message)).toBe(1);
    expect(message).toContain(
      `stack/cdc: addTopic(${show(name)}): topic name ${show(name)} is not a non-empty string; give the topic a name`,
    );
  });

  test('a connector without a name: one problem, no follow-on problem of the default name', () => {
    const message = validationError(['docker'], (stack) => {
      const cluster = new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker() });
      const secret = variableSecret(stack, 'pw');
      cluster.addConnector('orders', { source: postgres(secret, 'orders') });
      cluster.addConnector(undefined as unknown as string, { source: postgres(secret, 'orders') });
    });
    expect(problemCount(message)).toBe(1);
    expect(message).toContain(
      'stack/cdc: addConnector(undefined): connector name undefined is not a non-empty string; give the connector a name',
    );
  });
});

describe('target options from untyped callers', () => {
  test.each([
    ['docker', () => Target.docker(null as never)],
    ['kubernetes', () => Target.kubernetes(null as never)],
  ])('Target.%s(null) means no options, as undefined does', (provider, target) => {
    const stack = testStack(provider as 'docker' | 'kubernetes');
    new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: target() });
    expect(Object.keys(synthJson(stack).resource).length).toBeGreaterThan(0);
  });

  test.each([
    ['Target.docker', () => Target.docker('bridge' as never), '"bridge"'],
    ['Target.kubernetes', () => Target.kubernetes(5 as never), '5'],
    ['Target.kubernetes', () => Target.kubernetes(['cdc'] as never), '["cdc"]'],
  ])('%s given options that are not an object: a problem of target, naming the call', (factory, target, shown) => {
    const message = synthError(
      ['docker', 'kubernetes'],
      (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: target() }),
    );
    expect(message).toContain(
      `stack/cdc: target: ${factory}(${shown}): the options are not an object; pass ${factory}() with no argument or an object of its options, e.g. ${factory}({})`,
    );
  });
});

describe('stack outputs', () => {
  test('are named <cluster name>-rest-urls and <cluster name>-bootstrap-servers', () => {
    const stack = testStack('docker');
    new ConnectCluster(stack, 'cdc', { clusterName: 'inventory', target: Target.docker() });
    const outputs = synthJson(stack).output;
    expect(Object.keys(outputs).sort()).toEqual(['inventory-bootstrap-servers', 'inventory-rest-urls']);
    expect(outputs['inventory-rest-urls'].value).toEqual(['http://127.0.0.1:8083']);
  });

  test('two clusters of one name in one stack are refused, even in different namespaces: their outputs would clash', () => {
    const message = validationError(['kubernetes'], (stack) => {
      new ConnectCluster(stack, 'a', { clusterName: 'cdc', target: Target.kubernetes({ namespace: 'one' }) });
      new ConnectCluster(stack, 'b', { clusterName: 'cdc', target: Target.kubernetes({ namespace: 'two' }) });
    });
    expect(message).toContain(
      'stack/b: clusterName: "cdc" is also the name of stack/a in this stack: both would write the stack outputs "cdc-rest-urls" and "cdc-bootstrap-servers"; give each cluster of a stack its own name, or put the clusters in separate stacks',
    );
  });

  test('clusters of one name in two stacks are fine', () => {
    const app = Testing.app();
    for (const id of ['one', 'two']) {
      const stack = new TerraformStack(app, id);
      new DockerProvider(stack, 'docker');
      new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.docker() });
      expect(Object.keys(synthJson(stack).output).sort()).toEqual(['cdc-bootstrap-servers', 'cdc-rest-urls']);
    }
  });
});

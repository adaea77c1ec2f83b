// Generators of ConnectCluster props for the fuzz tests: mostly valid values, with a steady share of invalid
// ones in every field, so that both synthesis and validation are exercised.
import * as fc from 'fast-check';
import {
  ConnectClusterProps,
  ConnectorClientConfigOverridePolicy,
  Converters,
  CoordinationMode,
  DockerNetworkMode,
  DockerRestartPolicy,
  KubernetesServiceType,
  KubernetesWorkerStorage,
  LogLevel,
  PodAntiAffinity,
  Size,
  Target,
} from '../../src';

/**
 * Generators come in two flavours: `valid` draws only values the library should accept (so a good share of
 * cases synthesizes), otherwise each field may also draw an invalid value.
 */
interface Flavour {
  readonly invalid: boolean;
}

/** Mostly `valid`, in the invalid flavour sometimes `invalid`, sometimes unset. */
function mostly<T>(f: Flavour, valid: fc.Arbitrary<T>, invalid?: fc.Arbitrary<T>, unset = 2): fc.Arbitrary<T | undefined> {
  const choices: fc.WeightedArbitrary<T | undefined>[] = [
    { arbitrary: fc.constant(undefined), weight: unset },
    { arbitrary: valid, weight: 6 },
  ];
  if (invalid && f.invalid) choices.push({ arbitrary: invalid, weight: 2 });
  return fc.oneof(...choices);
}

/** Drops undefined fields so that props look like what a user writes. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const clusterName = (f: Flavour): fc.Arbitrary<string> =>
  f.invalid
    ? fc.oneof(
        { arbitrary: fc.stringMatching(/^[a-z]([-a-z0-9]{0,12}[a-z0-9])?$/), weight: 4 },
        {
          arbitrary: fc.constantFrom(
            '',
            'Inventory',
            '1abc',
            'abc-',
            '-abc',
            'a_b',
            'a.b',
            'a'.repeat(31),
            'ünïcode',
            'a b',
            'a\nb',
            'a@b',
          ),
          weight: 1,
        },
        { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
      )
    : fc.stringMatching(/^[a-z]([-a-z0-9]{0,12}[a-z0-9])?$/);

const size = (f: Flavour, min: number, max: number): fc.Arbitrary<Size> =>
  fc.oneof(
    { arbitrary: fc.integer({ min, max }).map((n) => Size.mebibytes(n)), weight: 8 },
    {
      arbitrary: fc.integer({ min: Math.ceil(min / 1024), max: Math.max(1, Math.floor(max / 1024)) }).map((n) => Size.gibibytes(n)),
      weight: 3,
    },
    ...(f.invalid ? [{ arbitrary: fc.constantFrom(0, -1, 0.5, 1.5, Number.NaN).map((n) => Size.mebibytes(n)), weight: 1 }] : []),
  );

/** Heap and memory limit together: valid ones keep the limit above the heap; invalid ones may not. */
const memory = (f: Flavour, heapMin: number, heapMax: number) =>
  fc
    .record({
      heap: mostly(f, fc.record({ maximum: size(f, heapMin, heapMax), initial: mostly(f, size(f, heapMin, heapMin * 2)) })),
      headroom: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 2048 })),
      rawLimit: mostly(f, size(f, 64, 8192), undefined, 0),
      storageSize: mostly(f, size(f, 1, 10240)),
    })
    .map(({ heap, headroom, rawLimit, storageSize }) => {
      const h =
        heap === undefined
          ? undefined
          : {
              maximum: heap.maximum,
              ...(heap.initial && heap.initial.inMebibytes <= heap.maximum.inMebibytes
                ? { initial: heap.initial }
                : f.invalid && heap.initial
                  ? { initial: heap.initial }
                  : {}),
            };
      const limit =
        headroom === undefined ? undefined : f.invalid && rawLimit ? rawLimit : Size.mebibytes((h?.maximum.inMebibytes ?? 1024) + headroom);
      return compact({ heap: h, memoryLimit: limit, storageSize });
    });

const port = (f: Flavour) =>
  mostly(
    f,
    fc.oneof(fc.integer({ min: 1024, max: 65535 }), fc.constantFrom(1024, 2181, 8083, 8084, 9092, 9093, 65534, 65535)),
    fc.constantFrom(0, -1, 65536, 70000, 80.5, Number.NaN),
    4,
  );

/** Property names, from valid dot-separated ones to the names the image cannot carry and the library's own. */
const propertyName = (f: Flavour): fc.Arbitrary<string> =>
  f.invalid
    ? fc.oneof(
        { arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,8}(\.[a-z0-9]{1,8}){0,3}$/), weight: 6 },
        {
          arbitrary: fc.constantFrom(
            'heartbeat.interval.ms',
            'session.timeout.ms',
            'group.id',
            'bootstrap.servers',
            'listeners',
            'rest.advertised.host.name',
            'rest.port',
            'plugin.path',
            'config.storage.partitions',
            'offset.storage.replication.factor',
            'key.converter',
            'broker.id',
            'zookeeper.connect',
            'log.dirs',
            'process.roles',
            'log.retention.hours',
            'min.insync.replicas',
            'advertised.listeners',
            'config.providers',
            'config.providers.env.class',
          ),
          weight: 3,
        },
        { arbitrary: fc.constantFrom('', 'Group.Id', 'a_b', 'a..b', '.a', 'a.', 'a-b', 'a b', 'a@b', 'a=b', 'ä', 'A', 'a]"b'), weight: 1 },
        { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
      )
    : fc.oneof(
        fc
          .stringMatching(/^[a-z][a-z0-9]{0,8}(\.[a-z0-9]{1,8}){0,3}$/)
          .filter((n) => !n.startsWith('rest.') && !/^(listeners|plugin\.path)$/.test(n)),
        fc.constantFrom('heartbeat.interval.ms', 'session.timeout.ms', 'log.retention.hours', 'num.partitions'),
      );

const propertyValue = (f: Flavour, forbidden: string): fc.Arbitrary<string> =>
  f.invalid
    ? fc.oneof(
        { arbitrary: fc.stringMatching(/^[A-Za-z0-9.,:/_-]{0,16}$/), weight: 6 },
        {
          arbitrary: fc.constantFrom('user@example.com', '50%', 'a\nb', 'a\rb', '', ' ', '${var.x}', '"quoted"', "it's", '$(reboot)', '\\'),
          weight: 2,
        },
        { arbitrary: fc.string({ maxLength: 16 }), weight: 1 },
      )
    : fc.oneof(
        { arbitrary: fc.stringMatching(/^[A-Za-z0-9.,:/_-]{0,16}$/), weight: 6 },
        {
          arbitrary: fc
            .constantFrom(' ', '${var.x}', '"quoted"', "it's", '$(reboot)', '\\', '50%', 'user@example.com')
            .filter((v) => !v.includes(forbidden)),
          weight: 1,
        },
      );

const properties = (f: Flavour, forbidden: string) => fc.dictionary(propertyName(f), propertyValue(f, forbidden), { maxKeys: 4 });

const topicName = (f: Flavour) =>
  mostly(
    f,
    fc.stringMatching(/^[a-zA-Z0-9._-]{1,30}$/).filter((s) => s !== '.' && s !== '..'),
    fc.constantFrom('', '.', '..', 'a b', 'a/b', 'x'.repeat(250), 'ü'),
    12,
  );

const count = (f: Flavour, valid: number[], invalid: number[]) => mostly(f, fc.constantFrom(...valid), fc.constantFrom(...invalid), 3);

export const connectOptions = (f: Flavour) =>
  fc
    .record({
      workers: count(f, [1, 1, 2, 3], [0, -1, 1.5, 101, Number.NaN]),
      groupId: mostly(f, fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), fc.constantFrom('', '   '), 6),
      configStorageTopic: topicName(f),
      offsetStorageTopic: topicName(f),
      statusStorageTopic: topicName(f),
      bootstrapServers: mostly(
        f,
        fc.array(
          fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/), fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
          { minLength: 1, maxLength: 3 },
        ),
        fc.constantFrom<string[][]>([], ['kafka'], ['kafka:'], ['kafka:9092', 'no port'], ['a b:1']),
        12,
      ),
      restHostName: mostly(f, fc.constantFrom('0.0.0.0', '127.0.0.1'), fc.constantFrom('', 'a@b', 'connect.local'), 8),
      restPort: port(f),
      advertisedHostName: mostly(f, fc.constantFrom('connect.example.com', 'worker'), undefined, 10),
      keyConverter: mostly(
        f,
        fc.constantFrom(Converters.JSON, Converters.STRING, Converters.BYTE_ARRAY),
        fc.constantFrom('', 'NotAClass', 'a.b c'),
      ),
      valueConverter: mostly(f, fc.constantFrom(Converters.JSON, Converters.APICURIO_AVRO), fc.constantFrom('json')),
      internalKeyConverter: mostly(f, fc.constant(Converters.JSON), undefined, 10),
      internalValueConverter: mostly(f, fc.constant(Converters.JSON), undefined, 10),
      offsetFlushIntervalMs: mostly(f, fc.integer({ min: 0, max: 600000 }), fc.constantFrom(-1, 0.5, 2 ** 31)),
      offsetFlushTimeoutMs: mostly(f, fc.integer({ min: 0, max: 60000 }), fc.constantFrom(-5)),
      shutdownTimeoutMs: mostly(f, fc.integer({ min: 0, max: 60000 }), fc.constantFrom(Number.POSITIVE_INFINITY)),
      memory: memory(f, 64, 2048),
      logLevel: mostly(
        f,
        fc.constantFrom(...Object.values(LogLevel)),
        fc.constantFrom('info', 'VERBOSE', '') as unknown as fc.Arbitrary<LogLevel>,
      ),
      connectorClientConfigOverridePolicy: mostly(
        f,
        fc.constantFrom(...Object.values(ConnectorClientConfigOverridePolicy)),
        fc.constant('none') as unknown as fc.Arbitrary<ConnectorClientConfigOverridePolicy>,
      ),
      internalTopics: mostly(
        f,
        fc
          .record({
            // Valid flavour: 1 never exceeds the broker count.
            replicationFactor: count(f, [1], [0, -1, 2, 3, 4, 1.5]),
            offsetPartitions: count(f, [1, 25, 50], [0, 10001]),
            statusPartitions: count(f, [1, 5], [0, -3]),
            configPartitions: count(f, [1], [0, 2, 25]),
          })
          .map(compact),
      ),
      workerProperties: mostly(f, properties(f, '@'), undefined, 3),
    })
    .map(({ memory: m, ...rest }) => compact({ ...rest, ...m }));

export const kafkaOptions = (f: Flavour) =>
  fc
    .record({
      brokers: count(f, [1, 1, 2, 3], [0, -1, 2.5, 101]),
      memory: memory(f, 64, 2048),
      port: port(f),
      brokerProperties: mostly(f, properties(f, '%'), undefined, 3),
    })
    .map(({ memory: m, ...rest }) => compact({ ...rest, ...m }));

export const kraftOptions = (f: Flavour) =>
  fc
    .record({
      controllers: count(f, [1, 3, 3, 5], [0, 2, 4, 11, 1.5]),
      memory: memory(f, 64, 1024),
      controllerPort: port(f),
      controllerProperties: mostly(f, properties(f, '%'), undefined, 3),
    })
    .map(({ memory: m, ...rest }) => compact({ ...rest, ...m }));

export const zookeeperOptions = (f: Flavour) =>
  fc
    .record({
      nodes: count(f, [1, 3, 5], [0, 2, 4, 6, -1, 1.5]),
      memory: memory(f, 64, 1024),
    })
    .map(({ memory: m, ...rest }) => compact({ ...rest, ...m }));

export const imageOptions = (f: Flavour) =>
  fc
    .record({
      registry: mostly(f, fc.constantFrom('mirror.internal:5000', 'registry.local', '')),
      repositoryPrefix: mostly(f, fc.constantFrom('debezium', 'mirror/debezium', '')),
      tag: mostly(f, fc.constantFrom('3.1', '3.0', '3.6', '2.7', 'latest', 'nightly')),
      kafkaVersion: mostly(f, fc.constantFrom('3.9.0', '2.8.1', '4.3.0'), undefined, 8),
    })
    .map(compact);

export const dockerTarget = (f: Flavour): fc.Arbitrary<Target> =>
  fc
    .record({
      networkMode: mostly(f, fc.constantFrom(DockerNetworkMode.BRIDGE, DockerNetworkMode.BRIDGE, DockerNetworkMode.HOST), undefined, 3),
      publishRestOnAllInterfaces: mostly(f, fc.boolean(), undefined, 6),
      restHostPortBase: port(f),
      restartPolicy: mostly(f, fc.constantFrom(...Object.values(DockerRestartPolicy))),
      healthWaitTimeoutSeconds: mostly(f, fc.integer({ min: 1, max: 900 }), fc.constantFrom(0, -5, 1.5)),
      healthStartIntervalSeconds: mostly(f, fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 5, 2.5), 6),
    })
    .map((o) => Target.docker(compact(o)));

const labelMap = (f: Flavour) =>
  fc.dictionary(
    f.invalid
      ? fc.oneof(
          fc.constantFrom('team', 'example.com/tier', 'app.kubernetes.io/name', 'Bad Key', '', 'a/b/c'),
          fc.string({ maxLength: 10 }),
        )
      : fc.constantFrom('team', 'example.com/tier', 'cost-center'),
    f.invalid
      ? fc.oneof(fc.constantFrom('data', '', 'x'.repeat(64), 'a b'), fc.string({ maxLength: 10 }))
      : fc.constantFrom('data', 'platform', 'a-1'),
    { maxKeys: 2 },
  );

const peers = (f: Flavour) =>
  fc.array(fc.record({ podLabels: mostly(f, labelMap(f)), namespaceLabels: mostly(f, labelMap(f)) }).map(compact), { maxLength: 2 });

export const kubernetesTarget = (f: Flavour): fc.Arbitrary<Target> =>
  fc
    .record({
      namespace: mostly(
        f,
        fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/),
        fc.constantFrom('', 'Bad', 'a.b', 'x'.repeat(64), 'a_b'),
      ),
      createNamespace: mostly(f, fc.boolean()),
      storageClassName: mostly(f, fc.constantFrom('fast-ssd', 'standard')),
      workerStorage: mostly(
        f,
        fc.constantFrom(...Object.values(KubernetesWorkerStorage)),
        fc.constant('tmp') as unknown as fc.Arbitrary<KubernetesWorkerStorage>,
      ),
      podAntiAffinity: mostly(
        f,
        fc.constantFrom(...Object.values(PodAntiAffinity)),
        fc.constant('hard') as unknown as fc.Arbitrary<PodAntiAffinity>,
      ),
      restServiceType: mostly(
        f,
        fc.constantFrom(...Object.values(KubernetesServiceType)),
        fc.constant('Ingress') as unknown as fc.Arbitrary<KubernetesServiceType>,
      ),
      kafkaClients: mostly(f, peers(f)),
      restClients: mostly(f, peers(f)),
      labels: mostly(f, labelMap(f)),
      annotations: mostly(f, labelMap(f)),
      cpuRequest: mostly(f, fc.constantFrom('250m', '1', '0.5', '100m'), fc.constantFrom('', 'abc', '-1', '1.5.2')),
      cpuLimit: mostly(f, fc.constantFrom('2', '4', '1000m'), fc.constantFrom('10m', 'x')),
      memoryRequest: mostly(f, size(f, 64, 1024), undefined, 6),
    })
    .map((o) => Target.kubernetes(compact(o)));

/**
 * The targets the fuzzer renders to. Adding a target is one entry here; the test declares every provider in
 * each stack.
 */
export const targets: ((f: Flavour) => fc.Arbitrary<Target>)[] = [dockerTarget, kubernetesTarget];

export const clusterProps = (f: Flavour): fc.Arbitrary<ConnectClusterProps> =>
  fc
    .record({
      clusterName: clusterName(f),
      target: fc.oneof(...targets.map((t) => t(f))),
      // Coordination and the ensemble are drawn together so the valid flavour stays valid.
      coordination: fc.oneof(
        { arbitrary: fc.constant({}), weight: 3 },
        {
          arbitrary: fc.record({ coordination: fc.constant(CoordinationMode.ZOOKEEPER), zookeeper: mostly(f, zookeeperOptions(f)) }),
          weight: 3,
        },
        { arbitrary: fc.constant({ coordination: CoordinationMode.KRAFT_COMBINED, kafkaBrokers: 1 }), weight: 2 },
        { arbitrary: fc.constant({ coordination: CoordinationMode.KRAFT_COMBINED, kafkaBrokers: 3 }), weight: 1 },
        {
          arbitrary: fc.record({
            coordination: fc.constant(CoordinationMode.KRAFT_DEDICATED_CONTROLLERS),
            kraft: mostly(f, kraftOptions(f)),
          }),
          weight: 2,
        },
        ...(f.invalid
          ? [
              { arbitrary: fc.record({ coordination: fc.constant(CoordinationMode.ZOOKEEPER), kraft: kraftOptions(f) }), weight: 1 },
              { arbitrary: fc.record({ coordination: fc.constant(CoordinationMode.KRAFT_COMBINED), kraft: kraftOptions(f) }), weight: 1 },
              {
                arbitrary: fc.record({ coordination: fc.constant(CoordinationMode.KRAFT_COMBINED), zookeeper: zookeeperOptions(f) }),
                weight: 1,
              },
              { arbitrary: fc.constant({ coordination: 'kraft' as CoordinationMode }), weight: 1 },
            ]
          : []),
      ),
      kafka: mostly(f, kafkaOptions(f), undefined, 3),
      connect: mostly(f, connectOptions(f), undefined, 1),
      images: mostly(f, imageOptions(f), undefined, 12),
    })
    .map(({ coordination: c, kafka, ...rest }) => {
      const { kafkaBrokers, ...coordination } = c as {
        coordination?: CoordinationMode;
        zookeeper?: object;
        kraft?: object;
        kafkaBrokers?: number;
      };
      const k = kafkaBrokers !== undefined && kafka ? { ...kafka, brokers: kafkaBrokers } : kafka;
      return compact({ ...rest, ...coordination, kafka: k }) as ConnectClusterProps;
    });

/** One to three clusters in one stack: cross-cluster rules (shared ports, shared topics, names) get exercised. */
export const stackProps: fc.Arbitrary<ConnectClusterProps[]> = fc.oneof(
  ...[{ invalid: false }, { invalid: true }].flatMap((f) => [
    { arbitrary: fc.array(clusterProps(f), { minLength: 1, maxLength: 1 }), weight: 4 },
    { arbitrary: fc.array(clusterProps(f), { minLength: 2, maxLength: 3 }), weight: 1 },
  ]),
);

/** Single clusters of either flavour, for the model-level property. */
export const clusterPropsOfEitherFlavour: fc.Arbitrary<ConnectClusterProps> = fc.oneof(
  clusterProps({ invalid: false }),
  clusterProps({ invalid: true }),
);

/** A topic or connector declared on one of the stack's clusters after it was constructed. */
export interface AddCall {
  /** Index of the cluster (modulo the stack's cluster count). */
  readonly cluster: number;
  readonly kind: 'topic' | 'connector';
  readonly name: string;
  /** topic: partitions (0 is invalid); connector: which source (see the fuzz test). */
  readonly variant: number;
}

/** Names users type, including pairs that differ only in what derivation drops (`orders.v1` / `orders_v1`). */
const declaredName = fc.oneof(
  {
    arbitrary: fc.constantFrom('orders', 'orders.v1', 'orders_v1', 'orders-v1', 'Orders', 'a/b', '', ' ', 'constructor', '__proto__'),
    weight: 2,
  },
  { arbitrary: fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/), weight: 1 },
);

/** Zero to four add* calls per stack. */
export const addCalls: fc.Arbitrary<AddCall[]> = fc.array(
  fc.record({
    cluster: fc.nat(2),
    kind: fc.constantFrom<'topic' | 'connector'>('topic', 'connector'),
    name: declaredName,
    variant: fc.nat(3),
  }),
  { maxLength: 4 },
);

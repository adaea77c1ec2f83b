import { Converters, ConnectorClientConfigOverridePolicy, LogLevel } from '../../src/connect-workers';
import { Component } from '../../src/model/nodes';
import { Size } from '../../src/model/size';
import { networks, nodesOf, problemsOf, resolve } from '../util';

const worker = (o: Parameters<typeof resolve>[0] = {}) => nodesOf(resolve(o), Component.CONNECT)[0];

describe('Connect worker environment', () => {
  test('sets the required variables and the ones the image defaults badly', () => {
    const env = worker().env;
    expect(env).toMatchObject({
      GROUP_ID: 'cdc',
      CONFIG_STORAGE_TOPIC: 'cdc-connect-configs',
      OFFSET_STORAGE_TOPIC: 'cdc-connect-offsets',
      STATUS_STORAGE_TOPIC: 'cdc-connect-statuses',
      BOOTSTRAP_SERVERS: 'kafka-1:9092',
      ADVERTISED_HOST_NAME: 'connect-1',
      HEAP_OPTS: '-Xms1G -Xmx1G',
      LOG_LEVEL: 'INFO',
      CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR: '1',
      CONNECT_OFFSET_STORAGE_PARTITIONS: '25',
      CONNECT_STATUS_STORAGE_PARTITIONS: '5',
      CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY: 'None',
      // The library's defaults where it tunes Connect's: offsets committed every 10 s (the image: 60 s), a lost
      // worker's tasks reassigned after 30 s (Connect: 5 minutes).
      OFFSET_FLUSH_INTERVAL_MS: '10000',
      CONNECT_SCHEDULED_REBALANCE_MAX_DELAY_MS: '30000',
    });
    // Image defaults are not restated.
    expect(env).not.toHaveProperty('KEY_CONVERTER');
    expect(env).not.toHaveProperty('OFFSET_FLUSH_TIMEOUT_MS');
  });

  test('every variable of the connect-base image documentation can be set through typed props', () => {
    const env = worker({
      connect: {
        groupId: 'g',
        configStorageTopic: 'c',
        offsetStorageTopic: 'o',
        statusStorageTopic: 's',
        bootstrapServers: ['b1:9092', 'b2:9092'],
        restHostName: '0.0.0.0',
        restPort: 8090,
        advertisedHostName: 'connect.example',
        keyConverter: Converters.STRING,
        valueConverter: Converters.BYTE_ARRAY,
        internalKeyConverter: Converters.JSON,
        internalValueConverter: Converters.JSON,
        offsetFlushIntervalMs: 30000,
        offsetFlushTimeoutMs: 4000,
        shutdownTimeoutMs: 20000,
        rebalanceDelaySeconds: 0,
        heap: { maximum: Size.mebibytes(1536), initial: Size.mebibytes(512) },
        logLevel: LogLevel.DEBUG,
        workerProperties: { 'heartbeat.interval.ms': '3000' },
      },
      kafka: { brokers: 3 },
    }).env;
    expect(env).toMatchObject({
      GROUP_ID: 'g',
      CONFIG_STORAGE_TOPIC: 'c',
      OFFSET_STORAGE_TOPIC: 'o',
      STATUS_STORAGE_TOPIC: 's',
      BOOTSTRAP_SERVERS: 'b1:9092,b2:9092',
      REST_HOST_NAME: '0.0.0.0',
      REST_PORT: '8090',
      ADVERTISED_HOST_NAME: 'connect.example',
      ADVERTISED_PORT: '8090',
      KEY_CONVERTER: 'org.apache.kafka.connect.storage.StringConverter',
      VALUE_CONVERTER: 'org.apache.kafka.connect.converters.ByteArrayConverter',
      INTERNAL_KEY_CONVERTER: Converters.JSON,
      INTERNAL_VALUE_CONVERTER: Converters.JSON,
      OFFSET_FLUSH_INTERVAL_MS: '30000',
      OFFSET_FLUSH_TIMEOUT_MS: '4000',
      SHUTDOWN_TIMEOUT: '20000',
      CONNECT_SCHEDULED_REBALANCE_MAX_DELAY_MS: '0',
      HEAP_OPTS: '-Xms512M -Xmx1536M',
      LOG_LEVEL: 'DEBUG',
      CONNECT_HEARTBEAT_INTERVAL_MS: '3000',
      // REST_HOST_NAME/REST_PORT are dead on Kafka >= 3.0: the listener carries them.
      CONNECT_LISTENERS: 'http://0.0.0.0:8090',
    });
  });

  test('warns that Kafka 3.x images ignore the internal converters', () => {
    const model = resolve({ connect: { internalKeyConverter: Converters.JSON } });
    expect(model.warnings).toEqual([
      expect.stringContaining('ignores INTERNAL_KEY_CONVERTER (internal converters were removed in Kafka 3.0)'),
    ]);
  });

  test('does not warn about internal converters on a pre-3.0 Kafka image', () => {
    expect(resolve({ connect: { internalKeyConverter: Converters.JSON }, images: { tag: 'old', kafkaVersion: '2.8.1' } }).warnings).toEqual(
      [],
    );
  });

  test('internal topic replication defaults to min(3, brokers)', () => {
    expect(worker({ kafka: { brokers: 2 } }).env.CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR).toBe('2');
    expect(worker({ kafka: { brokers: 5 } }).env.CONNECT_STATUS_STORAGE_REPLICATION_FACTOR).toBe('3');
  });

  test('the override policy is settable', () => {
    expect(
      worker({ connect: { connectorClientConfigOverridePolicy: ConnectorClientConfigOverridePolicy.ALL } }).env
        .CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY,
    ).toBe('All');
  });

  test('source connectors produce idempotently unless told not to (Connect turns idempotence off by itself)', () => {
    expect(worker().env.CONNECT_PRODUCER_ENABLE_IDEMPOTENCE).toBe('true');
    expect(worker({ connect: { idempotentProducers: false } }).env.CONNECT_PRODUCER_ENABLE_IDEMPOTENCE).toBe('false');
  });

  test('fails when idempotentProducers is not a boolean, or producer.enable.idempotence is given as a worker property', () => {
    expect(problemsOf({ connect: { idempotentProducers: 'yes' as unknown as boolean } })).toContain(
      'stack/cdc: connect.idempotentProducers: "yes" is not a boolean; use true or false',
    );
    expect(problemsOf({ connect: { workerProperties: { 'producer.enable.idempotence': 'false' } } })).toContain(
      'connect.workerProperties["producer.enable.idempotence"]',
    );
    expect(problemsOf({ connect: { workerProperties: { 'producer.enable.idempotence': 'false' } } })).toContain(
      'connect.idempotentProducers',
    );
  });

  test('each worker advertises its own address; host networking gives each its own port', () => {
    const bridge = nodesOf(resolve({ connect: { workers: 2 } }), Component.CONNECT);
    expect(bridge.map((n) => n.env.ADVERTISED_HOST_NAME)).toEqual(['connect-1', 'connect-2']);
    expect(bridge.map((n) => n.ports[0].hostPort)).toEqual([8083, 8084]);
    expect(bridge.map((n) => n.ports[0].hostIp)).toEqual(['127.0.0.1', '127.0.0.1']);
    const host = nodesOf(resolve({ connect: { workers: 2 }, network: networks.host() }), Component.CONNECT);
    expect(host.map((n) => n.env.CONNECT_LISTENERS)).toEqual(['http://127.0.0.1:8083', 'http://127.0.0.1:8084']);
    expect(host.map((n) => n.env.ADVERTISED_PORT)).toEqual(['8083', '8084']);
  });

  test('the health check asks GET /health on Kafka >= 3.9 and GET / before', () => {
    expect(worker().health.httpPath).toBe('/health');
    expect(worker({ images: { tag: 'x', kafkaVersion: '3.8.0' } }).health.httpPath).toBe('/');
  });

  test('a Connect-only cluster uses the given Kafka and models no brokers', () => {
    const model = resolve({ connect: { bootstrapServers: ['broker.example:9092'] } });
    expect(model.components.map((c) => c.component)).toEqual([Component.CONNECT]);
    expect(model.bootstrapServers).toBe('broker.example:9092');
  });
});

describe('Connect worker validation', () => {
  test('fails when the group id is empty', () => {
    expect(problemsOf({ connect: { groupId: ' ' } })).toContain('stack/cdc: connect.groupId: group id is empty; set connect.groupId');
  });

  test('fails when a CONNECT_* value contains "@"', () => {
    expect(problemsOf({ connect: { workerProperties: { 'sasl.jaas.config': 'user@realm' } } })).toContain(
      'connect.workerProperties["sasl.jaas.config"]: value of CONNECT_SASL_JAAS_CONFIG contains "@"',
    );
  });

  test('fails when the REST host name has an "@" and a listeners worker property replaces it: both reported at once', () => {
    const msg = problemsOf({ connect: { restHostName: 'a@b', workerProperties: { listeners: 'http://0.0.0.0:8083' } } });
    expect(msg).toContain('connect.workerProperties["listeners"]: "listeners" is set by the library');
    expect(msg).toContain('connect.restHostName: value "a@b" contains "@"');
    // Without the listeners property, the host name is reported once, through the value the image writes.
    const alone = problemsOf({ connect: { restHostName: 'a@b' } });
    expect(alone.match(/connect\.restHostName:/g)).toHaveLength(1);
  });

  test('fails when a worker property name cannot round-trip', () => {
    const msg = problemsOf({ connect: { workerProperties: { 'consumer.max_poll.records': '10', 'Producer.acks': '1', '': 'x' } } });
    expect(msg).toContain('connect.workerProperties["consumer.max_poll.records"]: property name "consumer.max_poll.records" contains "_"');
    expect(msg).toContain('connect.workerProperties["Producer.acks"]: property name "Producer.acks" contains upper-case letters');
    expect(msg).toContain('connect.workerProperties[""]: property name is empty');
  });

  test.each([
    ['group.id', 'connect.groupId'],
    ['bootstrap.servers', 'connect.bootstrapServers'],
    ['config.storage.topic', 'connect.configStorageTopic'],
    ['rest.advertised.host.name', 'connect.restHostName'],
    ['key.converter', 'connect.keyConverter'],
    ['plugin.path', 'connector plugins'],
    ['offset.flush.interval.ms', 'connect.offsetFlushIntervalMs'],
    ['scheduled.rebalance.max.delay.ms', 'connect.rebalanceDelaySeconds'],
    ['offset.storage.replication.factor', 'connect.internalTopics.replicationFactor'],
    ['connector.client.config.override.policy', 'connect.connectorClientConfigOverridePolicy'],
  ])('fails when the worker property %s duplicates a typed field', (property, pointer) => {
    expect(problemsOf({ connect: { workerProperties: { [property]: 'x' } } })).toContain(
      `"${property}" is set by the library; use ${pointer}`,
    );
  });

  test("fails when the log level is not one of the connect-base image documentation's", () => {
    expect(problemsOf({ connect: { logLevel: 'VERBOSE' as LogLevel } })).toContain(
      'connect.logLevel: "VERBOSE" is not a log level; use one of INFO, WARN, ERROR, DEBUG, TRACE',
    );
  });

  test('fails when the REST host name puts "@" into the listener', () => {
    expect(problemsOf({ connect: { restHostName: 'a@b' } })).toContain('connect.restHostName: value of CONNECT_LISTENERS contains "@"');
  });

  test('fails when a converter is not a class name', () => {
    expect(problemsOf({ connect: { keyConverter: 'json' } })).toContain(
      'connect.keyConverter: "json" is not a fully-qualified Java class name',
    );
  });

  test('fails when bootstrap servers are not host:port', () => {
    expect(problemsOf({ connect: { bootstrapServers: ['kafka'] } })).toContain('connect.bootstrapServers: "kafka" is not host:port');
  });

  test('fails when timeouts are not whole milliseconds', () => {
    expect(problemsOf({ connect: { shutdownTimeoutMs: -1, offsetFlushIntervalMs: 1.5 } })).toMatch(
      /connect.offsetFlushIntervalMs: 1.5 is not an integer[\s\S]*connect.shutdownTimeoutMs: -1 is not an integer/,
    );
  });

  test('reports every problem at once', () => {
    const msg = problemsOf({ clusterName: 'Bad_Name', connect: { groupId: '', workers: 0 }, zookeeper: { nodes: 2 } });
    expect(msg).toMatch(/^invalid Debezium Connect cluster \(\d+ problems\)/);
    expect(msg).toContain('clusterName');
    expect(msg).toContain('connect.groupId');
    expect(msg).toContain('connect.workers');
    expect(msg).toContain('zookeeper.nodes');
  });
});

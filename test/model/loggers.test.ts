import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Component } from '../../src/model/nodes';
import { LogLevel } from '../../src/model/connect-worker';
import { brokerLoggersStartupScript, LOGGERS, loggersStartupScript } from '../../src/model/loggers';
import { CoordinationMode } from '../../src/model/image';
import { TaskKind } from '../../src/model/tasks';
import { networks, nodesOf, problemsOf, resolve } from '../util';

const DEBUG = { 'io.debezium.connector.postgresql.PostgresConnector': LogLevel.DEBUG, 'io.debezium': LogLevel.WARN };

describe('connect.loggers: the model', () => {
  test('none declared: LOG_LEVEL as before, no startup script, no task', () => {
    const model = resolve({ connect: { workers: 2 } });
    const [w] = nodesOf(model, Component.CONNECT);
    expect(w.env.LOG_LEVEL).toBe('INFO');
    expect(w.env).not.toHaveProperty('CONNECT_LOG4J_LOGGERS');
    expect(w.startupScript).toBeUndefined();
    expect(w.loggerLevels).toBeUndefined();
    expect(model.loggers).toBeUndefined();
  });

  test('declared: the root level through CONNECT_LOG4J_LOGGERS, the levels file read at start, a task with the levels', () => {
    const model = resolve({ connect: { workers: 2, logLevel: LogLevel.WARN, loggers: DEBUG }, network: networks.kubernetes('cdc') });
    for (const w of nodesOf(model, Component.CONNECT)) {
      expect(w.env).not.toHaveProperty('LOG_LEVEL');
      expect(w.env.CONNECT_LOG4J_LOGGERS).toBe('WARN, stdout, appender');
      expect(w.loggerLevels).toBe(true);
      expect(w.startupScript).toBe(loggersStartupScript('/kafka/config'));
      // Nothing of the levels is in the node: a change of them changes no node.
      expect(JSON.stringify(w)).not.toContain('PostgresConnector');
    }
    expect(model.loggers).toHaveLength(1);
    const [{ component, levels, task }] = model.loggers!;
    expect(component).toBe(Component.CONNECT);
    expect(levels).toEqual({ 'io.debezium': 'WARN', 'io.debezium.connector.postgresql.PostgresConnector': 'DEBUG' });
    expect(task).toMatchObject({
      kind: TaskKind.LOGGERS,
      name: 'loggers',
      script: 'loggers.sh',
      keepAlive: false,
      image: model.images.connect,
    });
    expect(task.env.LOGGER_LEVELS).toBe('io.debezium=WARN\nio.debezium.connector.postgresql.PostgresConnector=DEBUG\n');
    expect(task.env.CONNECT_REST_ENDPOINTS).toBeDefined();
    expect(task.after).toEqual({ components: [Component.CONNECT], topicsTask: false, tasks: [] });
  });

  test('wrong names and levels, the root logger, and a Kafka without cluster-wide levels are refused', () => {
    const message = problemsOf({
      connect: { loggers: { 'io debezium': LogLevel.DEBUG, root: LogLevel.DEBUG, 'io.debezium': 'LOUD' as LogLevel } },
    });
    expect(message).toContain(
      'stack/cdc: connect.loggers["io debezium"]: "io debezium" is not a logger name; give a Java package or class name',
    );
    expect(message).toContain(
      'stack/cdc: connect.loggers["root"]: the root logger is set by connect.logLevel; set connect.logLevel instead',
    );
    expect(message).toContain('stack/cdc: connect.loggers["io.debezium"]: "LOUD" is not a log level; use one of LogLevel.INFO');
    expect(
      problemsOf({ connect: { loggers: DEBUG }, images: { connectImage: 'quay.io/debezium/connect:2.5', kafkaVersion: '3.6.1' } }),
    ).toContain(
      'stack/cdc: connect.loggers: Kafka 3.6.1 in the Connect image cannot change a level on every worker at once (scope=cluster, Kafka 3.7.0)',
    );
    expect(problemsOf({ connect: { loggers: ['io.debezium'] as unknown as Record<string, LogLevel> } })).toContain(
      'stack/cdc: connect.loggers: ["io.debezium"] is not a map of logger names to levels',
    );
  });
});

describe('connect.loggers: the startup script, run', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loggers-'));
    fs.mkdirSync(path.join(dir, 'config.orig'));
    fs.mkdirSync(path.join(dir, 'config'));
    fs.mkdirSync(path.join(dir, 'loggers'));
    fs.writeFileSync(
      path.join(dir, 'config.orig/log4j.properties'),
      'log4j.rootLogger=INFO, stdout, appender\nlog4j.appender.stdout.threshold=INFO\n',
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The script with the image's paths moved under `dir`. */
  const run = () => {
    const script = loggersStartupScript(`${dir}/config`).split(LOGGERS.mountPath).join(`${dir}/loggers`);
    const r = spawnSync('bash', ['-c', script], { env: { ...process.env, KAFKA_HOME: dir }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return fs.readFileSync(path.join(dir, 'config/log4j.properties'), 'utf8');
  };

  test("the image's file is copied, the levels appended between markers with the console open to every level; a second start replaces them", () => {
    fs.writeFileSync(
      path.join(dir, 'loggers/levels'),
      'io.debezium.connector.postgresql.PostgresConnector=DEBUG\nio.debezium=WARN\nbad name=DEBUG\nx=LOUD\n',
    );
    expect(run()).toBe(
      [
        'log4j.rootLogger=INFO, stdout, appender',
        'log4j.appender.stdout.threshold=INFO',
        `# ${LOGGERS.marker}: begin`,
        'log4j.appender.stdout.threshold=TRACE',
        'log4j.logger.io.debezium.connector.postgresql.PostgresConnector=DEBUG',
        'log4j.logger.io.debezium=WARN',
        `# ${LOGGERS.marker}: end`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'loggers/levels'), 'io.debezium=TRACE\n');
    const again = run();
    expect(again.match(/: begin$/gm)).toHaveLength(1);
    expect(again).toContain('log4j.logger.io.debezium=TRACE\n');
    expect(again).not.toContain('PostgresConnector');
  });

  test('without a levels file (before the task first wrote it): the console opened, no logger set', () => {
    expect(run()).toContain(`# ${LOGGERS.marker}: begin\nlog4j.appender.stdout.threshold=TRACE\n# ${LOGGERS.marker}: end\n`);
  });
});

const BROKER = { 'kafka.server.ReplicaManager': LogLevel.DEBUG, 'kafka.coordinator.group': LogLevel.TRACE };

describe('kafka.loggers: the model', () => {
  test('none declared: a ZooKeeper-mode broker has no startup script, no task', () => {
    const model = resolve({ kafka: { brokers: 2 } });
    for (const b of nodesOf(model, Component.KAFKA)) {
      expect(b.startupScript).toBeUndefined();
      expect(b.loggerLevels).toBeUndefined();
    }
    expect(model.loggers).toBeUndefined();
  });

  test('declared: every broker reads the levels file at start, the root level stays LOG_LEVEL, a task applies them by broker id', () => {
    const model = resolve({ kafka: { brokers: 2, loggers: BROKER }, connect: { logLevel: LogLevel.WARN } });
    for (const b of nodesOf(model, Component.KAFKA)) {
      expect(b.env.LOG_LEVEL).toBe('WARN');
      expect(b.loggerLevels).toBe(true);
      expect(b.startupScript).toBe(brokerLoggersStartupScript('/kafka/config'));
      expect(JSON.stringify(b)).not.toContain('ReplicaManager');
    }
    // The workers are not touched by the brokers' loggers.
    for (const w of nodesOf(model, Component.CONNECT)) {
      expect(w.loggerLevels).toBeUndefined();
      expect(w.env.LOG_LEVEL).toBe('WARN');
    }
    expect(model.loggers).toHaveLength(1);
    const [{ component, levels, task }] = model.loggers!;
    expect(component).toBe(Component.KAFKA);
    expect(levels).toEqual({ 'kafka.coordinator.group': 'TRACE', 'kafka.server.ReplicaManager': 'DEBUG' });
    expect(task).toMatchObject({
      kind: TaskKind.BROKER_LOGGERS,
      name: 'broker-loggers',
      script: 'broker-loggers.sh',
      keepAlive: false,
      image: model.images.kafka,
    });
    expect(task.env).toMatchObject({
      BOOTSTRAP_SERVERS: model.bootstrapServers,
      BROKER_IDS: '1 2',
      LOGGER_LEVELS: 'kafka.coordinator.group=TRACE\nkafka.server.ReplicaManager=DEBUG\n',
      KAFKA_LOG4J_OPTS: '-Dlog4j.configuration=file:/kafka/config.orig/tools-log4j.properties',
    });
    expect(task.after).toEqual({ components: [Component.KAFKA], topicsTask: false, tasks: [] });
  });

  test("KRaft: the brokers' node ids, after the quorum's own start-up step; the brokers' task before the workers'", () => {
    const model = resolve({
      coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS,
      kafka: { brokers: 3, loggers: BROKER },
      connect: { loggers: DEBUG },
    });
    const brokers = nodesOf(model, Component.KAFKA);
    for (const b of brokers) {
      expect(b.loggerLevels).toBe(true);
      expect(b.startupScript!.endsWith(`\n${brokerLoggersStartupScript('/kafka/config')}`)).toBe(true);
    }
    for (const c of nodesOf(model, Component.KAFKA_CONTROLLER)) expect(c.loggerLevels).toBeUndefined();
    expect(model.loggers!.map((l) => l.component)).toEqual([Component.KAFKA, Component.CONNECT]);
    expect(model.loggers![0].task.env.BROKER_IDS).toBe(brokers.map((b) => b.env.NODE_ID).join(' '));
    expect(model.loggers![0].task.env.KAFKA_LOG4J_OPTS).toBe('-Dlog4j2.configurationFile=/kafka/config.orig/tools-log4j2.yaml');
  });

  test('wrong names and levels, the root logger and a Kafka before 2.4 are refused; with an existing Kafka they are ignored, with a warning', () => {
    const message = problemsOf({ kafka: { loggers: { 'kafka server': LogLevel.DEBUG, ROOT: LogLevel.DEBUG, kafka: 'LOUD' as LogLevel } } });
    expect(message).toContain(
      'stack/cdc: kafka.loggers["kafka server"]: "kafka server" is not a logger name; give a Java package or class name, e.g. "kafka.server.ReplicaManager"',
    );
    expect(message).toContain('stack/cdc: kafka.loggers["ROOT"]: the root logger is set by connect.logLevel; set connect.logLevel instead');
    expect(message).toContain('stack/cdc: kafka.loggers["kafka"]: "LOUD" is not a log level; use one of LogLevel.INFO');
    expect(problemsOf({ kafka: { loggers: BROKER }, images: { tag: '1.9', kafkaVersion: '2.3.1' } })).toContain(
      "stack/cdc: kafka.loggers: Kafka 2.3.1 in the Kafka image cannot change a broker's log level while it runs (broker-loggers, KIP-412, Kafka 2.4.0); use a Kafka image of Kafka 2.4 or later",
    );
    expect(problemsOf({ kafka: { loggers: 'kafka=DEBUG' as unknown as Record<string, LogLevel> } })).toContain(
      'stack/cdc: kafka.loggers: "kafka=DEBUG" is not a map of logger names to levels; give e.g. { "kafka.server.ReplicaManager": LogLevel.DEBUG }',
    );
    const external = resolve({ kafka: { loggers: BROKER }, connect: { bootstrapServers: ['kafka.example:9092'] } });
    expect(external.loggers).toBeUndefined();
    expect(external.warnings.join('\n')).toContain('kafka.loggers: ignored because connect.bootstrapServers points at an existing Kafka');
  });
});

describe('kafka.loggers: the startup script and the entrypoint, run', () => {
  let dir: string;
  const IMAGE_FILE =
    'log4j.rootLogger=INFO, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\nlog4j.appender.stdout.threshold=INFO\nlog4j.logger.kafka=INFO, kafkaAppender\n';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-loggers-'));
    for (const d of ['config.orig', 'config', 'loggers']) fs.mkdirSync(path.join(dir, d));
    fs.writeFileSync(path.join(dir, 'config.orig/log4j.properties'), IMAGE_FILE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * The script with the image's paths moved under `dir`, then what the Kafka image's entrypoint does to the file with
   * LOG_LEVEL (its two edits of log4j.properties, after `cp -n` of the image's files, which keeps this one).
   */
  const start = (logLevel: string) => {
    const script = brokerLoggersStartupScript(`${dir}/config`).split(LOGGERS.mountPath).join(`${dir}/loggers`);
    const entrypoint = [
      `sed -i -r -e "s|=INFO, stdout|=${logLevel}, stdout|g" "$KAFKA_HOME/config/log4j.properties"`,
      `sed -i -r -e "s|^(log4j.appender.stdout.threshold)=.*|\\1=${logLevel}|g" "$KAFKA_HOME/config/log4j.properties"`,
    ].join('\n');
    const r = spawnSync('bash', ['-c', `${script}\n${entrypoint}`], { env: { ...process.env, KAFKA_HOME: dir }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return fs.readFileSync(path.join(dir, 'config/log4j.properties'), 'utf8');
  };

  test('the levels between markers, no console threshold left for the entrypoint to set, the root level its own; a restart replaces them', () => {
    fs.writeFileSync(
      path.join(dir, 'loggers/levels'),
      'kafka.server.ReplicaManager=DEBUG\nkafka.network.RequestChannel$=TRACE\nx y=DEBUG\n',
    );
    expect(start('WARN')).toBe(
      [
        'log4j.rootLogger=WARN, stdout',
        'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
        'log4j.logger.kafka=INFO, kafkaAppender',
        `# ${LOGGERS.marker}: begin`,
        'log4j.logger.kafka.server.ReplicaManager=DEBUG',
        'log4j.logger.kafka.network.RequestChannel$=TRACE',
        `# ${LOGGERS.marker}: end`,
        '',
      ].join('\n'),
    );
    // A restarted container keeps its config volume: the block is replaced, not added to.
    fs.writeFileSync(path.join(dir, 'loggers/levels'), 'kafka.server.ReplicaManager=INFO\n');
    const again = start('WARN');
    expect(again.match(/: begin$/gm)).toHaveLength(1);
    expect(again).toContain('log4j.logger.kafka.server.ReplicaManager=INFO\n');
    expect(again).not.toContain('RequestChannel');
    expect(again).not.toContain('threshold');
  });

  test('self-test: without the script the entrypoint keeps the console at LOG_LEVEL, which would hide DEBUG', () => {
    fs.copyFileSync(path.join(dir, 'config.orig/log4j.properties'), path.join(dir, 'config/log4j.properties'));
    const r = spawnSync('bash', [
      '-c',
      `sed -i -r -e "s|^(log4j.appender.stdout.threshold)=.*|\\1=INFO|g" "${dir}/config/log4j.properties"`,
    ]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'config/log4j.properties'), 'utf8')).toContain('log4j.appender.stdout.threshold=INFO\n');
  });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Component } from '../../src/model/nodes';
import { LogLevel } from '../../src/model/connect-worker';
import { LOGGERS, loggersStartupScript } from '../../src/model/loggers';
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
    expect(model.loggers!.levels).toEqual({ 'io.debezium': 'WARN', 'io.debezium.connector.postgresql.PostgresConnector': 'DEBUG' });
    const task = model.loggers!.task;
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

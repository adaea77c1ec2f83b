import { compareVersions } from './image';
import { Component } from './nodes';
import { RestClientSpec } from './rest-tls';
import { Size } from './size';
import { TASK_HEALTH, TaskKind, TaskSpec } from './tasks';
import { Problems, show } from './validation';

/**
 * Log levels of single loggers on the Connect workers (`connect.loggers`). Two paths, so that a change of levels
 * rolls no worker:
 * - at a worker's start, its startup script writes the levels it finds in a file (`LOGGERS.mountPath`/`file`) into
 *   the image's `log4j.properties`, where the target keeps that file outside the worker's own spec (Kubernetes: a
 *   ConfigMap volume; Docker: a volume the loggers task writes);
 * - on the running cluster, the loggers task puts each level through Kafka Connect's REST API with `scope=cluster`
 *   (KIP-976): the receiving worker writes it to the config topic and every worker applies it.
 * The image's console appender keeps only its threshold's level and above (`log4j.appender.stdout.threshold`, which
 * the entrypoint sets to `LOG_LEVEL`): with loggers declared its threshold is TRACE and the root logger carries the
 * level (`CONNECT_LOG4J_LOGGERS`), so a logger at DEBUG reaches the container's output.
 */
export const LOGGERS = {
  /** Kafka Connect applies a level cluster-wide (`PUT /admin/loggers/{name}?scope=cluster`) since Kafka 3.7. */
  clusterScopeSince: '3.7.0',
  /** Where the workers find the levels file. */
  mountPath: '/kafka/loggers',
  file: 'levels',
  /** The root logger's setting in log4j.properties, read by the entrypoint (`log4j.rootLogger=<value>`). */
  rootEnv: 'CONNECT_LOG4J_LOGGERS',
  rootAppenders: 'stdout, appender',
  /** The task's script (`src/scripts/loggers.sh`), the variables it reads, and its name. */
  script: 'loggers.sh',
  levelsEnv: 'LOGGER_LEVELS',
  /** Set by a target whose workers read the file the task writes (Docker): where the task writes it. */
  fileEnv: 'LOGGER_LEVELS_FILE',
  taskName: 'loggers',
  /** Lines the startup script adds to log4j.properties are between these. */
  marker: 'cdktf-debezium-connect connect.loggers',
} as const;

/** The levels file, as the workers and the task that writes it (where the target has one) see it. */
export const LOGGER_LEVELS_PATH = `${LOGGERS.mountPath}/${LOGGERS.file}`;

/** A logger's name: a Java package or class name (`io.debezium`, `org.apache.kafka.connect.runtime.WorkerSourceTask`). */
const LOGGER_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** The declared levels, checked: undefined when none are declared (or they are wrong). */
export function validateLoggers(
  problems: Problems,
  loggers: unknown,
  levels: readonly string[],
  kafkaVersion: string,
): Record<string, string> | undefined {
  if (loggers === undefined) return undefined;
  if (typeof loggers !== 'object' || loggers === null || Array.isArray(loggers)) {
    problems.add(
      'connect.loggers',
      `${show(loggers)} is not a map of logger names to levels`,
      'give e.g. { "io.debezium": LogLevel.DEBUG }',
    );
    return undefined;
  }
  let ok = true;
  for (const [name, level] of Object.entries(loggers)) {
    const field = `connect.loggers["${name}"]`;
    if (name.toLowerCase() === 'root') {
      ok = false;
      problems.add(field, 'the root logger is set by connect.logLevel', 'set connect.logLevel instead');
    } else if (!LOGGER_NAME.test(name)) {
      ok = false;
      problems.add(field, `"${name}" is not a logger name`, 'give a Java package or class name, e.g. "io.debezium.connector.postgresql"');
    }
    if (typeof level !== 'string' || !levels.includes(level)) {
      ok = false;
      problems.add(field, `${show(level)} is not a log level`, `use one of LogLevel.${levels.join(', LogLevel.')}`);
    }
  }
  // A version that is not one is the images' problem, reported there.
  if (/^\d+\.\d+\.\d+$/.test(kafkaVersion) && compareVersions(kafkaVersion, LOGGERS.clusterScopeSince) < 0) {
    problems.add(
      'connect.loggers',
      `Kafka ${kafkaVersion} in the Connect image cannot change a level on every worker at once (scope=cluster, Kafka ${LOGGERS.clusterScopeSince})`,
      'use a Connect image of Kafka 3.7 or later (Debezium 2.6 or later), or set the root level with connect.logLevel',
    );
    return undefined;
  }
  return ok
    ? Object.fromEntries(Object.entries(loggers as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : undefined;
}

/** The levels file: one `name=LEVEL` line a logger, sorted by name. */
export function loggerLevelsFile(levels: Readonly<Record<string, string>>): string {
  return Object.entries(levels)
    .map(([name, level]) => `${name}=${level}\n`)
    .join('');
}

/**
 * Run before the image's entrypoint: the levels in the file (when there is one) written into log4j.properties in
 * the worker's config volume, with the console appender's threshold at TRACE, between marker lines that the next
 * start replaces. The entrypoint copies the image's file only where none is (`cp -n`), so it is copied first.
 */
export function loggersStartupScript(configDir: string): string {
  const file = `${configDir}/log4j.properties`;
  const levels = LOGGER_LEVELS_PATH;
  const begin = `# ${LOGGERS.marker}: begin`;
  const end = `# ${LOGGERS.marker}: end`;
  return [
    `f=${file}`,
    `[ -f "$f" ] || cp "$KAFKA_HOME/config.orig/log4j.properties" "$f"`,
    `sed -i -e '/^${begin}$/,/^${end}$/d' "$f"`,
    `{ echo '${begin}'; echo 'log4j.appender.stdout.threshold=TRACE'`,
    `  if [ -r ${levels} ]; then sed -n -E 's/^([A-Za-z_$][A-Za-z0-9_$.]*)=(TRACE|DEBUG|INFO|WARN|ERROR)$/log4j.logger.\\1=\\2/p' ${levels}; fi`,
    `  echo '${end}'; } >> "$f"`,
  ].join('\n');
}

/** The task that applies the levels to the running workers (and, where the target says so, writes the file). */
export function loggersTask(levels: Readonly<Record<string, string>>, image: string, rest: RestClientSpec): TaskSpec {
  return {
    kind: TaskKind.LOGGERS,
    name: LOGGERS.taskName,
    image,
    script: LOGGERS.script,
    env: { ...rest.env, [LOGGERS.levelsEnv]: loggerLevelsFile(levels) },
    keepAlive: false,
    ...(rest.fileMounts.length > 0 ? { fileMounts: rest.fileMounts } : {}),
    memoryLimit: Size.mebibytes(64),
    health: TASK_HEALTH,
    stopGraceSeconds: 10,
    after: { components: [Component.CONNECT], topicsTask: false, tasks: [] },
  };
}

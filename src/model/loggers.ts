import { compareVersions, kafkaToolsEnv } from './image';
import { JAVA_NAME } from './names';
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
 *   ConfigMap volume; Docker: a volume written before the workers start);
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
  /** Where a target that writes the file itself (Docker's holder of the levels) has it written. */
  fileEnv: 'LOGGER_LEVELS_FILE',
  taskName: 'loggers',
  /** Lines the startup script adds to log4j.properties are between these. */
  marker: 'cdktf-debezium-connect connect.loggers',
} as const;

/** The levels file, as the nodes (and the target's writer of it, where it has one) see it. */
export const LOGGER_LEVELS_PATH = `${LOGGERS.mountPath}/${LOGGERS.file}`;

/** Whose loggers: the option's name, an example logger, and the Kafka version that applies a level on running nodes. */
export interface LoggersOf {
  readonly block: string;
  readonly example: string;
  readonly since: { readonly version: string; readonly needs: string; readonly fix: string };
}

/** The workers' loggers. */
export const CONNECT_LOGGERS: LoggersOf = {
  block: 'connect.loggers',
  example: 'io.debezium.connector.postgresql',
  since: {
    version: LOGGERS.clusterScopeSince,
    needs: 'in the Connect image cannot change a level on every worker at once (scope=cluster,',
    fix: 'use a Connect image of Kafka 3.7 or later (Debezium 2.6 or later), or set the root level with connect.logLevel',
  },
};

/**
 * kafka.loggers: levels of single loggers on the brokers the library runs. As connect.loggers, two paths: a broker
 * writes the levels file into its log4j.properties at start (`brokerLoggersStartupScript`), and the broker loggers
 * task changes them on the running brokers through Kafka's own configs (`kafka-configs.sh --entity-type
 * broker-loggers`, KIP-412), which a broker keeps only until it stops.
 */
export const BROKER_LOGGERS = {
  /** The task's script (`src/scripts/broker-loggers.sh`), the variable of the broker ids, and the task's name. */
  script: 'broker-loggers.sh',
  brokerIdsEnv: 'BROKER_IDS',
  taskName: 'broker-loggers',
} as const;

/** The brokers' loggers. */
export const KAFKA_LOGGERS: LoggersOf = {
  block: 'kafka.loggers',
  example: 'kafka.server.ReplicaManager',
  since: {
    version: '2.4.0',
    needs: "in the Kafka image cannot change a broker's log level while it runs (broker-loggers, KIP-412,",
    fix: 'use a Kafka image of Kafka 2.4 or later, or set the root level with connect.logLevel',
  },
};

/** Levels declared on `of`, checked: undefined when none are declared (or they are wrong). */
export function validateLoggers(
  problems: Problems,
  of: LoggersOf,
  loggers: unknown,
  levels: readonly string[],
  kafkaVersion: string,
): Record<string, string> | undefined {
  const { block, example, since } = of;
  if (loggers === undefined) return undefined;
  if (typeof loggers !== 'object' || loggers === null || Array.isArray(loggers)) {
    problems.add(block, `${show(loggers)} is not a map of logger names to levels`, `give e.g. { "${example}": LogLevel.DEBUG }`);
    return undefined;
  }
  let ok = true;
  for (const [name, level] of Object.entries(loggers)) {
    const field = `${block}["${name}"]`;
    if (name.toLowerCase() === 'root') {
      ok = false;
      problems.add(field, 'the root logger is set by connect.logLevel', 'set connect.logLevel instead');
    } else if (!JAVA_NAME.test(name)) {
      ok = false;
      problems.add(field, `"${name}" is not a logger name`, `give a Java package or class name, e.g. "${example}"`);
    }
    if (typeof level !== 'string' || !levels.includes(level)) {
      ok = false;
      problems.add(field, `${show(level)} is not a log level`, `use one of LogLevel.${levels.join(', LogLevel.')}`);
    }
  }
  // A version that is not one is the images' problem, reported there.
  if (/^\d+\.\d+\.\d+$/.test(kafkaVersion) && compareVersions(kafkaVersion, since.version) < 0) {
    problems.add(block, `Kafka ${kafkaVersion} ${since.needs} Kafka ${since.version})`, since.fix);
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
  return levelsIntoLog4j(configDir, { block: [CONSOLE_THRESHOLD_TRACE] });
}

/**
 * kafka.loggers' counterpart of `loggersStartupScript`, for a broker. The Kafka image's entrypoint sets every
 * `log4j.appender.stdout.threshold` line to `LOG_LEVEL`, so a TRACE line would not survive it: the line is removed
 * instead, and the console appender, with no threshold, passes what the loggers let through (the root logger keeps
 * `LOG_LEVEL`).
 */
export function brokerLoggersStartupScript(configDir: string): string {
  return levelsIntoLog4j(configDir, { removed: CONSOLE_THRESHOLD });
}

const CONSOLE_THRESHOLD = 'log4j.appender.stdout.threshold';
const CONSOLE_THRESHOLD_TRACE = `${CONSOLE_THRESHOLD}=TRACE`;

function levelsIntoLog4j(configDir: string, edit: { readonly block?: readonly string[]; readonly removed?: string }): string {
  const file = `${configDir}/log4j.properties`;
  const levels = LOGGER_LEVELS_PATH;
  const begin = `# ${LOGGERS.marker}: begin`;
  const end = `# ${LOGGERS.marker}: end`;
  const removed = edit.removed === undefined ? '' : ` -e '/^${edit.removed.replace(/\./g, '\\.')}=/d'`;
  return [
    `f=${file}`,
    `[ -f "$f" ] || cp "$KAFKA_HOME/config.orig/log4j.properties" "$f"`,
    `sed -i -e '/^${begin}$/,/^${end}$/d'${removed} "$f"`,
    `{ echo '${begin}'${(edit.block ?? []).map((line) => `; echo '${line}'`).join('')}`,
    `  if [ -r ${levels} ]; then sed -n -E 's/^([A-Za-z_$][A-Za-z0-9_$.]*)=(TRACE|DEBUG|INFO|WARN|ERROR)$/log4j.logger.\\1=\\2/p' ${levels}; fi`,
    `  echo '${end}'; } >> "$f"`,
  ].join('\n');
}

/** The task that applies kafka.loggers to the running brokers, by their ids (and, where the target says so, writes the file). */
export function brokerLoggersTask(
  levels: Readonly<Record<string, string>>,
  image: string,
  bootstrapServers: string,
  brokerIds: readonly string[],
  kafkaVersion: string,
): TaskSpec {
  return {
    kind: TaskKind.BROKER_LOGGERS,
    name: BROKER_LOGGERS.taskName,
    image,
    script: BROKER_LOGGERS.script,
    env: {
      BOOTSTRAP_SERVERS: bootstrapServers,
      [BROKER_LOGGERS.brokerIdsEnv]: brokerIds.join(' '),
      [LOGGERS.levelsEnv]: loggerLevelsFile(levels),
      ...kafkaToolsEnv(kafkaVersion),
    },
    keepAlive: false,
    memoryLimit: Size.mebibytes(512),
    health: TASK_HEALTH,
    stopGraceSeconds: 10,
    after: { components: [Component.KAFKA], topicsTask: false, tasks: [] },
  };
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

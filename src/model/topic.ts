import { kafkaToolsEnv } from './image';
import { Component, FileMountSpec } from './nodes';
import { Size } from './size';
import { Deferred, SecretEnv, TASK_HEALTH, TaskKind, TaskSpec, TOPICS_SCRIPT } from './tasks';
import { Problems } from './validation';

/** Kafka's own limit on topic name length. */
export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;

/** Returns why `name` is not a legal Kafka topic name, or undefined when it is. */
export function topicNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'is empty';
  if (name === '.' || name === '..') return `"${name}" is reserved`;
  if (name.length > MAX_TOPIC_NAME_LENGTH)
    return `"${name.slice(0, 40)}…" is ${name.length} characters long (at most ${MAX_TOPIC_NAME_LENGTH})`;
  if (!LEGAL_TOPIC.test(name)) return `"${name}" contains characters other than a-z, A-Z, 0-9, ".", "_" and "-"`;
  return undefined;
}

export function checkTopicName(problems: Problems, field: string, name: string): void {
  const why = topicNameProblem(name);
  if (why) problems.add(field, `topic name ${why}`, 'use only letters, digits, ".", "_" and "-", at most 249 characters');
}

/** `InternalTopicsInput` as the model takes it (the public type, src/connect-workers.ts, documents each field). */
export interface InternalTopicsInput {
  readonly replicationFactor?: number;
  readonly offsetPartitions?: number;
  readonly statusPartitions?: number;
  readonly configPartitions?: number;
  readonly precreate?: boolean;
}

export const INTERNAL_TOPIC_DEFAULTS = {
  maxReplicationFactor: 3,
  offsetPartitions: 25,
  statusPartitions: 5,
  configPartitions: 1,
  cleanupPolicy: 'compact',
} as const;

/** A topic as the model knows it. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: { readonly [key: string]: string };
}

export interface ResolvedInternalTopics {
  readonly config: TopicSpec;
  readonly offset: TopicSpec;
  readonly status: TopicSpec;
}

/**
 * A topic's replication factor: the one given, else min(3, brokers); reported at `field` when it is not a whole
 * number or above the number of brokers. A broker count that is not one (reported at kafka.brokers) gives a
 * default of 1 and is compared with nothing.
 */
function replicationFactor(problems: Problems, field: string, given: number | undefined, brokers: number): number {
  const counted = Number.isInteger(brokers) && brokers >= 1;
  const rf = given ?? (counted ? Math.min(INTERNAL_TOPIC_DEFAULTS.maxReplicationFactor, brokers) : 1);
  if (problems.integer(field, rf, 1, 32767) && counted && rf > brokers) {
    problems.add(
      field,
      `replication factor ${rf} is greater than the number of brokers (${brokers})`,
      `set it to at most ${brokers}, or add brokers (kafka.brokers)`,
    );
  }
  return rf;
}

export function resolveInternalTopics(
  problems: Problems,
  names: { config: string; offset: string; status: string },
  options: InternalTopicsInput,
  brokers: number,
): ResolvedInternalTopics {
  const rf = replicationFactor(problems, 'connect.internalTopics.replicationFactor', options.replicationFactor, brokers);
  const configPartitions = options.configPartitions ?? INTERNAL_TOPIC_DEFAULTS.configPartitions;
  if (configPartitions !== 1) {
    problems.add(
      'connect.internalTopics.configPartitions',
      `the config storage topic must have exactly 1 partition, got ${JSON.stringify(configPartitions)}`,
      'remove configPartitions or set it to 1',
    );
  }
  const offsetPartitions = options.offsetPartitions ?? INTERNAL_TOPIC_DEFAULTS.offsetPartitions;
  problems.integer('connect.internalTopics.offsetPartitions', offsetPartitions, 1, 10000);
  const statusPartitions = options.statusPartitions ?? INTERNAL_TOPIC_DEFAULTS.statusPartitions;
  problems.integer('connect.internalTopics.statusPartitions', statusPartitions, 1, 10000);
  const compact = { 'cleanup.policy': INTERNAL_TOPIC_DEFAULTS.cleanupPolicy };
  return {
    config: { name: names.config, partitions: 1, replicationFactor: rf, config: compact },
    offset: { name: names.offset, partitions: offsetPartitions, replicationFactor: rf, config: compact },
    status: { name: names.status, partitions: statusPartitions, replicationFactor: rf, config: compact },
  };
}

/** `cleanup.policy` values (the public `CleanupPolicy`'s, src/kafka-topic.ts). */
export enum CleanupPolicy {
  DELETE = 'delete',
  COMPACT = 'compact',
  COMPACT_DELETE = 'compact,delete',
}

/** `KafkaTopicInput` as the model takes it (the public type, src/kafka-topic.ts, documents each field). */
export interface KafkaTopicInput {
  readonly name: string;
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly cleanupPolicy?: `${CleanupPolicy}`;
  readonly retentionMs?: number;
  readonly minInSyncReplicas?: number;
  readonly config?: { [key: string]: string };
}

const TYPED_TOPIC_KEYS: Record<string, string> = {
  'cleanup.policy': 'cleanupPolicy',
  'retention.ms': 'retentionMs',
  'min.insync.replicas': 'minInSyncReplicas',
};
const TOPIC_CONFIG_KEY = /^[a-z0-9]+(\.[a-z0-9]+)*$/;
const TOPIC_CONFIG_VALUE = /^[^\s;]+$/;

export function resolveTopic(problems: Problems, options: KafkaTopicInput, brokers: number): TopicSpec {
  checkTopicName(problems, 'name', options.name);
  const partitions = options.partitions ?? 1;
  problems.integer('partitions', partitions, 1, 100000);
  const rf = replicationFactor(problems, 'replicationFactor', options.replicationFactor, brokers);
  const config: Record<string, string> = {};
  if (options.cleanupPolicy !== undefined) {
    if (!(Object.values(CleanupPolicy) as string[]).includes(options.cleanupPolicy)) {
      problems.add(
        'cleanupPolicy',
        `${JSON.stringify(options.cleanupPolicy)} is not a cleanup policy`,
        'use CleanupPolicy.DELETE, COMPACT or COMPACT_DELETE',
      );
    }
    config['cleanup.policy'] = options.cleanupPolicy;
  }
  if (options.retentionMs !== undefined) {
    problems.integer('retentionMs', options.retentionMs, -1, Number.MAX_SAFE_INTEGER);
    config['retention.ms'] = String(options.retentionMs);
  }
  if (options.minInSyncReplicas !== undefined) {
    if (problems.integer('minInSyncReplicas', options.minInSyncReplicas, 1, 32767) && options.minInSyncReplicas > rf) {
      problems.add(
        'minInSyncReplicas',
        `min.insync.replicas ${options.minInSyncReplicas} is greater than the replication factor ${rf}`,
        'make it at most the replication factor, or producers with acks=all can never write',
      );
    }
    config['min.insync.replicas'] = String(options.minInSyncReplicas);
  }
  for (const [key, value] of Object.entries(options.config ?? {})) {
    const field = `config["${key}"]`;
    if (TYPED_TOPIC_KEYS[key]) problems.add(field, `"${key}" has a typed field`, `use ${TYPED_TOPIC_KEYS[key]} instead`);
    else if (!TOPIC_CONFIG_KEY.test(key))
      problems.add(
        field,
        `"${key}" is not a topic config name`,
        'topic configs are lowercase dot-separated names, e.g. "max.message.bytes"',
      );
    if (typeof value !== 'string' || !TOPIC_CONFIG_VALUE.test(value)) {
      problems.add(field, `value ${JSON.stringify(value)} is empty or contains whitespace or ";"`, 'give a single token value');
    }
    config[key] = value;
  }
  return { name: options.name, partitions, replicationFactor: rf, config };
}

/** One line per topic for the topics task: `name partitions rf create-configs alter-configs`. */
export function topicTaskLine(t: TopicSpec): string {
  const keys = Object.keys(t.config).sort();
  const create = keys.map((k) => `${k}=${t.config[k]}`).join(';') || '-';
  // kafka-configs takes a comma-separated list; a value with commas is bracketed.
  const alter = keys.map((k) => `${k}=${t.config[k].includes(',') ? `[${t.config[k]}]` : t.config[k]}`).join(',') || '-';
  return `${t.name} ${t.partitions} ${t.replicationFactor} ${create} ${alter}`;
}

/** What a task needs to reach a secured Kafka (`kafkaClientOfTasks`). */
export interface TaskKafkaClient {
  readonly env: { readonly [name: string]: string };
  readonly fileMounts: FileMountSpec[];
  readonly secrets: SecretEnv;
}

/** The task that creates every declared topic, run in the Kafka image with its own tools. */
export function topicsTask(
  lines: Deferred,
  image: string,
  bootstrapServers: string,
  kafkaVersion: string,
  client?: TaskKafkaClient,
): TaskSpec {
  return {
    kind: TaskKind.TOPICS,
    name: 'topics',
    image,
    script: TOPICS_SCRIPT,
    env: {
      BOOTSTRAP_SERVERS: bootstrapServers,
      TOPICS: lines,
      ...kafkaToolsEnv(kafkaVersion),
      ...(client?.env ?? {}),
    },
    ...(client && client.fileMounts.length > 0 ? { fileMounts: client.fileMounts } : {}),
    ...(client && Object.keys(client.secrets).length > 0 ? { secrets: client.secrets } : {}),
    keepAlive: false,
    memoryLimit: Size.mebibytes(512),
    health: TASK_HEALTH,
    stopGraceSeconds: 10,
    after: { components: [Component.KAFKA], topicsTask: false, tasks: [] },
  };
}

/**
 * Kafka refuses a topic whose name equals an existing one's after replacing "." with "_" (they would share
 * metric names), so two declared topics that differ only there cannot both be created.
 */
export function topicCollisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

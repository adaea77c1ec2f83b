import { Problems } from './validation';

/** Kafka's own limit on topic name length. */
export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;

/** Returns why `name` is not a legal Kafka topic name, or undefined when it is. */
export function topicNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'is empty';
  if (name === '.' || name === '..') return `"${name}" is reserved`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) return `"${name.slice(0, 40)}…" is ${name.length} characters long (at most ${MAX_TOPIC_NAME_LENGTH})`;
  if (!LEGAL_TOPIC.test(name)) return `"${name}" contains characters other than a-z, A-Z, 0-9, ".", "_" and "-"`;
  return undefined;
}

export function checkTopicName(problems: Problems, field: string, name: string): void {
  const why = topicNameProblem(name);
  if (why) problems.add(field, `topic name ${why}`, 'use only letters, digits, ".", "_" and "-", at most 249 characters');
}

/** Settings of the three topics a Connect group keeps its state in. Connect creates them, always compacted. */
export interface InternalTopicsOptions {
  /**
   * Replication factor of the config, offset and status topics.
   * @default min(3, number of brokers)
   */
  readonly replicationFactor?: number;
  /**
   * Partitions of the offset storage topic (the seed: "many partitions").
   * @default 25
   */
  readonly offsetPartitions?: number;
  /**
   * Partitions of the status storage topic.
   * @default 5
   */
  readonly statusPartitions?: number;
  /**
   * Partitions of the config storage topic. Kafka Connect requires exactly 1; the field exists so a wrong
   * value carried over from elsewhere is refused rather than silently ignored.
   * @default 1
   */
  readonly configPartitions?: number;
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

export function resolveInternalTopics(
  problems: Problems,
  names: { config: string; offset: string; status: string },
  options: InternalTopicsOptions,
  brokers: number,
): ResolvedInternalTopics {
  const rf = options.replicationFactor ?? Math.min(INTERNAL_TOPIC_DEFAULTS.maxReplicationFactor, brokers);
  if (problems.integer('connect.internalTopics.replicationFactor', rf, 1, 32767) && rf > brokers) {
    problems.add(
      'connect.internalTopics.replicationFactor',
      `replication factor ${rf} is greater than the number of brokers (${brokers})`,
      `set it to at most ${brokers}, or add brokers (kafka.brokers)`,
    );
  }
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

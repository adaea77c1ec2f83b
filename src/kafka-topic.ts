import { Construct } from 'constructs';
import { IConnectCluster } from './connect-cluster-ref';
import { TopicSpec, resolveTopic } from './model/topic';
import { Problems } from './model/validation';
import { clusterContext } from './private/cluster-context';

/** `cleanup.policy` of a topic. */
export enum CleanupPolicy {
  /** Segments older than the retention (`retention.ms`, `retention.bytes`) are deleted. */
  DELETE = 'delete',
  /** Only the latest record of each key is kept (log compaction). */
  COMPACT = 'compact',
  /** Compacted, and segments older than the retention are deleted as well. */
  COMPACT_DELETE = 'compact,delete',
}

/** What `ConnectCluster.addTopic()` takes: a topic declared in code, created by the cluster's topics task. */
export interface KafkaTopicOptions {
  /** Topic name: letters, digits, ".", "_" and "-", at most 249 characters. */
  readonly name: string;
  /**
   * Number of partitions. Partitions can grow later; they never shrink.
   * @default 1
   */
  readonly partitions?: number;
  /**
   * Replication factor, at most the number of brokers.
   * @default min(3, number of brokers)
   */
  readonly replicationFactor?: number;
  /** `cleanup.policy`. @default the broker's default (delete) */
  readonly cleanupPolicy?: CleanupPolicy;
  /** `retention.ms`; -1 keeps records forever. @default the broker's default */
  readonly retentionMs?: number;
  /** `min.insync.replicas`, at most the replication factor. @default the broker's default */
  readonly minInSyncReplicas?: number;
  /** Any other topic config, e.g. `{ 'max.message.bytes': '2097152' }`. @default none */
  readonly config?: { [key: string]: string };
}

/** Props of a `KafkaTopic` created directly rather than through `ConnectCluster.addTopic()`. */
export interface KafkaTopicProps extends KafkaTopicOptions {
  /** The cluster whose brokers hold the topic. */
  readonly cluster: IConnectCluster;
}

/** A topic declared in code; created by the cluster's topics task. Use `cluster.addTopic(...)`. */
export class KafkaTopic extends Construct {
  /** @internal the resolved topic, undefined when the props are invalid (synth then fails). */
  public readonly _spec?: TopicSpec;
  /** The topic's name in Kafka. */
  public readonly topicName: string;

  /**
   * @param scope the construct the topic belongs to (`addTopic()` uses the cluster's `Topics`).
   * @param id the construct id (`addTopic()` derives it from the topic name).
   * @param props the cluster, the topic's name, partitions, replication and config.
   */
  constructor(scope: Construct, id: string, props: KafkaTopicProps) {
    super(scope, id);
    this.topicName = props.name;
    const cluster = clusterContext(this, props.cluster);
    if (!cluster) return;
    // The cluster is invalid and synth reports why; the topic is checked once the cluster is fixed.
    const model = cluster.model();
    if (!model) return;
    const problems = new Problems(this.node.path);
    const spec = resolveTopic(problems, props, model.brokerCount);
    // Reported with the cluster's problems, in one list (the message names the topic's construct path).
    if (problems.empty) this._spec = spec;
    else cluster.report(problems.list);
    cluster.declareTopic(this._spec);
  }
}

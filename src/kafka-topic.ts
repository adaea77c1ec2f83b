import { Construct } from 'constructs';
import { IConnectCluster } from './connect-cluster-ref';
import { KafkaTopicOptions, TopicSpec, resolveTopic } from './model/topic';
import { Problems } from './model/validation';
import { clusterContext } from './private/cluster-context';

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

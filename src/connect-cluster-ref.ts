import { IConstruct } from 'constructs';

/**
 * A Debezium Kafka Connect cluster that topics and connectors are declared on: a `ConnectCluster`. The props of
 * `KafkaTopic` and `Connector` name their cluster by this interface, so that neither imports the cluster's class.
 */
export interface IConnectCluster extends IConstruct {
  /** REST API URLs of the Connect workers; empty when the cluster's props are invalid. */
  readonly restUrls: string[];
  /** Bootstrap servers (`host:port,…`) of the Kafka the workers use; empty when the cluster's props are invalid. */
  readonly bootstrapServers: string;
}

export * from './connect-cluster';
export { IConnectCluster } from './connect-cluster-ref';
export * from './target';
export * from './docker/options';
export * from './docker/target';
export * from './kubernetes/options';
export * from './kubernetes/target';
export { Size, HeapOptions } from './model/size';
export { CoordinationMode, ImageOptions } from './model/image';
export { ZooKeeperOptions } from './model/zookeeper';
export { KafkaOptions } from './model/kafka';
export { KRaftOptions } from './model/kraft';
export * from './connect-workers';
export { InternalTopicsOptions } from './model/topic';
export { Secret, SecretFiles, SecretFilesMount } from './secret';
export { Connector, ConnectorAutoRestart, ConnectorOptions, ConnectorProps } from './connector';
export {
  ConnectorSource,
  DatabaseConnectorSourceOptions,
  PostgresConnectorSourceOptions,
  MySqlConnectorSourceOptions,
  GenericConnectorSourceOptions,
  PostgresSnapshotMode,
  MySqlSnapshotMode,
  PostgresPluginName,
} from './connector-source';
export { ConnectorState } from './model/connector';
export { KafkaTopic, KafkaTopicProps } from './kafka-topic';
export { KafkaTopicOptions, CleanupPolicy } from './model/topic';
export { Component } from './model/nodes';
export { PluginSource, MavenPluginSourceOptions, UrlPluginSourceOptions, PluginDirectoryOptions, PluginsOptions } from './plugin';

export * from './connect-cluster';
export * from './target';
export { Size, HeapOptions } from './model/size';
export { CoordinationMode, ImageOptions } from './model/image';
export { ZooKeeperOptions } from './model/zookeeper';
export { KafkaOptions } from './model/kafka';
export { KRaftOptions } from './model/kraft';
export {
  ConnectWorkersOptions,
  Converters,
  ConnectorClientConfigOverridePolicy,
  LogLevel,
} from './model/connect-worker';
export { InternalTopicsOptions } from './model/topic';
export { ValidationProblem } from './model/validation';
export { Secret, SecretFiles, SecretFilesMount } from './secret';
export { Connector, ConnectorProps, ConnectorConstructProps } from './connector';
export {
  ConnectorSource,
  DatabaseSourceOptions,
  PostgresSourceOptions,
  MySqlSourceOptions,
  GenericConnectorOptions,
  PostgresSnapshotMode,
  MySqlSnapshotMode,
  PostgresPluginName,
} from './connector-source';
export { ConnectorState, ConnectorSpec, SourceProblem } from './model/connector';
export { KafkaTopic, KafkaTopicProps } from './kafka-topic';
export { TopicOptions, CleanupPolicy, TopicSpec, ResolvedInternalTopics } from './model/topic';
export { ClusterModel, NetworkInput, RestEndpoint } from './model/cluster-model';
export { Component, ComponentSpec, FileMountSpec, FileSourceKind, HealthCheckSpec, NetworkKind, NodeSpec, PortSpec, VolumeSpec } from './model/nodes';
export { ResolvedImages } from './model/image';
export { SecretDelivery, SecretRef, SecretSource } from './model/secret-ref';
export { PluginSource, MavenPluginSourceOptions, UrlPluginSourceOptions, PluginDirectoryOptions, PluginsOptions } from './plugin';

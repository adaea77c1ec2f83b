export * from './connect-cluster';
export { IConnectCluster } from './connect-cluster-ref';
export * from './target';
export * from './docker/options';
export * from './docker/target';
export * from './kubernetes/options';
export * from './kubernetes/target';
export * from './size';
export * from './image';
export * from './zookeeper';
export * from './kafka';
export * from './kraft';
export * from './connect-workers';
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
export * from './kafka-topic';
export * from './component';
export { PluginSource, MavenPluginSourceOptions, UrlPluginSourceOptions, PluginDirectoryOptions, PluginsOptions } from './plugin';

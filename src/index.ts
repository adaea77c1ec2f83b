export * from './connect-cluster';
export * from './target';
export { Size, HeapOptions } from './model/size';
export { CoordinationMode, ImageOptions } from './model/image';
export { ZooKeeperOptions } from './model/zookeeper';
export { KafkaOptions } from './model/kafka';
export {
  ConnectWorkersOptions,
  Converters,
  ConnectorClientConfigOverridePolicy,
  LogLevel,
} from './model/connect-worker';
export { InternalTopicsOptions } from './model/topic';
export { ConnectClusterValidationError, ValidationProblem } from './model/validation';

/**
 * Prometheus metrics of a cluster: the JMX exporter's Java agent in every Connect worker and, when the cluster runs
 * Kafka, every broker and KRaft controller, each serving `/metrics` (Kafka Connect's connector, task, worker and
 * client metrics, Debezium's streaming, snapshot and schema history metrics, the brokers' and controllers', and the
 * JVM's).
 */
export interface MetricsOptions {
  /**
   * Export Prometheus metrics. The agent (`io.prometheus.jmx:jmx_prometheus_javaagent`, pinned, SHA-512 verified) is
   * downloaded at apply time: on Docker into derived images of the Connect and Kafka images, on Kubernetes by an init
   * container of each pod (the plugins' fetch image).
   * @default false
   */
  readonly prometheus?: boolean;
  /**
   * Port each node serves `/metrics` on: the container port named `metrics` on Kubernetes. On Docker node i (from 0:
   * controllers, brokers, then workers) takes `port + i`, on 127.0.0.1 of the Docker host — bound there with host
   * networking, published there on a bridge.
   * @default 9404
   */
  readonly port?: number;
  /**
   * Base URL (https) of the Maven repository the agent is downloaded from (an internal mirror, for example).
   * @default the cluster's `plugins.mavenRepositoryUrl`, else Maven Central (https://repo1.maven.org/maven2)
   */
  readonly mavenRepositoryUrl?: string;
}

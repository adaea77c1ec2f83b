import type { ClusterModel } from './cluster-model';
import { connectorSecretEnv, ConnectorSpec, connectorTasks, validateAutoRestart, validateConnector } from './connector';
import { Deferred, SecretEnv, TaskSpec } from './tasks';
import {
  KAFKA_CLIENT_TLS,
  kafkaClientMounts,
  kafkaClientTaskEnv,
  schemaHistoryClientConflicts,
  withSchemaHistoryClient,
} from './kafka-client';
import { providedConnectorClasses } from './plugin';
import { invalidSecretRef, unreachableSecret } from './secret-ref';
import { Problems, ValidationProblem } from './validation';
import { TaskKafkaClient, topicsTask, topicTaskLine, TopicSpec } from './topic';

/**
 * What is declared on a cluster after its model is resolved (topics and connectors, which `ConnectCluster`
 * appends to `model.topics` and `model.connectors`), as the renderers need it: read at synthesis, so that a
 * declaration made after the components were rendered still reaches them.
 */

/** The topics the topics task creates: the storage topics when they are pre-created, then the declared ones. */
export function topicsToCreate(model: ClusterModel): TopicSpec[] {
  const internal = model.precreateInternalTopics
    ? [model.internalTopics.config, model.internalTopics.offset, model.internalTopics.status]
    : [];
  return [...internal, ...model.topics];
}

/** Whether the cluster has a topics task at synthesis: it pre-creates its storage topics or topics are declared. */
export function hasTopicsTask(model: ClusterModel): boolean {
  return model.precreateInternalTopics || model.topics.length > 0;
}

/**
 * A connector as declared (`spec.problems`: those its source found), checked against the cluster's model: its class
 * among the plugins, its config, state, secrets and auto-restart against the Kafka version and the target. When
 * valid, its schema history's clients reach Kafka as the workers do (set after the checks: the library's own
 * references, which a user may not set).
 */
export function resolveConnector(model: ClusterModel, spec: ConnectorSpec): { spec?: ConnectorSpec; problems: ValidationProblem[] } {
  const problems = new Problems(spec.constructPath);
  validateConnector(problems, spec, providedConnectorClasses(model.plugins), model.images.kafkaVersion, model.network.secretDelivery);
  for (const key of schemaHistoryClientConflicts(spec.config, model.kafkaSecurity)) {
    problems.add(`config["${key}"]`, `"${key}" is set by connect.kafkaSecurity for the schema history clients`, 'remove it');
  }
  validateAutoRestart(problems, spec.autoRestart, model.network);
  for (const [key, ref] of Object.entries(spec.secrets)) {
    const unreachable = unreachableSecret(ref, model.network);
    if (unreachable) problems.add(`secrets["${key}"]`, unreachable.problem, unreachable.fix);
    const invalid = invalidSecretRef(ref);
    if (invalid) problems.add(`secrets["${key}"]`, invalid.problem, invalid.fix);
  }
  if (!problems.empty) return { problems: problems.list };
  return {
    spec: { ...spec, config: withSchemaHistoryClient(spec.config, model.kafkaSecurity, model.network.secretDelivery) },
    problems: [],
  };
}

/** A valid connector declared on the cluster: it joins the model with its tasks, which are returned to render. */
export function connectorDeclared(model: ClusterModel, spec: ConnectorSpec): readonly TaskSpec[] {
  const tasks = connectorTasks(
    spec,
    model.images.connect,
    model.restClient,
    model.network.secretDelivery,
    model.network.reconcilesConnectors,
  );
  model.connectors.push(spec);
  model.tasks.push(...tasks);
  return tasks;
}

/** The cluster's topics task, after the brokers; its topic list is read at synthesis. */
export function clusterTopicsTask(model: ClusterModel): TaskSpec {
  const lines = new Deferred(() => topicsToCreate(model).map(topicTaskLine).join('\n'));
  return topicsTask(lines, model.images.kafka, model.bootstrapServers, model.images.kafkaVersion, kafkaClientOfTasks(model));
}

/**
 * How a task reaches a secured Kafka: the client settings in its environment, the certificate files mounted as in
 * the workers, and the SASL password delivered as the workers' is. Undefined against a plain-text Kafka.
 */
export function kafkaClientOfTasks(model: ClusterModel): TaskKafkaClient | undefined {
  const security = model.kafkaSecurity;
  if (security === undefined) return undefined;
  const password = model.workerSecrets[KAFKA_CLIENT_TLS.passwordEnv];
  return {
    env: kafkaClientTaskEnv(security, model.network.secretDelivery),
    fileMounts: kafkaClientMounts(security),
    secrets: security.sasl && password ? { [KAFKA_CLIENT_TLS.passwordEnv]: password } : {},
  };
}

/** The workers' secrets and every declared connector's, by worker environment variable. */
export function clusterSecretEnv(model: ClusterModel): SecretEnv {
  const out: Record<string, SecretEnv[string]> = { ...model.workerSecrets };
  for (const c of model.connectors) Object.assign(out, connectorSecretEnv(c));
  return out;
}

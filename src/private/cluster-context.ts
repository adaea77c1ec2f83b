import type { Construct, IConstruct } from 'constructs';
import type { ClusterModel } from '../model/cluster-model';
import type { ConnectorSpec } from '../model/connector';
import type { TopicSpec } from '../model/topic';
import { formatProblem, ValidationProblem } from '../model/validation';

/**
 * The one door between a cluster and what is declared on it (`KafkaTopic`, `Connector`): what a declaration may
 * ask of its cluster and tell it. The cluster registers it; nothing else of the cluster is reachable.
 */
export interface ClusterContext {
  /** The resolved model; undefined when the cluster is invalid (synth then reports the cluster's problems). */
  model(): ClusterModel | undefined;
  /** A topic, created by the cluster's topics task; undefined when its props are invalid (reported instead). */
  declareTopic(spec: TopicSpec | undefined): void;
  /** A valid connector: the cluster renders its tasks under `scope`, after the workers (and the topics task). */
  declareConnector(scope: Construct, spec: ConnectorSpec): void;
  /** Problems of a declaration, reported with the cluster's in its one validation. */
  report(problems: ValidationProblem[]): void;
}

const contexts = new WeakMap<IConstruct, ClusterContext>();

/** Registers the context of `cluster` (once, by the cluster itself). */
export function registerClusterContext(cluster: IConstruct, context: ClusterContext): void {
  contexts.set(cluster, context);
}

/**
 * The context of the cluster a declaration names; undefined when `cluster` is not a ConnectCluster (a caller
 * without types), which is then a problem of the declaration, reported at synth with the field and the fix.
 */
export function clusterContext(declaration: Construct, cluster: unknown): ClusterContext | undefined {
  const context = typeof cluster === 'object' && cluster !== null ? contexts.get(cluster as IConstruct) : undefined;
  if (context === undefined) {
    const problem = formatProblem({
      construct: declaration.node.path,
      field: 'cluster',
      message: `${String(cluster)} is not a ConnectCluster`,
      fix: 'pass the ConnectCluster the declaration belongs to, or use cluster.addTopic() / cluster.addConnector()',
    });
    declaration.node.addValidation({ validate: () => [problem] });
  }
  return context;
}

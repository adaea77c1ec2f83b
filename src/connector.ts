import { Construct } from 'constructs';
import { IConnectCluster } from './connect-cluster-ref';
import { ConnectorSource } from './connector-source';
import { ConnectorSpec, ConnectorState, validateConnector } from './model/connector';
import { invalidSecretRef, unreachableSecret } from './model/secret-ref';
import { providedConnectorClasses } from './model/plugin';
import { Problems } from './model/validation';
import { clusterContext } from './private/cluster-context';
import { nameOfChildConstructId } from './model/construct-ids';

/** What `ConnectCluster.addConnector()` takes: the connector's source and its desired state. */
export interface ConnectorOptions {
  /** What the connector runs. */
  readonly source: ConnectorSource;
  /** The state the connector is put in after each apply. @default ConnectorState.RUNNING */
  readonly state?: ConnectorState;
}

/** Props of a `Connector` created directly rather than through `ConnectCluster.addConnector()`. */
export interface ConnectorProps extends ConnectorOptions {
  /** The cluster whose Connect workers run the connector. */
  readonly cluster: IConnectCluster;
}

/** A connector instance declared in code. Use `cluster.addConnector(name, ...)`. */
export class Connector extends Construct {
  /** The connector's name in Kafka Connect. */
  public readonly connectorName: string;
  /** @internal the resolved connector (plain values; secrets only as references); undefined when invalid. */
  public readonly _spec?: ConnectorSpec;

  /**
   * @param scope the construct the connector belongs to (`addConnector()` uses the cluster's `Connectors`).
   * @param name the connector's name in Kafka Connect, also its construct id; usable in a REST path.
   * @param props the cluster, the connector's source and its desired state.
   */
  constructor(scope: Construct, name: string, props: ConnectorProps) {
    super(scope, name);
    this.connectorName = nameOfChildConstructId(name);
    const cluster = clusterContext(this, props.cluster);
    if (!cluster) return;
    // The cluster is invalid and synth reports why; the connector is checked once the cluster is fixed.
    const model = cluster.model();
    if (!model) return;
    const resolved =
      props.source instanceof ConnectorSource
        ? props.source._resolve({ bootstrapServers: model.bootstrapServers })
        : {
            className: '',
            config: {},
            secrets: {},
            problems: [
              {
                field: 'source',
                message: 'no connector source given',
                fix: 'pass source: ConnectorSource.postgres({...}), .mysql({...}) or .generic({...})',
              },
            ],
          };
    const spec: ConnectorSpec = {
      name: this.connectorName,
      className: resolved.className,
      config: resolved.config,
      secrets: resolved.secrets,
      state: props.state ?? ConnectorState.RUNNING,
      constructPath: this.node.path,
      problems: resolved.problems,
    };
    const problems = new Problems(this.node.path);
    validateConnector(problems, spec, providedConnectorClasses(model.plugins), model.images.kafkaVersion, model.network.secretDelivery);
    for (const [key, ref] of Object.entries(spec.secrets)) {
      const unreachable = unreachableSecret(ref, model.network);
      if (unreachable) problems.add(`secrets["${key}"]`, unreachable.problem, unreachable.fix);
      const invalid = invalidSecretRef(ref);
      if (invalid) problems.add(`secrets["${key}"]`, invalid.problem, invalid.fix);
    }
    if (!problems.empty) {
      // Reported with the cluster's problems, in one list (the message names the connector's construct path).
      cluster.report(problems.list);
      return;
    }
    this._spec = spec;
    cluster.declareConnector(this, spec);
  }
}

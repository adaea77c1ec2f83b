import { Construct } from 'constructs';
import { IConnectCluster } from './connect-cluster-ref';
import { ConnectorSource, ConnectorState } from './connector-source';
import { ConnectorSpec } from './model/connector';
import { resolveConnector } from './model/declarations';
import { clusterContext } from './private/cluster-context';
import { nameOfChildConstructId } from './model/construct-ids';

/** What `ConnectCluster.addConnector()` takes: the connector's source and its desired state. */
export interface ConnectorOptions {
  /** What the connector runs. */
  readonly source: ConnectorSource;
  /** The state the connector is put in after each apply. @default ConnectorState.RUNNING */
  readonly state?: ConnectorState;
  /**
   * Restarts of the connector or its tasks when they are FAILED, with a back-off, by the connector's sentinel
   * (on both targets, which tell a stop of the sentinel from the connector's removal).
   * @default restarts enabled, with no bound
   */
  readonly autoRestart?: ConnectorAutoRestart;
}

/**
 * Automatic restarts of a FAILED connector or task (`POST /connectors/<name>/restart?includeTasks=true&onlyFailed=true`).
 * The first restart comes at once; after the n-th restart in a row the next waits n² + n minutes (2, 6, 12 … at
 * most 60). The count starts again after 10 minutes without a failure. Each restart is logged by the connector's
 * sentinel with the failure's trace.
 */
export interface ConnectorAutoRestart {
  /** Whether FAILED instances are restarted. @default true */
  readonly enabled?: boolean;
  /**
   * At most this many restarts in a row; past it the connector is left FAILED (and the sentinel says so) until it
   * runs again or its sentinel is re-created. A whole number from 1 to 1000.
   * @default no bound
   */
  readonly maxRestarts?: number;
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
      autoRestart: props.autoRestart,
      constructPath: this.node.path,
      problems: resolved.problems,
    };
    const connector = resolveConnector(model, spec);
    if (!connector.spec) {
      // Reported with the cluster's problems, in one list (the message names the connector's construct path).
      cluster.report(connector.problems);
      return;
    }
    this._spec = connector.spec;
    cluster.declareConnector(this, this._spec);
  }
}

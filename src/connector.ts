import { dependable, ITerraformDependable, TerraformResource } from 'cdktf';

import { Construct } from 'constructs';
import type { ConnectCluster } from './connect-cluster';
import { ConnectorSource } from './connector-source';
import {
  ConnectorSpec,
  ConnectorState,
  connectorApplyTask,
  connectorSecretEnv,
  connectorSentinelTask,
  validateConnector,
} from './model/connector';
import { invalidSecretRef, unreachableSecret } from './model/secret-ref';
import { providedConnectorClasses } from './model/plugin';
import { Problems } from './model/validation';
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
  readonly cluster: ConnectCluster;
}

/** A connector instance declared in code. Use `cluster.addConnector(name, ...)`. */
export class Connector extends Construct {
  /** The connector's name in Kafka Connect. */
  public readonly connectorName: string;
  /** @internal the resolved connector (plain values; secrets only as references); undefined when invalid. */
  public readonly _spec?: ConnectorSpec;
  /** @internal worker environment variables this connector's secrets need. */
  public readonly _secretEnv: ReturnType<typeof connectorSecretEnv> = {};
  private task?: ITerraformDependable;

  /**
   * @param scope the construct the connector belongs to (`addConnector()` uses the cluster's `Connectors`).
   * @param name the connector's name in Kafka Connect, also its construct id; usable in a REST path.
   * @param props the cluster, the connector's source and its desired state.
   */
  constructor(scope: Construct, name: string, props: ConnectorProps) {
    super(scope, name);
    this.connectorName = nameOfChildConstructId(name);
    const cluster = props.cluster;
    const model = cluster._model;
    if (!model || !cluster._usable) {
      // The cluster is invalid and synth reports why; the connector is checked once the cluster is fixed.
      cluster._registerConnector(this);
      return;
    }
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
    validateConnector(problems, spec, providedConnectorClasses(cluster._plugins), model.images.kafkaVersion, model.secretDelivery);
    for (const [key, ref] of Object.entries(spec.secrets)) {
      const unreachable = unreachableSecret(ref, model.network);
      if (unreachable) problems.add(`secrets["${key}"]`, unreachable.problem, unreachable.fix);
      const invalid = invalidSecretRef(ref);
      if (invalid) problems.add(`secrets["${key}"]`, invalid.problem, invalid.fix);
    }
    if (!problems.empty) {
      // Reported with the cluster's problems, in one list (the message names the connector's construct path).
      cluster._report(problems.list);
      return;
    }
    this._spec = spec;
    this._secretEnv = connectorSecretEnv(spec);
    const after = cluster._registerConnector(this)!;
    const renderer = cluster._renderer!;
    const sentinel = renderer.renderTask(
      new Construct(this, 'Sentinel'),
      connectorSentinelTask(spec, model.images.connect, model.restEndpoints),
      after,
    );
    this.task = renderer.renderTask(
      new Construct(this, 'Apply'),
      connectorApplyTask(spec, model.images.connect, model.restEndpoints, model.secretDelivery),
      [...after, sentinel],
    );
  }

  /** @internal run after `other` (the topics task, declared after this connector). */
  public _dependOn(other: ITerraformDependable): void {
    if (this.task instanceof TerraformResource) this.task.dependsOn = [...(this.task.dependsOn ?? []), dependable(other)];
  }
}

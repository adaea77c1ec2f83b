import { Addressing, FileSource } from './nodes';
import { SecretDelivery, SecretSource } from './secret-ref';
import { Problems } from './validation';

/**
 * Target facts the model needs (how the target is reached and what it can run, not what it renders). Given by
 * `Target._network()` from the target's policy; the model asks these instead of branching on `kind`.
 */
export interface NetworkInput {
  /** Kubernetes namespace (pod DNS names include it). */
  readonly namespace?: string;
  /** Docker: publish the REST API on all host interfaces instead of 127.0.0.1. */
  readonly publishRestOnAllInterfaces?: boolean;
  /** Docker bridge: first host port the workers' REST APIs are published on. */
  readonly restHostPortBase?: number;
  /** Where the target reaches the nodes and services the model names. */
  readonly addressing: Addressing;
  /**
   * Every node listens on the interfaces of one shared host (Docker host networking): ports step per node
   * (`port + i - 1`), nodes bind to 127.0.0.1, there is no Service in front of the workers, and a ZooKeeper
   * ensemble cannot run.
   */
  readonly sharedHost: boolean;
  /** The peer names the images derive themselves (ZooKeeper's `zoo.cfg`) resolve on the target's network. */
  readonly imagePeerNamesResolve: boolean;
  /** The workers' REST APIs are published on host ports from `restHostPortBase` (Docker bridge). */
  readonly publishesRestPorts: boolean;
  /** The nodes bind or publish ports of one host (Docker): two nodes may not take the same host port. */
  readonly nodesShareHostPorts: boolean;
  /**
   * The target renders a connector sentinel's declaration (`TaskSpec.declaration`), so a stop of the sentinel that
   * is not a removal leaves the connector running. Its sentinel can then hold the declared connector, be replaced
   * when that changes, and reconcile it (drift restored, FAILED restarted). Where not, replacing a sentinel would
   * delete its connector, so the sentinel only waits.
   */
  readonly reconcilesConnectors: boolean;
  /**
   * How the target opens the REST API beyond the cluster's own network, in words for a message ("behind a Service of
   * type LoadBalancer (target.restServiceType)"), where it does: a plain-HTTP API is then warned about.
   * @default undefined: reached only from the cluster's network (or this host's loopback)
   */
  readonly restExposure?: string;
  /** How connector secrets reach the workers. */
  readonly secretDelivery: SecretDelivery;
  /** The sources of `Secret`s the target can deliver to the workers; the first is the one to suggest. */
  readonly secretSources: readonly SecretSource[];
  /** The source of `SecretFiles` the target can mount. */
  readonly secretFileSource: FileSource;
  /** What the target runs the nodes in, for messages: "Docker containers", "Kubernetes pods". */
  readonly nodesNoun: string;
  /** What the target names after the cluster, for messages: "containers and volumes", "Kubernetes objects". */
  readonly objectsNoun: string;
  /**
   * Files on the synth machine reach the nodes (Docker builds the plugin image from them); where they do not
   * (Kubernetes), plugins must come from an image or a URL.
   */
  readonly localFilesReachNodes: boolean;
  /**
   * Where the host names of bootstrap servers resolve: two clusters of one scope with the same servers reach the
   * same Kafka (the cross-cluster storage-topic rule).
   */
  readonly nameScope: string;
  /** The target's name, for messages: "Docker", "Kubernetes". */
  readonly targetName: string;
  /** With `sharedHost`, for messages: the shared host ("the Docker host") and its networking ("Docker host networking"). */
  readonly sharedHostWording?: { readonly host: string; readonly networking: string };
  /** Checks of target options the model reports with its own (the Kubernetes namespace name). */
  validate?(problems: Problems): void;
}

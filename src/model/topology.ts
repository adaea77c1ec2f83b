import { CoordinationMode } from './image';
import type { NetworkInput } from './network';
import { Problems } from './validation';

/** DNS-1123 label; 30 characters leave room for the longest derived name (`<name>-kafka-controller-headless`, 56). */
const CLUSTER_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_CLUSTER_NAME_LENGTH = 30;

/** What every concept's resolver of one cluster shares: its name, coordination, network and log level. */
export interface Topology {
  readonly name: string;
  readonly coordination: CoordinationMode;
  readonly network: NetworkInput;
  /** Connect only: `connect.bootstrapServers` points at an existing Kafka, and no ZooKeeper, controller or broker runs. */
  readonly external: boolean;
  /** Every node listens on one shared host's interfaces (Docker host networking). */
  readonly hostMode: boolean;
  /** The interface the nodes bind: 127.0.0.1 on a shared host, else every interface. */
  readonly bindHost: string;
  /** The log level of every node (`connect.logLevel`, checked with the workers' options). */
  readonly logLevel: string;
}

/** The cluster's name, coordination mode and network (with the target's own checks), checked and shared. */
export function resolveTopology(
  problems: Problems,
  args: {
    readonly clusterName: string;
    readonly coordination?: CoordinationMode;
    readonly network: NetworkInput;
    readonly bootstrapServers?: unknown;
    /** `connect.logLevel` or its default. */
    readonly logLevel: string;
  },
): Topology {
  validateClusterName(problems, args.clusterName, args.network.objectsNoun);
  const coordination = args.coordination ?? CoordinationMode.ZOOKEEPER;
  if (!(Object.values(CoordinationMode) as string[]).includes(coordination)) {
    problems.add(
      'coordination',
      `${JSON.stringify(coordination)} is not a coordination mode`,
      'use CoordinationMode.ZOOKEEPER, CoordinationMode.KRAFT_COMBINED or CoordinationMode.KRAFT_DEDICATED_CONTROLLERS',
    );
  }
  const network = args.network;
  network.validate?.(problems);
  const hostMode = network.sharedHost;
  return {
    name: args.clusterName,
    coordination,
    network,
    external: args.bootstrapServers !== undefined,
    hostMode,
    bindHost: hostMode ? '127.0.0.1' : '0.0.0.0',
    logLevel: args.logLevel,
  };
}

/** A node count as nodes are built from it: one that is not a whole number from 1 to 100 (reported) builds one. */
export function nodeCount(n: number): number {
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : 1;
}

export function validateClusterName(problems: Problems, name: string, objectsNoun: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    problems.add('clusterName', 'cluster name is empty', 'set clusterName to a short lowercase name such as "inventory"');
    return;
  }
  if (name.length > MAX_CLUSTER_NAME_LENGTH) {
    problems.add(
      'clusterName',
      `"${name}" is ${name.length} characters long`,
      `use at most ${MAX_CLUSTER_NAME_LENGTH} characters (the names of its ${objectsNoun} are derived from it)`,
    );
  }
  if (!CLUSTER_NAME.test(name)) {
    problems.add(
      'clusterName',
      `"${name}" is not a DNS-1123 label`,
      'use lowercase letters, digits and "-", starting with a letter and ending with a letter or digit',
    );
  }
}

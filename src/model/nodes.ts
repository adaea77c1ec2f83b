import { HeapInput, Size } from './size';
import { Problems, show } from './validation';

/** The services of a cluster (the public `Component`'s values, src/component.ts). */
export enum Component {
  ZOOKEEPER = 'zookeeper',
  KAFKA = 'kafka',
  KAFKA_CONTROLLER = 'kafka-controller',
  CONNECT = 'connect',
}

/**
 * How a target addresses what the model names: the model names nodes (`kafka-2`) and services (`kafka`); the
 * target says where they are reached (a network alias, 127.0.0.1, a pod's DNS name). Given by `Target`.
 */
export interface Addressing {
  /** Where node `ordinal` (from 1) of a component, named `nodeName` in the model, is reached by its peers. */
  nodeHost(clusterName: string, component: Component, ordinal: number, nodeName: string): string;
  /** Where the service of a component, named `linkName` in the model, is reached by clients in the cluster. */
  serviceHost(clusterName: string, component: Component, linkName: string): string;
}

/** A host and port of the Connect REST API. */
export interface RestEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface PortSpec {
  /** IANA-style name (`client`, `kafka`, `rest` …), also the Kubernetes port name. */
  readonly name: string;
  /** Port the process listens on. */
  readonly containerPort: number;
  /** Published on the Docker host, when set. */
  readonly hostPort?: number;
  /** Host interface the published port binds to. */
  readonly hostIp?: string;
}

export interface VolumeSpec {
  /** Logical name, unique within the node (`data`, `txns`, `logs`, `config`). */
  readonly name: string;
  readonly mountPath: string;
  /** Requested capacity where the target sizes volumes (Kubernetes claims). */
  readonly size: Size;
}

export interface HealthCheckSpec {
  /** Command run inside the container; exit 0 = healthy. */
  readonly command: string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
  /**
   * Seconds a starting node may take to pass its check before it is restarted (Kubernetes' startup probe);
   * brokers and controllers derive it from their storage or `startupTimeoutSeconds`.
   * @default startPeriodSeconds + intervalSeconds × retries, where Docker would mark the node unhealthy
   */
  readonly startupBudgetSeconds?: number;
  /** HTTP path on `httpPort` that answers 200 when healthy, where the service has one. */
  readonly httpPath?: string;
  /** Port of `httpPath`, or the TCP port that accepts connections when the service is up. */
  readonly port: number;
  /**
   * The command is expensive (it starts a JVM): where checks run often and for the pod's whole life
   * (Kubernetes readiness), a TCP connect to `port` stands in for it.
   * @default false
   */
  readonly expensive?: boolean;
}

/**
 * The command of a check that starts a JVM, run only once `host:port` accepts a connection (bash's `/dev/tcp`).
 * Until the service listens every check fails at once, instead of starting a JVM beside the service's own while it
 * starts; the verdict is the JVM command's, which fails as well while nothing listens.
 */
export function onceListening(host: string, port: number, script: string): string[] {
  return ['bash', '-c', `: </dev/tcp/${host}/${port} && ${script}`];
}

/**
 * Where files mounted read-only into a container (keystores, truststores) come from, as the source says of itself
 * (a `SecretFiles`): the model compares `kind` with the source the target mounts (`NetworkInput.secretFileSource`)
 * and words its messages with the rest; it knows no target's store.
 */
export interface FileSource {
  /** Which source: compared, never interpreted. */
  readonly kind: string;
  /** How it is named in messages: "Docker volume". */
  readonly label: string;
  /** What its name names, in messages: "volume". */
  readonly noun: string;
  /** The `SecretFiles` factory that makes one: "fromDockerVolume". */
  readonly factory: string;
  /** A rule its names follow besides the common one. @default none */
  readonly nameRule?: RegExp;
}

/** Whether files named `name` in `source` can be mounted on the target: its own source, and a name that can exist there. */
export function checkFileSource(
  problems: Problems,
  field: string,
  source: FileSource,
  name: unknown,
  network: { readonly secretFileSource: FileSource; readonly nodesNoun: string; readonly targetName: string },
): void {
  if (source.kind !== network.secretFileSource.kind) {
    problems.add(
      field,
      `${source.label} "${name}" cannot reach ${network.nodesNoun}`,
      `use SecretFiles.${network.secretFileSource.factory}(name) on the ${network.targetName} target`,
    );
  }
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) || (source.nameRule && !source.nameRule.test(name))) {
    problems.add(field, `${show(name)} is not a ${source.noun} name`, 'give the name of an existing one');
  }
}

/** Files mounted read-only at `mountPath`. */
export interface FileMountSpec {
  readonly mountPath: string;
  /** The kind of their source (`FileSource.kind`). */
  readonly kind: string;
  /** The name of what holds them in their source (a volume's). */
  readonly name: string;
}

/** One container/pod of the cluster, fully resolved. */
export interface NodeSpec {
  readonly component: Component;
  /** 1-based, as the images number their peers. */
  readonly ordinal: number;
  /** Short node name, e.g. `kafka-2`: a link name as in Debezium's tutorial, unique within a cluster. */
  readonly name: string;
  /** The address other services use to reach this node. */
  readonly host: string;
  readonly image: string;
  /** The environment, in the image's own variable names. Values are never secrets. */
  readonly env: { readonly [name: string]: string };
  readonly ports: PortSpec[];
  readonly volumes: VolumeSpec[];
  readonly heap: HeapInput;
  readonly memoryLimit: Size;
  readonly health: HealthCheckSpec;
  /** Read-only files from outside the stack (Connect's keystores and truststores). @default none */
  readonly fileMounts?: FileMountSpec[];
  /**
   * Where the image writes at run time besides its `volumes`, kept only for the container's life (the JVM's
   * `/tmp`). When set, the image writes nowhere else, so a target may make the root filesystem read-only with
   * these mounted empty. @default undefined: the image writes into its root filesystem
   */
  readonly scratchVolumes?: VolumeSpec[];
  /**
   * Shell run before the image's entrypoint where the image needs help (e.g. ZooKeeper peer names on
   * Kubernetes); the renderer runs `bash -c "<script>\nexec /docker-entrypoint.sh start"`.
   */
  readonly startupScript?: string;
  /**
   * The node's JVM loads the metrics agent (`ClusterModel.metrics`) from its directory, which the target fills: the
   * agent (downloaded, SHA-512 verified) and the rules file. @default false
   */
  readonly metricsAgent?: boolean;
  /**
   * The node reads its component's levels file (connect.loggers, kafka.loggers) at start from `LOGGERS.mountPath`,
   * which the target keeps outside the node's spec (a change of levels replaces no node). @default false
   */
  readonly loggerLevels?: boolean;
}

/** The image's entrypoint (all Debezium images). */
export const IMAGE_ENTRYPOINT = '/docker-entrypoint.sh';
/** The images run as user `kafka`, uid/gid 1001. */
export const IMAGE_USER_ID = 1001;

/** A group of identical nodes (one StatefulSet on Kubernetes). */
export interface ComponentSpec {
  readonly component: Component;
  readonly nodes: NodeSpec[];
  /** Address of the component as a whole (`zookeeper:2181`, the bootstrap list …). */
  readonly serviceHost: string;
  /** Start after these components are healthy. */
  readonly dependsOn: Component[];
  /** Start after the cluster's topics task has created the topics (the workers' pre-created storage topics). @default false */
  readonly dependsOnTopicsTask?: boolean;
  /**
   * The nodes vote in a quorum (a ZooKeeper ensemble, KRaft controllers): a voluntary disruption must leave a
   * majority, and two voters on one host would lose it with that host.
   * @default false
   */
  readonly quorum?: boolean;
}

/** Variables equal on every node, and per node the ones that differ. */
export function splitEnv(nodes: NodeSpec[]): { shared: Record<string, string>; perNode: Record<string, string>[] } {
  const shared: Record<string, string> = {};
  if (nodes.length === 0) return { shared, perNode: [] };
  const names = new Set(nodes.flatMap((n) => Object.keys(n.env)));
  for (const name of [...names].sort()) {
    const first = nodes[0].env[name];
    if (first !== undefined && nodes.every((n) => n.env[name] === first)) shared[name] = first;
  }
  const perNode = nodes.map((n) => {
    const own: Record<string, string> = {};
    for (const [k, v] of Object.entries(n.env)) if (!(k in shared)) own[k] = v;
    return own;
  });
  return { shared, perNode };
}

/** A bash probe that needs neither curl nor nc in the image: HTTP GET answered with 200. */
export function httpProbe(host: string, port: number, path: string): string[] {
  return [
    'bash',
    '-c',
    `exec 3<>/dev/tcp/${host}/${port} && printf 'GET ${path} HTTP/1.0\\r\\nHost: ${host}\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '`,
  ];
}

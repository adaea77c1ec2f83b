import { CoordinationMode } from './image';
import { Component, HealthCheckSpec, NodeSpec } from './nodes';
import { nodeCount, Topology } from './topology';
import { defaultMemoryLimit, HeapInput, Size } from './size';
import { Problems, show } from './validation';

/** `ZooKeeperInput` as the model takes it (the public type, src/zookeeper.ts, documents each field). */
export interface ZooKeeperInput {
  readonly nodes?: number;
  readonly heap?: HeapInput;
  readonly memoryLimit?: Size;
  readonly storageSize?: Size;
}

export const ZOOKEEPER = {
  clientPort: 2181,
  peerPort: 2888,
  electionPort: 3888,
  dataDir: '/zookeeper/data',
  txnsDir: '/zookeeper/txns',
  confFile: '/zookeeper/conf/zoo.cfg',
  /**
   * The image's stock zoo.cfg: its Dockerfile moves `conf/*` to `conf.orig/`, and the entrypoint copies each file
   * into the (volume) `conf/` only where missing — so a script that edits `conf/zoo.cfg` before the entrypoint
   * runs must first copy it from here, or ZooKeeper starts from the edit alone (no dataDir: exits 2).
   */
  stockConfFile: '/zookeeper/conf.orig/zoo.cfg',
  /** The image names its peers `zookeeper-1 … zookeeper-N`. */
  peerName: (i: number) => `zookeeper-${i}`,
  linkName: 'zookeeper',
  allowedSizes: [1, 3, 5],
  defaultHeap: { maximum: Size.mebibytes(512) } as HeapInput,
  defaultStorage: Size.gibibytes(10),
  env: {
    serverId: 'SERVER_ID',
    serverCount: 'SERVER_COUNT',
    logLevel: 'LOG_LEVEL',
    jmxDisable: 'JMXDISABLE',
    /**
     * The zookeeper image's entrypoint reads no `HEAP_OPTS` (unlike kafka's and connect's): ZooKeeper's own
     * `zkEnv.sh` sets the maximum heap from `ZK_SERVER_HEAP` (MiB, default 1000) and `zkServer.sh` adds
     * `SERVER_JVMFLAGS`, which carries the initial heap.
     */
    serverHeapMebibytes: 'ZK_SERVER_HEAP',
    serverJvmFlags: 'SERVER_JVMFLAGS',
  },
} as const;

export function validateZooKeeper(problems: Problems, options: ZooKeeperInput): number {
  const n = options.nodes ?? 1;
  if (!(ZOOKEEPER.allowedSizes as readonly number[]).includes(n)) {
    const even = Number.isInteger(n) && n > 0 && n % 2 === 0;
    problems.add(
      'zookeeper.nodes',
      even
        ? `an ensemble of ${n} nodes is even: it tolerates no more failures than ${n - 1}`
        : `${show(n)} is not a supported ensemble size`,
      'use 1, 3 or 5 nodes',
    );
  }
  return n;
}

export interface ZooKeeperAddressing {
  host(ordinal: number): string;
  /** Peer names the image writes (`zookeeper-i`) resolve on this target. */
  readonly imagePeerNamesResolve: boolean;
  /**
   * Interface the client port must bind to, where it is not all interfaces (Docker host networking: the
   * image has no variable for it, so a line is appended to zoo.cfg, which is rewritten at every start).
   */
  readonly clientBindHost?: string;
}

/** ZooKeeper answers `srvr` (whitelisted by default) with its mode once it serves. */
function zookeeperHealth(): HealthCheckSpec {
  return {
    command: ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${ZOOKEEPER.clientPort} && printf srvr >&3 && grep -q '^Mode:' <&3`],
    intervalSeconds: 10,
    timeoutSeconds: 5,
    retries: 12,
    startPeriodSeconds: 10,
    port: ZOOKEEPER.clientPort,
  };
}

/**
 * Where the image's own peer names do not resolve (Kubernetes pods are `<sts>-0…`), the image is started in
 * its standalone branch (SERVER_ID=1, SERVER_COUNT=1: it then writes neither `myid` nor a server list) and
 * this script writes both with the real peer addresses. `/zookeeper/conf` is not persisted, so the list is
 * written once per start.
 */
function ensembleScript(ordinal: number, count: number, addressing: ZooKeeperAddressing): string {
  const lines = [`echo ${ordinal} > ${ZOOKEEPER.dataDir}/myid`, `printf '\\n' >> ${ZOOKEEPER.confFile}`];
  for (let i = 1; i <= count; i++) {
    const host = i === ordinal ? '0.0.0.0' : addressing.host(i);
    lines.push(`echo 'server.${i}=${host}:${ZOOKEEPER.peerPort}:${ZOOKEEPER.electionPort}' >> ${ZOOKEEPER.confFile}`);
  }
  return lines.join('\n');
}

/** Scripts that edit zoo.cfg, after the line that copies the image's stock file into place (see `stockConfFile`). */
function withStockConf(scripts: string[]): string | undefined {
  if (scripts.length === 0) return undefined;
  return [`[ -e ${ZOOKEEPER.confFile} ] || cp ${ZOOKEEPER.stockConfFile} ${ZOOKEEPER.confFile}`, ...scripts].join('\n');
}

export function zookeeperNodes(
  options: ZooKeeperInput,
  count: number,
  image: string,
  logLevel: string,
  addressing: ZooKeeperAddressing,
): NodeSpec[] {
  const heap = options.heap ?? ZOOKEEPER.defaultHeap;
  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit(heap);
  const size = options.storageSize ?? ZOOKEEPER.defaultStorage;
  const nodes: NodeSpec[] = [];
  for (let i = 1; i <= count; i++) {
    const viaScript = count > 1 && !addressing.imagePeerNamesResolve;
    // The AdminServer (Jetty, port 8080) binds to all interfaces unless told otherwise, like the client port.
    const bindScript = addressing.clientBindHost
      ? ['clientPortAddress', 'admin.serverAddress']
          .map((key) => `grep -q '^${key}=' ${ZOOKEEPER.confFile} || echo '${key}=${addressing.clientBindHost}' >> ${ZOOKEEPER.confFile}`)
          .join('\n')
      : undefined;
    nodes.push({
      component: Component.ZOOKEEPER,
      ordinal: i,
      name: ZOOKEEPER.peerName(i),
      host: addressing.host(i),
      image,
      env: {
        [ZOOKEEPER.env.serverId]: viaScript ? '1' : String(i),
        [ZOOKEEPER.env.serverCount]: viaScript ? '1' : String(count),
        [ZOOKEEPER.env.serverHeapMebibytes]: String(Math.floor(heap.maximum.inMebibytes)),
        [ZOOKEEPER.env.serverJvmFlags]: `-Xms${(heap.initial ?? heap.maximum).toJvm()}`,
        [ZOOKEEPER.env.logLevel]: logLevel,
        // zkServer.sh starts the JVM's local JMX connector by default, on an ephemeral port of every interface.
        ...(addressing.clientBindHost ? { [ZOOKEEPER.env.jmxDisable]: 'true' } : {}),
      },
      ports: [
        { name: 'client', containerPort: ZOOKEEPER.clientPort },
        ...(count > 1
          ? [
              { name: 'peer', containerPort: ZOOKEEPER.peerPort },
              { name: 'election', containerPort: ZOOKEEPER.electionPort },
            ]
          : []),
      ],
      volumes: [
        { name: 'data', mountPath: ZOOKEEPER.dataDir, size },
        { name: 'txns', mountPath: ZOOKEEPER.txnsDir, size },
      ],
      heap,
      memoryLimit,
      health: zookeeperHealth(),
      startupScript: withStockConf(
        [viaScript ? ensembleScript(i, count, addressing) : undefined, bindScript].filter((x) => x !== undefined),
      ),
    });
  }
  return nodes;
}

/**
 * The ZooKeeper ensemble (ZooKeeper coordination with the cluster's own Kafka): its size checked, its nodes and
 * the brokers' connect string (empty when none runs).
 */
export function resolveZooKeeper(
  problems: Problems,
  topo: Topology,
  given: ZooKeeperInput | undefined,
  image: string,
): { nodes: NodeSpec[]; connect: string } {
  const options = given ?? {};
  const count = topo.coordination === CoordinationMode.ZOOKEEPER && !topo.external ? validateZooKeeper(problems, options) : 0;
  // Only under a KRaft mode: a coordination that is no mode is reported as such, and nothing is compared with it.
  const kraft = topo.coordination === CoordinationMode.KRAFT_COMBINED || topo.coordination === CoordinationMode.KRAFT_DEDICATED_CONTROLLERS;
  if (kraft && given !== undefined) {
    problems.add(
      'zookeeper',
      'a ZooKeeper ensemble is configured but the coordination mode is KRaft',
      'remove zookeeper, or use CoordinationMode.ZOOKEEPER',
    );
  }
  const net = topo.network;
  if (topo.hostMode && count > 1) {
    problems.add(
      'zookeeper.nodes',
      `an ensemble of ${count} nodes cannot run with ${net.sharedHostWording?.networking ?? 'host networking'} (every node would need ports 2181, 2888 and 3888)`,
      'use 1 ZooKeeper node with host networking, or a bridge network',
    );
  }
  // An ensemble refused above for host networking is built as one node: its nodes sharing 2181, 2888 and 3888
  // would otherwise be reported again, once per port and pair of nodes.
  const built = topo.hostMode && count > 1 ? 1 : count;
  const nodes = zookeeperNodes(options, nodeCount(built || 1), image, topo.logLevel, {
    host: (i) => net.addressing.nodeHost(topo.name, Component.ZOOKEEPER, i, ZOOKEEPER.peerName(i)),
    imagePeerNamesResolve: net.imagePeerNamesResolve,
    clientBindHost: topo.hostMode ? '127.0.0.1' : undefined,
  }).slice(0, built);
  return { nodes, connect: nodes.map((n) => `${n.host}:${ZOOKEEPER.clientPort}`).join(',') };
}

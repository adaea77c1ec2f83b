import { CoordinationMode } from './image';
import type { NetworkInput } from './network';
import { Component, NodeSpec } from './nodes';
import { KAFKA } from './kafka';
import { Problems } from './validation';
import type { Size } from './size';

/** The prop block each component is described by. */
const FIELD_OF: Record<Component, string> = {
  [Component.ZOOKEEPER]: 'zookeeper',
  [Component.KAFKA]: 'kafka',
  [Component.KAFKA_CONTROLLER]: 'kraft',
  [Component.CONNECT]: 'connect',
};

/** The prop that sets a port, by the model's port names. */
const PORT_FIELDS: Record<string, string> = {
  kafka: 'kafka.port',
  controller: 'kraft.controllerPort',
  rest: 'connect.restPort',
  metrics: 'metrics.port',
};

/**
 * The smallest maximum heap each component starts and runs with; below it the JVM fails at start (or at the
 * first compaction), not at synth:
 * - a broker (also a combined KRaft node) allocates its log cleaner's dedupe buffer, 128 MiB by default
 *   (`log.cleaner.dedupe.buffer.size`), on the heap when it starts: 256 MiB leaves as much again for requests;
 * - a Connect worker: Kafka's own `connect-distributed.sh` starts with `-Xms256M`, and every task has a
 *   producer whose buffer alone is 32 MiB (`buffer.memory`);
 * - a dedicated KRaft controller holds the metadata log and image and runs no log cleaner: 128 MiB;
 * - ZooKeeper holds Kafka's small data tree in memory: 64 MiB.
 */
const MINIMUM_HEAP_MIB: Record<Component, { mebibytes: number; why: string }> = {
  [Component.KAFKA]: { mebibytes: 256, why: "a broker's log cleaner alone allocates 128 MiB of heap when it starts" },
  [Component.CONNECT]: {
    mebibytes: 256,
    why: "a worker's tasks each need a 32 MiB producer buffer, and Kafka's own script starts Connect with 256 MiB",
  },
  [Component.KAFKA_CONTROLLER]: { mebibytes: 128, why: 'a controller holds the cluster metadata in memory' },
  [Component.ZOOKEEPER]: { mebibytes: 64, why: "ZooKeeper holds Kafka's data tree in memory" },
};

export function validateMemory(problems: Problems, nodes: NodeSpec[]): void {
  const seen = new Set<Component>();
  for (const n of nodes) {
    if (seen.has(n.component)) continue;
    seen.add(n.component);
    const field = FIELD_OF[n.component];
    for (const [label, size] of [
      ['heap.maximum', n.heap.maximum],
      ['heap.initial', n.heap.initial],
      ['memoryLimit', n.memoryLimit],
    ] as const) {
      if (size !== undefined && !size.isWholeMebibytes) {
        problems.add(
          `${field}.${label}`,
          `${size.inMebibytes} MiB is not a whole positive number of mebibytes`,
          'use Size.mebibytes(n) or Size.gibibytes(n) with a positive amount',
        );
      }
    }
    // A claim of 0 or fewer bytes renders as "0Gi"/"-1Gi": the apply would fail or the volume hold nothing.
    const storage = n.volumes.find((v) => v.size !== undefined && !v.size.isWholeMebibytes);
    if (storage !== undefined) {
      problems.add(
        `${field}.storageSize`,
        `${storage.size.inMebibytes} MiB is not a whole positive number of mebibytes`,
        'use Size.mebibytes(n) or Size.gibibytes(n) with a positive amount',
      );
    }
    const minimum = MINIMUM_HEAP_MIB[n.component];
    if (n.heap.maximum.isWholeMebibytes && n.heap.maximum.inMebibytes < minimum.mebibytes) {
      problems.add(
        `${field}.heap.maximum`,
        `a maximum heap of ${n.heap.maximum} is too small for the JVM to start the service (${minimum.why})`,
        `give ${field}.heap.maximum at least Size.mebibytes(${minimum.mebibytes})`,
      );
    }
    // Sizes reported above as not whole positive amounts are not compared again (no follow-on problem).
    const whole = (size: Size | undefined) => size === undefined || size.isWholeMebibytes;
    if (!whole(n.heap.maximum) || !whole(n.heap.initial) || !whole(n.memoryLimit)) continue;
    if (n.heap.initial && n.heap.initial.inMebibytes > n.heap.maximum.inMebibytes) {
      problems.add(
        `${field}.heap.initial`,
        `initial heap ${n.heap.initial} is above the maximum ${n.heap.maximum}`,
        'make the initial heap at most the maximum',
      );
    }
    if (n.heap.maximum.inMebibytes >= n.memoryLimit.inMebibytes) {
      problems.add(
        `${field}.memoryLimit`,
        `the container memory limit ${n.memoryLimit} is not above the maximum heap ${n.heap.maximum}`,
        `raise ${field}.memoryLimit above the heap (the JVM needs memory beyond its heap) or lower ${field}.heap.maximum`,
      );
    }
  }
}

export function validateHostPorts(problems: Problems, nodes: NodeSpec[], hostMode: boolean): void {
  const used = new Map<number, { ip: string; who: string; field: string }[]>();
  for (const n of nodes) {
    for (const p of n.ports) {
      const port = hostMode ? p.containerPort : p.hostPort;
      if (port === undefined) continue;
      const ip = hostMode ? '127.0.0.1' : (p.hostIp ?? '0.0.0.0');
      const who = `${n.name} (${p.name})`;
      const field = PORT_FIELDS[p.name] ?? FIELD_OF[n.component];
      const list = used.get(port) ?? [];
      for (const other of list) {
        if (other.ip === ip || other.ip === '0.0.0.0' || ip === '0.0.0.0') {
          const fields = [...new Set([other.field, field])];
          problems.add(
            field,
            `host port ${port} is published by both ${other.who} and ${who}`,
            hostMode
              ? `move ${fields.join(' or ')} so that the ranges do not overlap (with host networking node i of a service listens on its port + i - 1)`
              : "give the services distinct ports (connect.restPort, kafka.port, or the target's restHostPortBase)",
          );
        }
      }
      list.push({ ip, who, field });
      used.set(port, list);
    }
  }
}

/** What the port-range checks need: the network, the node counts and the ports as given. */
export interface PortRangeInput {
  readonly network: NetworkInput;
  readonly coordination: CoordinationMode;
  readonly external: boolean;
  readonly workers: number;
  readonly brokers: number;
  readonly controllers: number;
  readonly restPort?: number;
  readonly kafkaPort?: number;
  readonly controllerPort?: number;
  /** The controller listener's port of combined node 1 (given or default). */
  readonly combinedControllerPort: number;
}

/** A port that steps per node (`base + i - 1` for node i) keeps the last of `nodes` within 65535. */
export function lastPortProblem(problems: Problems, field: string, base: number | undefined, nodes: number): void {
  if (base === undefined || !Number.isInteger(base) || base < 1 || base > 65535) return;
  if (Number.isInteger(nodes) && base + nodes - 1 > 65535) {
    problems.add(
      field,
      `port ${base} + ${nodes - 1} for the last of ${nodes} nodes is above 65535`,
      `use a port of at most ${65536 - nodes}`,
    );
  }
}

/**
 * Ports that step per node (Docker host networking, published REST ports) stay within the port range for the last
 * node too; a combined KRaft node does not listen twice on one port.
 */
export function validatePortRanges(problems: Problems, p: PortRangeInput): void {
  const net = p.network;
  const hostMode = net.sharedHost;
  if (net.publishesRestPorts && problems.integer('target.restHostPortBase', net.restHostPortBase, 1, 65535)) {
    lastPortProblem(problems, 'target.restHostPortBase', net.restHostPortBase, p.workers);
  }
  if (hostMode) {
    lastPortProblem(problems, 'connect.restPort', p.restPort, p.workers);
    if (!p.external) lastPortProblem(problems, 'kafka.port', p.kafkaPort, p.brokers);
    if (!p.external && p.coordination !== CoordinationMode.ZOOKEEPER) {
      lastPortProblem(
        problems,
        'kraft.controllerPort',
        p.controllerPort,
        p.coordination === CoordinationMode.KRAFT_COMBINED ? p.brokers : p.controllers,
      );
    }
  }
  // A combined node has both listeners in one container, whatever the network.
  const kafkaPort = p.kafkaPort ?? KAFKA.port;
  if (!p.external && p.coordination === CoordinationMode.KRAFT_COMBINED && !hostMode && p.combinedControllerPort === kafkaPort) {
    problems.add(
      'kraft.controllerPort',
      `port ${kafkaPort} is also kafka.port: a combined node cannot listen twice on one port`,
      'give kraft.controllerPort and kafka.port different values',
    );
  }
}

/** The checks across every node of a cluster: port ranges, memory and heap, and host ports on a shared host. */
export function checkNodes(problems: Problems, nodes: NodeSpec[], ports: PortRangeInput): void {
  validatePortRanges(problems, ports);
  validateMemory(problems, nodes);
  if (ports.network.nodesShareHostPorts) validateHostPorts(problems, nodes, ports.network.sharedHost);
}

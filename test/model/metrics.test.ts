import { CoordinationMode } from '../../src/model/image';
import { METRICS } from '../../src/model/metrics';
import { Component, NodeSpec } from '../../src/model/nodes';
import { networks, nodesOf, problemsOf, resolve } from '../util';

const ON = { prometheus: true };
const AGENT_URL = 'https://repo1.maven.org/maven2/io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1/jmx_prometheus_javaagent-1.0.1.jar';
const agentLine = (bind: string) =>
  `export KAFKA_OPTS="\${KAFKA_OPTS:+$KAFKA_OPTS }-javaagent:/opt/jmx-exporter/jmx_prometheus_javaagent.jar=${bind}:/opt/jmx-exporter/metrics.yaml"`;
const metricsPort = (n: NodeSpec) => n.ports.find((p) => p.name === 'metrics');
const allNodes = (m: ReturnType<typeof resolve>) => m.components.flatMap((c) => c.nodes);

describe('metrics: the model', () => {
  test('none asked: no agent, no metrics port, nothing in the nodes', () => {
    const model = resolve({ kafka: { brokers: 3 }, connect: { workers: 2 } });
    expect(model.metrics).toBeUndefined();
    for (const n of allNodes(model)) {
      expect(metricsPort(n)).toBeUndefined();
      expect(n.metricsAgent).toBeUndefined();
      expect(n.startupScript ?? '').not.toContain('javaagent');
    }
    expect(resolve({ metrics: { prometheus: false } }).metrics).toBeUndefined();
  });

  test('the agent from Maven Central with its SHA-512, and the rules, for the targets to put into the nodes', () => {
    const m = resolve({ metrics: ON }).metrics!;
    expect(m).toMatchObject({
      agentUrl: AGENT_URL,
      agentSha512: METRICS.agent.sha512,
      directory: '/opt/jmx-exporter',
      agentPath: '/opt/jmx-exporter/jmx_prometheus_javaagent.jar',
      rulesPath: '/opt/jmx-exporter/metrics.yaml',
    });
    expect(m.agentSha512).toMatch(/^[0-9a-f]{128}$/);
    expect(m.rules).toContain('name: kafka_connect_connector_status');
    expect(m.rules).toContain('name: debezium_metrics_$4');
  });

  test('a repository of its own, else the plugins one: an air-gapped mirror', () => {
    expect(resolve({ metrics: { ...ON, mavenRepositoryUrl: 'https://maven.internal/m2/' } }).metrics!.agentUrl).toBe(
      AGENT_URL.replace('https://repo1.maven.org/maven2', 'https://maven.internal/m2'),
    );
    const viaPlugins = resolve({
      metrics: ON,
      plugins: { mavenRepositoryUrl: 'https://mirror.internal/maven2', fetchImage: 'mirror.internal/curl:8' },
    });
    expect(viaPlugins.metrics!.agentUrl).toBe(AGENT_URL.replace('https://repo1.maven.org/maven2', 'https://mirror.internal/maven2'));
    expect(viaPlugins.metrics!.fetchImage).toBe('mirror.internal/curl:8');
  });

  test('an air-gapped cluster (images from a mirror) whose agent still downloads from Maven Central is warned about', () => {
    const warned = resolve({ metrics: ON, images: { registry: 'mirror.internal:5000' } }).warnings;
    expect(warned).toEqual([
      'metrics: the metrics agent downloads from Maven Central (repo1.maven.org) at apply time, while images.registry ("mirror.internal:5000") says the images come from a mirror; set metrics.mavenRepositoryUrl (or plugins.mavenRepositoryUrl) to a Maven repository inside your network',
    ]);
    expect(
      resolve({ metrics: { ...ON, mavenRepositoryUrl: 'https://maven.internal/m2' }, images: { registry: 'mirror.internal:5000' } })
        .warnings,
    ).toEqual([]);
  });

  test('Docker bridge: every broker, controller and worker publishes its own port on 127.0.0.1, from 9404 in start order; ZooKeeper none', () => {
    const zk = resolve({ metrics: ON, kafka: { brokers: 2 }, connect: { workers: 2 } });
    expect(metricsPort(nodesOf(zk, Component.ZOOKEEPER)[0])).toBeUndefined();
    expect(nodesOf(zk, Component.ZOOKEEPER)[0].metricsAgent).toBeUndefined();
    const ports = [...nodesOf(zk, Component.KAFKA), ...nodesOf(zk, Component.CONNECT)].map(metricsPort);
    expect(ports).toEqual(
      [9404, 9405, 9406, 9407].map((hostPort) => ({ name: 'metrics', containerPort: 9404, hostPort, hostIp: '127.0.0.1' })),
    );
    for (const n of [...nodesOf(zk, Component.KAFKA), ...nodesOf(zk, Component.CONNECT)]) {
      expect(n.metricsAgent).toBe(true);
      // The node's own JVM only: a variable in the environment would reach every tool run in the container too.
      expect(n.startupScript!.split('\n').pop()).toBe(agentLine('9404'));
      expect(n.env).not.toHaveProperty('KAFKA_OPTS');
    }
    const kraft = resolve({ metrics: ON, coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS, kafka: { brokers: 1 } });
    expect(
      [...nodesOf(kraft, Component.KAFKA_CONTROLLER), ...nodesOf(kraft, Component.KAFKA), ...nodesOf(kraft, Component.CONNECT)].map(
        (n) => metricsPort(n)!.hostPort,
      ),
    ).toEqual([9404, 9405, 9406, 9407, 9408]);
  });

  test('KRaft: the agent is loaded after the storage is formatted, by the node itself', () => {
    const [controller] = nodesOf(
      resolve({ metrics: ON, coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS }),
      Component.KAFKA_CONTROLLER,
    );
    const script = controller.startupScript!;
    expect(script.indexOf('kafka-storage.sh')).toBeGreaterThanOrEqual(0);
    expect(script.indexOf('javaagent')).toBeGreaterThan(script.indexOf('kafka-storage.sh'));
  });

  test('Docker host networking: node i listens on 127.0.0.1 at 9404 + i', () => {
    const model = resolve({ metrics: { ...ON, port: 19500 }, network: networks.host(), coordination: CoordinationMode.KRAFT_COMBINED });
    const nodes = [...nodesOf(model, Component.KAFKA), ...nodesOf(model, Component.CONNECT)];
    expect(nodes.map(metricsPort)).toEqual([
      { name: 'metrics', containerPort: 19500 },
      { name: 'metrics', containerPort: 19501 },
    ]);
    expect(nodes[1].startupScript).toBe(agentLine('127.0.0.1:19501'));
  });

  test('Kubernetes: one container port, named metrics, on every node', () => {
    const model = resolve({ metrics: ON, network: networks.kubernetes('cdc'), kafka: { brokers: 3 }, connect: { workers: 2 } });
    for (const n of [...nodesOf(model, Component.KAFKA), ...nodesOf(model, Component.CONNECT)]) {
      expect(metricsPort(n)).toEqual({ name: 'metrics', containerPort: 9404 });
    }
  });

  test('a Connect-only cluster exports the workers only', () => {
    const model = resolve({ metrics: ON, connect: { bootstrapServers: ['kafka.internal:9092'] } });
    expect(allNodes(model).map((n) => [n.component, metricsPort(n)?.hostPort])).toEqual([[Component.CONNECT, 9404]]);
  });

  test('wrong options are refused with the field and the fix', () => {
    expect(problemsOf({ metrics: { ...ON, port: 80 } })).toContain('stack/cdc: metrics.port: 80 is ');
    expect(problemsOf({ metrics: { ...ON, port: 65535 }, connect: { workers: 2 } })).toContain(
      'stack/cdc: metrics.port: port 65535 + 2 for the last of 3 nodes is above 65535; use a port of at most 65533',
    );
    expect(problemsOf({ metrics: { ...ON, port: 8083 }, network: networks.kubernetes('cdc') })).toContain(
      'stack/cdc: metrics.port: port 8083 of connect-1 is also its rest port; give metrics.port a port no service of the cluster listens on',
    );
    expect(problemsOf({ metrics: { ...ON, mavenRepositoryUrl: 'http://maven.internal' } })).toContain(
      'stack/cdc: metrics.mavenRepositoryUrl: Maven repository',
    );
    expect(problemsOf({ metrics: { prometheus: 'yes' as unknown as boolean } })).toContain(
      'stack/cdc: metrics.prometheus: "yes" is not true or false; set prometheus: true to export metrics',
    );
    // With host networking the metrics ports are host ports like any other.
    expect(problemsOf({ metrics: { ...ON, port: 8082 }, network: networks.host(), connect: { workers: 2 } })).toContain(
      'host port 8083 is published by both',
    );
  });
});

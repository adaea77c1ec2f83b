// The hand-written baseline: the same Docker resources the library emits for a ZooKeeper-mode cluster on a
// bridge network, written directly against @cdktf/provider-docker with no library code. Every attribute is
// spelled out here; bench.ts checks that the synthesized JSON equals the library's, resource for resource.
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
// The connector tasks' bash scripts are data (src/scripts/*.sh), not library logic: imported rather than
// pasted. Everything else about the task containers is spelled out below.
import {
  CONNECTOR_APPLY_SCRIPT as CONNECTOR_APPLY_FILE,
  CONNECTOR_SENTINEL_SCRIPT as CONNECTOR_SENTINEL_FILE,
} from '../../src/model/tasks';
import { shellScript } from '../../src/scripts/load';
import { KAFKA_HEALTH } from './kafka-health';

const CONNECTOR_APPLY_SCRIPT = shellScript(CONNECTOR_APPLY_FILE);
const CONNECTOR_SENTINEL_SCRIPT = shellScript(CONNECTOR_SENTINEL_FILE);

export interface DockerShape {
  readonly zookeeperNodes: number;
  readonly brokers: number;
  readonly workers: number;
  /** Host port of worker 1's REST API. */
  readonly restHostPortBase: number;
  /** Connectors applied through the REST API by task containers (none in the N-cluster rows). */
  readonly connectors?: DockerConnector[];
}

export interface DockerConnector {
  readonly name: string;
  /** The REST payload, as Terraform sees it (`$${env:…}` for secrets the workers resolve). */
  readonly config: string;
  readonly state: 'RUNNING' | 'PAUSED' | 'STOPPED';
  /** Worker environment `NAME=value` for the connector's secrets (Terraform variable references). */
  readonly secretEnv: Record<string, string>;
}

/** A bash script inside a Terraform string: `${` and `%{` must be doubled, or Terraform interpolates them. */
function terraformEscaped(script: string): string {
  return script.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

const TASK_HEALTHCHECK = { test: ['CMD', 'test', '-f', '/tmp/task-done'], interval: '5s', timeout: '3s', retries: 120, startPeriod: '5s' };

export function baselineDockerCluster(stack: Construct, name: string, shape: DockerShape): void {
  // A plain Construct in place of the library's, so that logical ids (and so the JSON) are identical.
  const scope = new Construct(stack, name);
  const partOf = [
    { label: 'app.kubernetes.io/part-of', value: name },
    { label: 'app.kubernetes.io/managed-by', value: 'cdktf-debezium-connect' },
  ];
  const network = new Network(scope, 'network', { name, driver: 'bridge', labels: partOf });
  // The images run as uid 1001 on unprivileged ports: no capability is needed, and no process may gain one.
  const hardening = { capabilities: { drop: ['ALL'] }, securityOpts: ['no-new-privileges:true'] };
  const rf = Math.min(3, shape.brokers);

  const zkGroup = new Construct(scope, 'ZooKeeper');
  const zkImage = new Image(zkGroup, 'image', { name: 'quay.io/debezium/zookeeper:3.1', keepLocally: true });
  const zookeepers: Container[] = [];
  for (let i = 1; i <= shape.zookeeperNodes; i++) {
    const node = new Construct(zkGroup, `zookeeper-${i}`);
    const data = new Volume(node, 'data', { name: `${name}-zookeeper-${i}-data`, labels: partOf });
    const txns = new Volume(node, 'txns', { name: `${name}-zookeeper-${i}-txns`, labels: partOf });
    zookeepers.push(
      new Container(node, 'container', {
        ...hardening,
        name: `${name}-zookeeper-${i}`,
        hostname: `zookeeper-${i}`,
        image: zkImage.imageId,
        env: [`SERVER_ID=${i}`, `SERVER_COUNT=${shape.zookeeperNodes}`, 'ZK_SERVER_HEAP=512', 'SERVER_JVMFLAGS=-Xms512M', 'LOG_LEVEL=INFO'],
        networksAdvanced: [{ name: network.name, aliases: ['zookeeper', `zookeeper-${i}`] }],
        volumes: [
          { volumeName: data.name, containerPath: '/zookeeper/data' },
          { volumeName: txns.name, containerPath: '/zookeeper/txns' },
        ],
        memory: 1024,
        memorySwap: 1024,
        restart: 'unless-stopped',
        healthcheck: {
          test: ['CMD', 'bash', '-c', "exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && grep -q '^Mode:' <&3"],
          interval: '10s',
          timeout: '5s',
          retries: 12,
          startPeriod: '10s',
        },
        wait: true,
        waitTimeout: 300,
        mustRun: true,
        labels: [
          ...partOf,
          { label: 'app.kubernetes.io/component', value: 'zookeeper' },
          { label: 'io.debezium.node', value: `zookeeper-${i}` },
        ],
        dependsOn: [],
      }),
    );
  }

  const zookeeperConnect = zookeepers.map((_, j) => `zookeeper-${j + 1}:2181`).join(',');
  const kafkaGroup = new Construct(scope, 'Brokers');
  const kafkaImage = new Image(kafkaGroup, 'image', { name: 'quay.io/debezium/kafka:3.1', keepLocally: true });
  const brokers: Container[] = [];
  for (let i = 1; i <= shape.brokers; i++) {
    const node = new Construct(kafkaGroup, `kafka-${i}`);
    const data = new Volume(node, 'data', { name: `${name}-kafka-${i}-data`, labels: partOf });
    brokers.push(
      new Container(node, 'container', {
        ...hardening,
        name: `${name}-kafka-${i}`,
        hostname: `kafka-${i}`,
        image: kafkaImage.imageId,
        env: [
          `ADVERTISED_HOST_NAME=kafka-${i}`,
          'ADVERTISED_PORT=9092',
          'HEAP_OPTS=-Xms1G -Xmx1G',
          'LOG_LEVEL=INFO',
          `KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka-${i}:9092`,
          `KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=${rf}`,
          `KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=${rf}`,
          `KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=${Math.min(2, rf)}`,
          `KAFKA_DEFAULT_REPLICATION_FACTOR=${rf}`,
          `KAFKA_MIN_INSYNC_REPLICAS=${rf >= 3 ? 2 : 1}`,
          `BROKER_ID=${i}`,
          `ZOOKEEPER_CONNECT=${zookeeperConnect}`,
          'KAFKA_LISTENERS=PLAINTEXT://0.0.0.0:9092',
        ],
        networksAdvanced: [{ name: network.name, aliases: ['kafka', `kafka-${i}`] }],
        volumes: [{ volumeName: data.name, containerPath: '/kafka/data' }],
        memory: 2048,
        memorySwap: 2048,
        restart: 'unless-stopped',
        healthcheck: {
          test: ['CMD', 'bash', '-c', KAFKA_HEALTH],
          interval: '15s',
          timeout: '10s',
          retries: 10,
          startPeriod: '20s',
        },
        wait: true,
        waitTimeout: 300,
        mustRun: true,
        labels: [...partOf, { label: 'app.kubernetes.io/component', value: 'kafka' }, { label: 'io.debezium.node', value: `kafka-${i}` }],
        dependsOn: zookeepers,
      }),
    );
  }

  const bootstrap = brokers.map((_, j) => `kafka-${j + 1}:9092`).join(',');
  const connectGroup = new Construct(scope, 'ConnectWorkers');
  const connectImage = new Image(connectGroup, 'image', { name: 'quay.io/debezium/connect:3.1', keepLocally: true });
  const restUrls: string[] = [];
  const workers: Container[] = [];
  const secretEnv = Object.assign({}, ...(shape.connectors ?? []).map((c) => c.secretEnv)) as Record<string, string>;
  const secretEntries = Object.keys(secretEnv)
    .sort((a, b) => a.localeCompare(b))
    .map((k) => `${k}=${secretEnv[k]}`);
  for (let i = 1; i <= shape.workers; i++) {
    const node = new Construct(connectGroup, `connect-${i}`);
    const logs = new Volume(node, 'logs', { name: `${name}-connect-${i}-logs`, labels: partOf });
    const config = new Volume(node, 'config', { name: `${name}-connect-${i}-config`, labels: partOf });
    const hostPort = shape.restHostPortBase + i - 1;
    restUrls.push(`http://127.0.0.1:${hostPort}`);
    const worker = new Container(node, 'container', {
      ...hardening,
      name: `${name}-connect-${i}`,
      hostname: `connect-${i}`,
      image: connectImage.imageId,
      env: [
        `GROUP_ID=${name}`,
        `CONFIG_STORAGE_TOPIC=${name}-connect-configs`,
        `OFFSET_STORAGE_TOPIC=${name}-connect-offsets`,
        `STATUS_STORAGE_TOPIC=${name}-connect-statuses`,
        `BOOTSTRAP_SERVERS=${bootstrap}`,
        `ADVERTISED_HOST_NAME=connect-${i}`,
        'ADVERTISED_PORT=8083',
        'HEAP_OPTS=-Xms1G -Xmx1G',
        'LOG_LEVEL=INFO',
        'CONNECT_LISTENERS=http://:8083',
        'CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY=None',
        `CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR=${rf}`,
        `CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR=${rf}`,
        `CONNECT_STATUS_STORAGE_REPLICATION_FACTOR=${rf}`,
        'CONNECT_OFFSET_STORAGE_PARTITIONS=25',
        'CONNECT_STATUS_STORAGE_PARTITIONS=5',
        'CONNECT_PRODUCER_ENABLE_IDEMPOTENCE=true',
        'CONNECT_CONFIG_PROVIDERS=env',
        'CONNECT_CONFIG_PROVIDERS_ENV_CLASS=org.apache.kafka.common.config.provider.EnvVarConfigProvider',
        ...secretEntries,
      ],
      networksAdvanced: [{ name: network.name, aliases: ['connect', `connect-${i}`] }],
      ports: [{ internal: 8083, external: hostPort, ip: '127.0.0.1', protocol: 'tcp' }],
      volumes: [
        { volumeName: logs.name, containerPath: '/kafka/logs' },
        { volumeName: config.name, containerPath: '/kafka/config' },
      ],
      memory: 2048,
      memorySwap: 2048,
      restart: 'unless-stopped',
      healthcheck: {
        test: [
          'CMD',
          'bash',
          '-c',
          "exec 3<>/dev/tcp/127.0.0.1/8083 && printf 'GET /health HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '",
        ],
        interval: '10s',
        timeout: '5s',
        retries: 30,
        startPeriod: '30s',
      },
      wait: true,
      waitTimeout: 300,
      mustRun: true,
      labels: [...partOf, { label: 'app.kubernetes.io/component', value: 'connect' }, { label: 'io.debezium.node', value: `connect-${i}` }],
      dependsOn: brokers,
    });
    workers.push(worker);
  }

  // Per connector: a sentinel that deletes it when it goes away, and a task that PUTs its config and state.
  const connectors = shape.connectors ?? [];
  const connectorsGroup = connectors.length > 0 ? new Construct(scope, 'Connectors') : undefined;
  for (const c of connectors) {
    const group = new Construct(connectorsGroup!, c.name);
    const taskName = `connector-${c.name}`;
    const task = (id: string, nodeName: string, script: string, env: string[], graceSeconds: number, dependsOn: Container[]) =>
      new Container(new Construct(group, id), 'task', {
        ...hardening,
        name: `${name}-${nodeName}`,
        image: connectImage.imageId,
        restart: 'unless-stopped',
        wait: true,
        waitTimeout: 300,
        mustRun: true,
        labels: [...partOf, { label: 'app.kubernetes.io/component', value: nodeName }, { label: 'io.debezium.node', value: nodeName }],
        entrypoint: ['bash', '-c', terraformEscaped(script)],
        env: [...env, 'TASK_KEEP_ALIVE=1'],
        networksAdvanced: [{ name: network.name }],
        memory: 64,
        memorySwap: 64,
        healthcheck: TASK_HEALTHCHECK,
        destroyGraceSeconds: graceSeconds,
        stopTimeout: graceSeconds,
        dependsOn,
      });
    const rest = ['CONNECT_REST_ENDPOINTS=connect:8083', `CONNECTOR_NAME=${c.name}`];
    const sentinel = task('Sentinel', `${taskName}-sentinel`, CONNECTOR_SENTINEL_SCRIPT, rest, 60, workers);
    task('Apply', taskName, CONNECTOR_APPLY_SCRIPT, [...rest, `CONNECTOR_CONFIG=${c.config}`, `CONNECTOR_STATE=${c.state}`], 10, [
      ...workers,
      sentinel,
    ]);
  }

  new TerraformOutput(scope, 'rest-urls', { value: restUrls, description: `REST API of each Connect worker of ${name}` });
  new TerraformOutput(scope, 'bootstrap-servers', { value: bootstrap, description: `Kafka bootstrap servers of ${name}` });
}

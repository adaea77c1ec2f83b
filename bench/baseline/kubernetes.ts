// The hand-written baseline for Kubernetes: the same objects the library emits for a ZooKeeper-mode cluster —
// a namespace and, per component, a ConfigMap (plus a Secret for Connect), a headless and a client Service, a
// StatefulSet, a PodDisruptionBudget and a NetworkPolicy; Jobs and Pods for declared topics and
// connectors — written directly against @cdktf/provider-kubernetes with no library code. bench.ts checks that
// the synthesized JSON equals the library's, resource for resource.
//
// The connector and topics scripts are imported from src/model/tasks.ts, and the plugin install script's
// functions are read from the same file as the library's (src/scripts/plugin-*.sh): they are data (bash
// files), not library logic; the plugin's calls are written out below. The config checksum annotation is
// computed here with node's crypto, as a user would to roll pods on a ConfigMap change.
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1, NetworkPolicyV1SpecIngressFrom } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import {
  StatefulSetV1,
  StatefulSetV1SpecTemplateSpecContainer,
  StatefulSetV1SpecTemplateSpecContainerVolumeMount,
  StatefulSetV1SpecTemplateSpecInitContainer,
} from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { App, ITerraformDependable, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { createHash } from 'crypto';
import {
  CONNECTOR_APPLY_SCRIPT as CONNECTOR_APPLY_FILE,
  CONNECTOR_SENTINEL_SCRIPT as CONNECTOR_SENTINEL_FILE,
  TOPICS_SCRIPT as TOPICS_FILE,
} from '../../src/model/tasks';
import { shellScript } from '../../src/scripts/load';
import { clusterName, ROW_SHAPE } from '../scenarios/shapes';
import { KAFKA_HEALTH } from './kafka-health';

const CONNECTOR_APPLY_SCRIPT = shellScript(CONNECTOR_APPLY_FILE);
const CONNECTOR_SENTINEL_SCRIPT = shellScript(CONNECTOR_SENTINEL_FILE);
const TOPICS_SCRIPT = shellScript(TOPICS_FILE);

/** A bash script inside a Terraform string: `${` and `%{` must be doubled, or Terraform interpolates them. */
function tf(script: string): string {
  return script.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** sha256 over the environment the pods receive (keys sorted), so that a change rolls the pods. */
function envChecksum(plain: Record<string, string>, perNode: Record<string, string>[]): string {
  const sorted = (o: Record<string, string>) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  return createHash('sha256')
    .update(JSON.stringify({ perNode: perNode.map(sorted), plain: sorted(plain), sensitive: {} }))
    .digest('hex');
}

/** `case` over the pod's ordinal (pods are numbered from 0): each pod exports its own settings. */
function ordinalCase(branches: string[]): string {
  return [
    'ordinal=${HOSTNAME##*-}',
    'case "$ordinal" in',
    ...branches.map((body, i) => `${i})\n${body}\n;;`),
    `*)\necho "no settings for pod ordinal $ordinal (the model has ${branches.length} nodes)" >&2\nexit 1\n;;`,
    'esac',
  ].join('\n');
}

interface PeerSelector {
  readonly podLabels: Record<string, string>;
  readonly namespaceLabels?: Record<string, string>;
}

export interface KubernetesConnector {
  readonly name: string;
  /** The REST payload, as Terraform sees it (`$${dir:/kafka/secrets:…}` for secrets the workers resolve). */
  readonly config: string;
  readonly state: 'RUNNING' | 'PAUSED' | 'STOPPED';
}

export interface KubernetesShape {
  readonly zookeeperNodes: number;
  readonly brokers: number;
  readonly workers: number;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  readonly storageClassName?: string;
  readonly requiredAntiAffinity?: boolean;
  readonly cpuRequest?: string;
  readonly zookeeperStorage?: string;
  readonly kafkaStorage?: string;
  /** `-Xms…` / `-Xmx…` value, e.g. `1G`. */
  readonly kafkaHeap?: string;
  readonly kafkaMemory?: string;
  readonly kafkaExtraEnv?: Record<string, string>;
  readonly connectHeap?: string;
  readonly connectMemory?: string;
  readonly groupId?: string;
  readonly kafkaClients?: PeerSelector[];
  readonly restClients?: PeerSelector[];
  /** Secret data of the Connect workers (Terraform variable references). */
  readonly secretData?: Record<string, string>;
  /** Keys of existing Kubernetes Secrets mounted as secret files (`name` is the file name). */
  readonly secretKeyRefs?: { name: string; secret: string; key: string }[];
  /** A plugin directory fetched by an init container. */
  readonly plugin?: { directory: string; volumeName: string; script: string };
  /** Lines of the topics task (`name partitions rf create-configs alter-configs`); no task when absent. */
  readonly topics?: string;
  readonly connectors?: KubernetesConnector[];
}

export function baselineKubernetesCluster(stack: Construct, name: string, shape: KubernetesShape): void {
  const scope = new Construct(stack, name);
  const userLabels = shape.labels ?? {};
  const ns0 = shape.namespace;
  const namespace = new NamespaceV1(scope, 'namespace', {
    metadata: {
      name: ns0,
      labels: {
        ...userLabels,
        'app.kubernetes.io/instance': name,
        'app.kubernetes.io/part-of': name,
        'app.kubernetes.io/managed-by': 'cdktf-debezium-connect',
        'pod-security.kubernetes.io/enforce': 'restricted',
      },
    },
  });
  const ns = namespace.metadata.name;
  const rf = Math.min(3, shape.brokers);
  const cpu = shape.cpuRequest ?? '250m';
  const podHost = (component: string, i: number) => `${name}-${component}-${i}.${name}-${component}-headless.${ns0}.svc.cluster.local`;
  const selector = (component: string) => ({ 'app.kubernetes.io/name': component, 'app.kubernetes.io/instance': name });
  const labels = (component: string, role: string) => ({
    ...userLabels,
    ...selector(component),
    'app.kubernetes.io/component': role,
    'app.kubernetes.io/part-of': name,
    'app.kubernetes.io/managed-by': 'cdktf-debezium-connect',
  });
  const metadata = (objectName: string, component: string, role: string) => ({
    name: objectName,
    namespace: ns,
    labels: labels(component, role),
  });
  const affinity = (component: string) => {
    const term = { topologyKey: 'kubernetes.io/hostname', labelSelector: [{ matchLabels: selector(component) }] };
    return {
      podAntiAffinity: shape.requiredAntiAffinity
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    };
  };
  // At most one more pod per host and per zone than elsewhere; a ZooKeeper quorum never shares a host.
  const topologySpread = (component: string, hostRule: 'DoNotSchedule' | 'ScheduleAnyway') =>
    [
      { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: hostRule },
      { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
    ].map((t) => ({ ...t, maxSkew: 1, labelSelector: [{ matchLabels: selector(component) }] }));
  const podSecurity = {
    runAsUser: '1001',
    runAsGroup: '1001',
    runAsNonRoot: true,
    fsGroup: '1001',
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const containerSecurity = {
    runAsUser: '1001',
    runAsGroup: '1001',
    runAsNonRoot: true,
    privileged: false,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: false,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const claims = (component: string, volumes: string[], size: string) =>
    volumes.map((v) => ({
      metadata: { name: v, labels: selector(component) },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: shape.storageClassName, resources: { requests: { storage: size } } },
    }));
  const tcp = (port: number) => ({ port: String(port), protocol: 'TCP' });
  const peer = (s: PeerSelector): NetworkPolicyV1SpecIngressFrom => ({
    podSelector: { matchLabels: s.podLabels },
    ...(s.namespaceLabels !== undefined ? { namespaceSelector: { matchLabels: s.namespaceLabels } } : {}),
  });

  /** ConfigMap, Services, StatefulSet, PDB and NetworkPolicy of one component. */
  const component = (c: {
    group: string;
    component: string;
    role: string;
    replicas: number;
    ports: { name: string; port: number }[];
    plain: Record<string, string>;
    perNode: Record<string, string>[];
    script: string;
    container: Omit<StatefulSetV1SpecTemplateSpecContainer, 'name' | 'command' | 'envFrom' | 'port' | 'securityContext' | 'volumeMount'> & {
      volumeMount: StatefulSetV1SpecTemplateSpecContainerVolumeMount[];
    };
    /** Connector secrets: a Secret mounted, with keys of existing Secrets, as files at /kafka/secrets. */
    secret?: Record<string, string>;
    externalSecrets?: { name: string; secret: string; key: string }[];
    initContainer?: StatefulSetV1SpecTemplateSpecInitContainer;
    volume?: { name: string; emptyDir: { sizeLimit: string } }[];
    claims: ReturnType<typeof claims>;
    dependsOn: ITerraformDependable[];
    maxUnavailable: number;
    clientsFrom: NetworkPolicyV1SpecIngressFrom[];
  }): { statefulSet: StatefulSetV1; reachedThrough: ITerraformDependable[] } => {
    const group = new Construct(scope, c.group);
    const objectName = `${name}-${c.component}`;
    const configMap = new ConfigMapV1(group, 'config-map', { metadata: metadata(`${objectName}-env`, c.component, c.role), data: c.plain });
    const secret = c.secret
      ? new SecretV1(group, 'secret', { metadata: metadata(`${objectName}-env-secret`, c.component, c.role), data: c.secret })
      : undefined;
    const secretsVolume = secret
      ? {
          name: 'connector-secrets',
          projected: [
            {
              defaultMode: '0440',
              sources: [
                { secret: [{ name: secret.metadata.name }] },
                ...(c.externalSecrets ?? []).map((e) => ({ secret: [{ name: e.secret, items: [{ key: e.key, path: e.name }] }] })),
              ],
            },
          ],
        }
      : undefined;
    const volumes = [...(c.volume ?? []), ...(secretsVolume ? [secretsVolume] : [])];
    const headless = new ServiceV1(group, 'headless-service', {
      metadata: metadata(`${objectName}-headless`, c.component, c.role),
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        selector: selector(c.component),
        port: c.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name })),
      },
    });
    const service = new ServiceV1(group, 'service', {
      metadata: metadata(objectName, c.component, c.role),
      spec: {
        type: 'ClusterIP',
        selector: selector(c.component),
        port: [{ name: c.ports[0].name, port: c.ports[0].port, targetPort: c.ports[0].name }],
      },
    });
    const statefulSet = new StatefulSetV1(group, 'stateful-set', {
      metadata: metadata(objectName, c.component, c.role),
      spec: {
        replicas: String(c.replicas),
        serviceName: headless.metadata.name,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector(c.component) },
        template: {
          metadata: {
            labels: labels(c.component, c.role),
            annotations: {
              'checksum/config': envChecksum(c.plain, c.perNode),
              // The Secret's resource version: a rotated variable changes the Secret and so rolls the pods,
              // without a hash of the values on the pods. `none` when no secret comes from a variable.
              ...(secret ? { 'checksum/secrets': Object.keys(c.secret ?? {}).length > 0 ? secret.metadata.resourceVersion : 'none' } : {}),
            },
          },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurity,
            affinity: affinity(c.component),
            topologySpreadConstraint: topologySpread(
              c.component,
              c.component === 'zookeeper' && c.replicas > 1 ? 'DoNotSchedule' : 'ScheduleAnyway',
            ),
            initContainer: c.initContainer ? [c.initContainer] : undefined,
            container: [
              {
                name: c.component,
                command: ['bash', '-c', tf(`${c.script}\nexec /docker-entrypoint.sh start`)],
                envFrom: [{ configMapRef: { name: configMap.metadata.name } }],
                port: c.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
                securityContext: containerSecurity,
                ...c.container,
                volumeMount: [
                  ...c.container.volumeMount,
                  ...(secret ? [{ name: 'connector-secrets', mountPath: '/kafka/secrets', readOnly: true }] : []),
                ],
              },
            ],
            volume: volumes.length > 0 ? volumes : undefined,
          },
        },
        volumeClaimTemplate: c.claims,
      },
      waitForRollout: true,
      dependsOn: c.dependsOn.length > 0 ? c.dependsOn : undefined,
    });
    new PodDisruptionBudgetV1(group, 'disruption-budget', {
      metadata: metadata(objectName, c.component, c.role),
      spec: { maxUnavailable: String(c.maxUnavailable), selector: { matchLabels: selector(c.component) } },
    });
    new NetworkPolicyV1(group, 'network-policy', {
      metadata: metadata(objectName, c.component, c.role),
      spec: {
        podSelector: { matchLabels: selector(c.component) },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: selector(c.component) } }], ports: c.ports.map((p) => tcp(p.port)) },
          { from: c.clientsFrom, ports: [tcp(c.ports[0].port)] },
        ],
      },
    });
    // Tasks reach a component through its pods and both Services, and are destroyed before them.
    return { statefulSet, reachedThrough: [statefulSet, service, headless] };
  };

  // ZooKeeper: pods are `<sts>-0…`, not the image's `zookeeper-N`, so each pod writes myid and the server
  // list itself and starts the image in its standalone branch (SERVER_ID=1, SERVER_COUNT=1).
  const zkPeers = Array.from({ length: shape.zookeeperNodes }, (_, j) => j + 1);
  const zookeeper = component({
    group: 'ZooKeeper',
    component: 'zookeeper',
    role: 'coordination',
    replicas: shape.zookeeperNodes,
    ports: [
      { name: 'client', port: 2181 },
      { name: 'peer', port: 2888 },
      { name: 'election', port: 3888 },
    ],
    plain: { LOG_LEVEL: 'INFO', SERVER_COUNT: '1', SERVER_ID: '1', SERVER_JVMFLAGS: '-Xms512M', ZK_SERVER_HEAP: '512' },
    perNode: zkPeers.map(() => ({})),
    script: ordinalCase(
      zkPeers.map((i) =>
        [
          // The image keeps its stock zoo.cfg in conf.orig/; copy it into conf/ before appending.
          '[ -e /zookeeper/conf/zoo.cfg ] || cp /zookeeper/conf.orig/zoo.cfg /zookeeper/conf/zoo.cfg',
          `echo ${i} > /zookeeper/data/myid`,
          "printf '\\n' >> /zookeeper/conf/zoo.cfg",
          ...zkPeers.map(
            (j) => `echo 'server.${j}=${j === i ? '0.0.0.0' : podHost('zookeeper', j - 1)}:2888:3888' >> /zookeeper/conf/zoo.cfg`,
          ),
        ].join('\n'),
      ),
    ),
    container: {
      image: 'quay.io/debezium/zookeeper:3.1',
      volumeMount: [
        { name: 'data', mountPath: '/zookeeper/data' },
        { name: 'txns', mountPath: '/zookeeper/txns' },
      ],
      resources: { requests: { cpu, memory: '1Gi' }, limits: { memory: '1Gi' } },
      readinessProbe: {
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 3,
        exec: { command: ['bash', '-c', "exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && grep -q '^Mode:' <&3"] },
      },
      startupProbe: {
        periodSeconds: 1,
        timeoutSeconds: 1,
        failureThreshold: 130,
        exec: { command: ['bash', '-c', "exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && grep -q '^Mode:' <&3"] },
      },
      livenessProbe: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6, tcpSocket: [{ port: '2181' }] },
    },
    claims: claims('zookeeper', ['data', 'txns'], shape.zookeeperStorage ?? '10Gi'),
    dependsOn: [],
    maxUnavailable: Math.max(1, Math.floor((shape.zookeeperNodes - 1) / 2)),
    clientsFrom: [{ podSelector: { matchLabels: selector('kafka') } }],
  });

  const brokerIds = Array.from({ length: shape.brokers }, (_, j) => j);
  const bootstrap = brokerIds.map((j) => `${podHost('kafka', j)}:9092`).join(',');
  const kafkaHeap = shape.kafkaHeap ?? '1G';
  const kafkaPerNode = brokerIds.map((j) => ({
    ADVERTISED_HOST_NAME: podHost('kafka', j),
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${podHost('kafka', j)}:9092`,
    BROKER_ID: String(j + 1),
  }));
  const exports = (env: Record<string, string>) =>
    Object.entries(env)
      .map(([k, v]) => `export ${k}='${v}'`)
      .join('\n');
  const kafka = component({
    group: 'Brokers',
    component: 'kafka',
    role: 'broker',
    replicas: shape.brokers,
    ports: [{ name: 'kafka', port: 9092 }],
    plain: {
      ADVERTISED_PORT: '9092',
      HEAP_OPTS: `-Xms${kafkaHeap} -Xmx${kafkaHeap}`,
      KAFKA_DEFAULT_REPLICATION_FACTOR: String(rf),
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092',
      KAFKA_MIN_INSYNC_REPLICAS: String(rf >= 3 ? 2 : 1),
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: String(rf),
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: String(Math.min(2, rf)),
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: String(rf),
      LOG_LEVEL: 'INFO',
      ZOOKEEPER_CONNECT: zkPeers.map((i) => `${podHost('zookeeper', i - 1)}:2181`).join(','),
      ...shape.kafkaExtraEnv,
    },
    perNode: kafkaPerNode,
    script: ordinalCase(kafkaPerNode.map(exports)),
    container: {
      image: 'quay.io/debezium/kafka:3.1',
      volumeMount: [{ name: 'data', mountPath: '/kafka/data' }],
      resources: { requests: { cpu, memory: shape.kafkaMemory ?? '2Gi' }, limits: { memory: shape.kafkaMemory ?? '2Gi' } },
      startupProbe: { periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 170, exec: { command: ['bash', '-c', KAFKA_HEALTH] } },
      readinessProbe: { periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 3, exec: { command: ['bash', '-c', KAFKA_HEALTH] } },
      livenessProbe: { periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 6, tcpSocket: [{ port: '9092' }] },
    },
    claims: claims('kafka', ['data'], shape.kafkaStorage ?? '20Gi'),
    dependsOn: [zookeeper.statefulSet],
    maxUnavailable: 1,
    clientsFrom: [
      { podSelector: { matchLabels: selector('connect') } },
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-admin', 'app.kubernetes.io/instance': name } } },
      ...(shape.kafkaClients ?? []).map(peer),
    ],
  });

  // Tasks: a Job for one-shot work, a Pod for a connector's sentinel.
  const taskPod = {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: { runAsUser: '1001', runAsGroup: '1001', runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  };
  // A task's own labels; the pods also carry the user's labels, the sentinel's selector does not.
  const taskSelector = (admin: string, kind: string, objectName: string) => ({
    'app.kubernetes.io/name': admin,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/component': kind,
    'app.kubernetes.io/part-of': name,
    'app.kubernetes.io/managed-by': 'cdktf-debezium-connect',
    'cdktf-debezium-connect/task': objectName,
  });
  const taskLabels = (admin: string, kind: string, objectName: string) => ({ ...userLabels, ...taskSelector(admin, kind, objectName) });
  const taskContainer = (image: string, script: string, env: Record<string, string>, memory: string) => ({
    name: 'task',
    image,
    command: ['bash', '-c', tf(script)],
    env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })),
    resources: { requests: { cpu: '50m', memory }, limits: { memory } },
    securityContext: containerSecurity,
  });
  const job = (
    scope2: Construct,
    objectName: string,
    admin: string,
    kind: string,
    container: ReturnType<typeof taskContainer>,
    dependsOn: ITerraformDependable[],
  ) =>
    new JobV1(scope2, 'job', {
      metadata: { name: objectName, namespace: ns, labels: taskLabels(admin, kind, objectName) },
      spec: {
        backoffLimit: 4,
        template: {
          metadata: { labels: taskLabels(admin, kind, objectName) },
          spec: { ...taskPod, terminationGracePeriodSeconds: 10, restartPolicy: 'Never', container: [container] },
        },
      },
      waitForCompletion: true,
      timeouts: { create: '15m', update: '15m' },
      dependsOn,
    });

  const topicsJob =
    shape.topics !== undefined
      ? job(
          new Construct(scope, 'TopicsTask'),
          `${name}-topics`,
          'kafka-admin',
          'topics',
          taskContainer(
            'quay.io/debezium/kafka:3.1',
            TOPICS_SCRIPT,
            {
              BOOTSTRAP_SERVERS: bootstrap,
              TOPICS: shape.topics,
              KAFKA_HEAP_OPTS: '-Xms64M -Xmx256M',
              KAFKA_LOG4J_OPTS: '-Dlog4j.configuration=file:/kafka/config.orig/tools-log4j.properties',
            },
            '512Mi',
          ),
          kafka.reachedThrough,
        )
      : undefined;

  const workerIds = Array.from({ length: shape.workers }, (_, j) => j);
  const connectHeap = shape.connectHeap ?? '1G';
  const connectMemory = shape.connectMemory ?? '2Gi';
  const connectPerNode = workerIds.map((j) => ({ ADVERTISED_HOST_NAME: podHost('connect', j) }));
  const plugin = shape.plugin;
  const pluginMount = plugin ? [{ name: plugin.volumeName, mountPath: `/kafka/connect/${plugin.directory}` }] : [];
  const connect = component({
    group: 'ConnectWorkers',
    component: 'connect',
    role: 'connect-worker',
    replicas: shape.workers,
    ports: [{ name: 'rest', port: 8083 }],
    plain: {
      ADVERTISED_PORT: '8083',
      BOOTSTRAP_SERVERS: bootstrap,
      CONFIG_STORAGE_TOPIC: `${name}-connect-configs`,
      // Connectors reference secrets as ${dir:/kafka/secrets:NAME}: files of the mounted secrets volume.
      CONNECT_CONFIG_PROVIDERS: 'dir',
      CONNECT_CONFIG_PROVIDERS_DIR_CLASS: 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
      CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR: String(rf),
      CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY: 'None',
      CONNECT_LISTENERS: 'http://:8083',
      CONNECT_OFFSET_STORAGE_PARTITIONS: '25',
      CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR: String(rf),
      CONNECT_PRODUCER_ENABLE_IDEMPOTENCE: 'true',
      CONNECT_STATUS_STORAGE_PARTITIONS: '5',
      CONNECT_STATUS_STORAGE_REPLICATION_FACTOR: String(rf),
      GROUP_ID: shape.groupId ?? name,
      HEAP_OPTS: `-Xms${connectHeap} -Xmx${connectHeap}`,
      LOG_LEVEL: 'INFO',
      OFFSET_STORAGE_TOPIC: `${name}-connect-offsets`,
      STATUS_STORAGE_TOPIC: `${name}-connect-statuses`,
    },
    perNode: connectPerNode,
    script: ordinalCase(connectPerNode.map(exports)),
    secret: shape.secretData ?? {},
    externalSecrets: shape.secretKeyRefs,
    container: {
      image: 'quay.io/debezium/connect:3.1',
      volumeMount: [{ name: 'logs', mountPath: '/kafka/logs' }, { name: 'config', mountPath: '/kafka/config' }, ...pluginMount],
      resources: { requests: { cpu, memory: connectMemory }, limits: { memory: connectMemory } },
      readinessProbe: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, httpGet: { path: '/health', port: '8083' } },
      startupProbe: { periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 330, httpGet: { path: '/health', port: '8083' } },
      livenessProbe: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6, tcpSocket: [{ port: '8083' }] },
    },
    initContainer: plugin
      ? {
          name: 'install-plugins',
          image: 'docker.io/curlimages/curl:8.11.1',
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', tf(plugin.script)],
          volumeMount: pluginMount,
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
          securityContext: { ...containerSecurity, readOnlyRootFilesystem: true },
        }
      : undefined,
    volume: plugin ? [{ name: plugin.volumeName, emptyDir: { sizeLimit: '1Gi' } }] : undefined,
    claims: claims('connect', ['logs', 'config'], '1Gi'),
    dependsOn: [kafka.statefulSet, ...(topicsJob ? [topicsJob] : [])],
    maxUnavailable: 1,
    clientsFrom: [
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'connect-admin', 'app.kubernetes.io/instance': name } } },
      ...(shape.restClients ?? []).map(peer),
    ],
  });

  // Per connector: a sentinel Job that deletes it when it goes away, and a Job that applies it.
  const connectors = shape.connectors ?? [];
  const connectorsGroup = connectors.length > 0 ? new Construct(scope, 'Connectors') : undefined;
  const afterConnect = [...connect.reachedThrough, ...(topicsJob ? [topicsJob] : [])];
  for (const c of connectors) {
    const group = new Construct(connectorsGroup!, c.name);
    const objectName = `${name}-connector-${c.name}`;
    const rest = { CONNECT_REST_ENDPOINTS: `${name}-connect.${ns0}.svc.cluster.local:8083`, CONNECTOR_NAME: c.name };
    const sentinelName = `${objectName}-sentinel`;
    const sentinelLabels = taskLabels('connect-admin', 'connector-sentinel', sentinelName);
    // A Job that never completes while declared, so that a deleted or evicted pod is made again.
    const sentinel = new JobV1(new Construct(group, 'Sentinel'), 'job', {
      metadata: { name: sentinelName, namespace: ns, labels: sentinelLabels },
      spec: {
        backoffLimit: 2147483647,
        podFailurePolicy: {
          rule: [
            { action: 'Ignore', onPodCondition: [{ type: 'DisruptionTarget', status: 'True' }] },
            { action: 'Ignore', onExitCodes: { containerName: 'task', operator: 'In', values: [75] } },
          ],
        },
        template: {
          metadata: { labels: sentinelLabels },
          spec: {
            ...taskPod,
            terminationGracePeriodSeconds: 60,
            restartPolicy: 'Never',
            container: [
              {
                ...taskContainer('quay.io/debezium/connect:3.1', CONNECTOR_SENTINEL_SCRIPT, rest, '64Mi'),
                readinessProbe: { exec: { command: ['test', '-f', '/tmp/task-done'] }, periodSeconds: 5, timeoutSeconds: 3 },
                // The marker stays once the work is done; a container without it after 605 s is restarted.
                livenessProbe: {
                  exec: { command: ['test', '-f', '/tmp/task-done'] },
                  initialDelaySeconds: 605,
                  periodSeconds: 30,
                  timeoutSeconds: 3,
                },
              },
            ],
          },
        },
      },
      waitForCompletion: false,
      timeouts: { delete: '180s' },
      dependsOn: afterConnect,
    });
    job(
      new Construct(group, 'Apply'),
      objectName,
      'connect-admin',
      'connector',
      taskContainer(
        'quay.io/debezium/connect:3.1',
        CONNECTOR_APPLY_SCRIPT,
        { ...rest, CONNECTOR_CONFIG: c.config, CONNECTOR_STATE: c.state },
        '64Mi',
      ),
      [...afterConnect, sentinel],
    );
  }

  new TerraformOutput(scope, 'rest-urls', {
    value: workerIds.map((j) => `http://${podHost('connect', j)}:8083`),
    description: `REST API of each Connect worker of ${name}`,
  });
  new TerraformOutput(scope, 'bootstrap-servers', { value: bootstrap, description: `Kafka bootstrap servers of ${name}` });
}

/** Module loading happens at require time (the imports above); nothing more to load. */
export function preload(): void {}

/** The N-cluster rows: N clusters of 3 ZooKeeper nodes, 3 brokers and 2 workers, one namespace each. */
export function buildClusters(app: App, count: number): void {
  const stack = new TerraformStack(app, 'bench');
  new KubernetesProvider(stack, 'kubernetes');
  for (let i = 1; i <= count; i++) {
    const name = clusterName(i);
    baselineKubernetesCluster(stack, name, { ...ROW_SHAPE, namespace: name });
  }
}

/**
 * The plugin install script of the production example (fetch, verify SHA-512, unpack): the library's shell
 * functions, read from the same files (src/scripts), then the calls for the one plugin, written out.
 */
const JDBC_PLUGIN_SCRIPT = `${shellScript('plugin-install.sh').trimEnd()}
${shellScript('plugin-fetch.sh').trimEnd()}
prepare '/kafka/connect/debezium-connector-jdbc'
fetch 'https://repo1.maven.org/maven2/io/debezium/debezium-connector-jdbc/3.1.2.Final/debezium-connector-jdbc-3.1.2.Final-plugin.tar.gz' '/kafka/connect/debezium-connector-jdbc/.plugin-download/1-debezium-connector-jdbc-3.1.2.Final-plugin.tar.gz' '7f619d2c8cc0dc0f669814a4ff6c0f99a173048f95790d9063b6865b2170e1ee43525cf194e94544607aeadf7dc6befbd6741d4122b9475b9d4b33d7c4861bd3'
unpack '/kafka/connect/debezium-connector-jdbc/.plugin-download/1-debezium-connector-jdbc-3.1.2.Final-plugin.tar.gz' '/kafka/connect/debezium-connector-jdbc'
rm -rf '/kafka/connect/debezium-connector-jdbc/.plugin-download'
echo "installed 1 plugin directory: debezium-connector-jdbc"
`;

/**
 * examples/kubernetes-production, by hand, in the example's own shape (a build function constructing a
 * TerraformStack subclass), so that the row compares the library with hand-written resources and nothing else.
 */
class KubernetesProductionBaseline extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new KubernetesProvider(this, 'kubernetes', { configPath: '~/.kube/config' });
    const shopPassword = new TerraformVariable(this, 'shop_db_password', { type: 'string', sensitive: true });
    const name = 'inventory';
    const bootstrap = [0, 1, 2].map((j) => `${name}-kafka-${j}.${name}-kafka-headless.inventory-cdc.svc.cluster.local:9092`).join(',');
    const compact = 'cleanup.policy=compact cleanup.policy=compact';
    baselineKubernetesCluster(this, name, {
      zookeeperNodes: 3,
      brokers: 3,
      workers: 3,
      namespace: 'inventory-cdc',
      labels: { team: 'data-platform' },
      storageClassName: 'fast-ssd',
      requiredAntiAffinity: true,
      cpuRequest: '500m',
      zookeeperStorage: '20Gi',
      kafkaStorage: '200Gi',
      kafkaHeap: '2G',
      kafkaMemory: '4Gi',
      kafkaExtraEnv: { KAFKA_LOG_RETENTION_HOURS: '168' },
      connectHeap: '2G',
      connectMemory: '3Gi',
      groupId: 'inventory-connect',
      kafkaClients: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'analytics' }, podLabels: { role: 'stream-consumer' } }],
      restClients: [{ podLabels: { 'app.kubernetes.io/name': 'connector-deployer' } }],
      secretData: { SECRET_SHOP_MYSQL_DATABASE_PASSWORD: shopPassword.stringValue },
      secretKeyRefs: [{ name: 'SECRET_INVENTORY_POSTGRES_DATABASE_PASSWORD', secret: 'inventory-db-credentials', key: 'password' }],
      plugin: { directory: 'debezium-connector-jdbc', volumeName: 'plugin-debezium-connector-jdbc-f44b9440', script: JDBC_PLUGIN_SCRIPT },
      topics: [
        `${name}-connect-configs 1 3 ${compact}`,
        `${name}-connect-offsets 25 3 ${compact}`,
        `${name}-connect-statuses 5 3 ${compact}`,
        'inventory.public.orders 12 3 min.insync.replicas=2;retention.ms=604800000 min.insync.replicas=2,retention.ms=604800000',
        'shop.schema-history 1 3 cleanup.policy=delete;retention.ms=-1 cleanup.policy=delete,retention.ms=-1',
      ].join('\n'),
      connectors: [
        {
          name: 'inventory-postgres',
          config: JSON.stringify({
            'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
            'database.dbname': 'inventory',
            'database.hostname': 'inventory-db.databases.svc.cluster.local',
            'database.port': '5432',
            'database.user': 'debezium',
            'plugin.name': 'pgoutput',
            'publication.name': 'inventory_cdc',
            'slot.name': 'inventory_cdc',
            'snapshot.mode': 'initial',
            'table.include.list': 'public.orders,public.customers',
            'topic.prefix': 'inventory',
            'database.password': '$${dir:/kafka/secrets:SECRET_INVENTORY_POSTGRES_DATABASE_PASSWORD}',
          }),
          state: 'RUNNING',
        },
        {
          name: 'shop-mysql',
          config: JSON.stringify({
            'connector.class': 'io.debezium.connector.mysql.MySqlConnector',
            'database.hostname': 'shop-db.databases.svc.cluster.local',
            'database.include.list': 'shop',
            'database.port': '3306',
            'database.server.id': '5400',
            'database.user': 'debezium',
            'schema.history.internal.kafka.bootstrap.servers': bootstrap,
            'schema.history.internal.kafka.topic': 'shop.schema-history',
            'topic.prefix': 'shop',
            'database.password': '$${dir:/kafka/secrets:SECRET_SHOP_MYSQL_DATABASE_PASSWORD}',
          }),
          state: 'PAUSED',
        },
      ],
    });
  }
}

export function buildProduction(app: App): TerraformStack[] {
  return [new KubernetesProductionBaseline(app, 'kubernetes-production')];
}

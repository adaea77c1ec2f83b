import { Container } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { StatefulSetV1 } from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { Testing } from 'cdktf';
import {
  ConnectCluster,
  ConnectClusterProps,
  CoordinationMode,
  ImagePullPolicy,
  KubernetesServiceType,
  KubernetesTargetOptions,
  KubernetesWorkerStorage,
  PodAntiAffinity,
  PluginSource,
  Secret,
  SecretFiles,
  Size,
  Target,
} from '../../src';
import { dockerEnv, synthCluster, synthError, synthJson, testStack, validationError } from '../util';
import { apiVersionsCheck } from '../../src/model/kafka';

type Props = Omit<ConnectClusterProps, 'target' | 'clusterName'> & { clusterName?: string };

const synth = (props: Props = {}, options: KubernetesTargetOptions = {}): string =>
  synthCluster({ ...props, target: Target.kubernetes(options) });

function resources(out: string, type: string): any[] {
  return Object.values(JSON.parse(out).resource[type] ?? {});
}

function statefulSet(out: string, component: string): any {
  return resources(out, 'kubernetes_stateful_set_v1').find((s) => s.metadata.name === `cdc-${component}`);
}

function container(out: string, component: string): any {
  return statefulSet(out, component).spec.template.spec.container[0];
}

/** The variables each pod of a component gets: shared (ConfigMap) plus its own (ordinal script). */
function envKeys(out: string, component: string): string[] {
  const configMap = resources(out, 'kubernetes_config_map_v1').find((c) => c.metadata.name === `cdc-${component}-env`);
  const script: string = container(out, component).command?.[2] ?? '';
  const own = [...script.matchAll(/^export (\w+)=/gm)].map((m) => m[1]);
  return [...new Set([...Object.keys(configMap.data ?? {}), ...own])].sort();
}

/** The synth error of an invalid cluster. */
const failure = (props: Props, options: KubernetesTargetOptions = {}): string =>
  validationError(
    ['kubernetes'],
    (stack) => new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', ...props, target: Target.kubernetes(options) }),
  );

const PRODUCTION: Props = { zookeeper: { nodes: 3 }, kafka: { brokers: 3 }, connect: { workers: 3 } };

describe('Kubernetes target: namespace', () => {
  test('creates a namespace named after the cluster, enforcing the restricted pod security standard', () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(NamespaceV1, {
      metadata: expect.objectContaining({
        name: 'cdc',
        labels: expect.objectContaining({ 'app.kubernetes.io/instance': 'cdc', 'pod-security.kubernetes.io/enforce': 'restricted' }),
      }),
    });
    expect(statefulSet(out, 'kafka').metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\..*\.metadata\[0\]\.name\}$/);
  });

  test('every object name is a DNS-1123 label for the longest cluster name', () => {
    const name = 'a'.repeat(30);
    const out = synthCluster({ clusterName: name, ...PRODUCTION, target: Target.kubernetes() });
    const json = JSON.parse(out).resource;
    const names = Object.values(json).flatMap((byId: any) => Object.values(byId).map((r: any) => r.metadata.name));
    expect(names.length).toBeGreaterThan(15);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });

  test('uses an existing namespace by name with createNamespace: false', () => {
    const out = synth({}, { namespace: 'platform', createNamespace: false });
    expect(resources(out, 'kubernetes_namespace_v1')).toHaveLength(0);
    for (const type of [
      'kubernetes_stateful_set_v1',
      'kubernetes_service_v1',
      'kubernetes_config_map_v1',
      'kubernetes_pod_disruption_budget_v1',
      'kubernetes_network_policy_v1',
    ]) {
      for (const r of resources(out, type)) expect(r.metadata.namespace).toBe('platform');
    }
    // Pod DNS names (from the model) carry the namespace.
    expect(envKeys(out, 'connect')).toContain('BOOTSTRAP_SERVERS');
    const connectEnv = resources(out, 'kubernetes_config_map_v1').find((c) => c.metadata.name === 'cdc-connect-env').data;
    expect(connectEnv.BOOTSTRAP_SERVERS).toBe('cdc-kafka-0.cdc-kafka-headless.platform.svc.cluster.local:9092');
  });

  test('a cluster in an existing namespace nobody in the stack creates names it literally', () => {
    const out = synth({}, { namespace: 'platform', createNamespace: false });
    expect(resources(out, 'kubernetes_stateful_set_v1').every((s) => s.metadata.namespace === 'platform')).toBe(true);
  });
});

describe('Kubernetes target: ZooKeeper', () => {
  test('a StatefulSet of the ensemble with claims for data and txns, never conf', () => {
    const out = synth(PRODUCTION, { storageClassName: 'fast' });
    expect(out).toHaveResourceWithProperties(StatefulSetV1, {
      metadata: expect.objectContaining({ name: 'cdc-zookeeper' }),
      spec: expect.objectContaining({
        replicas: '3',
        pod_management_policy: 'Parallel',
        volume_claim_template: [
          expect.objectContaining({
            metadata: expect.objectContaining({ name: 'data' }),
            spec: expect.objectContaining({ storage_class_name: 'fast', resources: { requests: { storage: '10Gi' } } }),
          }),
          expect.objectContaining({ metadata: expect.objectContaining({ name: 'txns' }) }),
        ],
      }),
    });
    expect(JSON.stringify(statefulSet(out, 'zookeeper'))).not.toContain('/zookeeper/conf"');
  });

  test('headless Service publishes peers before they are ready; a client Service for 2181', () => {
    const out = synth(PRODUCTION);
    expect(out).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({ name: 'cdc-zookeeper-headless' }),
      spec: expect.objectContaining({
        cluster_ip: 'None',
        publish_not_ready_addresses: true,
        port: [
          { name: 'client', port: 2181, target_port: 'client' },
          { name: 'peer', port: 2888, target_port: 'peer' },
          { name: 'election', port: 3888, target_port: 'election' },
        ],
      }),
    });
    expect(out).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({ name: 'cdc-zookeeper' }),
      spec: expect.objectContaining({ type: 'ClusterIP', port: [{ name: 'client', port: 2181, target_port: 'client' }] }),
    });
  });

  test('each pod writes its own myid from its ordinal, then starts the image', () => {
    const script: string = container(synth(PRODUCTION), 'zookeeper').command[2];
    expect(container(synth(PRODUCTION), 'zookeeper').command.slice(0, 2)).toEqual(['bash', '-c']);
    // `$${` is Terraform's escape: the pod receives `${HOSTNAME##*-}`.
    // The image's /zookeeper/conf starts empty (stock zoo.cfg in conf.orig): copied into place before the server list.
    const copyStock = '[ -e /zookeeper/conf/zoo.cfg ] || cp /zookeeper/conf.orig/zoo.cfg /zookeeper/conf/zoo.cfg';
    expect(script.startsWith(`ordinal=$\${HOSTNAME##*-}\ncase "$ordinal" in\n0)\n${copyStock}\necho 1 > /zookeeper/data/myid\n`)).toBe(
      true,
    );
    expect(script).toContain(`2)\n${copyStock}\necho 3 > /zookeeper/data/myid`);
    expect(script).toMatch(/\nexec \/docker-entrypoint\.sh start$/);
  });

  test('the disruption budget keeps a quorum', () => {
    for (const [nodes, max] of [
      [1, '1'],
      [3, '1'],
      [5, '2'],
    ] as const) {
      const out = synth({ zookeeper: { nodes } });
      const pdb = resources(out, 'kubernetes_pod_disruption_budget_v1').find((p) => p.metadata.name === 'cdc-zookeeper');
      expect(pdb.spec).toEqual({
        max_unavailable: max,
        selector: { match_labels: { 'app.kubernetes.io/name': 'zookeeper', 'app.kubernetes.io/instance': 'cdc' } },
      });
    }
  });

  test("readiness runs the model's srvr check; a startup probe runs it every second for the start budget, then liveness connects to 2181", () => {
    const c = container(synth(), 'zookeeper');
    expect(c.readiness_probe.exec.command[2]).toContain('srvr');
    // 10 s start period + 12 retries of 10 s = 130 s, in 1 s steps, with the readiness check itself.
    expect(c.startup_probe).toEqual({ exec: c.readiness_probe.exec, period_seconds: 1, timeout_seconds: 1, failure_threshold: 130 });
    expect(c.liveness_probe).toEqual({ tcp_socket: [{ port: '2181' }], period_seconds: 10, timeout_seconds: 5, failure_threshold: 6 });
    // A single node needs nothing of its own: the image starts unchanged.
    expect(c.command).toBeUndefined();
  });
});

describe('Kubernetes target: Kafka', () => {
  test('brokers take their id and advertised pod DNS name from the ordinal', () => {
    const out = synth(PRODUCTION);
    expect(out).toHaveResourceWithProperties(StatefulSetV1, {
      metadata: expect.objectContaining({ name: 'cdc-kafka' }),
      spec: expect.objectContaining({
        replicas: '3',
        volume_claim_template: [expect.objectContaining({ metadata: expect.objectContaining({ name: 'data' }) })],
      }),
    });
    const script: string = container(out, 'kafka').command[2];
    expect(script).toContain("1)\nexport ADVERTISED_HOST_NAME='cdc-kafka-1.cdc-kafka-headless.cdc.svc.cluster.local'");
    expect(script).toContain("export BROKER_ID='2'");
    expect(envKeys(out, 'kafka')).toEqual(expect.arrayContaining(['BROKER_ID', 'ZOOKEEPER_CONNECT', 'KAFKA_ADVERTISED_LISTENERS']));
  });

  test('readiness asks the broker for its API versions (no JVM every period), and no probe outlasts its period', () => {
    const c = container(synth(PRODUCTION), 'kafka');
    // A port accepting connections is not a broker processing requests: readiness sends ApiVersions.
    expect(c.readiness_probe).toEqual({
      exec: { command: apiVersionsCheck(9092) },
      period_seconds: 15,
      timeout_seconds: 10,
      failure_threshold: 3,
    });
    for (const probe of [c.startup_probe, c.readiness_probe, c.liveness_probe])
      expect(probe.timeout_seconds).toBeLessThanOrEqual(probe.period_seconds);
    // The startup probe is the readiness check, every second, for the whole start budget (20 s + 10 × 15 s).
    expect(c.startup_probe).toEqual({
      exec: { command: apiVersionsCheck(9092) },
      period_seconds: 1,
      timeout_seconds: 1,
      failure_threshold: 170,
    });
    // Liveness stays a TCP connect: a broker busy or recovering is not restarted for a slow answer.
    expect(c.liveness_probe).toEqual({ tcp_socket: [{ port: '9092' }], period_seconds: 15, timeout_seconds: 10, failure_threshold: 6 });
    expect(JSON.stringify(c)).not.toContain('kafka-topics.sh');
  });

  test('a bootstrap Service, a headless Service and a budget of one broker', () => {
    const out = synth(PRODUCTION);
    expect(out).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({ name: 'cdc-kafka' }),
      spec: expect.objectContaining({ port: [{ name: 'kafka', port: 9092, target_port: 'kafka' }] }),
    });
    expect(out).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({ name: 'cdc-kafka-headless' }),
      spec: expect.objectContaining({ publish_not_ready_addresses: true }),
    });
    expect(out).toHaveResourceWithProperties(PodDisruptionBudgetV1, {
      metadata: expect.objectContaining({ name: 'cdc-kafka' }),
      spec: expect.objectContaining({ max_unavailable: '1' }),
    });
  });

  test('starts after ZooKeeper is rolled out, and Connect after Kafka', () => {
    const out = synth(PRODUCTION);
    expect(statefulSet(out, 'kafka').depends_on).toEqual([expect.stringMatching(/^kubernetes_stateful_set_v1\.cdc_ZooKeeper_/)]);
    expect(statefulSet(out, 'connect').depends_on).toEqual([expect.stringMatching(/^kubernetes_stateful_set_v1\.cdc_Brokers_/)]);
    expect(statefulSet(out, 'kafka').wait_for_rollout).toBe(true);
  });

  test('with an external Kafka only the workers are rendered, depending on nothing', () => {
    const out = synth({ connect: { bootstrapServers: ['kafka.example:9092'] } });
    expect(resources(out, 'kubernetes_stateful_set_v1').map((s) => s.metadata.name)).toEqual(['cdc-connect']);
    expect(statefulSet(out, 'connect').depends_on).toBeUndefined();
  });

  test('KRaft: one combined node, no ZooKeeper objects, the controller port open among brokers only', () => {
    const out = synth({ coordination: CoordinationMode.KRAFT_COMBINED });
    expect(statefulSet(out, 'zookeeper')).toBeUndefined();
    expect(envKeys(out, 'kafka')).toEqual(expect.arrayContaining(['CLUSTER_ID', 'NODE_ID', 'KAFKA_CONTROLLER_QUORUM_VOTERS']));
    const policy = resources(out, 'kubernetes_network_policy_v1').find((p) => p.metadata.name === 'cdc-kafka');
    expect(policy.spec.ingress[0].ports.map((p: any) => p.port)).toEqual(['9092', '9093']);
    expect(policy.spec.ingress[1].ports.map((p: any) => p.port)).toEqual(['9092']);
  });
});

describe('Kubernetes target: KRaft quorums', () => {
  const DEDICATED: Props = { coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS, kafka: { brokers: 3 }, kraft: { controllers: 3 } };
  const pdb = (out: string, name: string) => resources(out, 'kubernetes_pod_disruption_budget_v1').find((p) => p.metadata.name === name);
  const policy = (out: string, name: string) => resources(out, 'kubernetes_network_policy_v1').find((p) => p.metadata.name === name);

  test('dedicated controllers get their own StatefulSet, headless Service and client Service; the brokers wait for them', () => {
    const out = synth(DEDICATED);
    const controllers = statefulSet(out, 'kafka-controller');
    expect(controllers.spec.replicas).toBe('3');
    expect(controllers.spec.service_name).toMatch(/Controllers_headless-service/);
    expect(controllers.spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'kafka-controller',
      'app.kubernetes.io/component': 'controller',
    });
    expect(statefulSet(out, 'kafka').depends_on).toEqual([
      expect.stringMatching(/^kubernetes_stateful_set_v1\.cdc_Controllers_stateful-set/),
    ]);
    const services = resources(out, 'kubernetes_service_v1').map((x) => x.metadata.name);
    expect(services).toEqual(expect.arrayContaining(['cdc-kafka-controller', 'cdc-kafka-controller-headless']));
    expect(controllers.spec.volume_claim_template[0].spec.resources.requests.storage).toBe('5Gi');
  });

  test("each pod formats its storage as its ordinal's node before the entrypoint", () => {
    const out = synth(DEDICATED);
    const script: string = container(out, 'kafka-controller').command[2];
    // pod ordinals count from 0, node ids from 1001
    expect(script).toContain(
      "1)\nexport NODE_ID='1002'\nexport KAFKA_ADVERTISED_LISTENERS='CONTROLLER://cdc-kafka-controller-1.cdc-kafka-controller-headless.cdc.svc.cluster.local:9093'",
    );
    expect(script).toContain('if [ ! -f /kafka/data/1002/meta.properties ]; then');
    expect(script).toContain('--initial-controllers=');
    expect(script).toMatch(/exec \/docker-entrypoint\.sh start$/);
    const brokers: string = container(out, 'kafka').command[2];
    expect(brokers).toContain('--no-initial-controllers || exit 1');
    expect(envKeys(out, 'kafka-controller')).toEqual(
      expect.arrayContaining(['CLUSTER_ID', 'NODE_ID', 'NODE_ROLE', 'KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS']),
    );
    // a controller is probed on its port (the quorum tool starts a JVM)
    expect(container(out, 'kafka-controller').readiness_probe.tcp_socket).toEqual([{ port: '9093' }]);
  });

  test("the controllers' disruption budget keeps a majority, and their pods spread over hosts as a rule", () => {
    expect(pdb(synth(DEDICATED), 'cdc-kafka-controller').spec.max_unavailable).toBe('1');
    expect(pdb(synth({ ...DEDICATED, kraft: { controllers: 5 } }), 'cdc-kafka-controller').spec.max_unavailable).toBe('2');
    const spread = statefulSet(synth(DEDICATED), 'kafka-controller').spec.template.spec.topology_spread_constraint;
    expect(spread[0]).toMatchObject({ topology_key: 'kubernetes.io/hostname', when_unsatisfiable: 'DoNotSchedule' });
  });

  test('combined nodes are the quorum: one at a time, spread over hosts as a rule', () => {
    const out = synth({ coordination: CoordinationMode.KRAFT_COMBINED, kafka: { brokers: 5 } });
    expect(pdb(out, 'cdc-kafka').spec.max_unavailable).toBe('1');
    expect(statefulSet(out, 'kafka').spec.template.spec.topology_spread_constraint[0].when_unsatisfiable).toBe('DoNotSchedule');
    expect(statefulSet(out, 'kafka-controller')).toBeUndefined();
    const script: string = container(out, 'kafka').command[2];
    expect(script).toMatch(/\n4\)\n[^;]*export NODE_ID='5'\n[\s\S]*?'process\.roles=broker,controller' 'node\.id=5'/);
  });

  test('the controller port admits only brokers and controllers; brokers admit workers, tasks, clients and each other', () => {
    const out = synth(DEDICATED, { kafkaClients: [{ podLabels: { role: 'consumer' } }] });
    const controllers = policy(out, 'cdc-kafka-controller');
    expect(controllers.spec.pod_selector.match_labels['app.kubernetes.io/name']).toBe('kafka-controller');
    expect(controllers.spec.ingress).toEqual([
      {
        from: [{ pod_selector: { match_labels: { 'app.kubernetes.io/name': 'kafka-controller', 'app.kubernetes.io/instance': 'cdc' } } }],
        ports: [{ port: '9093', protocol: 'TCP' }],
      },
      {
        from: [{ pod_selector: { match_labels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'cdc' } } }],
        ports: [{ port: '9093', protocol: 'TCP' }],
      },
    ]);
    const brokers = policy(out, 'cdc-kafka');
    expect(brokers.spec.ingress[0].ports).toEqual([{ port: '9092', protocol: 'TCP' }]);
    expect(
      brokers.spec.ingress[1].from.map(
        (f: any) => f.pod_selector.match_labels['app.kubernetes.io/name'] ?? f.pod_selector.match_labels.role,
      ),
    ).toEqual(['connect', 'kafka-admin', 'consumer']);
  });

  test('controllers take controllerResources, else the target-wide values', () => {
    const out = synth(DEDICATED, { cpuRequest: '300m', controllerResources: { cpuRequest: '100m' } });
    expect(container(out, 'kafka-controller').resources.requests.cpu).toBe('100m');
    expect(container(out, 'kafka').resources.requests.cpu).toBe('300m');
    expect(failure(DEDICATED, { controllerResources: { memoryRequest: Size.gibibytes(2) } })).toContain(
      'target.controllerResources.memoryRequest: memory request 2Gi is above the kafka-controller memory limit 1Gi; lower target.controllerResources.memoryRequest to at most 1Gi, or raise kraft.memoryLimit',
    );
  });
});

describe('Kubernetes target: Connect workers', () => {
  test('shared settings in a ConfigMap read with envFrom; each worker advertises its pod DNS name', () => {
    const out = synth(PRODUCTION);
    expect(out).toHaveResourceWithProperties(ConfigMapV1, {
      metadata: expect.objectContaining({ name: 'cdc-connect-env' }),
      data: expect.objectContaining({
        GROUP_ID: 'cdc',
        CONFIG_STORAGE_TOPIC: 'cdc-connect-configs',
        CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR: '3',
      }),
    });
    const c = container(out, 'connect');
    // Connector secrets are files (see the tasks tests), never environment.
    expect(c.env_from).toEqual([
      { config_map_ref: { name: expect.stringMatching(/^\$\{kubernetes_config_map_v1\..*ConnectWorkers.*\.metadata\[0\]\.name\}$/) } },
    ]);
    expect(c.command[2]).toContain("2)\nexport ADVERTISED_HOST_NAME='cdc-connect-2.cdc-connect-headless.cdc.svc.cluster.local'");
    expect(statefulSet(out, 'connect').spec.service_name).toMatch(/ConnectWorkers_headless-service/);
  });

  test('only the workers have a Secret, empty until a connector declares secrets', () => {
    const secrets = resources(synth(PRODUCTION), 'kubernetes_secret_v1');
    expect(secrets).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ name: 'cdc-connect-env-secret' }) })]);
    expect(secrets[0].data).toEqual({});
  });

  test('/kafka/logs and /kafka/config are claims by default, emptyDirs on request, never a ConfigMap mount', () => {
    const persistent = statefulSet(synth({}, { storageClassName: 'standard' }), 'connect');
    expect(
      persistent.spec.volume_claim_template.map((t: any) => [
        t.metadata.name,
        t.spec.storage_class_name,
        t.spec.resources.requests.storage,
      ]),
    ).toEqual([
      ['logs', 'standard', '1Gi'],
      ['config', 'standard', '1Gi'],
    ]);
    expect(persistent.spec.template.spec.container[0].volume_mount).toEqual([
      { name: 'logs', mount_path: '/kafka/logs' },
      { name: 'config', mount_path: '/kafka/config' },
      { name: 'tmp', mount_path: '/tmp' },
      { name: 'connector-secrets', mount_path: '/kafka/secrets', read_only: true },
    ]);
    const ephemeral = statefulSet(synth({}, { workerStorage: KubernetesWorkerStorage.EMPTY_DIR }), 'connect');
    expect(ephemeral.spec.volume_claim_template).toBeUndefined();
    expect(ephemeral.spec.template.spec.volume).toEqual([
      { name: 'logs', empty_dir: { size_limit: '1Gi' } },
      { name: 'config', empty_dir: { size_limit: '1Gi' } },
      { name: 'tmp', empty_dir: { size_limit: '256Mi' } },
      expect.objectContaining({ name: 'connector-secrets' }),
    ]);
    expect(JSON.stringify(ephemeral)).not.toContain('config_map":');
  });

  test('the REST Service is ClusterIP unless told; readiness on /health, liveness on the REST port', () => {
    expect(synth()).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({ name: 'cdc-connect' }),
      spec: expect.objectContaining({ type: 'ClusterIP', port: [{ name: 'rest', port: 8083, target_port: 'rest' }] }),
    });
    expect(synth({}, { restServiceType: KubernetesServiceType.LOAD_BALANCER })).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({ name: 'cdc-connect' }),
      spec: expect.objectContaining({ type: 'LoadBalancer' }),
    });
    const c = container(synth(), 'connect');
    expect(c.readiness_probe).toEqual({
      http_get: { path: '/health', port: '8083' },
      period_seconds: 10,
      timeout_seconds: 5,
      failure_threshold: 3,
    });
    // /health, not the port: the REST API listens (and answers 503) before the worker has joined its group.
    expect(c.startup_probe).toEqual({
      http_get: { path: '/health', port: '8083' },
      period_seconds: 1,
      timeout_seconds: 1,
      failure_threshold: 330,
    });
    expect(c.liveness_probe).toEqual({ tcp_socket: [{ port: '8083' }], period_seconds: 10, timeout_seconds: 5, failure_threshold: 6 });
  });

  test('a Connect setting change rolls the workers (checksum) and leaves ZooKeeper and Kafka untouched', () => {
    const before = synth(PRODUCTION);
    const after = synth({ ...PRODUCTION, connect: { ...PRODUCTION.connect, workerProperties: { 'heartbeat.interval.ms': '3000' } } });
    const checksum = (out: string) => statefulSet(out, 'connect').spec.template.metadata.annotations['checksum/config'];
    expect(checksum(before)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(after)).not.toBe(checksum(before));
    expect(statefulSet(after, 'zookeeper')).toEqual(statefulSet(before, 'zookeeper'));
    expect(statefulSet(after, 'kafka')).toEqual(statefulSet(before, 'kafka'));
  });
});

describe('Kubernetes target: production defaults', () => {
  test('memory request defaults to the limit; cpu request 250m; cpu limit only when given', () => {
    const c = container(synth({ connect: { memoryLimit: Size.gibibytes(3) } }), 'connect');
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '3Gi' }, limits: { memory: '3Gi' } });
    const tuned = container(synth({}, { memoryRequest: Size.mebibytes(900), cpuRequest: '500m', cpuLimit: '2' }), 'kafka');
    expect(tuned.resources).toEqual({ requests: { cpu: '500m', memory: '900Mi' }, limits: { memory: '2Gi', cpu: '2' } });
  });

  test('pods run as the image user without privileges or a service account token', () => {
    const out = synth();
    for (const component of ['zookeeper', 'kafka', 'connect']) {
      const pod = statefulSet(out, component).spec.template.spec;
      expect(pod.security_context).toEqual(
        expect.objectContaining({
          run_as_user: '1001',
          run_as_group: '1001',
          run_as_non_root: true,
          fs_group: '1001',
          seccomp_profile: { type: 'RuntimeDefault' },
        }),
      );
      expect(pod.automount_service_account_token).toBe(false);
      expect(pod.enable_service_links).toBe(false);
      expect(pod.container[0].security_context).toEqual({
        run_as_user: '1001',
        run_as_group: '1001',
        run_as_non_root: true,
        privileged: false,
        allow_privilege_escalation: false,
        capabilities: { drop: ['ALL'] },
        // Connect's image writes only its volumes and /tmp; the Kafka and ZooKeeper entrypoints rewrite image files.
        read_only_root_filesystem: component === 'connect',
        seccomp_profile: { type: 'RuntimeDefault' },
      });
    }
  });

  test("Connect's root filesystem is read-only, with an emptyDir at /tmp, the one path its image writes besides its volumes", () => {
    for (const storage of [KubernetesWorkerStorage.PERSISTENT, KubernetesWorkerStorage.EMPTY_DIR]) {
      const pod = statefulSet(synth({}, { workerStorage: storage }), 'connect').spec.template.spec;
      expect(pod.container[0].security_context.read_only_root_filesystem).toBe(true);
      expect(pod.volume).toContainEqual({ name: 'tmp', empty_dir: { size_limit: '256Mi' } });
      const mounts = pod.container[0].volume_mount.map((m: { mount_path: string }) => m.mount_path);
      for (const path of ['/kafka/config', '/kafka/logs', '/tmp']) expect(mounts).toContain(path);
    }
  });

  test('replicas prefer different nodes, or require them', () => {
    const preferred = statefulSet(synth(PRODUCTION), 'kafka').spec.template.spec.affinity.pod_anti_affinity;
    expect(preferred).toEqual({
      preferred_during_scheduling_ignored_during_execution: [
        {
          weight: 100,
          pod_affinity_term: {
            topology_key: 'kubernetes.io/hostname',
            label_selector: [{ match_labels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'cdc' } }],
          },
        },
      ],
    });
    const required = statefulSet(synth(PRODUCTION, { podAntiAffinity: PodAntiAffinity.REQUIRED }), 'zookeeper').spec.template.spec.affinity
      .pod_anti_affinity;
    expect(required.required_during_scheduling_ignored_during_execution[0].topology_key).toBe('kubernetes.io/hostname');
  });

  test('address ranges are admitted to the REST API only (ipBlock peers), and a bad one is refused with the field', () => {
    const out = synth(PRODUCTION, {
      restServiceType: KubernetesServiceType.LOAD_BALANCER,
      restClientIpBlocks: ['10.20.0.0/16', '2001:db8::/48'],
    });
    const policies = resources(out, 'kubernetes_network_policy_v1');
    const connect = policies.find((p) => p.metadata.name === 'cdc-connect');
    expect(connect.spec.ingress[1].from).toEqual(
      expect.arrayContaining([{ ip_block: { cidr: '10.20.0.0/16' } }, { ip_block: { cidr: '2001:db8::/48' } }]),
    );
    expect(connect.spec.ingress[1].ports).toEqual([{ port: '8083', protocol: 'TCP' }]);
    for (const other of policies.filter((p) => p.metadata.name !== 'cdc-connect')) expect(JSON.stringify(other)).not.toContain('ip_block');
    const message = failure({}, { restClientIpBlocks: ['10.0.0.0/33', '10.0.0.1', 'everyone'] });
    expect(message).toContain(
      'target.restClientIpBlocks[0]: "10.0.0.0/33" is not an address range in CIDR notation; write an address and a prefix length',
    );
    expect(message).toContain('target.restClientIpBlocks[1]: "10.0.0.1" is not an address range');
    expect(message).toContain('target.restClientIpBlocks[2]: "everyone" is not an address range');
  });

  test.each([KubernetesServiceType.NODE_PORT, KubernetesServiceType.LOAD_BALANCER])(
    'a REST Service of type %s that no address range may reach gets a warning naming the option',
    (type) => {
      const warnings = (options: KubernetesTargetOptions) => {
        const stack = testStack('kubernetes');
        const cluster = new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.kubernetes(options) });
        Testing.synth(stack, true);
        return cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
      };
      const plainHttp = `connect.restTls: the REST API is behind a Service of type ${type} (target.restServiceType) but speaks plain HTTP without authentication: whoever reaches it can read every connector's config and change, pause or delete connectors; set connect.restTls (HTTPS with client certificates)`;
      expect(warnings({ restServiceType: type })).toEqual([
        plainHttp,
        `target.restServiceType: the REST Service of type ${type} is behind the workers' NetworkPolicy, which admits only pods (the workers, the connector tasks, target.restClients), so traffic through a node port or a load balancer, which comes from the clients' or the nodes' addresses, is dropped; admit those addresses with target.restClientIpBlocks (e.g. ["10.0.0.0/16"]), or keep KubernetesServiceType.CLUSTER_IP`,
      ]);
      expect(warnings({ restServiceType: type, restClientIpBlocks: ['10.0.0.0/8'] })).toEqual([plainHttp]);
      expect(warnings({})).toEqual([]);
      // Over HTTPS with client certificates, an opened Service is what the user meant.
      const secured = () => {
        const stack = testStack('kubernetes');
        const cluster = new ConnectCluster(stack, 'cdc', {
          clusterName: 'cdc',
          target: Target.kubernetes({ restServiceType: type, restClientIpBlocks: ['10.0.0.0/8'] }),
          connect: {
            restTls: {
              files: SecretFiles.fromKubernetesSecret('rest-tls'),
              storePassword: Secret.fromKubernetesSecret('rest-tls-password', 'password'),
            },
          },
        });
        Testing.synth(stack, true);
        return cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
      };
      expect(secured()).toEqual([]);
    },
  );

  test('network policies admit peers, dependants and the given selectors only', () => {
    const out = synth(PRODUCTION, {
      kafkaClients: [{ podLabels: { app: 'analytics' }, namespaceLabels: { team: 'data' } }],
      restClients: [{ podLabels: { app: 'deployer' } }],
    });
    const pods = (name: string) => ({
      pod_selector: { match_labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'cdc' } },
    });
    const tcp = (...ports: string[]) => ports.map((port) => ({ port, protocol: 'TCP' }));
    expect(out).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: expect.objectContaining({ name: 'cdc-zookeeper' }),
      spec: expect.objectContaining({
        policy_types: ['Ingress'],
        ingress: [
          { from: [pods('zookeeper')], ports: tcp('2181', '2888', '3888') },
          { from: [pods('kafka')], ports: tcp('2181') },
        ],
      }),
    });
    expect(out).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: expect.objectContaining({ name: 'cdc-kafka' }),
      spec: expect.objectContaining({
        ingress: [
          { from: [pods('kafka')], ports: tcp('9092') },
          {
            from: [
              pods('connect'),
              pods('kafka-admin'),
              { pod_selector: { match_labels: { app: 'analytics' } }, namespace_selector: { match_labels: { team: 'data' } } },
            ],
            ports: tcp('9092'),
          },
        ],
      }),
    });
    expect(out).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: expect.objectContaining({ name: 'cdc-connect' }),
      spec: expect.objectContaining({
        ingress: [
          { from: [pods('connect')], ports: tcp('8083') },
          { from: [pods('connect-admin'), { pod_selector: { match_labels: { app: 'deployer' } } }], ports: tcp('8083') },
        ],
      }),
    });
  });

  test('user labels and annotations reach every object and pod, never selectors or claim templates', () => {
    const out = synth(PRODUCTION, { labels: { team: 'data' }, annotations: { 'example.com/owner': 'cdc-team' } });
    for (const type of [
      'kubernetes_namespace_v1',
      'kubernetes_stateful_set_v1',
      'kubernetes_service_v1',
      'kubernetes_config_map_v1',
      'kubernetes_pod_disruption_budget_v1',
      'kubernetes_network_policy_v1',
    ]) {
      for (const r of resources(out, type)) {
        expect(r.metadata.labels).toEqual(
          expect.objectContaining({ team: 'data', 'app.kubernetes.io/managed-by': 'cdktf-debezium-connect' }),
        );
        expect(r.metadata.annotations).toEqual({ 'example.com/owner': 'cdc-team' });
      }
    }
    const sts = statefulSet(out, 'connect');
    expect(sts.spec.template.metadata.labels).toEqual(
      expect.objectContaining({ team: 'data', 'app.kubernetes.io/component': 'connect-worker', 'app.kubernetes.io/part-of': 'cdc' }),
    );
    expect(sts.spec.template.metadata.annotations).toEqual(expect.objectContaining({ 'example.com/owner': 'cdc-team' }));
    expect(sts.spec.selector.match_labels).toEqual({ 'app.kubernetes.io/name': 'connect', 'app.kubernetes.io/instance': 'cdc' });
    expect(sts.spec.volume_claim_template[0].metadata.labels).toEqual({
      'app.kubernetes.io/name': 'connect',
      'app.kubernetes.io/instance': 'cdc',
    });
    for (const s of resources(out, 'kubernetes_service_v1'))
      expect(Object.keys(s.spec.selector).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
  });
});

describe('Kubernetes target: validation', () => {
  test("fails when the memory request is above a component's memory limit", () => {
    const message = failure({ zookeeper: { memoryLimit: Size.gibibytes(1) } }, { memoryRequest: Size.mebibytes(1536) });
    expect(message).toContain(
      'cdc: target.memoryRequest: memory request 1536Mi is above the zookeeper memory limit 1Gi; lower target.memoryRequest to at most 1Gi, or raise zookeeper.memoryLimit',
    );
    expect(message).not.toContain('above the kafka memory limit');
  });

  test('fails when the namespace is invalid', () => {
    expect(failure({}, { namespace: 'Data_Platform' })).toContain('target.namespace: "Data_Platform" is not a valid namespace name');
  });

  test('fails when the cluster name is too long for the derived object names', () => {
    expect(failure({ clusterName: 'a'.repeat(31) })).toMatch(/clusterName: "a{31}" is 31 characters long; use at most 30 characters/);
  });

  test('fails when a user label would override a library label, or is malformed', () => {
    const message = failure({}, { labels: { 'app.kubernetes.io/name': 'mine', 'bad key!': 'x', ok: 'not valid!' } });
    expect(message).toContain('target.labels["app.kubernetes.io/name"]: "app.kubernetes.io/name" is set by the library');
    expect(message).toContain('"bad key!" is not a valid label key');
    expect(message).toContain('label value "not valid!" is not valid');
  });

  test('fails when kafkaClients are given but Kafka is external', () => {
    expect(failure({ connect: { bootstrapServers: ['kafka.example:9092'] } }, { kafkaClients: [{ podLabels: { app: 'x' } }] })).toContain(
      'target.kafkaClients: the cluster runs no brokers',
    );
  });

  test('fails when cpu quantities or enum options are wrong, listing every problem', () => {
    const message = failure({}, { cpuRequest: '2', cpuLimit: '500m', restServiceType: 'Public' as KubernetesServiceType });
    expect(message).toContain('target.cpuRequest: cpu request "2" is above the cpu limit "500m"');
    expect(message).toContain('target.restServiceType: "Public" is not a valid value; use one of KubernetesServiceType.CLUSTER_IP');
  });
});

describe('Docker/Kubernetes parity', () => {
  const props: Props = {
    zookeeper: { nodes: 3 },
    kafka: { brokers: 3, brokerProperties: { 'log.retention.hours': '168' } },
    connect: {
      workers: 2,
      groupId: 'inventory',
      internalTopics: { replicationFactor: 3 },
      workerProperties: { 'heartbeat.interval.ms': '3000' },
    },
  };

  function docker(): any[] {
    const out = Testing.synthScope((scope) => {
      new DockerProvider(scope, 'docker');
      new ConnectCluster(scope, 'cdc', { clusterName: 'cdc', ...props, target: Target.docker() });
    });
    expect(out).toHaveResource(Container);
    return resources(out, 'docker_container');
  }

  const componentOf = (c: any) => /^cdc-(zookeeper|kafka|connect)-\d+$/.exec(c.name)![1];
  const envOf = dockerEnv;

  test('one props object means the same replicas, variables and topics on both targets', () => {
    const containers = docker();
    const k8s = synth(props);
    for (const component of ['zookeeper', 'kafka', 'connect']) {
      const mine = containers.filter((c) => componentOf(c) === component);
      expect(statefulSet(k8s, component).spec.replicas).toBe(String(mine.length));
      // The one intended difference: secrets reach Docker workers as environment, Kubernetes pods as files,
      // so each target registers its own config provider.
      const provider = (k: string) => k.replace(/^CONNECT_CONFIG_PROVIDERS_(ENV|DIR)_CLASS$/, 'CONNECT_CONFIG_PROVIDERS_<provider>_CLASS');
      const dockerKeys = [...new Set(mine.flatMap((c) => Object.keys(envOf(c))))].map(provider).sort();
      expect(envKeys(k8s, component).map(provider).sort()).toEqual(dockerKeys);
    }
    const connectEnv = envOf(containers.find((c) => c.name === 'cdc-connect-1'));
    const k8sConnect = resources(k8s, 'kubernetes_config_map_v1').find((c) => c.metadata.name === 'cdc-connect-env').data;
    for (const topic of [
      'CONFIG_STORAGE_TOPIC',
      'OFFSET_STORAGE_TOPIC',
      'STATUS_STORAGE_TOPIC',
      'GROUP_ID',
      'CONNECT_OFFSET_STORAGE_PARTITIONS',
      'CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR',
    ]) {
      expect(k8sConnect[topic]).toBe(connectEnv[topic]);
    }
  });
});

describe('Kubernetes target: air-gapped clusters', () => {
  const sha = (c: string) => `sha256:${c.repeat(64)}`;
  function synthStack(props: Props, options: KubernetesTargetOptions, build: (c: ConnectCluster) => void = () => undefined): any {
    const stack = testStack('kubernetes');
    build(new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', ...props, target: Target.kubernetes(options) }));
    return synthJson(stack);
  }
  const plugins = {
    directories: [
      {
        directory: 'acme',
        sources: [PluginSource.url({ url: 'https://repo.internal/acme.jar', sha512: 'a'.repeat(128) })],
        connectorClasses: ['com.acme.Sink'],
      },
    ],
  };
  const pods = (json: any) =>
    [
      ...Object.values<any>(json.resource.kubernetes_stateful_set_v1 ?? {}),
      ...Object.values<any>(json.resource.kubernetes_job_v1 ?? {}),
    ].map((r) => r.spec.template.spec);

  test('fails when plugins.fetchImage is not an image reference: the Kubernetes target checks the image it runs', () => {
    const error = (target: Target) =>
      synthError(['docker', 'kubernetes'], (stack) => {
        new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', plugins: { ...plugins, fetchImage: 'my curl' }, target });
      });
    expect(error(Target.kubernetes())).toContain(
      'stack/cdc: plugins.fetchImage: "my curl" is not an image reference; give an image with sh, curl, sha512sum and tar, such as "docker.io/curlimages/curl:8.11.1"',
    );
    // Docker builds its plugin image locally and runs no fetch image.
    expect(error(Target.docker())).not.toContain('plugins.fetchImage');
  });

  test('the registry mirror applies to the plugin init image too', () => {
    const json = synthStack({ images: { registry: 'mirror.internal:5000' }, plugins }, {});
    const init = pods(json).flatMap((p) => p.init_container ?? []);
    expect(init.map((c: any) => c.image)).toEqual(['mirror.internal:5000/curlimages/curl:8.11.1']);
  });

  test('every pod pulls with the image pull secrets and every container with the pull policy', () => {
    const json = synthStack({ plugins }, { imagePullSecrets: ['mirror-pull'], imagePullPolicy: ImagePullPolicy.NEVER }, (c) =>
      c.addTopic({ name: 'orders' }),
    );
    const specs = pods(json);
    expect(specs.length).toBeGreaterThan(3);
    for (const p of specs) {
      expect(p.image_pull_secrets).toEqual([{ name: 'mirror-pull' }]);
      for (const c of [...p.container, ...(p.init_container ?? [])]) expect(c.image_pull_policy).toBe('Never');
    }
  });

  test('images can be pinned to digests', () => {
    const json = synthStack({ images: { connectDigest: sha('a'), kafkaDigest: sha('b'), zookeeperDigest: sha('c') } }, {});
    const images = pods(json)
      .map((p) => p.container[0].image)
      .sort();
    expect(images).toEqual([
      `quay.io/debezium/connect:3.1@${sha('a')}`,
      `quay.io/debezium/kafka:3.1@${sha('b')}`,
      `quay.io/debezium/zookeeper:3.1@${sha('c')}`,
    ]);
  });

  test('fails when a digest or a pull secret name is malformed', () => {
    expect(failure({ images: { connectDigest: 'sha256:abc' } })).toContain(
      'stack/cdc: images.connectDigest: "sha256:abc" is not an image digest',
    );
    expect(failure({}, { imagePullSecrets: ['Mirror Pull'] })).toContain(
      'stack/cdc: target.imagePullSecrets[0]: "Mirror Pull" is not a Secret name',
    );
  });
});

describe('Kubernetes target: scheduling and resources per component', () => {
  test('each component spreads over hosts and zones; the ZooKeeper quorum never shares a host', () => {
    const out = synth(PRODUCTION);
    const spread = (component: string) => statefulSet(out, component).spec.template.spec.topology_spread_constraint;
    expect(spread('zookeeper')).toEqual([
      expect.objectContaining({ topology_key: 'kubernetes.io/hostname', max_skew: 1, when_unsatisfiable: 'DoNotSchedule' }),
      expect.objectContaining({ topology_key: 'topology.kubernetes.io/zone', max_skew: 1, when_unsatisfiable: 'ScheduleAnyway' }),
    ]);
    for (const component of ['kafka', 'connect']) {
      expect(spread(component).map((c: any) => c.when_unsatisfiable)).toEqual(['ScheduleAnyway', 'ScheduleAnyway']);
      expect(spread(component)[0].label_selector[0].match_labels).toEqual(statefulSet(out, component).spec.selector.match_labels);
    }
  });

  test('resources per component override the target-wide ones', () => {
    const out = synth(PRODUCTION, {
      cpuRequest: '100m',
      kafkaResources: { cpuRequest: '2', cpuLimit: '4' },
      connectResources: { memoryRequest: Size.mebibytes(512) },
    });
    expect(container(out, 'zookeeper').resources.requests.cpu).toBe('100m');
    expect(container(out, 'kafka').resources).toEqual(
      expect.objectContaining({ requests: expect.objectContaining({ cpu: '2' }), limits: expect.objectContaining({ cpu: '4' }) }),
    );
    expect(container(out, 'connect').resources.requests).toEqual({ cpu: '100m', memory: '512Mi' });
  });

  test("fails when a component's cpu request is above its limit or not a quantity", () => {
    expect(failure(PRODUCTION, { kafkaResources: { cpuRequest: '2', cpuLimit: '1' } })).toContain(
      'stack/cdc: target.kafkaResources.cpuRequest: cpu request "2" is above the cpu limit "1"',
    );
    expect(failure(PRODUCTION, { connectResources: { cpuLimit: '1 core' } })).toContain(
      'stack/cdc: target.connectResources.cpuLimit: "1 core" is not a CPU quantity',
    );
  });
});

describe("the brokers' and controllers' start-up budget", () => {
  const startup = (out: string, component: string) => container(out, component).startup_probe.failure_threshold;
  const dedicated = (kafka: object, kraft: object = {}) =>
    synth({ coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS, kafka, kraft });

  test('grows with the data volume: 170 s up to 42 GiB, then 4 s per GiB, at most an hour', () => {
    expect(startup(dedicated({}), 'kafka')).toBe(170);
    expect(startup(dedicated({ storageSize: Size.gibibytes(40) }), 'kafka')).toBe(170);
    expect(startup(dedicated({ storageSize: Size.gibibytes(200) }), 'kafka')).toBe(800);
    expect(startup(dedicated({ storageSize: Size.gibibytes(2000) }), 'kafka')).toBe(3600);
    const controllers = dedicated({}, { storageSize: Size.gibibytes(100) });
    expect(startup(controllers, 'kafka-controller')).toBe(400);
    expect(startup(controllers, 'kafka')).toBe(170);
  });

  test('kafka.startupTimeoutSeconds and kraft.startupTimeoutSeconds set it on both probes', () => {
    const out = dedicated({ startupTimeoutSeconds: 1200, storageSize: Size.gibibytes(500) }, { startupTimeoutSeconds: 60 });
    expect(container(out, 'kafka').startup_probe).toEqual(expect.objectContaining({ period_seconds: 1, failure_threshold: 1200 }));
    expect(startup(out, 'kafka-controller')).toBe(60);
  });

  test.each([
    [{ kafka: { startupTimeoutSeconds: 0 } }, 'kafka.startupTimeoutSeconds: 0 is not a whole number of seconds from 30 to 86400'],
    [{ kafka: { startupTimeoutSeconds: 90.5 } }, 'kafka.startupTimeoutSeconds: 90.5 is not a whole number of seconds from 30 to 86400'],
    [{ kafka: { startupTimeoutSeconds: 100000 } }, 'kafka.startupTimeoutSeconds: 100000 is not a whole number of seconds from 30 to 86400'],
    [
      { coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS, kraft: { startupTimeoutSeconds: '600' as any } },
      'kraft.startupTimeoutSeconds: "600" is not a whole number of seconds from 30 to 86400',
    ],
  ])('is refused when it is not whole seconds within bounds: %j', (props, message) => {
    const error = validationError(['kubernetes'], (stack) => {
      new ConnectCluster(stack, 'cdc', { clusterName: 'cdc', target: Target.kubernetes(), ...(props as Props) });
    });
    expect(error).toContain(`stack/cdc: ${message}; give the seconds a starting node may take before it is restarted`);
  });

  test('with combined KRaft nodes it is kafka.startupTimeoutSeconds', () => {
    const error = validationError(['kubernetes'], (stack) => {
      new ConnectCluster(stack, 'cdc', {
        clusterName: 'cdc',
        target: Target.kubernetes(),
        coordination: CoordinationMode.KRAFT_COMBINED,
        kraft: { startupTimeoutSeconds: 600 },
      });
    });
    expect(error).toContain(
      'stack/cdc: kraft.startupTimeoutSeconds: kraft.startupTimeoutSeconds applies to dedicated controllers, but with CoordinationMode.KRAFT_COMBINED every broker is also the controller; use kafka.startupTimeoutSeconds (combined nodes are brokers)',
    );
  });
});

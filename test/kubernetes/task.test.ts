import { TerraformStack } from 'cdktf';
import { ConnectCluster, ConnectClusterProps, ConnectorSource, Secret, Target } from '../../src';
import { synthJson, testStack, variableSecret } from '../util';

function synthWith(build: (cluster: ConnectCluster, stack: TerraformStack) => void, props: Partial<ConnectClusterProps> = {}): any {
  const stack = testStack('kubernetes');
  const cluster = new ConnectCluster(stack, 'cdc', {
    clusterName: 'cdc',
    target: Target.kubernetes({ namespace: 'data' }),
    kafka: { brokers: 3 },
    zookeeper: { nodes: 3 },
    ...props,
  });
  build(cluster, stack);
  return synthJson(stack);
}

const byName = (json: any, type: string) =>
  Object.fromEntries(Object.entries(json.resource[type] ?? {}).map(([id, r]: [string, any]) => [r.metadata.name, { id, ...r }]));
const envOf = (container: any) => Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));

function postgres(_stack: TerraformStack, password: Secret) {
  return ConnectorSource.postgres({
    hostname: 'db.data.svc',
    user: 'debezium',
    password,
    databaseName: 'inventory',
    topicPrefix: 'inventory',
  });
}

describe('Kubernetes tasks', () => {
  test('topics are created by a Job that apply waits for, in the Kafka image, after the brokers', () => {
    const json = synthWith((cluster) => cluster.addTopic({ name: 'orders', partitions: 12 }));
    const job = byName(json, 'kubernetes_job_v1')['cdc-topics'];
    expect(job.wait_for_completion).toBe(true);
    expect(job.metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\..*\.metadata\[0\]\.name\}$/);
    const c = job.spec.template.spec.container[0];
    expect(c.image).toBe('quay.io/debezium/kafka:3.1');
    expect(envOf(c)).toMatchObject({
      TOPICS: 'orders 12 3 - -',
      BOOTSTRAP_SERVERS: expect.stringContaining('cdc-kafka-0.cdc-kafka-headless.data.svc.cluster.local:9092'),
    });
    expect(c.command[2]).toContain('--create --if-not-exists');
    expect(job.spec.template.spec.restart_policy).toBe('Never');
    expect(job.spec.template.spec.security_context).toMatchObject({ run_as_user: '1001', run_as_non_root: true });
    expect(job.depends_on).toEqual([
      expect.stringMatching(/^kubernetes_stateful_set_v1\..*Brokers/),
      expect.stringMatching(/^kubernetes_service_v1\..*Brokers_service/),
      expect.stringMatching(/^kubernetes_service_v1\..*Brokers_headless-service/),
    ]);
    expect(job.spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'kafka-admin',
      'app.kubernetes.io/instance': 'cdc',
    });
  });

  test('a connector is applied by a Job and guarded by a Job that never completes and deletes it on removal', () => {
    const json = synthWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack, variableSecret(stack, 'pw')) }));
    const apply = byName(json, 'kubernetes_job_v1')['cdc-connector-inventory'];
    const sentinel = byName(json, 'kubernetes_job_v1')['cdc-connector-inventory-sentinel'];
    expect(envOf(apply.spec.template.spec.container[0])).toMatchObject({
      CONNECT_REST_ENDPOINTS: 'cdc-connect.data.svc.cluster.local:8083',
      CONNECTOR_NAME: 'inventory',
    });
    // On Kubernetes the workers read secrets as files through Kafka's DirectoryConfigProvider.
    expect(JSON.parse(envOf(apply.spec.template.spec.container[0]).CONNECTOR_CONFIG)['database.password']).toBe(
      '$${dir:/kafka/secrets:SECRET_INVENTORY_DATABASE_PASSWORD}',
    );
    expect(apply.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/ConnectWorkers_stateful-set/), `kubernetes_job_v1.${sentinel.id}`]),
    );
    const pod = sentinel.spec.template.spec;
    expect(pod.termination_grace_period_seconds).toBe(90);
    expect(pod.container[0].command[2]).toContain('DELETE "/connectors/$name"');
    expect(sentinel.metadata.labels).toEqual(
      expect.objectContaining({ 'cdktf-debezium-connect/task': 'cdc-connector-inventory-sentinel' }),
    );
    expect(sentinel.spec.template.metadata.labels).toEqual(
      expect.objectContaining({ 'cdktf-debezium-connect/task': 'cdc-connector-inventory-sentinel' }),
    );
    // Ready once its marker exists; a pod without it after the health budget is killed and made again.
    expect(pod.container[0].readiness_probe.exec.command).toEqual(['test', '-f', '/tmp/task-done']);
    expect(pod.container[0].liveness_probe.exec.command).toEqual(['test', '-f', '/tmp/task-done']);
    // A Deployment's destroy returns while its pod still runs: the DELETE would find the workers gone.
    expect(json.resource.kubernetes_deployment_v1).toBeUndefined();
    expect(json.resource.kubernetes_pod_v1).toBeUndefined();
  });

  // A bare Pod deleted or evicted is made again by nothing until the next apply: the connector's drift and failures
  // go unwatched meanwhile. A Job makes its pod again; it never completes while the connector is declared.
  test("a connector's sentinel is a Job that makes its pod again after a deletion, an eviction or a failure, and a destroy waits for its undo", () => {
    const json = synthWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack, variableSecret(stack, 'pw')) }));
    const sentinel = byName(json, 'kubernetes_job_v1')['cdc-connector-inventory-sentinel'];
    // apply does not wait for a completion that never comes.
    expect(sentinel.wait_for_completion).toBe(false);
    // A pod failure policy needs restart policy Never: a failed sentinel is a new pod.
    expect(sentinel.spec.template.spec.restart_policy).toBe('Never');
    // A stop while still declared (exit 75) and a disruption (eviction, preemption, drain) count against nothing.
    expect(sentinel.spec.pod_failure_policy).toEqual({
      rule: [
        { action: 'Ignore', on_pod_condition: [{ type: 'DisruptionTarget', status: 'True' }] },
        { action: 'Ignore', on_exit_codes: { container_name: 'task', operator: 'In', values: [75] } },
      ],
    });
    // Any other failure gets a new pod for as long as the connector is declared.
    expect(sentinel.spec.backoff_limit).toBe(2147483647);
    // A destroy deletes the Job in the foreground and waits for it: longer than the undo's grace period.
    expect(sentinel.timeouts).toEqual({ delete: '210s' });
  });

  // A stop of the sentinel is not always a removal: a drain, an eviction or `kubectl delete pod` must leave the
  // connector running. The declaration Service is what only a removal or destroy deletes, just before the Job.
  test("a connector's declaration is a Service without endpoints, deleted just before its sentinel, whose name the sentinel looks up", () => {
    const json = synthWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack, variableSecret(stack, 'pw')) }));
    const sentinel = byName(json, 'kubernetes_job_v1')['cdc-connector-inventory-sentinel'];
    const declaration = byName(json, 'kubernetes_service_v1')['cdc-connector-inventory'];
    expect(declaration.spec).toEqual({ type: 'ClusterIP', port: [{ name: 'declaration', port: 9 }] });
    expect(declaration.depends_on).toEqual([`kubernetes_job_v1.${sentinel.id}`]);
    expect(declaration.metadata.namespace).toBe(sentinel.metadata.namespace);
    expect(envOf(sentinel.spec.template.spec.container[0]).DECLARATION_HOST).toBe('cdc-connector-inventory.data.svc.cluster.local');
    // Only the sentinel has one: the apply Job's stop undoes nothing.
    expect(
      envOf(byName(json, 'kubernetes_job_v1')['cdc-connector-inventory'].spec.template.spec.container[0]).DECLARATION_HOST,
    ).toBeUndefined();
    expect(Object.keys(byName(json, 'kubernetes_service_v1')).filter((n) => n.startsWith('cdc-connector'))).toEqual([
      'cdc-connector-inventory',
    ]);
  });

  test.each([
    ['before', true],
    ['after', false],
  ])(
    'a connector declared %s the first topic waits for the workers, the topics task and (apply) its sentinel, in that order',
    (_, connectorFirst) => {
      const json = synthWith((cluster, stack) => {
        const connector = () => cluster.addConnector('inventory', { source: postgres(stack, variableSecret(stack, 'pw')) });
        if (connectorFirst) connector();
        cluster.addTopic({ name: 'orders' });
        if (!connectorFirst) connector();
      });
      const topics = `kubernetes_job_v1.${byName(json, 'kubernetes_job_v1')['cdc-topics'].id}`;
      const sentinel = byName(json, 'kubernetes_job_v1')['cdc-connector-inventory-sentinel'];
      const workers = [
        expect.stringMatching(/^kubernetes_stateful_set_v1\..*ConnectWorkers_stateful-set/),
        expect.stringMatching(/^kubernetes_service_v1\..*ConnectWorkers_service/),
        expect.stringMatching(/^kubernetes_service_v1\..*ConnectWorkers_headless-service/),
      ];
      expect(sentinel.depends_on).toEqual([...workers, topics]);
      expect(byName(json, 'kubernetes_job_v1')['cdc-connector-inventory'].depends_on).toEqual([
        ...workers,
        topics,
        `kubernetes_job_v1.${sentinel.id}`,
      ]);
    },
  );

  // Provider 2.38.0 reports a failed Job only as "job: <ns>/<name> is in failed state": the apply Job writes the
  // refusal as its termination message and completes, and a postcondition on its pods fails the apply with it.
  test("a refused connector config fails the apply with the task's report: its pods read back by the Job's name", () => {
    const json = synthWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack, variableSecret(stack, 'pw')) }));
    const apply = byName(json, 'kubernetes_job_v1')['cdc-connector-inventory'];
    const c = apply.spec.template.spec.container[0];
    expect(envOf(c).TASK_REPORT_FILE).toBe('/dev/termination-log');
    expect(c).toMatchObject({ termination_message_path: '/dev/termination-log', termination_message_policy: 'File' });
    expect(apply.spec.backoff_limit).toBe(4);
    const checks = Object.entries(json.data.kubernetes_resources) as [string, any][];
    expect(checks).toHaveLength(1);
    const [id, check] = checks[0];
    expect(id).toMatch(/Connectors_inventory_Apply_refusal/);
    expect(check).toMatchObject({
      api_version: 'v1',
      kind: 'Pod',
      namespace: apply.metadata.namespace,
      label_selector: `batch.kubernetes.io/job-name=\${element(split("/", kubernetes_job_v1.${apply.id}.id), 1)}`,
    });
    const reports = 'compact([for p in self.objects[*] : try(trimspace(p.status.containerStatuses[0].state.terminated.message), "")])';
    expect(check.lifecycle.postcondition).toEqual([
      { condition: `\${length(${reports}) == 0}`, error_message: `\${join("\\n", ${reports})}` },
    ]);
    // Only the connector's apply Job reports: the topics Job and the sentinel do not.
    const sentinel = byName(json, 'kubernetes_job_v1')['cdc-connector-inventory-sentinel'];
    expect(envOf(sentinel.spec.template.spec.container[0]).TASK_REPORT_FILE).toBeUndefined();
    expect(sentinel.spec.template.spec.container[0].termination_message_path).toBeUndefined();
    expect(Object.keys(json.data.kubernetes_resources)).not.toContainEqual(expect.stringMatching(/Sentinel/));
  });

  // Found on a real cluster: the sentinel's DELETE on destroy found no workers, because the client Service was
  // destroyed first (nothing ordered it after the sentinel) and a Deployment's pod outlives its destroy.
  test('what a sentinel talks to is destroyed after it: the workers, their client Service and their pod names', () => {
    const json = synthWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack, variableSecret(stack, 'pw')) }));
    const sentinel = byName(json, 'kubernetes_job_v1')['cdc-connector-inventory-sentinel'];
    const services = byName(json, 'kubernetes_service_v1');
    expect(sentinel.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kubernetes_stateful_set_v1\..*ConnectWorkers_stateful-set/),
        `kubernetes_service_v1.${services['cdc-connect'].id}`,
        `kubernetes_service_v1.${services['cdc-connect-headless'].id}`,
      ]),
    );
  });

  test("variable secrets fill the workers' Secret by reference and roll the workers through its resource version, not a hash of the values", () => {
    const json = synthWith((cluster, stack) => cluster.addConnector('inventory', { source: postgres(stack, variableSecret(stack, 'pw')) }));
    const secret = byName(json, 'kubernetes_secret_v1')['cdc-connect-env-secret'];
    expect(secret.data).toEqual({ SECRET_INVENTORY_DATABASE_PASSWORD: '${var.pw}' });
    const sts = byName(json, 'kubernetes_stateful_set_v1')['cdc-connect'];
    expect(sts.spec.template.metadata.annotations['checksum/secrets']).toBe(
      `\${kubernetes_secret_v1.${secret.id}.metadata[0].resource_version}`,
    );
    expect(JSON.stringify(json)).not.toMatch(/sha256\(/);
  });

  test("secrets are files in a read-only volume: the workers' Secret plus keys of existing Secrets", () => {
    const json = synthWith((cluster, stack) =>
      cluster.addConnector('inventory', { source: postgres(stack, Secret.fromKubernetesSecret('inventory-db', 'password')) }),
    );
    const sts = byName(json, 'kubernetes_stateful_set_v1')['cdc-connect'];
    const c = sts.spec.template.spec.container[0];
    expect(c.env).toBeUndefined();
    expect(c.volume_mount).toContainEqual({ name: 'connector-secrets', mount_path: '/kafka/secrets', read_only: true });
    const volume = sts.spec.template.spec.volume.find((v: any) => v.name === 'connector-secrets');
    expect(volume.projected).toEqual([
      {
        default_mode: '0440',
        sources: [
          { secret: [{ name: expect.stringMatching(/^\$\{kubernetes_secret_v1\..*ConnectWorkers.*\}$/) }] },
          { secret: [{ name: 'inventory-db', items: [{ key: 'password', path: 'SECRET_INVENTORY_DATABASE_PASSWORD' }] }] },
        ],
      },
    ]);
    const workerEnv = byName(json, 'kubernetes_config_map_v1')['cdc-connect-env'].data;
    expect(workerEnv).toMatchObject({
      CONNECT_CONFIG_PROVIDERS: 'dir',
      CONNECT_CONFIG_PROVIDERS_DIR_CLASS: 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    });
  });

  test('pre-created storage topics come before the workers', () => {
    const json = synthWith(() => undefined, { connect: { internalTopics: { precreate: true } } });
    const job = byName(json, 'kubernetes_job_v1')['cdc-topics'];
    expect(byName(json, 'kubernetes_stateful_set_v1')['cdc-connect'].depends_on).toContain(`kubernetes_job_v1.${job.id}`);
  });

  test('long connector names still give valid object names', () => {
    const name = 'x'.repeat(120);
    const json = synthWith((cluster, stack) =>
      cluster.addConnector(name, { source: postgres(stack, Secret.fromKubernetesSecret('s', 'k')) }),
    );
    for (const r of Object.values(json.resource.kubernetes_job_v1) as any[]) {
      expect(r.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
  });
});

import { LogLevel, Target } from '../../src';
import { synthCluster } from '../util';

const synth = (level: LogLevel) =>
  JSON.parse(synthCluster({ target: Target.kubernetes(), connect: { workers: 2, loggers: { 'io.debezium': level } } })).resource;

describe('Kubernetes: connect.loggers', () => {
  test('a ConfigMap holds the levels file; the worker pods mount it read-only by name; a Job puts the levels', () => {
    const r = synth(LogLevel.DEBUG);
    const [key, configMap] = Object.entries(r.kubernetes_config_map_v1 as Record<string, any>).find(
      ([, c]) => c.metadata.name === 'cdc-connect-loggers',
    )!;
    expect(configMap.data).toEqual({ levels: 'io.debezium=DEBUG\n' });
    const pod = (Object.values(r.kubernetes_stateful_set_v1) as any[]).find((s) => s.metadata.name === 'cdc-connect').spec.template.spec;
    expect(pod.volume).toContainEqual({
      name: 'logger-levels',
      config_map: { name: `\${kubernetes_config_map_v1.${key}.metadata[0].name}`, default_mode: '0444' },
    });
    expect(pod.container[0].volume_mount).toContainEqual({ name: 'logger-levels', mount_path: '/kafka/loggers', read_only: true });
    const job = (Object.values(r.kubernetes_job_v1) as any[]).find((j) => j.metadata.name === 'cdc-loggers');
    const env = Object.fromEntries(job.spec.template.spec.container[0].env.map((e: any) => [e.name, e.value]));
    expect(env.LOGGER_LEVELS).toBe('io.debezium=DEBUG\n');
    expect(env).not.toHaveProperty('LOGGER_LEVELS_FILE');
  });

  test('a change of levels changes the Job and the ConfigMap only: the StatefulSets (no roll) and the rest as before', () => {
    const [a, b] = [synth(LogLevel.DEBUG), synth(LogLevel.TRACE)];
    const changed: string[] = [];
    for (const type of Object.keys(a)) {
      for (const k of Object.keys(a[type]))
        if (JSON.stringify(a[type][k]) !== JSON.stringify(b[type][k])) changed.push(`${type}.${a[type][k].metadata?.name}`);
    }
    expect(changed.sort()).toEqual(['kubernetes_config_map_v1.cdc-connect-loggers', 'kubernetes_job_v1.cdc-loggers']);
  });
});

const synthBrokers = (level: LogLevel) =>
  JSON.parse(
    synthCluster({
      target: Target.kubernetes(),
      kafka: { brokers: 3, loggers: { 'kafka.server.ReplicaManager': level } },
      connect: { loggers: { 'io.debezium': LogLevel.DEBUG } },
    }),
  ).resource;

describe('Kubernetes: kafka.loggers', () => {
  test("a ConfigMap of the brokers' levels, mounted read-only by the broker pods; a Job the brokers' policy admits changes them", () => {
    const r = synthBrokers(LogLevel.DEBUG);
    const [key, configMap] = Object.entries(r.kubernetes_config_map_v1 as Record<string, any>).find(
      ([, c]) => c.metadata.name === 'cdc-kafka-loggers',
    )!;
    expect(configMap.data).toEqual({ levels: 'kafka.server.ReplicaManager=DEBUG\n' });
    const sets = Object.values(r.kubernetes_stateful_set_v1) as any[];
    const pod = sets.find((s) => s.metadata.name === 'cdc-kafka').spec.template.spec;
    expect(pod.volume).toContainEqual({
      name: 'logger-levels',
      config_map: { name: `\${kubernetes_config_map_v1.${key}.metadata[0].name}`, default_mode: '0444' },
    });
    expect(pod.container[0].volume_mount).toContainEqual({ name: 'logger-levels', mount_path: '/kafka/loggers', read_only: true });
    const workers = sets.find((s) => s.metadata.name === 'cdc-connect').spec.template.spec;
    expect(JSON.stringify(workers.volume)).not.toContain('cdc-kafka-loggers');
    const job = (Object.values(r.kubernetes_job_v1) as any[]).find((j) => j.metadata.name === 'cdc-broker-loggers');
    const spec = job.spec.template;
    const env = Object.fromEntries(spec.spec.container[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ LOGGER_LEVELS: 'kafka.server.ReplicaManager=DEBUG\n', BROKER_IDS: '1 2 3' });
    expect(env).not.toHaveProperty('LOGGER_LEVELS_FILE');
    // The brokers' NetworkPolicy admits the pods labelled as the brokers' tasks on the client port: this Job's.
    const policy = (Object.values(r.kubernetes_network_policy_v1) as any[]).find((p) => p.metadata.name === 'cdc-kafka');
    const admitted = policy.spec.ingress.flatMap((i: any) => i.from.map((f: any) => f.pod_selector?.match_labels)).filter(Boolean);
    expect(
      admitted.some((selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => spec.metadata.labels[k] === v)),
    ).toBe(true);
    expect(admitted).toContainEqual({ 'app.kubernetes.io/instance': 'cdc', 'app.kubernetes.io/name': 'kafka-admin' });
  });

  test("a change of the brokers' levels changes their Job and ConfigMap only: no broker rolls", () => {
    const [a, b] = [synthBrokers(LogLevel.DEBUG), synthBrokers(LogLevel.TRACE)];
    const changed: string[] = [];
    for (const type of Object.keys(a)) {
      for (const k of Object.keys(a[type]))
        if (JSON.stringify(a[type][k]) !== JSON.stringify(b[type][k])) changed.push(`${type}.${a[type][k].metadata?.name}`);
    }
    expect(changed.sort()).toEqual(['kubernetes_config_map_v1.cdc-kafka-loggers', 'kubernetes_job_v1.cdc-broker-loggers']);
  });
});

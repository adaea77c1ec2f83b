import { ConnectCluster, ConnectClusterProps, CoordinationMode, KubernetesTargetOptions, Target } from '../../src';
import { METRICS } from '../../src/model/metrics';
import { synthCluster, validationError } from '../util';

type Props = Omit<ConnectClusterProps, 'target' | 'clusterName'>;
const synth = (props: Props, options: KubernetesTargetOptions = {}) =>
  JSON.parse(synthCluster({ ...props, target: Target.kubernetes(options) }));
const statefulSet = (out: any, component: string) =>
  Object.values(out.resource.kubernetes_stateful_set_v1).find((s: any) => s.metadata.name === `cdc-${component}`) as any;
const policy = (out: any, component: string) =>
  Object.values(out.resource.kubernetes_network_policy_v1).find((p: any) => p.metadata.name === `cdc-${component}`) as any;

const KRAFT: Props = { coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS, metrics: { prometheus: true } };
const PROMETHEUS = {
  podLabels: { 'app.kubernetes.io/name': 'prometheus' },
  namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
};

describe('Kubernetes: metrics', () => {
  test('every controller, broker and worker pod: an init container puts the agent into a volume the node mounts read-only, a port named metrics', () => {
    const out = synth(KRAFT);
    for (const c of ['kafka-controller', 'kafka', 'connect']) {
      const pod = statefulSet(out, c).spec.template.spec;
      const init = pod.init_container.find((i: any) => i.name === 'install-metrics-agent');
      expect(init).toMatchObject({
        image: 'docker.io/curlimages/curl:8.11.1',
        volume_mount: [{ name: 'metrics-agent', mount_path: '/opt/jmx-exporter' }],
        security_context: { read_only_root_filesystem: true, run_as_non_root: true },
      });
      const script: string = init.command[2];
      expect(script).toContain(
        `fetch '${'https://repo1.maven.org/maven2/io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1/jmx_prometheus_javaagent-1.0.1.jar'}' '/opt/jmx-exporter/jmx_prometheus_javaagent.jar' '${METRICS.agent.sha512}'`,
      );
      expect(script).toContain('name: kafka_connect_connector_status');
      expect(pod.volume).toContainEqual({ name: 'metrics-agent', empty_dir: { size_limit: '64Mi' } });
      const container = pod.container[0];
      expect(container.volume_mount).toContainEqual({ name: 'metrics-agent', mount_path: '/opt/jmx-exporter', read_only: true });
      expect(container.port).toContainEqual({ name: 'metrics', container_port: 9404, protocol: 'TCP' });
      // The JVM loads it; the environment (and so a tool run with kubectl exec) does not carry it.
      expect(container.command[2]).toContain(
        '-javaagent:/opt/jmx-exporter/jmx_prometheus_javaagent.jar=9404:/opt/jmx-exporter/metrics.yaml',
      );
    }
  });

  test('no metrics: no init container, volume or port for them', () => {
    const out = synth({ coordination: CoordinationMode.KRAFT_DEDICATED_CONTROLLERS });
    for (const c of ['kafka-controller', 'kafka', 'connect']) {
      const pod = statefulSet(out, c).spec.template.spec;
      expect(pod.init_container).toBeUndefined();
      expect(JSON.stringify(pod)).not.toContain('metrics');
    }
  });

  test('the plugins fetch image and mirror fetch the agent too', () => {
    const out = synth({
      ...KRAFT,
      plugins: { directories: [], fetchImage: 'mirror.internal/curl:8', mavenRepositoryUrl: 'https://maven.internal/m2' },
    });
    const init = statefulSet(out, 'kafka').spec.template.spec.init_container[0];
    expect(init.image).toBe('mirror.internal/curl:8');
    expect(init.command[2]).toContain("fetch 'https://maven.internal/m2/io/prometheus/jmx/");
  });

  test('NetworkPolicy: the declared scrapers reach the metrics port only; without them only the component itself does', () => {
    const open = synth(KRAFT, { metricsScrapers: [PROMETHEUS] });
    for (const c of ['kafka-controller', 'kafka', 'connect']) {
      const ingress = policy(open, c).spec.ingress;
      expect(ingress[ingress.length - 1]).toEqual({
        from: [{ pod_selector: { match_labels: PROMETHEUS.podLabels }, namespace_selector: { match_labels: PROMETHEUS.namespaceLabels } }],
        ports: [{ port: '9404', protocol: 'TCP' }],
      });
      // The client rule keeps the client port only.
      expect(ingress.slice(1, -1).every((r: any) => !r.ports.some((p: any) => p.port === '9404'))).toBe(true);
    }
    const closed = synth(KRAFT);
    for (const c of ['kafka-controller', 'kafka', 'connect']) {
      const rules = policy(closed, c).spec.ingress;
      expect(rules.filter((r: any) => r.ports.some((p: any) => p.port === '9404'))).toHaveLength(1); // the peers' own rule
    }
  });

  test('scrapers without metrics, and a wrong label, are refused', () => {
    const message = validationError(['kubernetes'], (stack) => {
      new ConnectCluster(stack, 'cdc', {
        clusterName: 'cdc',
        target: Target.kubernetes({ metricsScrapers: [{ podLabels: { 'bad key!': 'x' } }] }),
      });
    });
    expect(message).toContain(
      'stack/cdc: target.metricsScrapers: the cluster exports no metrics, so there is no metrics port to admit scrapers to; set metrics: { prometheus: true } on the cluster, or remove metricsScrapers',
    );
    expect(message).toContain('stack/cdc: target.metricsScrapers[0].podLabels["bad key!"]');
  });
});

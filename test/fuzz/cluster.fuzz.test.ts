// Property-based fuzzing of ConnectCluster: random props, valid and invalid, one to three clusters per stack.
// Each generated case knows its verdict (arbitraries.ts): a valid case must synthesize, with output that keeps
// the library's invariants; an invalid one must be refused with the library's validation error, with a problem
// naming each field the case broke (`<construct path>: <field>: …`) — never with any other exception.
//
//   npm test                      FUZZ_RUNS=2000 cases, fixed seed (reproducible): FUZZ_SYNTH_SHARE (default
//                                 0.25) of them are full synths of a stack, the rest resolve one cluster's model
//                                 (resolveCluster: same props, same validation, no synth) — fast
//   FUZZ_RUNS=100000 FUZZ_SYNTH_SHARE=1 FUZZ_SEED=<n> npx jest --ci test/fuzz
//                                 the long run, all full synths; run it in parts with different seeds
//                                 (FUZZ_SEED=random draws one and prints it in the test name)
// A failure prints the seed, the path and the shrunk counterexample (its props, declarations and what it broke);
// replay it with FUZZ_SEED and FUZZ_PATH.
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import * as fc from 'fast-check';
import { ConnectCluster, ConnectClusterProps, Connector, ConnectorSource, DockerTarget, KubernetesTarget, Secret } from '../../src';
import { _clusterInput } from '../../src/connect-cluster';
import { clusterSecretEnv } from '../../src/model/declarations';
import { ConnectClusterValidationError, formatProblem } from '../../src/model/validation';
import { CONNECT } from '../../src/model/connect-worker';
import { configProviderProperties, SecretDelivery } from '../../src/model/secret-ref';
import { CONNECT_CLIENT_PREFIXES, KAFKA_CLIENT_PROPERTIES, KAFKA_CLIENT_TLS } from '../../src/model/kafka-client';
import { REST_TLS, REST_TLS_PROPERTIES } from '../../src/model/rest-tls';
import { KAFKA } from '../../src/model/kafka';
import { propertyToEnvName } from '../../src/model/worker-properties';
import { ZOOKEEPER } from '../../src/model/zookeeper';
import { LOGGERS } from '../../src/model/loggers';
import { ClusterModel, resolveCluster } from '../../src/model/cluster-model';
import { AddCall, Broken, BREAKERS, clusterCases, CONNECTOR_VARIANTS, FuzzCase, fuzzCases, Stage, VARIABLE_SECRET } from './arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED =
  process.env.FUZZ_SEED === 'random' || (process.env.FUZZ_SEED === undefined && process.env.FUZZ_RUNS !== undefined && RUNS > 2000)
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED ?? 20251125);
const PATH = process.env.FUZZ_PATH;
const SYNTH_SHARE = Number(process.env.FUZZ_SYNTH_SHARE ?? 0.25);
const SYNTH_RUNS = Math.round(RUNS * SYNTH_SHARE);
const MODEL_RUNS = RUNS - SYNTH_RUNS;

function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

/** Every prop the library validates; a validation problem names one of them (`<path>: <field>: …`). */
const FIELD =
  /: (clusterName|coordination|zookeeper|kafka|kraft|connect|images|metrics|plugins|target)(\.[A-Za-z]+|\[\d+\]|\["[\s\S]*?"\])*( \([^)]*\))?: |: (addTopic|addConnector)\([\s\S]*?\): |\/(Topics|Connectors|(addTopic|addConnector)\([\s\S]*?\)( again)?( \(\d+\))?)\/[^:]*: [A-Za-z]+(\.[A-Za-z]+|\["[\s\S]*?"\])*: /;

/** KAFKA_* variables the library sets itself (kafka.ts); any other KAFKA_* comes from kafka.brokerProperties. */
const LIBRARY_KAFKA_VARIABLES = [
  'KAFKA_ADVERTISED_LISTENERS',
  'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
  'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
  'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
  'KAFKA_DEFAULT_REPLICATION_FACTOR',
  'KAFKA_MIN_INSYNC_REPLICAS',
  'KAFKA_LISTENERS',
  'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP',
  'KAFKA_CONTROLLER_LISTENER_NAMES',
  'KAFKA_INTER_BROKER_LISTENER_NAME',
  'KAFKA_CONTROLLER_QUORUM_VOTERS',
  'KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS',
];
/** Worker properties the library sets itself (connect-worker.ts, connector.ts), rendered as CONNECT_*. */
const LIBRARY_WORKER_PROPERTIES = [
  ...Object.values(SecretDelivery).flatMap((d) => Object.keys(configProviderProperties(d))),
  'listeners',
  'connector.client.config.override.policy',
  'config.storage.replication.factor',
  'offset.storage.replication.factor',
  'status.storage.replication.factor',
  'offset.storage.partitions',
  'status.storage.partitions',
  'producer.enable.idempotence',
  'scheduled.rebalance.max.delay.ms',
];

function knownEnvNames(component: string, props: ConnectClusterProps): Set<string> {
  switch (component) {
    case 'zookeeper':
      return new Set(Object.values(ZOOKEEPER.env));
    case 'kafka':
      return new Set([
        ...Object.values(KAFKA.env),
        ...LIBRARY_KAFKA_VARIABLES,
        ...Object.keys(props.kafka?.brokerProperties ?? {}).map((p) => propertyToEnvName(p, KAFKA.envPrefix)),
      ]);
    case 'kafka-controller':
      return new Set([
        ...Object.values(KAFKA.env),
        ...LIBRARY_KAFKA_VARIABLES,
        ...Object.keys(props.kraft?.controllerProperties ?? {}).map((p) => propertyToEnvName(p, KAFKA.envPrefix)),
      ]);
    case 'connect':
      return new Set(
        [
          ...Object.values(CONNECT.env),
          ...[
            ...LIBRARY_WORKER_PROPERTIES,
            ...Object.keys(props.connect?.workerProperties ?? {}),
            ...Object.keys(props.connect?.workerSecrets ?? {}),
          ].map((p) => propertyToEnvName(p)),
          // connect.kafkaSecurity: the client settings under every prefix Connect reads, and the revision.
          ...(props.connect?.kafkaSecurity
            ? [
                ...CONNECT_CLIENT_PREFIXES.flatMap((prefix) => KAFKA_CLIENT_PROPERTIES.map((p) => propertyToEnvName(`${prefix}${p}`))),
                KAFKA_CLIENT_TLS.revisionEnv,
              ]
            : []),
          // connect.restTls: the HTTPS listener's settings, the listener the workers advertise, and the revision.
          ...(props.connect?.restTls
            ? [...[...REST_TLS_PROPERTIES, 'rest.advertised.listener'].map((p) => propertyToEnvName(p)), REST_TLS.revisionEnv]
            : []),
          // connect.loggers: the root level as the image's root logger setting.
          ...(props.connect?.loggers ? [LOGGERS.rootEnv] : []),
        ].filter((n) => !n.startsWith('SECRET_')),
      );
    default:
      throw new Error(`container with unknown component label ${component}`);
  }
}

/** The volumes a cluster's props name that the stack does not manage (SecretFiles.fromDockerVolume). */
function existingVolumes(props: ConnectClusterProps): Set<string> {
  const files = [
    props.connect?.kafkaSecurity?.files,
    props.connect?.restTls?.files,
    ...(props.connect?.secretFiles ?? []).map((m) => m.files),
  ] as unknown as ({ _name?: string } | undefined)[];
  return new Set(files.flatMap((f) => (f?._name ? [f._name] : [])));
}

/** `${docker_volume.ID.name}` → ID, checking the reference's type. */
function ref(expr: string, type: string): string {
  const m = new RegExp(`^\\$\\{${type}\\.([^.}]+)\\.[^}]+\\}$`).exec(expr);
  check(m !== null, () => `${JSON.stringify(expr)} is not a reference to a ${type}`);
  return m![1];
}

/** One container as the invariants see it, whether read from the model or from the synthesized JSON. */
interface NodeView {
  readonly id: string;
  readonly component: string;
  readonly env: Map<string, string>;
  /** Host ports this node occupies: published ports, or with host networking the ports it listens on. */
  readonly hostPorts: number[];
}

function envOf(id: string, entries: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of entries) {
    const i = entry.indexOf('=');
    const name = entry.slice(0, i);
    check(i > 0 && /^[A-Z][A-Z0-9_]*$/.test(name), () => `${id}: malformed env entry ${JSON.stringify(entry)}`);
    check(!out.has(name), () => `${id}: ${name} is set twice`);
    out.set(name, entry.slice(i + 1));
  }
  return out;
}

/** Ports a host-networking container listens on, read from its environment. */
function listenPorts(component: string, vars: Map<string, string>): number[] {
  if (component === 'zookeeper') return Number(vars.get('SERVER_COUNT')) > 1 ? [2181, 2888, 3888] : [2181];
  const listeners = vars.get(component === 'connect' ? 'CONNECT_LISTENERS' : 'KAFKA_LISTENERS') ?? '';
  return listeners.split(',').map((l) => Number(/:(-?[\d.]+)$/.exec(l)?.[1]));
}

/** The invariants of one cluster's nodes. */
function checkCluster(nodes: NodeView[], props: ConnectClusterProps, configPartitions: number): void {
  check(configPartitions === 1, () => `config topic has ${configPartitions} partitions`);
  const brokers = nodes.filter((n) => n.component === 'kafka').length;
  for (const n of nodes) {
    const known = knownEnvNames(n.component, props);
    for (const [name, value] of n.env) {
      if (n.component === 'connect' && name.startsWith('SECRET_')) continue; // connector secrets, checked per connector
      check(known.has(name), () => `${n.id}: ${name} is not a variable the model knows`);
      if (name.startsWith('CONNECT_'))
        check(!/[@\r\n]/.test(value), () => `${n.id}: ${name}=${JSON.stringify(value)} cannot be written by the image`);
      if (name.startsWith('KAFKA_') && !LIBRARY_KAFKA_VARIABLES.includes(name)) {
        check(!/[%\r\n]/.test(value), () => `${n.id}: ${name}=${JSON.stringify(value)} cannot be written by the image`);
      }
    }
    if (n.component === 'kafka') {
      // kafka.loggers: the root level stays LOG_LEVEL; no logger in the environment (a level change would replace the broker).
      const root = props.connect?.logLevel ?? 'INFO';
      check(n.env.get('LOG_LEVEL') === root, () => `${n.id}: LOG_LEVEL=${n.env.get('LOG_LEVEL')}, not ${root}`);
      for (const name of Object.keys(props.kafka?.loggers ?? {}))
        check(![...n.env.values()].some((v) => v.includes(name)), () => `${n.id}: logger ${name} in the environment`);
    }
    if (n.component === 'connect') {
      // With connect.loggers the root level is CONNECT_LOG4J_LOGGERS (LOG_LEVEL would close the console to the loggers).
      const root = props.connect?.logLevel ?? 'INFO';
      if (props.connect?.loggers) {
        check(!n.env.has('LOG_LEVEL'), () => `${n.id}: LOG_LEVEL beside connect.loggers`);
        check(
          n.env.get(LOGGERS.rootEnv) === `${root}, stdout, appender`,
          () => `${n.id}: ${LOGGERS.rootEnv}=${n.env.get(LOGGERS.rootEnv)}`,
        );
        for (const name of Object.keys(props.connect.loggers))
          check(
            ![...n.env.values()].some((v) => v.includes(name)),
            () => `${n.id}: logger ${name} in the environment (a level change would replace it)`,
          );
      } else check(n.env.get('LOG_LEVEL') === root, () => `${n.id}: LOG_LEVEL=${n.env.get('LOG_LEVEL')}, not ${root}`);
      check(
        (n.env.get('CONNECT_CONFIG_STORAGE_PARTITIONS') ?? '1') === '1',
        () => `${n.id}: config topic partitions ${n.env.get('CONNECT_CONFIG_STORAGE_PARTITIONS')}`,
      );
      const topics = ['CONFIG_STORAGE_TOPIC', 'OFFSET_STORAGE_TOPIC', 'STATUS_STORAGE_TOPIC'].map((v) => n.env.get(v));
      check(new Set(topics).size === 3 && topics.every((t) => t), () => `${n.id}: storage topics ${JSON.stringify(topics)}`);
      check(!!n.env.get('GROUP_ID'), () => `${n.id}: no GROUP_ID`);
      for (const t of ['CONFIG', 'OFFSET', 'STATUS']) {
        const rf = Number(n.env.get(`CONNECT_${t}_STORAGE_REPLICATION_FACTOR`));
        check(
          Number.isInteger(rf) && rf >= 1 && (brokers === 0 || rf <= brokers),
          () => `${n.id}: ${t} replication factor ${rf} with ${brokers} brokers`,
        );
      }
    }
  }
}

/** No two nodes occupy one host port, and every port is a port. */
function checkHostPorts(nodes: NodeView[]): void {
  const bound = new Map<number, string>();
  for (const n of nodes) {
    for (const port of n.hostPorts) {
      check(Number.isInteger(port) && port >= 1 && port <= 65535, () => `${n.id}: host port ${port} is not a port`);
      const other = bound.get(port);
      check(other === undefined, () => `host port ${port} is taken by both ${other} and ${n.id}`);
      bound.set(port, n.id);
    }
  }
}

function modelNodes(model: ClusterModel): NodeView[] {
  const host = model.network.sharedHost;
  return model.components.flatMap((c) =>
    c.nodes.map((n) => ({
      id: `${model.name}/${n.name}`,
      component: c.component,
      env: new Map(Object.entries(n.env)),
      hostPorts: !model.network.nodesShareHostPorts
        ? []
        : n.ports.map((p) => (host ? p.containerPort : p.hostPort)).filter((p): p is number => p !== undefined),
    })),
  );
}

/** The invariants of a synthesized stack's Docker resources; `clusters[i]` has construct id `c<i>`. */
function checkDocker(json: any, clusters: ConnectCluster[], props: ConnectClusterProps[]): void {
  const resource = json.resource ?? {};
  const containers: Record<string, any> = resource.docker_container ?? {};
  const volumes: Record<string, any> = resource.docker_volume ?? {};
  const networks: Record<string, any> = resource.docker_network ?? {};
  const images: Record<string, any> = resource.docker_image ?? {};

  // Names of Docker objects are unique on the host.
  for (const [type, byId] of Object.entries({ container: containers, volume: volumes, network: networks })) {
    const names = Object.values(byId).map((r: any) => r.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    check(dup === undefined, () => `two docker ${type}s named ${JSON.stringify(dup)}`);
  }
  const all: NodeView[] = [];
  clusters.forEach((cluster, index) => {
    if (!(cluster.target instanceof DockerTarget)) return;
    const model = cluster._model!;
    const nodes = Object.entries(containers)
      .filter(
        ([id, c]) =>
          id.startsWith(`c${index}_`) &&
          ['zookeeper', 'kafka', 'kafka-controller', 'connect'].includes(label(c, 'app.kubernetes.io/component')),
      )
      .map(([id, c]): NodeView => {
        const component = label(c, 'app.kubernetes.io/component');
        const env = envOf(id, c.env ?? []);
        // Every referenced volume, network, image and dependency exists.
        for (const v of c.volumes ?? [])
          check(
            existingVolumes(props[index]).has(v.volume_name) || ref(v.volume_name, 'docker_volume') in volumes,
            () => `${id}: volume ${v.volume_name} does not exist`,
          );
        for (const n of c.networks_advanced ?? [])
          check(ref(n.name, 'docker_network') in networks, () => `${id}: network ${n.name} does not exist`);
        check(ref(c.image, 'docker_image') in images, () => `${id}: image ${c.image} does not exist`);
        for (const d of c.depends_on ?? [])
          check(d.replace(/^docker_container\./, '') in containers, () => `${id}: depends on missing ${d}`);
        const host = c.network_mode === 'host';
        check(!host || (c.ports ?? []).length === 0, () => `${id}: host networking with published ports`);
        // A node's metrics agent listens where its startup script says (host networking: 127.0.0.1:<port>).
        const agent = /-javaagent:[^=\s]+=127\.0\.0\.1:(\d+):/.exec(c.entrypoint?.[2] ?? '');
        return {
          id,
          component,
          env,
          hostPorts: host
            ? [...listenPorts(component, env), ...(agent ? [Number(agent[1])] : [])]
            : (c.ports ?? []).map((p: any) => p.external),
        };
      });
    check(
      nodes.length === model.components.reduce((n, c) => n + c.nodes.length, 0),
      () => `c${index}: ${nodes.length} containers for ${model.components.length} components`,
    );
    checkCluster(nodes, props[index], model.internalTopics.config.partitions);
    all.push(...nodes);
  });
  checkHostPorts(all);
}

/** A namespace as written, or the name of the namespace resource it references. */
function namespaceName(resource: any, namespace: string | undefined): string {
  const m = /^\$\{kubernetes_namespace_v1\.([^.}]+)\.metadata\[0\]\.name\}$/.exec(namespace ?? '');
  return m ? resource.kubernetes_namespace_v1?.[m[1]]?.metadata?.name : (namespace ?? '');
}

/** The invariants of a synthesized stack's Kubernetes resources. */
function checkKubernetes(json: any, clusters: ConnectCluster[], props: ConnectClusterProps[]): void {
  const resource = json.resource ?? {};
  // Object names are unique per kind and namespace (a namespace reference counts as its construct).
  for (const [type, byId] of Object.entries<Record<string, any>>(resource)) {
    if (!type.startsWith('kubernetes_')) continue;
    const keys = Object.values(byId).map((r: any) => `${namespaceName(resource, r.metadata?.namespace)}/${r.metadata?.name}`);
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    check(dup === undefined, () => `two ${type} objects named ${dup}`);
  }
  const configMaps: Record<string, any> = resource.kubernetes_config_map_v1 ?? {};
  const secrets: Record<string, any> = resource.kubernetes_secret_v1 ?? {};
  clusters.forEach((cluster, index) => {
    if (!(cluster.target instanceof KubernetesTarget)) return;
    const model = cluster._model!;
    check(model.internalTopics.config.partitions === 1, () => `c${index}: config topic partitions`);
    const sets = Object.entries<any>(resource.kubernetes_stateful_set_v1 ?? {}).filter(([id]) => id.startsWith(`c${index}_`));
    check(
      sets.length === model.components.length,
      () => `c${index}: ${sets.length} stateful sets for ${model.components.length} components`,
    );
    for (const [id, set] of sets) {
      const spec = set.spec;
      const component = spec.template.metadata.labels['app.kubernetes.io/name'];
      const nodes = model.components.find((c) => c.component === component)?.nodes ?? [];
      check(Number(spec.replicas) === nodes.length, () => `${id}: ${spec.replicas} replicas for ${nodes.length} nodes`);
      const known = knownEnvNames(component, props[index]);
      for (const container of spec.template.spec.container ?? []) {
        for (const e of container.env ?? [])
          check(
            known.has(e.name) ||
              (/^[A-Z][A-Z0-9_]*$/.test(e.name) &&
                !e.name.startsWith('CONNECT_') &&
                !e.name.startsWith('KAFKA_') &&
                e.value_from !== undefined),
            () => `${id}: env ${e.name} is not a variable the model knows`,
          );
        for (const from of container.env_from ?? []) {
          if (from.config_map_ref) {
            const cm = configMaps[ref(from.config_map_ref.name, 'kubernetes_config_map_v1')];
            check(cm !== undefined, () => `${id}: missing config map ${from.config_map_ref.name}`);
            for (const name of Object.keys(cm.data ?? {}))
              check(known.has(name), () => `${id}: ${name} (config map) is not a variable the model knows`);
            for (const [name, value] of Object.entries<string>(cm.data ?? {})) {
              if (name.startsWith('CONNECT_'))
                check(!/[@\r\n]/.test(value), () => `${id}: ${name}=${JSON.stringify(value)} cannot be written by the image`);
            }
          }
          if (from.secret_ref)
            check(ref(from.secret_ref.name, 'kubernetes_secret_v1') in secrets, () => `${id}: missing secret ${from.secret_ref.name}`);
        }
      }
    }
  });
}

function label(container: any, name: string): string {
  return (container.labels ?? []).find((l: any) => l.label === name)?.value;
}

/**
 * The problems of the library's validation error, as `<construct path>: <field>: <what is wrong>; <how to fix>`;
 * every problem names a field. Any other exception is rethrown.
 */
function validationProblems(e: unknown): string[] {
  if (e instanceof ConnectClusterValidationError) {
    check(e.problems.length > 0, () => 'a validation error without problems');
    for (const p of e.problems) check(FIELD.test(`: ${p.field}: `), () => `a validation problem that names no field: ${JSON.stringify(p)}`);
    return e.problems.map(formatProblem);
  }
  const message = e instanceof Error ? e.message : String(e);
  if (!message.startsWith('Validation failed')) throw e;
  const problems = message
    .replace(/^Validation failed with the following errors:\n {2}/, '')
    .replace(/\n\nIf you wish to ignore[\s\S]*$/, '')
    .split(/\n {2}(?=\[)/);
  for (const problem of problems) check(FIELD.test(problem), () => `a validation problem that names no field: ${problem}`);
  // cdktf prefixes each with the path of the construct whose validation found it.
  return problems.map((p) => p.replace(/^\[[^\]]*\] /, ''));
}

/**
 * The oracle. A valid case (nothing broken) must synthesize: `problems` is undefined. An invalid one must be
 * refused, and for each cluster every field broken at the earliest stage the library checks for it (props,
 * then the target's options, then declarations and other clusters: see Stage) must be named by a problem of
 * that construct. `stages` are the stages the caller ran (resolveCluster alone runs only the props' checks).
 */
function checkVerdict(
  c: Pick<FuzzCase, 'broken'>,
  problems: string[] | undefined,
  stages: Stage[] = [Stage.PROPS, Stage.TARGET, Stage.DECLARED],
): void {
  const broken = c.broken.filter((b) => stages.includes(b.stage));
  if (broken.length === 0) {
    check(problems === undefined, () => `a valid case was refused:\n  ${problems!.join('\n  ')}`);
    return;
  }
  check(problems !== undefined, () => `an invalid case was accepted; it broke ${brokenList(broken)}`);
  for (const cluster of new Set(broken.map((b) => b.cluster))) {
    const own = broken.filter((b) => b.cluster === cluster);
    const first = Math.min(...own.map((b) => b.stage));
    for (const b of own.filter((x) => x.stage === first)) {
      const prefix = `fuzz/c${cluster}${b.under ? `/${b.under}` : ''}: ${b.field}`;
      check(
        problems!.some((p) => p.startsWith(prefix) && /^[:.[ ]/.test(p.slice(prefix.length))),
        () => `no problem names ${prefix} (${b.by}); the problems:\n  ${problems!.join('\n  ')}`,
      );
    }
  }
}

function brokenList(broken: Broken[]): string {
  return broken.map((b) => `fuzz/c${b.cluster}${b.under ? `/${b.under}` : ''}: ${b.field} (${b.by})`).join(', ');
}

/**
 * Inputs that hit a bug reported but not fixed yet. Each is kept out of the default run so that `npm test`
 * stays green; FUZZ_KNOWN_BUGS=1 puts them back. Remove an entry once its bug is fixed.
 */
const KNOWN_BUGS: { readonly bug: string; readonly applies: (props: ConnectClusterProps[]) => boolean }[] = [];

function knownBug(props: ConnectClusterProps[]): boolean {
  return process.env.FUZZ_KNOWN_BUGS !== '1' && KNOWN_BUGS.some((b) => b.applies(props));
}

/** A secret from the stack's sensitive variable `id`, declared on first use. */
function variableSecret(stack: TerraformStack, id: string): Secret {
  return Secret.fromVariable(
    (stack.node.tryFindChild(id) as TerraformVariable) ?? new TerraformVariable(stack, id, { type: 'string', sensitive: true }),
  );
}

/** A source per variant: typed PostgreSQL (default slot), generic sink with a secret, and an invalid one. */
function connectorSource(stack: TerraformStack, variant: number, name: string): ConnectorSource {
  const password = () => variableSecret(stack, 'db_password');
  switch (variant) {
    case CONNECTOR_VARIANTS.postgres:
      return ConnectorSource.postgres({
        hostname: 'db',
        user: 'u',
        password: password(),
        databaseName: 'd',
        topicPrefix: `p${name.replace(/[^A-Za-z0-9._-]/g, '')}`,
      });
    case CONNECTOR_VARIANTS.sinkWithSecret:
      return ConnectorSource.generic({
        connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector',
        config: { topics: 't' },
        secrets: { 'connection.password': password() },
      });
    case CONNECTOR_VARIANTS.invalidPostgres:
      return ConnectorSource.postgres({ hostname: '', user: 'u', password: password(), databaseName: 'd', topicPrefix: 'p' });
    default:
      return ConnectorSource.generic({ connectorClass: 'io.debezium.connector.jdbc.JdbcSinkConnector', config: { topics: 't' } });
  }
}

/**
 * The props with the stack's own sensitive variable wherever the case holds the arbitraries' VARIABLE_SECRET (whose
 * variable belongs to another stack): connect.restTls.storePassword, connect.workerSecrets, the password of
 * connect.kafkaSecurity. Anything else, valid or broken, is passed as drawn.
 */
function withOwnVariables(stack: TerraformStack, p: ConnectClusterProps): ConnectClusterProps {
  const own = (v: unknown): any => (v === VARIABLE_SECRET ? variableSecret(stack, 'fuzz_secret') : v);
  const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const c: any = p.connect;
  if (!record(c)) return p;
  const connect: any = { ...c };
  if (record(c.restTls)) connect.restTls = { ...c.restTls, storePassword: own(c.restTls.storePassword) };
  if (record(c.kafkaSecurity) && 'password' in c.kafkaSecurity)
    connect.kafkaSecurity = { ...c.kafkaSecurity, password: own(c.kafkaSecurity.password) };
  if (record(c.workerSecrets)) connect.workerSecrets = Object.fromEntries(Object.entries(c.workerSecrets).map(([k, v]) => [k, own(v)]));
  return { ...p, connect };
}

function synthesize(
  props: ConnectClusterProps[],
  calls: readonly AddCall[] = [],
): { json?: any; clusters: ConnectCluster[]; connectors: Connector[][] } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fuzz');
  // Every target's provider, so a stack may mix targets.
  new DockerProvider(stack, 'docker');
  new KubernetesProvider(stack, 'kubernetes');
  const clusters = props.map((p, i) => new ConnectCluster(stack, `c${i}`, withOwnVariables(stack, p)));
  const connectors: Connector[][] = clusters.map(() => []);
  for (const call of calls) {
    const i = call.cluster;
    if (call.kind === 'topic') clusters[i].addTopic({ name: call.name, partitions: call.variant === 3 ? 0 : call.variant + 1 });
    else connectors[i].push(clusters[i].addConnector(call.name, { source: connectorSource(stack, call.variant, call.name) }));
  }
  return { json: JSON.parse(Testing.synth(stack, true)), clusters, connectors };
}

/**
 * cdktf registers every token it creates in one process-wide map (TokenMap) and never removes it, and each entry
 * keeps its stack alive: about 200 KiB per synth, which ran the 100,000-case run out of heap near 16,000 synths.
 * The tokens a case created are dropped once it is checked; tokens that existed before it (module-level) stay.
 */
const tokenMap: Map<string, unknown> | undefined = require('cdktf/lib/tokens/private/token-map').TokenMap?.instance()?.stringTokenMap;
function freeingTokens<T>(f: () => T): T {
  check(tokenMap instanceof Map, () => "cdktf's TokenMap has no stringTokenMap: update freeingTokens for this cdktf version");
  const before = new Set(tokenMap!.keys());
  try {
    return f();
  } finally {
    for (const key of tokenMap!.keys()) if (!before.has(key)) tokenMap!.delete(key);
  }
}

/** Connectors of one cluster never share a worker secret name (one would read the other's password). */
function checkConnectors(clusters: ConnectCluster[], connectors: Connector[][]): void {
  clusters.forEach((cluster, i) => {
    const declared = connectors[i].reduce((n, c) => n + Object.keys(c._spec?.secrets ?? {}).length, 0);
    check(
      // Besides the workers' own (connect.kafkaSecurity's password).
      Object.keys(clusterSecretEnv(cluster._model!)).length === declared + Object.keys(cluster._model!.workerSecrets).length,
      () => `c${i}: ${declared} connector secrets share fewer worker secret names`,
    );
  });
}

describe('fuzzing ConnectCluster props', () => {
  // A full synth takes up to about 0.2 s on a shared machine, a model a few milliseconds.
  const synthTimeout = Math.max(60_000, SYNTH_RUNS * 500);
  const modelTimeout = Math.max(60_000, MODEL_RUNS * 25);

  test(
    `full synth: a valid case synthesizes output that keeps the invariants, an invalid one is refused naming what it broke (${SYNTH_RUNS} runs, seed ${SEED})`,
    () => {
      const outcomes = { synthesized: 0, refused: 0 };
      fc.assert(
        fc.property(
          fuzzCases.filter((c) => !knownBug(c.props)),
          (c) =>
            freeingTokens(() => {
              const { props, calls } = c;
              let result: ReturnType<typeof synthesize>;
              try {
                result = synthesize(props, calls);
              } catch (e) {
                checkVerdict(c, validationProblems(e));
                outcomes.refused++;
                return;
              }
              checkVerdict(c, undefined);
              outcomes.synthesized++;
              checkDocker(result.json, result.clusters, props);
              checkKubernetes(result.json, result.clusters, props);
              checkConnectors(result.clusters, result.connectors);
            }),
        ),
        { numRuns: SYNTH_RUNS, seed: SEED, path: PATH },
      );
      expectBothOutcomes(outcomes, SYNTH_RUNS);
    },
    synthTimeout,
  );

  test(
    `model: resolveCluster models a case whose props are valid, keeping the invariants, and refuses one whose props are not, naming what it broke (${MODEL_RUNS} runs, seed ${SEED})`,
    () => {
      const outcomes = { synthesized: 0, refused: 0 };
      fc.assert(
        fc.property(
          clusterCases.filter((c) => !knownBug(c.props)),
          (c) => {
            const props = c.props[0];
            const resolved = resolveCluster(_clusterInput('fuzz/c0', props));
            const refused = !resolved.model || resolved.problems.length > 0;
            // The target's own options and the declarations are checked after the model, by ConnectCluster.
            checkVerdict(c, refused ? validationProblems(new ConnectClusterValidationError(resolved.problems)) : undefined, [Stage.PROPS]);
            if (refused) {
              outcomes.refused++;
              return;
            }
            const model: ClusterModel = resolved.model!;
            outcomes.synthesized++;
            const nodes = modelNodes(model);
            checkCluster(nodes, props, model.internalTopics.config.partitions);
            checkHostPorts(nodes);
          },
        ),
        { numRuns: MODEL_RUNS, seed: SEED, path: PATH },
      );
      expectBothOutcomes(outcomes, MODEL_RUNS);
    },
    modelTimeout,
  );
});

test('every breaker is drawn: each rule the oracle demands is exercised', () => {
  const drawn = new Set<string>();
  for (const [cases, numRuns] of [
    [clusterCases, 8000],
    [fuzzCases, 10000],
  ] as const) {
    for (const c of fc.sample(cases, { numRuns, seed: 20251206 })) for (const b of c.broken) drawn.add(b.by);
  }
  expect(BREAKERS.map((b) => b.name).filter((name) => !drawn.has(name))).toEqual([]);
});

/** Both outcomes must be common, or the generators have drifted away from what they are meant to cover. */
function expectBothOutcomes(outcomes: { synthesized: number; refused: number }, runs: number): void {
  if (runs < 100) return;
  expect(outcomes.synthesized).toBeGreaterThan(runs / 10);
  expect(outcomes.refused).toBeGreaterThan(runs / 10);
}

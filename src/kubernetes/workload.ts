import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { StatefulSetV1 } from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { ITerraformDependable, Lazy } from 'cdktf';
import { terraformLiteral } from '../private/escape';
import { MetricsModel } from '../model/metrics';
import { LOGGERS } from '../model/loggers';
import { PluginsModel } from '../model/plugin-types';
import { SecretEnv } from '../model/tasks';
import { Construct } from 'constructs';
import {
  componentLabels,
  CONFIG_CHECKSUM_ANNOTATION,
  SECRETS_CHECKSUM_ANNOTATION,
  kubernetesNames,
  kubernetesObjectNames,
  maxUnavailable,
  selectorLabels,
  VOLUME_ACCESS_MODE,
  quantity,
} from './policy';
import { Component, ComponentSpec } from '../model/nodes';
import { KubernetesServiceType, KubernetesTargetOptions } from './options';
import { podEnvironment } from './env';
import { podSpec, usesEmptyDir, variableSecrets } from './pod';

/** The objects of one component; reachable as an escape hatch. */
export interface ComponentResources {
  readonly statefulSet: StatefulSetV1;
  /** Stable pod DNS names (`<pod>.<headless>.<namespace>.svc`), ready or not. */
  readonly headlessService: ServiceV1;
  /** ZooKeeper clients, Kafka bootstrap, Connect REST API. */
  readonly service: ServiceV1;
  readonly configMap: ConfigMapV1;
  readonly secret?: SecretV1;
  readonly podDisruptionBudget: PodDisruptionBudgetV1;
}

export interface WorkloadInputs {
  readonly clusterName: string;
  /** The namespace's name (a reference when the namespace is created, so objects wait for it). */
  readonly namespace: string;
  readonly spec: ComponentSpec;
  readonly options: KubernetesTargetOptions;
  readonly dependsOn: ITerraformDependable[];
  /** Connect only: the secrets the workers read, known once every connector is declared. */
  readonly secretEnv?: () => SecretEnv;
  /** Connect only: connector plugins fetched by an init container. */
  readonly plugins?: PluginsModel;
  /** The images' registry mirror (the plugin fetch image's default). */
  readonly registry?: string;
  /** The metrics agent, for the nodes that load it. */
  readonly metrics?: MetricsModel;
  /** The levels file of the component's loggers (connect.loggers, kafka.loggers), for the nodes that read it at start. */
  readonly loggerLevels?: string;
}

export function renderWorkload(scope: Construct, w: WorkloadInputs): ComponentResources {
  const { clusterName, spec, options } = w;
  const c = spec.component;
  const provider = options.provider;
  const selector = selectorLabels(clusterName, c);
  const metadata = (name: string) => ({
    name,
    namespace: w.namespace,
    labels: { ...options.labels, ...componentLabels(clusterName, c) },
    annotations: options.annotations,
  });
  const env = podEnvironment(spec.nodes);
  const node = spec.nodes[0];
  // By convention of the model, a node's first port is the one its clients use.
  const clientPort = node.ports[0];

  const configMap = new ConfigMapV1(scope, 'config-map', {
    metadata: metadata(kubernetesObjectNames.configMap(clusterName, c)),
    data: escapeValues(env.plain),
    provider,
  });
  // Updated in place when only levels change: the pod template names it, and carries neither its data nor a checksum.
  const loggers =
    node.loggerLevels && w.loggerLevels !== undefined
      ? new ConfigMapV1(scope, 'loggers', {
          metadata: metadata(kubernetesObjectNames.loggersConfigMap(clusterName, c)),
          data: { [LOGGERS.file]: w.loggerLevels },
          provider,
        })
      : undefined;
  const secretEnv = w.secretEnv;
  const secret = secretEnv
    ? new SecretV1(scope, 'secret', {
        metadata: metadata(kubernetesObjectNames.secret(clusterName, c)),
        // Variables' references only: Terraform fills the values in at apply time. Mounted as files.
        data: Lazy.anyValue({ produce: () => variableSecrets(secretEnv()) }) as unknown as Record<string, string>,
        provider,
      })
    : undefined;

  const headlessService = new ServiceV1(scope, 'headless-service', {
    metadata: metadata(kubernetesNames.headlessService(clusterName, c)),
    spec: {
      clusterIp: 'None',
      // Peers resolve each other before they are ready: a ZooKeeper quorum forms only once they do, and
      // brokers and workers advertise (and probe) their own pod DNS names.
      publishNotReadyAddresses: true,
      selector,
      port: node.ports.map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name })),
    },
    provider,
  });
  const service = new ServiceV1(scope, 'service', {
    metadata: metadata(kubernetesNames.service(clusterName, c)),
    spec: {
      type: c === Component.CONNECT ? (options.restServiceType ?? KubernetesServiceType.CLUSTER_IP) : KubernetesServiceType.CLUSTER_IP,
      selector,
      port: [{ name: clientPort.name, port: clientPort.containerPort, targetPort: clientPort.name }],
    },
    provider,
  });

  const emptyDir = usesEmptyDir(spec, options);
  const statefulSet = new StatefulSetV1(scope, 'stateful-set', {
    metadata: metadata(kubernetesNames.statefulSet(clusterName, c)),
    spec: {
      replicas: String(spec.nodes.length),
      serviceName: headlessService.metadata.name,
      // Every pod starts at once: a ZooKeeper member is never ready alone, so ordered start-up would wait
      // forever for pod 0. Rolling updates stay one pod at a time.
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: { ...options.labels, ...componentLabels(clusterName, c) },
          annotations: {
            ...options.annotations,
            [CONFIG_CHECKSUM_ANNOTATION]: env.checksum,
            ...(secretEnv && secret
              ? { [SECRETS_CHECKSUM_ANNOTATION]: Lazy.stringValue({ produce: () => secretsVersion(secret, secretEnv()) }) }
              : {}),
          },
        },
        spec: podSpec({
          spec,
          env,
          selector,
          configMapName: configMap.metadata.name,
          secretName: secret?.metadata.name,
          secretEnv,
          plugins: w.plugins,
          registry: w.registry,
          metrics: w.metrics,
          loggersConfigMap: loggers?.metadata.name,
          emptyDirVolumes: emptyDir,
          options,
        }),
      },
      // Claim templates cannot change after creation: only the stable selector labels, never user labels.
      volumeClaimTemplate: emptyDir
        ? undefined
        : node.volumes.map((v) => ({
            metadata: { name: v.name, labels: selector },
            spec: {
              accessModes: [VOLUME_ACCESS_MODE],
              storageClassName: options.storageClassName,
              resources: { requests: { storage: quantity(v.size) } },
            },
          })),
    },
    // `apply` waits until every pod is ready, so dependants start on a healthy component (as on Docker).
    waitForRollout: true,
    dependsOn: w.dependsOn.length > 0 ? w.dependsOn : undefined,
    provider,
  });

  const podDisruptionBudget = new PodDisruptionBudgetV1(scope, 'disruption-budget', {
    metadata: metadata(kubernetesNames.statefulSet(clusterName, c)),
    spec: { maxUnavailable: String(maxUnavailable(spec)), selector: { matchLabels: selector } },
    provider,
  });

  return { statefulSet, headlessService, service, configMap, secret, podDisruptionBudget };
}

function escapeValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, terraformLiteral(v)]));
}

/**
 * The workers' Secret's resource version: it changes whenever a rotated variable changes the Secret, so the
 * pod template changes and the workers roll and read the new value. Unlike a hash of the values it reveals
 * nothing about them (an unsalted hash of a password is readable by anyone who can read pods, and guessable).
 * Secrets kept in Kubernetes are not seen.
 */
function secretsVersion(secret: SecretV1, secrets: SecretEnv): string {
  return Object.keys(variableSecrets(secrets)).length === 0 ? 'none' : secret.metadata.resourceVersion;
}

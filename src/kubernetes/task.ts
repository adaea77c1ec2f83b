import { DataKubernetesResources } from '@cdktf/provider-kubernetes/lib/data-kubernetes-resources';
import { JobV1, JobV1SpecTemplateSpecContainer } from '@cdktf/provider-kubernetes/lib/job-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { terraformLiteral } from '../private/escape';
import { deferredString } from '../private/deferred';
import { ClusterModel } from '../model/cluster-model';
import {
  DECLARATION_PORT,
  kubernetesNames,
  TASK_NAME_LABEL,
  TASK_POLICY,
  taskLabels,
  taskObjectName,
  taskProbeTiming,
  quantity,
} from './policy';
import { DECLARATION_HOST_ENV, TASK_REPORT_FILE_ENV, TASK_STOPPED_WHILE_DECLARED_EXIT_CODE, TaskSpec } from '../model/tasks';
import { shellScript } from '../scripts/load';
import { KubernetesServiceType, KubernetesTargetOptions } from './options';
import {
  imagePullSecrets,
  secretFileMounts,
  secretFilesVolume,
  secretFilesVolumeMount,
  taskSecretsVolume,
  taskSecretsVolumeMount,
  variableSecrets,
} from './pod';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { containerSecurityContext, podSecurityContext } from './security-context';

/**
 * A task on Kubernetes is a Job. Work done once (`apply` waits for its completion and fails with it) runs to
 * completion. A task that lives as long as what it guards (a connector's sentinel) never completes while it is
 * declared: its Job is the controller that makes its pod again after a deletion, an eviction, a drain, a
 * preemption or a node's loss, and its termination grace period is the time it has to undo.
 *
 * A Job, not a bare Pod, which nothing makes again; not a Deployment either: `destroy` must wait until the undo is
 * done, before what it talks to goes. Provider 2.38.0 deletes a Deployment in the background and returns while its
 * pod still runs; it deletes a Job in the foreground and waits until the Job is gone, which is once its pod is gone,
 * that is once its TERM handler finished (or the grace period ran out).
 *
 * A sentinel stopped while still declared exits with TASK_STOPPED_WHILE_DECLARED_EXIT_CODE; its Job's pod failure
 * policy ignores that, and a disruption (an eviction, a preemption, a drain), so neither counts against the back-off
 * limit, and the Job starts a new pod at once. A sentinel that fails otherwise gets a new pod after the Job's own
 * back-off (10 s, doubling to 6 minutes), for as long as it is declared. The provider does not wait for its pod:
 * what depends on it (the apply Job) follows at once, and while the Job has no running pod a removal undoes
 * nothing.
 *
 * A task with a declaration (a connector's sentinel) gets a Service of that name beside it, with no selector and
 * no endpoints: its DNS name resolves as long as the connector is declared. It waits for the Job, so `destroy`
 * and a removal from the code delete it just before the Job; an eviction, a drain or `kubectl delete pod` leave
 * it, and the sentinel, finding the name still there, leaves the connector running.
 *
 * A task that can refuse its work (a connector config Connect's validation rejects) writes its report as the
 * container's termination message and completes. Provider 2.38.0 reports a failed Job only as "job: <ns>/<name>
 * is in failed state", so the reason would stay in the pod; instead the stack reads the Job's pods back
 * (`kubernetes_resources`, by the Job's name) and a postcondition fails the apply with the report as its error.
 * While the refused config stays declared, every plan fails with it too.
 */
export function renderKubernetesTask(
  scope: Construct,
  model: ClusterModel,
  options: KubernetesTargetOptions,
  namespace: string,
  task: TaskSpec,
): JobV1 {
  const declaration = task.keepAlive && task.declaration !== undefined ? taskObjectName(model.name, task.declaration) : undefined;
  const env: Record<string, string> = declaration
    ? { [DECLARATION_HOST_ENV]: kubernetesNames.declarationHost(declaration, model.network.namespace!) }
    : {};
  const resource = taskResource(scope, model, options, namespace, task, env);
  if (declaration) {
    new ServiceV1(scope, 'declaration', {
      metadata: { name: declaration, namespace, labels: resource.metadata.labels, annotations: options.annotations },
      // A Service needs a port; nothing listens on it: its name is what the task looks up.
      spec: { type: KubernetesServiceType.CLUSTER_IP, port: [{ name: 'declaration', port: DECLARATION_PORT }] },
      dependsOn: [resource],
      provider: options.provider,
    });
  }
  return resource;
}

function taskResource(
  scope: Construct,
  model: ClusterModel,
  options: KubernetesTargetOptions,
  namespace: string,
  task: TaskSpec,
  extraEnv: Record<string, string>,
): JobV1 {
  const name = taskObjectName(model.name, task.name);
  // Each task's own label tells its pods apart from every other task's of the cluster.
  const labels = { ...taskLabels(model.name, task.kind), [TASK_NAME_LABEL]: name };
  const metadata = { name, namespace, labels: { ...options.labels, ...labels }, annotations: options.annotations };
  const mounts = secretFileMounts(task.fileMounts);
  const secrets = task.secrets ?? {};
  const hasSecrets = Object.keys(secrets).length > 0;
  const variables = variableSecrets(secrets);
  // The variables' references only: Terraform fills the values in at apply time.
  const secret =
    Object.keys(variables).length > 0
      ? new SecretV1(scope, 'secret', {
          metadata: { name: `${name}-secret`, namespace, labels: metadata.labels, annotations: options.annotations },
          data: variables,
          provider: options.provider,
        })
      : undefined;
  const volumes = [...mounts.map(secretFilesVolume), ...(hasSecrets ? [taskSecretsVolume(secret?.metadata.name, secrets)] : [])];
  const container = {
    name: 'task',
    image: task.image,
    imagePullPolicy: options.imagePullPolicy,
    command: ['bash', '-c', terraformLiteral(shellScript(task.script))],
    env: Object.entries({
      ...task.env,
      ...extraEnv,
      ...(task.reportsRefusal ? { [TASK_REPORT_FILE_ENV]: TASK_POLICY.reportFile } : {}),
    }).map(([k, v]) => ({ name: k, value: terraformLiteral(deferredString(v)) })),
    ...(task.reportsRefusal ? { terminationMessagePath: TASK_POLICY.reportFile, terminationMessagePolicy: 'File' } : {}),
    resources: {
      requests: { cpu: TASK_POLICY.cpuRequest, memory: quantity(task.memoryLimit) },
      limits: { memory: quantity(task.memoryLimit) },
    },
    // Not read-only: the Kafka tools and bash write temporary files.
    securityContext: containerSecurityContext({ readOnlyRootFilesystem: false }),
    volumeMount:
      volumes.length > 0 ? [...mounts.map(secretFilesVolumeMount), ...(hasSecrets ? [taskSecretsVolumeMount()] : [])] : undefined,
  };
  // Every task's pod: a failed attempt is a new pod (for a task that lives, its pod failure policy needs that too).
  const template = (c: JobV1SpecTemplateSpecContainer) => ({
    metadata: { labels: { ...options.labels, ...labels } },
    spec: {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      imagePullSecrets: imagePullSecrets(options),
      // The images' group owns the mounted Secrets' files (mode 0440), as in the workers.
      securityContext: podSecurityContext({ ownVolumes: volumes.length > 0 }),
      terminationGracePeriodSeconds: task.stopGraceSeconds,
      volume: volumes.length > 0 ? volumes : undefined,
      restartPolicy: TASK_POLICY.jobRestartPolicy,
      container: [c],
    },
  });
  if (!task.keepAlive) {
    const job = new JobV1(scope, 'job', {
      metadata,
      spec: {
        backoffLimit: TASK_POLICY.jobBackoffLimit,
        template: template(container),
      },
      waitForCompletion: true,
      timeouts: { ...TASK_POLICY.jobTimeouts },
      provider: options.provider,
    });
    if (task.reportsRefusal) renderRefusalCheck(scope, job, namespace, options);
    return job;
  }
  const probes = taskProbeTiming(task.health);
  const keepAlive = TASK_POLICY.keepAlive;
  return new JobV1(scope, 'job', {
    metadata,
    spec: {
      backoffLimit: keepAlive.backoffLimit,
      podFailurePolicy: {
        rule: [
          { action: 'Ignore', onPodCondition: [{ type: keepAlive.disruptionCondition, status: 'True' }] },
          {
            action: 'Ignore',
            onExitCodes: { containerName: container.name, operator: 'In', values: [TASK_STOPPED_WHILE_DECLARED_EXIT_CODE] },
          },
        ],
      },
      template: template({
        ...container,
        readinessProbe: { exec: { command: task.health.command }, ...probes.readiness },
        livenessProbe: { exec: { command: task.health.command }, ...probes.liveness },
      }),
    },
    // It never completes while declared: `apply` waits for nothing, and a destroy for its undo.
    waitForCompletion: false,
    timeouts: { delete: `${task.stopGraceSeconds + keepAlive.deleteMarginSeconds}s` },
    provider: options.provider,
  });
}

/**
 * The Job's pods read back after it completed; the apply (and any later plan) fails when one of them ended with a
 * refusal report as its termination message, with that report as the error.
 */
function renderRefusalCheck(scope: Construct, job: JobV1, namespace: string, options: KubernetesTargetOptions): void {
  // `objects` is null when no pod is left; a pod's message is null or "" unless the task refused.
  const reports = 'compact([for p in self.objects[*] : try(trimspace(p.status.containerStatuses[0].state.terminated.message), "")])';
  new DataKubernetesResources(scope, 'refusal', {
    apiVersion: 'v1',
    kind: 'Pod',
    namespace,
    // The name from the Job's id (`namespace/name`): unknown while the Job is replaced, so the pods are read after
    // the new Job ran, not at plan time from the one about to go. (Its uid is no use: with wait_for_completion,
    // provider 2.38.0 leaves the Job's metadata.uid empty in the state of the apply that created it.)
    labelSelector: `${TASK_POLICY.jobNameLabel}=${Fn.element(Fn.split('/', job.id), 1)}`,
    lifecycle: { postcondition: [{ condition: `\${length(${reports}) == 0}`, errorMessage: `\${join("\\n", ${reports})}` }] },
    provider: options.provider,
  });
}

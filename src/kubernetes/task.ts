import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { PodV1 } from '@cdktf/provider-kubernetes/lib/pod-v1';
import { Construct } from 'constructs';
import { terraformLiteral } from '../private/escape';
import { deferredString } from '../private/deferred';
import { ClusterModel } from '../model/cluster-model';
import { TASK_NAME_LABEL, TASK_POLICY, taskLabels, taskObjectName, taskProbeTiming, quantity } from './policy';
import { TaskSpec } from '../model/tasks';
import { KubernetesTargetOptions } from './options';
import { imagePullSecrets } from './pod';
import { containerSecurityContext, podSecurityContext } from './security-context';

/**
 * A task on Kubernetes: a Job for work that is done once (`apply` waits for its completion and fails with
 * it); a Pod for a task that lives as long as what it guards (a connector's sentinel), whose termination grace
 * period is the time it has to undo.
 *
 * A Pod, not a Deployment: `destroy` must wait until the undo is done, before what it talks to goes. Provider
 * 2.38.0 deletes a Deployment in the background and returns while its pod still runs, so the workers were
 * destroyed under the sentinel's DELETE call; it deletes a Pod and waits until the pod is gone, that is until
 * its TERM handler finished (or the grace period ran out).
 */
export function renderKubernetesTask(
  scope: Construct,
  model: ClusterModel,
  options: KubernetesTargetOptions,
  namespace: string,
  task: TaskSpec,
  dependsOn: string[],
): JobV1 | PodV1 {
  const resource = taskResource(scope, model, options, namespace, task);
  if (dependsOn.length > 0) resource.dependsOn = dependsOn;
  return resource;
}

function taskResource(
  scope: Construct,
  model: ClusterModel,
  options: KubernetesTargetOptions,
  namespace: string,
  task: TaskSpec,
): JobV1 | PodV1 {
  const name = taskObjectName(model.name, task.name);
  // Each task's own label tells its pods apart from every other task's of the cluster.
  const labels = { ...taskLabels(model.name, task.kind), [TASK_NAME_LABEL]: name };
  const metadata = { name, namespace, labels: { ...options.labels, ...labels }, annotations: options.annotations };
  const container = {
    name: 'task',
    image: task.image,
    imagePullPolicy: options.imagePullPolicy,
    command: ['bash', '-c', terraformLiteral(task.script)],
    env: Object.entries(task.env).map(([k, v]) => ({ name: k, value: terraformLiteral(deferredString(v)) })),
    resources: {
      requests: { cpu: TASK_POLICY.cpuRequest, memory: quantity(task.memoryLimit) },
      limits: { memory: quantity(task.memoryLimit) },
    },
    // Not read-only: the Kafka tools and bash write temporary files.
    securityContext: containerSecurityContext({ readOnlyRootFilesystem: false }),
  };
  const podSpec = {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    imagePullSecrets: imagePullSecrets(options),
    securityContext: podSecurityContext({ ownVolumes: false }),
    terminationGracePeriodSeconds: task.stopGraceSeconds,
  };
  const probes = taskProbeTiming(task.health);
  if (!task.keepAlive) {
    return new JobV1(scope, 'job', {
      metadata,
      spec: {
        backoffLimit: TASK_POLICY.jobBackoffLimit,
        template: {
          metadata: { labels: { ...options.labels, ...labels } },
          spec: { ...podSpec, restartPolicy: TASK_POLICY.jobRestartPolicy, container: [container] },
        },
      },
      waitForCompletion: true,
      timeouts: { ...TASK_POLICY.jobTimeouts },
      provider: options.provider,
    });
  }
  return new PodV1(scope, 'pod', {
    metadata,
    spec: {
      ...podSpec,
      restartPolicy: TASK_POLICY.keepAliveRestartPolicy,
      container: [
        {
          ...container,
          readinessProbe: { exec: { command: task.health.command }, ...probes.readiness },
          livenessProbe: { exec: { command: task.health.command }, ...probes.liveness },
        },
      ],
    },
    provider: options.provider,
  });
}

import {
  StatefulSetV1SpecTemplateSpecContainerSecurityContext,
  StatefulSetV1SpecTemplateSpecSecurityContext,
} from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { IMAGE_USER_ID } from '../model/nodes';

/** What a container's own settings need besides the hardening every container shares. */
export interface ContainerSecurityOptions {
  /** Only where the process writes nothing outside its volumes: the images' entrypoints rewrite their config files. */
  readonly readOnlyRootFilesystem: boolean;
}

/**
 * The complete container-level security context of every container the library renders on Kubernetes.
 *
 * Complete on purpose: provider 2.38.0 sends every boolean field of a container's `security_context` block, an
 * unset one with its schema default. `run_as_non_root` would reach the API as `false` (overriding the pod's
 * `true`, so the `restricted` Pod Security Standard refuses the pod, and elsewhere the guarantee silently goes),
 * `allow_privilege_escalation` as `true`. So nothing here is left to inherit from the pod.
 */
export function containerSecurityContext(options: ContainerSecurityOptions): StatefulSetV1SpecTemplateSpecContainerSecurityContext {
  const id = String(IMAGE_USER_ID);
  return {
    runAsUser: id,
    runAsGroup: id,
    runAsNonRoot: true,
    privileged: false,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: options.readOnlyRootFilesystem,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The pod-level security context: the images' user, and (for pods with volumes) that group owning the volumes, so
 * uid 1001 can write claims a provisioner created as root.
 */
export function podSecurityContext(options: { readonly ownVolumes: boolean }): StatefulSetV1SpecTemplateSpecSecurityContext {
  const id = String(IMAGE_USER_ID);
  return {
    runAsUser: id,
    runAsGroup: id,
    runAsNonRoot: true,
    ...(options.ownVolumes ? { fsGroup: id, fsGroupChangePolicy: 'OnRootMismatch' } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

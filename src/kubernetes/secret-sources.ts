import type { FileSource } from '../model/nodes';
import { DNS_1123_SUBDOMAIN } from '../model/names';
import type { SecretSource } from '../model/secret-ref';

/** A key of an existing Kubernetes Secret in the cluster's namespace: `Secret.fromKubernetesSecret`. */
export const KUBERNETES_SECRET_KEY: SecretSource = {
  kind: 'kubernetes-secret',
  label: 'a Kubernetes Secret',
  factory: 'Secret.fromKubernetesSecret(name, key)',
};

/** Every key of an existing Kubernetes Secret in the namespace, one file per key: `SecretFiles.fromKubernetesSecret`. */
export const KUBERNETES_SECRET_FILES: FileSource = {
  kind: 'kubernetes-secret',
  label: 'Kubernetes Secret',
  noun: 'Secret',
  factory: 'fromKubernetesSecret',
  nameRule: DNS_1123_SUBDOMAIN,
};

/** A key of a Kubernetes Secret (its `data` keys): letters, digits, "-", "_" and ".", at most 253 characters. */
const SECRET_DATA_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/**
 * Why a Kubernetes Secret's `name` or `key` cannot exist, or undefined: the kubelet would refuse it only when the
 * pods start.
 */
export function kubernetesSecretKeyProblem(name: unknown, key: unknown): { problem: string; fix: string } | undefined {
  if (typeof name !== 'string' || name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
    return {
      problem: `${JSON.stringify(name)} is not a Kubernetes Secret name`,
      fix: 'give Secret.fromKubernetesSecret the name of a Secret in the namespace: lowercase letters, digits, "-" and "."',
    };
  }
  if (typeof key !== 'string' || !SECRET_DATA_KEY.test(key)) {
    return {
      problem: `${JSON.stringify(key)} is not a key of a Kubernetes Secret`,
      fix: `give Secret.fromKubernetesSecret a key of Secret "${name}": letters, digits, "-", "_" and "." (\`kubectl get secret ${name} -o jsonpath='{.data}'\` lists them)`,
    };
  }
  return undefined;
}

import { Problems } from './validation';
import { DNS_1123_SUBDOMAIN } from './names';

/**
 * A sensitive value as the model carries it: never the value itself, only where it comes from.
 */
export enum SecretSource {
  /** A Terraform variable marked sensitive; `expression` is its token. */
  TERRAFORM_VARIABLE = 'terraform-variable',
  /** A key of an existing Kubernetes Secret (Kubernetes target only). */
  KUBERNETES_SECRET = 'kubernetes-secret',
}

export interface SecretRef {
  readonly source: SecretSource;
  /** TERRAFORM_VARIABLE: the variable's token (`${var.x}` after synthesis). */
  readonly expression?: string;
  /** TERRAFORM_VARIABLE: the variable's name, for messages and stable identity. */
  readonly variableName?: string;
  /** KUBERNETES_SECRET: name of the Secret in the cluster's namespace. */
  readonly secretName?: string;
  /** KUBERNETES_SECRET: key within the Secret. */
  readonly secretKey?: string;
}

/** How each source is named in messages and declared. */
const SOURCES: Record<SecretSource, { readonly label: string; readonly factory: string }> = {
  [SecretSource.TERRAFORM_VARIABLE]: { label: 'a Terraform variable', factory: 'Secret.fromVariable(aSensitiveVariable)' },
  [SecretSource.KUBERNETES_SECRET]: { label: 'a Kubernetes Secret', factory: 'Secret.fromKubernetesSecret(name, key)' },
};

/** What the model knows of a target's secrets: the sources it can deliver (the first is the one to suggest), and its names for messages. */
export interface SecretTarget {
  readonly secretSources: readonly SecretSource[];
  readonly nodesNoun: string;
  readonly targetName: string;
}

/** Why `ref` cannot reach the target's workers, or undefined when it can. */
export function unreachableSecret(ref: SecretRef, target: SecretTarget): { problem: string; fix: string } | undefined {
  if (target.secretSources.includes(ref.source)) return undefined;
  return {
    problem: `${SOURCES[ref.source].label} cannot reach ${target.nodesNoun}`,
    fix: `use ${SOURCES[target.secretSources[0]].factory} on the ${target.targetName} target`,
  };
}

/** A secret as the constructs hand it to the model: its reference and why it cannot be used, or what was given instead of one. */
export interface SecretInput {
  /** The reference, when a `Secret` was given. */
  readonly ref?: SecretRef;
  /** Why the `Secret` cannot be used (a variable not marked sensitive, or with a default). */
  readonly problem?: string;
  /** What was given instead of a `Secret` (JavaScript callers), for the message. */
  readonly notASecret?: unknown;
}

/** connect.workerSecrets as the workers receive them (by environment variable), and why a given one cannot be used. */
export function resolveWorkerSecrets(
  problems: Problems,
  secrets: { readonly [property: string]: SecretInput } | undefined,
  target: SecretTarget,
): Record<string, SecretRef> {
  const env: Record<string, SecretRef> = {};
  for (const [property, secret] of Object.entries(secrets ?? {})) {
    const field = `connect.workerSecrets["${property}"]`;
    if (secret.ref === undefined) {
      problems.add(
        field,
        `${JSON.stringify(secret.notASecret)} is not a Secret`,
        'use Secret.fromVariable(aSensitiveVariable) or Secret.fromKubernetesSecret(name, key)',
      );
      continue;
    }
    if (secret.problem) problems.add(field, secret.problem, 'declare the variable with sensitive: true and no default');
    const unreachable = unreachableSecret(secret.ref, target);
    if (unreachable) problems.add(field, unreachable.problem, unreachable.fix);
    const invalid = invalidSecretRef(secret.ref);
    if (invalid) problems.add(field, invalid.problem, invalid.fix);
    env[workerSecretEnvName(property)] = secret.ref;
  }
  return env;
}

/** A key of a Kubernetes Secret (its `data` keys): letters, digits, "-", "_" and ".", at most 253 characters. */
const KUBERNETES_SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/**
 * Why `ref` names a Kubernetes Secret or key that cannot exist, or undefined: the kubelet would refuse it only when
 * the pods start.
 */
export function invalidSecretRef(ref: SecretRef): { problem: string; fix: string } | undefined {
  if (ref.source !== SecretSource.KUBERNETES_SECRET) return undefined;
  const name = ref.secretName;
  if (typeof name !== 'string' || name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
    return {
      problem: `${JSON.stringify(name)} is not a Kubernetes Secret name`,
      fix: 'give Secret.fromKubernetesSecret the name of a Secret in the namespace: lowercase letters, digits, "-" and "."',
    };
  }
  const key = ref.secretKey;
  if (typeof key !== 'string' || !KUBERNETES_SECRET_KEY.test(key)) {
    return {
      problem: `${JSON.stringify(key)} is not a key of a Kubernetes Secret`,
      fix: `give Secret.fromKubernetesSecret a key of Secret "${name}": letters, digits, "-", "_" and "." (\`kubectl get secret ${name} -o jsonpath='{.data}'\` lists them)`,
    };
  }
  return undefined;
}

/** How connector secrets reach the workers and how connector configs reference them. */
export enum SecretDelivery {
  /** Environment variables, resolved by Kafka's EnvVarConfigProvider (`${env:NAME}`). Docker. */
  ENVIRONMENT = 'environment',
  /** Files in a read-only volume, resolved by Kafka's DirectoryConfigProvider (`${dir:/kafka/secrets:NAME}`). Kubernetes. */
  FILES = 'files',
}

/** A Kafka config provider the workers resolve secret references with. */
export interface SecretProvider {
  readonly alias: string;
  readonly className: string;
  /** Kafka version that added the provider. */
  readonly since: string;
  /** Where the secret files are mounted (FILES only). */
  readonly mountPath?: string;
}

const PROVIDERS: Record<SecretDelivery, SecretProvider> = {
  [SecretDelivery.ENVIRONMENT]: { alias: 'env', className: 'org.apache.kafka.common.config.provider.EnvVarConfigProvider', since: '3.5.0' },
  [SecretDelivery.FILES]: {
    alias: 'dir',
    className: 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    since: '2.7.0',
    mountPath: '/kafka/secrets',
  },
};

export function secretProvider(delivery: SecretDelivery): SecretProvider {
  return PROVIDERS[delivery];
}

/** The reference a connector config holds instead of the value. */
/** Worker properties that let connectors reference secrets through the target's config provider. */
export function configProviderProperties(delivery: SecretDelivery): Record<string, string> {
  const p = secretProvider(delivery);
  return { 'config.providers': p.alias, [`config.providers.${p.alias}.class`]: p.className };
}

export function secretReference(delivery: SecretDelivery, name: string): string {
  const p = PROVIDERS[delivery];
  return delivery === SecretDelivery.FILES ? `\${${p.alias}:${p.mountPath}:${name}}` : `\${${p.alias}:${name}}`;
}

/** Secret names never start with CONNECT_ (as environment variables the image would turn them into worker properties). */
export const SECRET_NAME_PREFIX = 'SECRET_';

/** `inventory-db` + `database.password` → `SECRET_INVENTORY_DB_DATABASE_PASSWORD`. */
export function secretEnvName(owner: string, key: string): string {
  return `${SECRET_NAME_PREFIX}${`${owner}_${key}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/**
 * Owner of worker-level secrets in their variable and file names: connector names start with a letter or
 * digit, so `SECRET__WORKER_…` never collides with a connector's `SECRET_<CONNECTOR>_…`.
 */
export const WORKER_SECRET_OWNER = '-worker';

/** `sasl.jaas.config` → `SECRET__WORKER_SASL_JAAS_CONFIG`. */
export function workerSecretEnvName(property: string): string {
  return secretEnvName(WORKER_SECRET_OWNER, property);
}

/** Config keys whose value is a credential (`connection.password`, `sasl.jaas.config`, `ssl.key.password`, …). */
const CREDENTIAL_KEY =
  /(^|[._-])(password|passwd|pwd|secret|token|credentials?|jaas\.config|api[._-]?key|access[._-]?key|secret[._-]?key)$/i;

/**
 * Whether a plain `key = value` would put a credential into the synthesized JSON: the key names a credential
 * and the value is not already a config-provider reference (`${provider:path:key}`) or empty.
 */
export function isPlainCredential(key: string, value: unknown): boolean {
  return CREDENTIAL_KEY.test(key) && typeof value === 'string' && value !== '' && !/^\$\{[^}]+\}$/.test(value);
}

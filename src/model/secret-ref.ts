import { Problems } from './validation';

/**
 * Where a sensitive value comes from, as the source says of itself: the model compares `kind` with the sources a
 * target delivers (`NetworkInput.secretSources`) and words its messages with the rest; it knows no target's store.
 */
export interface SecretSource {
  /** Which source: compared, never interpreted. */
  readonly kind: string;
  /** How it is named in messages: "a Terraform variable". */
  readonly label: string;
  /** How a user makes a `Secret` from it: "Secret.fromVariable(aSensitiveVariable)". */
  readonly factory: string;
}

/** A Terraform variable marked sensitive, which every target delivers; `SecretRef.expression` is its token. */
export const TERRAFORM_VARIABLE: SecretSource = {
  kind: 'terraform-variable',
  label: 'a Terraform variable',
  factory: 'Secret.fromVariable(aSensitiveVariable)',
};

/** A sensitive value as the model carries it: never the value itself, only where it comes from. */
export interface SecretRef {
  /** The kind of its source (`SecretSource.kind`). */
  readonly source: string;
  /** How its source is named in messages (`SecretSource.label`). */
  readonly sourceLabel: string;
  /** A Terraform variable: its token (`${var.x}` after synthesis). */
  readonly expression?: string;
  /** A Terraform variable: its name, for messages and stable identity. */
  readonly variableName?: string;
  /** A store outside the stack: the name of the secret there, which the target that delivers it resolves. */
  readonly secretName?: string;
  /** A store outside the stack: the key within that secret. */
  readonly secretKey?: string;
  /** Why the secret cannot exist, as the target that owns its store finds at synthesis (the kubelet would refuse it only when the pods start). */
  readonly invalid?: { readonly problem: string; readonly fix: string };
}

/** What the model knows of a target's secrets: the sources it can deliver (the first is the one to suggest), and its names for messages. */
export interface SecretTarget {
  readonly secretSources: readonly SecretSource[];
  readonly nodesNoun: string;
  readonly targetName: string;
}

/** Why `ref` cannot reach the target's workers, or undefined when it can. */
export function unreachableSecret(ref: SecretRef, target: SecretTarget): { problem: string; fix: string } | undefined {
  if (target.secretSources.some((s) => s.kind === ref.source)) return undefined;
  return {
    problem: `${ref.sourceLabel} cannot reach ${target.nodesNoun}`,
    fix: `use ${target.secretSources[0].factory} on the ${target.targetName} target`,
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
    const ref = resolveSecret(problems, `connect.workerSecrets["${property}"]`, secret, target);
    if (ref !== undefined) env[workerSecretEnvName(property)] = ref;
  }
  return env;
}

/** A secret the workers receive, given at `field`: its reference, with every reason it cannot be used reported. */
export function resolveSecret(problems: Problems, field: string, secret: SecretInput, target: SecretTarget): SecretRef | undefined {
  if (secret.ref === undefined) {
    problems.add(
      field,
      `${JSON.stringify(secret.notASecret)} is not a Secret`,
      `use ${target.secretSources.map((s) => s.factory).join(' or ')}`,
    );
    return undefined;
  }
  if (secret.problem) problems.add(field, secret.problem, 'declare the variable with sensitive: true and no default');
  const unreachable = unreachableSecret(secret.ref, target);
  if (unreachable) problems.add(field, unreachable.problem, unreachable.fix);
  const invalid = invalidSecretRef(secret.ref);
  if (invalid) problems.add(field, invalid.problem, invalid.fix);
  return secret.ref;
}

/** Why `ref` names a secret that cannot exist, or undefined (its source's own check, made when the `Secret` was). */
export function invalidSecretRef(ref: SecretRef): { problem: string; fix: string } | undefined {
  return ref.invalid;
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

/**
 * Worker properties that let connectors reference secrets through the target's config provider, and any `more`
 * providers the workers need besides (one the target's already is is listed once).
 */
export function configProviderProperties(
  delivery: SecretDelivery,
  more: readonly { readonly alias: string; readonly className: string }[] = [],
): Record<string, string> {
  const providers = [secretProvider(delivery), ...more.filter((m) => m.alias !== secretProvider(delivery).alias)];
  const props: Record<string, string> = { 'config.providers': providers.map((p) => p.alias).join(',') };
  for (const p of providers) props[`config.providers.${p.alias}.class`] = p.className;
  return props;
}

/** The reference a connector config holds instead of the value. */

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

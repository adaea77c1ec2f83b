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

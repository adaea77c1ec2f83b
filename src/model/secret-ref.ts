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

/** The config provider the workers resolve `${env:NAME}` references with (Kafka ≥ 3.5). */
export const ENV_CONFIG_PROVIDER = {
  alias: 'env',
  className: 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
  since: '3.5.0',
  /** Secret variables never start with CONNECT_ (the image would turn them into worker properties). */
  envPrefix: 'SECRET_',
  reference: (envName: string) => `\${env:${envName}}`,
} as const;

/** `inventory-db` + `database.password` → `SECRET_INVENTORY_DB_DATABASE_PASSWORD`. */
export function secretEnvName(owner: string, key: string): string {
  return `${ENV_CONFIG_PROVIDER.envPrefix}${`${owner}_${key}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

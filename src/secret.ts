import { TerraformVariable } from 'cdktf';
import { FileSourceKind } from './model/nodes';
import { SecretRef, SecretSource } from './model/secret-ref';

/**
 * A sensitive value (a database password, SASL credentials). There is deliberately no way to make one from
 * a string literal: the value comes from a sensitive Terraform variable or an existing Kubernetes Secret, so
 * it never appears in the synthesized JSON. Workers receive it as an environment variable and connectors
 * reference it through Kafka's env config provider (`${env:NAME}`), so the REST payload holds only the name.
 */
export class Secret {
  /**
   * From a Terraform variable, which must be declared `sensitive: true`. Rotating it (a new value) restarts
   * the workers that read it.
   */
  public static fromVariable(variable: TerraformVariable): Secret {
    return new Secret({
      source: SecretSource.TERRAFORM_VARIABLE,
      expression: variable.stringValue,
      variableName: variable.friendlyUniqueId,
    }, secretVariableProblem(variable));
  }

  /** From a key of an existing Kubernetes Secret in the cluster's namespace (Kubernetes target only). */
  public static fromKubernetesSecret(secretName: string, key: string): Secret {
    return new Secret({ source: SecretSource.KUBERNETES_SECRET, secretName, secretKey: key }, undefined);
  }

  private constructor(
    /** @internal */ public readonly _ref: SecretRef,
    /** @internal why this secret cannot be used, if it cannot */ public readonly _problem: string | undefined,
  ) {}

  /** Where the value comes from, for messages; never the value. */
  public toString(): string {
    return this._ref.source === SecretSource.TERRAFORM_VARIABLE
      ? `Secret(variable ${this._ref.variableName})`
      : `Secret(kubernetes ${this._ref.secretName}/${this._ref.secretKey})`;
  }
}

function secretVariableProblem(variable: TerraformVariable): string | undefined {
  if (variable.sensitive !== true) return `variable "${variable.friendlyUniqueId}" is not marked sensitive`;
  if (variable.default !== undefined) return `variable "${variable.friendlyUniqueId}" has a default value, which would be written into the synthesized JSON`;
  return undefined;
}

/**
 * Files the workers read but that must not be in the synthesized JSON — keystores and truststores — taken
 * from where they already are and mounted read-only. Point `ssl.keystore.location` (through
 * `connect.workerProperties`) at a file under the mount path, and give its password in `connect.workerSecrets`.
 */
export class SecretFiles {
  /** Every key of an existing Kubernetes Secret in the cluster's namespace, one file per key (Kubernetes only). */
  public static fromKubernetesSecret(secretName: string): SecretFiles {
    return new SecretFiles(FileSourceKind.KUBERNETES_SECRET, secretName);
  }

  /** An existing Docker volume, created outside the stack (Docker only). */
  public static fromDockerVolume(volumeName: string): SecretFiles {
    return new SecretFiles(FileSourceKind.DOCKER_VOLUME, volumeName);
  }

  private constructor(
    /** @internal */ public readonly _kind: FileSourceKind,
    /** @internal */ public readonly _name: string,
  ) {}
}

/** Files mounted read-only into every Connect worker. */
export interface SecretFilesMount {
  /** Absolute directory in the container, e.g. `/kafka/tls`. */
  readonly mountPath: string;
  /** Where the files come from. */
  readonly files: SecretFiles;
}

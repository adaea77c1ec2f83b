import { TerraformVariable } from 'cdktf';
import { DOCKER_VOLUME_FILES } from './docker/secret-sources';
import { KUBERNETES_SECRET_FILES, KUBERNETES_SECRET_KEY, kubernetesSecretKeyProblem } from './kubernetes/secret-sources';
import type { FileSource } from './model/nodes';
import { SecretRef, TERRAFORM_VARIABLE } from './model/secret-ref';

/**
 * A sensitive value (a database password, SASL credentials). There is deliberately no way to make one from
 * a string literal: the value comes from a sensitive Terraform variable or an existing Kubernetes Secret, so
 * it never appears in the synthesized JSON. The Connect workers receive it (on Docker as an environment
 * variable, on Kubernetes as a file of a read-only Secret volume) and the connector config holds only a
 * config-provider reference (`${env:…}` or `${dir:…}`), so neither the REST payload nor Connect's config
 * topic carries the value.
 */
export class Secret {
  /**
   * From a Terraform variable, which must be declared `sensitive: true`. Rotating it (a new value) restarts
   * the workers that read it.
   * @param variable a variable declared with `sensitive: true` and no default.
   */
  public static fromVariable(variable: TerraformVariable): Secret {
    return new Secret(
      {
        source: TERRAFORM_VARIABLE.kind,
        sourceLabel: TERRAFORM_VARIABLE.label,
        expression: variable.stringValue,
        variableName: variable.friendlyUniqueId,
      },
      secretVariableProblem(variable),
    );
  }

  /**
   * From a key of an existing Kubernetes Secret in the cluster's namespace (Kubernetes target only).
   * @param secretName the name of the Secret, which the stack does not manage.
   * @param key the key of the Secret whose value is used.
   */
  public static fromKubernetesSecret(secretName: string, key: string): Secret {
    return new Secret(
      {
        source: KUBERNETES_SECRET_KEY.kind,
        sourceLabel: KUBERNETES_SECRET_KEY.label,
        secretName,
        secretKey: key,
        invalid: kubernetesSecretKeyProblem(secretName, key),
      },
      undefined,
    );
  }

  private constructor(
    /** @internal */ public readonly _ref: SecretRef,
    /** @internal why this secret cannot be used, if it cannot */ public readonly _problem: string | undefined,
  ) {}

  /** Where the value comes from, for messages; never the value. */
  public toString(): string {
    return this._ref.source === TERRAFORM_VARIABLE.kind
      ? `Secret(variable ${this._ref.variableName})`
      : `Secret(kubernetes ${this._ref.secretName}/${this._ref.secretKey})`;
  }
}

function secretVariableProblem(variable: TerraformVariable): string | undefined {
  if (variable.sensitive !== true) return `variable "${variable.friendlyUniqueId}" is not marked sensitive`;
  if (variable.default !== undefined)
    return `variable "${variable.friendlyUniqueId}" has a default value, which would be written into the synthesized JSON`;
  return undefined;
}

/**
 * Files the workers read but that must not be in the synthesized JSON — keystores and truststores — taken
 * from where they already are and mounted read-only. Point `ssl.keystore.location` (through
 * `connect.workerProperties`) at a file under the mount path, and give its password in `connect.workerSecrets`.
 */
export class SecretFiles {
  /**
   * Every key of an existing Kubernetes Secret in the cluster's namespace, one file per key (Kubernetes only).
   * @param secretName the name of the Secret, which the stack does not manage.
   */
  public static fromKubernetesSecret(secretName: string): SecretFiles {
    return new SecretFiles(KUBERNETES_SECRET_FILES, secretName);
  }

  /**
   * An existing Docker volume, created outside the stack (Docker only).
   * @param volumeName the name of the volume on the Docker host.
   */
  public static fromDockerVolume(volumeName: string): SecretFiles {
    return new SecretFiles(DOCKER_VOLUME_FILES, volumeName);
  }

  private constructor(
    /** @internal */ public readonly _source: FileSource,
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

import type { NetworkInput } from '../model/network';
import type { TargetRenderer } from '../private/target-renderer';
import { Target } from '../target';
import { DockerNetworkMode, DockerTargetOptions } from './options';
import { dockerNetwork } from './policy';

/** A cluster on one Docker host (`Target.docker()`). */
export class DockerTarget extends Target {
  /** The options given to `Target.docker()`. */
  public readonly options: DockerTargetOptions;

  /** @param options networking, restart policy, health waits and the provider. */
  constructor(options: DockerTargetOptions = {}) {
    super();
    this.options = options;
  }

  /** @internal */
  public _renderer(): TargetRenderer {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DockerRenderer } = require('./render') as typeof import('./render');
    return new DockerRenderer(this.options);
  }

  /** @internal one Docker engine: the same provider. */
  public _sharedPlace(other: Target): string | undefined {
    return other instanceof DockerTarget && this.options.provider === other.options.provider ? 'on the same Docker host' : undefined;
  }

  /** @internal Docker creates nothing two clusters share. */
  public _placeCreatedTwice(): undefined {
    return undefined;
  }

  /** @internal */
  public _network(_clusterName: string): NetworkInput {
    return dockerNetwork({
      hostNetwork: this.options.networkMode === DockerNetworkMode.HOST,
      publishRestOnAllInterfaces: this.options.publishRestOnAllInterfaces,
      restHostPortBase: this.options.restHostPortBase,
    });
  }
}

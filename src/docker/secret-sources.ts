import type { FileSource } from '../model/nodes';

/** An existing Docker volume (not managed by the stack), mounted read-only: `SecretFiles.fromDockerVolume`. */
export const DOCKER_VOLUME_FILES: FileSource = {
  kind: 'docker-volume',
  label: 'Docker volume',
  noun: 'volume',
  factory: 'fromDockerVolume',
};

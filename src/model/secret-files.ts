import type { NetworkInput } from './network';
import type { ConnectWorkersInput } from './connect-worker';
import { DNS_1123_SUBDOMAIN } from './names';
import { FileSourceKind } from './nodes';
import { Problems } from './validation';

/** Directories the images own: a mount there would hide or freeze what they write. */
const IMAGE_OWNED_DIRS = [
  '/kafka',
  '/kafka/config',
  '/kafka/logs',
  '/kafka/connect',
  '/kafka/data',
  '/kafka/bin',
  '/kafka/libs',
  '/kafka/secrets',
];

/** How each kind of `SecretFiles` is named in messages and made. */
const FILE_SOURCES: Record<FileSourceKind, { readonly label: string; readonly factory: string }> = {
  [FileSourceKind.KUBERNETES_SECRET]: { label: 'Kubernetes Secret', factory: 'fromKubernetesSecret' },
  [FileSourceKind.DOCKER_VOLUME]: { label: 'Docker volume', factory: 'fromDockerVolume' },
};

export function validateSecretFiles(problems: Problems, options: ConnectWorkersInput, network: NetworkInput): void {
  const seen = new Set<string>();
  (options.secretFiles ?? []).forEach((m, i) => {
    const field = `connect.secretFiles[${i}]`;
    const kind = (m?.files as { _kind?: string } | undefined)?._kind;
    if (kind === undefined) {
      problems.add(`${field}.files`, 'no files given', 'use SecretFiles.fromKubernetesSecret(name) or SecretFiles.fromDockerVolume(name)');
      return;
    }
    const path = m.mountPath;
    if (
      typeof path !== 'string' ||
      !/^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/.test(path) ||
      path.split('/').some((s) => s === '..' || s === '.')
    ) {
      problems.add(
        `${field}.mountPath`,
        `${JSON.stringify(path)} is not an absolute directory`,
        'give an absolute path such as "/kafka/tls"',
      );
    } else if (IMAGE_OWNED_DIRS.some((d) => path === d || (path.startsWith(`${d}/`) && d !== '/kafka'))) {
      problems.add(
        `${field}.mountPath`,
        `"${path}" is a directory the image or the library writes`,
        'mount elsewhere, e.g. "/kafka/tls" or "/etc/kafka-tls"',
      );
    } else if (seen.has(path)) {
      problems.add(`${field}.mountPath`, `"${path}" is mounted twice`, 'give each mount its own directory');
    }
    seen.add(path);
    const name = m.files._name;
    const source = (Object.values(FileSourceKind) as string[]).includes(kind) ? FILE_SOURCES[kind as FileSourceKind] : undefined;
    if (source !== undefined && kind !== network.secretFileSource) {
      problems.add(
        `${field}.files`,
        `${source.label} "${name}" cannot reach ${network.nodesNoun}`,
        `use SecretFiles.${FILE_SOURCES[network.secretFileSource].factory}(name) on the ${network.targetName} target`,
      );
    }
    if (
      typeof name !== 'string' ||
      !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) ||
      (kind === FileSourceKind.KUBERNETES_SECRET && !DNS_1123_SUBDOMAIN.test(name))
    ) {
      problems.add(
        `${field}.files`,
        `${JSON.stringify(name)} is not a ${kind === FileSourceKind.KUBERNETES_SECRET ? 'Secret' : 'volume'} name`,
        'give the name of an existing one',
      );
    }
  });
}

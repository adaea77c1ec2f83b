import type { NetworkInput } from './network';
import type { ConnectWorkersInput } from './connect-worker';
import { checkFileSource, FileSource } from './nodes';
import { Problems } from './validation';
import { KAFKA_CLIENT_TLS } from './kafka-client';
import { REST_TLS } from './rest-tls';

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
  REST_TLS.mountPath,
  // connect.kafkaSecurity's files: a second mount there would make the pod or container invalid at apply.
  KAFKA_CLIENT_TLS.mountPath,
];

export function validateSecretFiles(problems: Problems, options: ConnectWorkersInput, network: NetworkInput): void {
  const seen = new Set<string>();
  (options.secretFiles ?? []).forEach((m, i) => {
    const field = `connect.secretFiles[${i}]`;
    const source = (m?.files as { _source?: FileSource } | undefined)?._source;
    if (source === undefined) {
      problems.add(`${field}.files`, 'no files given', `use SecretFiles.${network.secretFileSource.factory}(name)`);
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
    checkFileSource(problems, `${field}.files`, source, m.files._name, network);
  });
}

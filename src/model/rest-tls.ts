import { checkFileSource, FileMountSpec, FileSource, RestEndpoint } from './nodes';
import type { NetworkInput } from './network';
import { SecretDelivery, secretReference, workerSecretEnvName } from './secret-ref';
import { Problems, REVISION_LABEL, show } from './validation';

/**
 * `connect.restTls` as the model takes it: the public `ConnectRestTls` (src/connect-workers.ts, where each field is
 * documented) without its classes. The store password's reference reaches the model as
 * `ClusterInput.restTlsStorePassword`.
 */
export interface RestTlsInput {
  /** Absent only from an object a JavaScript caller made by hand (refused). */
  readonly files?: { readonly _source?: FileSource; readonly _name: string };
  /** Not read here: its reference reaches the model as `ClusterInput.restTlsStorePassword`. */
  readonly storePassword?: unknown;
  readonly requireClientCertificates?: boolean;
  readonly revision?: string;
}

/**
 * The REST API over HTTPS. Connect's REST listener loads its stores through Jetty, which reads PKCS12 or JKS and
 * no PEM (`listeners.https.ssl.keystore.type=PEM` fails with "PEM not found"); the library's own clients (health
 * checks, connector tasks: curl) read PEM. cert-manager writes both into one Secret: `tls.crt`, `tls.key` and
 * `ca.crt` always, `keystore.p12` and `truststore.p12` with `keystores.pkcs12.create`.
 */
export const REST_TLS = {
  /** Where the files are mounted in the workers and the tasks that call the API. */
  mountPath: '/kafka/rest-tls',
  keystore: 'keystore.p12',
  truststore: 'truststore.p12',
  storeType: 'PKCS12',
  certificate: 'tls.crt',
  key: 'tls.key',
  ca: 'ca.crt',
  /** The workers' variable (or file) holding the stores' password. */
  passwordEnv: workerSecretEnvName('rest-tls-store-password'),
  /**
   * The workers' variable holding `connect.restTls.revision`: read by nothing in the image, it is there so that a new
   * revision is a change of the workers (a rolling restart, a replacement), which then load the new files.
   */
  revisionEnv: 'REST_TLS_REVISION',
  /** Kafka's values of `listeners.https.ssl.client.auth`. */
  clientAuth: { required: 'required', none: 'none' },
} as const;

/** Where one of the files is, in the workers and the tasks. */
function restTlsFile(name: string): string {
  return `${REST_TLS.mountPath}/${name}`;
}

/** The worker properties that configure the HTTPS listener: the library's, never given in `workerProperties`. */
export const REST_TLS_PROPERTIES = [
  'listeners.https.ssl.keystore.type',
  'listeners.https.ssl.keystore.location',
  'listeners.https.ssl.keystore.password',
  'listeners.https.ssl.key.password',
  'listeners.https.ssl.truststore.type',
  'listeners.https.ssl.truststore.location',
  'listeners.https.ssl.truststore.password',
  'listeners.https.ssl.client.auth',
] as const;

/** The checked `connect.restTls`, or undefined when the API speaks plain HTTP. */
export interface RestTls {
  readonly filesKind: string;
  readonly filesName: string;
  readonly requireClientCertificates: boolean;
  readonly revision?: string;
}

export function validateRestTls(problems: Problems, input: RestTlsInput | undefined, network: NetworkInput): RestTls | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== 'object' || input === null) {
    problems.add('connect.restTls', `${show(input)} is not an object`, 'give { files, storePassword }, or leave it unset for plain HTTP');
    return undefined;
  }
  const required = input.requireClientCertificates ?? true;
  if (typeof required !== 'boolean') {
    problems.add('connect.restTls.requireClientCertificates', `${show(required)} is not a boolean`, 'use true (mutual TLS) or false');
  }
  if (input.revision !== undefined && (typeof input.revision !== 'string' || !REVISION_LABEL.test(input.revision))) {
    problems.add(
      'connect.restTls.revision',
      `${show(input.revision)} is not a revision label`,
      'use 1 to 63 letters, digits, ".", "_" or "-", e.g. the certificate\'s serial number or renewal date',
    );
  }
  const source = input.files?._source;
  const name = input.files?._name;
  if (source === undefined) {
    problems.add(
      'connect.restTls.files',
      'no files given',
      `use SecretFiles.${network.secretFileSource.factory}(name), holding ${REST_TLS.keystore}, ${REST_TLS.truststore}, ${REST_TLS.certificate}, ${REST_TLS.key} and ${REST_TLS.ca}`,
    );
    return undefined;
  }
  checkFileSource(problems, 'connect.restTls.files', source, name, network);
  return {
    filesKind: source.kind,
    filesName: String(name),
    requireClientCertificates: required === true,
    ...(typeof input.revision === 'string' ? { revision: input.revision } : {}),
  };
}

/** The worker properties of the HTTPS listener; the stores' password only as a config-provider reference. */
export function restTlsWorkerProperties(tls: RestTls, delivery: SecretDelivery, bindHost: string, port: number): Record<string, string> {
  const password = secretReference(delivery, REST_TLS.passwordEnv);
  return {
    listeners: `https://${bindHost}:${port}`,
    // The workers forward requests to each other over the listener they advertise.
    'rest.advertised.listener': 'https',
    'listeners.https.ssl.keystore.type': REST_TLS.storeType,
    'listeners.https.ssl.keystore.location': restTlsFile(REST_TLS.keystore),
    'listeners.https.ssl.keystore.password': password,
    // The key in a PKCS12 store has the store's password (cert-manager, `openssl pkcs12 -export`).
    'listeners.https.ssl.key.password': password,
    'listeners.https.ssl.truststore.type': REST_TLS.storeType,
    'listeners.https.ssl.truststore.location': restTlsFile(REST_TLS.truststore),
    'listeners.https.ssl.truststore.password': password,
    'listeners.https.ssl.client.auth': tls.requireClientCertificates ? REST_TLS.clientAuth.required : REST_TLS.clientAuth.none,
  };
}

/** The files, mounted read-only where the workers and the tasks that call the API read them. */
export function restTlsMount(tls: RestTls): FileMountSpec {
  return { mountPath: REST_TLS.mountPath, kind: tls.filesKind, name: tls.filesName };
}

/**
 * The worker's health check over HTTPS (curl, which the images have), presenting the workers' own certificate and
 * trusting `ca.crt`. It calls the worker by its advertised name (`name`), which the certificate names (the workers
 * forward requests to each other by it), connecting to the address it binds in its own network namespace
 * (`--connect-to`): Jetty refuses a request whose host the certificate does not name ("Invalid SNI").
 */
export function httpsProbe(name: string, address: string, port: number, path: string): string[] {
  return [
    'curl',
    '--silent',
    '--fail',
    '--output',
    '/dev/null',
    '--max-time',
    '4',
    '--cacert',
    restTlsFile(REST_TLS.ca),
    '--cert',
    restTlsFile(REST_TLS.certificate),
    '--key',
    restTlsFile(REST_TLS.key),
    '--connect-to',
    `${name}:${port}:${address}:${port}`,
    `https://${name}:${port}${path}`,
  ];
}

/**
 * How the tasks inside the cluster call the REST API: where (`CONNECT_REST_ENDPOINTS`), and over HTTPS the files they
 * present and trust, mounted as in the workers. The script (`src/scripts/connect-rest-client.sh`) reads the environment.
 */
export interface RestClientSpec {
  readonly env: { readonly [name: string]: string };
  readonly fileMounts: FileMountSpec[];
}

export function restClient(endpoints: RestEndpoint[], tls: RestTls | undefined): RestClientSpec {
  // `host:port host:port`, the order the task scripts try them in.
  const env: Record<string, string> = { CONNECT_REST_ENDPOINTS: endpoints.map((e) => `${e.host}:${e.port}`).join(' ') };
  if (tls === undefined) return { env, fileMounts: [] };
  return {
    env: {
      ...env,
      CONNECT_REST_SCHEME: 'https',
      CONNECT_REST_CA_FILE: restTlsFile(REST_TLS.ca),
      CONNECT_REST_CERT_FILE: restTlsFile(REST_TLS.certificate),
      CONNECT_REST_KEY_FILE: restTlsFile(REST_TLS.key),
    },
    fileMounts: [restTlsMount(tls)],
  };
}

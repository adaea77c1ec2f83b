import { checkFileSource, FileMountSpec, FileSource } from './nodes';
import type { NetworkInput } from './network';
import { SecretDelivery, secretProvider, secretReference, workerSecretEnvName } from './secret-ref';
import { Problems, REVISION_LABEL, show } from './validation';

/** Kafka's `security.protocol` values the typed option offers: both encrypt (`SASL_PLAINTEXT` stays a worker property). */
export enum KafkaSecurityProtocol {
  SSL = 'SSL',
  SASL_SSL = 'SASL_SSL',
}

/** Kafka's `sasl.mechanism` values the typed option offers, each with the JAAS login module that serves it. */
export enum KafkaSaslMechanism {
  SCRAM_SHA_512 = 'SCRAM-SHA-512',
  SCRAM_SHA_256 = 'SCRAM-SHA-256',
  PLAIN = 'PLAIN',
}

const LOGIN_MODULES: Record<KafkaSaslMechanism, string> = {
  [KafkaSaslMechanism.SCRAM_SHA_512]: 'org.apache.kafka.common.security.scram.ScramLoginModule',
  [KafkaSaslMechanism.SCRAM_SHA_256]: 'org.apache.kafka.common.security.scram.ScramLoginModule',
  [KafkaSaslMechanism.PLAIN]: 'org.apache.kafka.common.security.plain.PlainLoginModule',
};

/**
 * `connect.kafkaSecurity` as the model takes it: the public `KafkaClientSecurity` (src/connect-workers.ts, where each
 * field is documented) without its classes. The password's reference reaches the model as
 * `ClusterInput.kafkaClientPassword`.
 */
export interface KafkaClientSecurityInput {
  readonly protocol?: string;
  readonly saslMechanism?: string;
  readonly username?: string;
  /** Not read here: its reference reaches the model as `ClusterInput.kafkaClientPassword`. */
  readonly password?: unknown;
  readonly files?: { readonly _source?: FileSource; readonly _name: string };
  readonly clientCertificate?: boolean;
  readonly revision?: string;
}

/**
 * How Connect's clients reach a secured Kafka. Kafka clients read PEM (KIP-651, Kafka 2.7): the CA as a PEM trust
 * store, the client's key and chain inline (`ssl.keystore.key`, `ssl.keystore.certificate.chain`) from the files
 * by Kafka's DirectoryConfigProvider, so cert-manager's `tls.crt`/`tls.key` serve as they are (the key in PKCS#8).
 */
export const KAFKA_CLIENT_TLS = {
  /** Where the files are mounted in the workers and the tasks that reach Kafka. */
  mountPath: '/kafka/client-tls',
  ca: 'ca.crt',
  certificate: 'tls.crt',
  key: 'tls.key',
  /** The workers' variable (or file) holding the SASL password. */
  passwordEnv: workerSecretEnvName('kafka-client-password'),
  /**
   * The workers' variable holding `connect.kafkaSecurity.revision`: read by nothing in the image, it is there so that
   * a new revision is a change of the workers (a rolling restart, a replacement), which then read the new credentials.
   */
  revisionEnv: 'KAFKA_CLIENT_TLS_REVISION',
  /** The provider the workers read the key and chain files with, whatever the target delivers secrets by. */
  fileProvider: { alias: 'dir', className: 'org.apache.kafka.common.config.provider.DirectoryConfigProvider' },
} as const;

/** The client properties the typed option sets, plain and under each prefix Connect repeats them with. */
export const KAFKA_CLIENT_PROPERTIES = [
  'security.protocol',
  'sasl.mechanism',
  'sasl.jaas.config',
  'ssl.truststore.type',
  'ssl.truststore.location',
  'ssl.truststore.certificates',
  'ssl.keystore.type',
  'ssl.keystore.location',
  'ssl.keystore.key',
  'ssl.keystore.certificate.chain',
];

/**
 * The prefixes Kafka Connect reads client settings under: the worker's own clients (group membership, internal
 * topics), the source tasks' producers, the sink tasks' consumers, and the connectors' admin clients. Connector
 * clients inherit only `bootstrap.servers` from the worker, so each gets the settings again.
 */
export const CONNECT_CLIENT_PREFIXES = ['', 'producer.', 'consumer.', 'admin.'] as const;

/** Debezium's schema-history clients take only their own prefixes (not the worker's). */
export const SCHEMA_HISTORY_CLIENT_PREFIXES = ['schema.history.internal.producer.', 'schema.history.internal.consumer.'] as const;

/** Whether `property` (plain or under a Connect client prefix) is one `connect.kafkaSecurity` sets. */
export function ownedByKafkaSecurity(property: string): boolean {
  return CONNECT_CLIENT_PREFIXES.some((p) => property.startsWith(p) && KAFKA_CLIENT_PROPERTIES.includes(property.slice(p.length)));
}

/** The checked `connect.kafkaSecurity`. */
export interface KafkaClientSecurity {
  readonly protocol: KafkaSecurityProtocol;
  /** SASL_SSL only. */
  readonly sasl?: { readonly mechanism: KafkaSaslMechanism; readonly username: string };
  /** The files' source and name, when given (a CA to trust; with `clientCertificate`, the key and chain). */
  readonly files?: { readonly kind: string; readonly name: string };
  readonly clientCertificate: boolean;
  readonly revision?: string;
}

/** SCRAM and PLAIN user names as the image can carry them in a worker property (no "@", "\", quote or line break). */
const USERNAME = /^[A-Za-z0-9._~+=-]{1,255}$/;

export function validateKafkaClientSecurity(
  problems: Problems,
  input: KafkaClientSecurityInput | undefined,
  network: NetworkInput,
  externalKafka: boolean,
): KafkaClientSecurity | undefined {
  if (input === undefined) return undefined;
  const field = 'connect.kafkaSecurity';
  if (typeof input !== 'object' || input === null) {
    problems.add(field, `${show(input)} is not an object`, 'give { protocol, … }, or leave it unset for a plain-text Kafka');
    return undefined;
  }
  if (!externalKafka) {
    problems.add(
      field,
      "the cluster's own brokers listen in plain text (PLAINTEXT): the workers would never connect to them over SSL or SASL",
      'remove it, or give connect.bootstrapServers to reach a secured Kafka you run elsewhere',
    );
  }
  const protocol = input.protocol;
  if (!(Object.values(KafkaSecurityProtocol) as unknown[]).includes(protocol)) {
    problems.add(
      `${field}.protocol`,
      `${show(protocol)} is not a protocol`,
      'use KafkaSecurityProtocol.SASL_SSL or KafkaSecurityProtocol.SSL',
    );
    return undefined;
  }
  const sasl = protocol === KafkaSecurityProtocol.SASL_SSL;
  const clientCertificate = input.clientCertificate ?? !sasl;
  if (typeof clientCertificate !== 'boolean') {
    problems.add(`${field}.clientCertificate`, `${show(clientCertificate)} is not a boolean`, 'use true (mutual TLS) or false');
  }
  const mechanism = input.saslMechanism ?? KafkaSaslMechanism.SCRAM_SHA_512;
  if (!sasl) {
    for (const f of ['saslMechanism', 'username', 'password'] as const) {
      if (input[f] !== undefined)
        problems.add(
          `${field}.${f}`,
          'is given but SSL authenticates by certificate, not SASL',
          `remove it, or use KafkaSecurityProtocol.SASL_SSL`,
        );
    }
  } else {
    if (!(Object.values(KafkaSaslMechanism) as unknown[]).includes(mechanism)) {
      problems.add(
        `${field}.saslMechanism`,
        `${show(mechanism)} is not a SASL mechanism`,
        'use KafkaSaslMechanism.SCRAM_SHA_512, SCRAM_SHA_256 or PLAIN',
      );
    }
    if (input.username === undefined) {
      problems.add(`${field}.username`, 'no user name given', 'give the SASL user name of the Connect principal');
    } else if (typeof input.username !== 'string' || !USERNAME.test(input.username)) {
      problems.add(
        `${field}.username`,
        `${show(input.username)} is not a user name the workers can carry`,
        'use 1 to 255 letters, digits and ".", "_", "~", "+", "=" or "-" (the image writes worker properties with "@" as its delimiter)',
      );
    }
  }
  if (input.revision !== undefined && (typeof input.revision !== 'string' || !REVISION_LABEL.test(input.revision))) {
    problems.add(
      `${field}.revision`,
      `${show(input.revision)} is not a revision label`,
      'use 1 to 63 letters, digits, ".", "_" or "-", e.g. the certificate\'s serial number or the rotation date',
    );
  }
  const source = input.files?._source;
  if (source !== undefined) checkFileSource(problems, `${field}.files`, source, input.files?._name, network);
  else if (clientCertificate === true) {
    problems.add(
      `${field}.files`,
      'a client certificate is asked for but no files are given',
      `use SecretFiles.${network.secretFileSource.factory}(name), holding ${KAFKA_CLIENT_TLS.certificate}, ${KAFKA_CLIENT_TLS.key} (PKCS#8) and ${KAFKA_CLIENT_TLS.ca}`,
    );
  }
  return {
    protocol: protocol as KafkaSecurityProtocol,
    ...(sasl ? { sasl: { mechanism: mechanism as KafkaSaslMechanism, username: String(input.username) } } : {}),
    ...(source !== undefined ? { files: { kind: source.kind, name: String(input.files?._name) } } : {}),
    clientCertificate: clientCertificate === true,
    ...(typeof input.revision === 'string' ? { revision: input.revision } : {}),
  };
}

/** Where one of the files is, in the workers and the tasks. */
function clientTlsFile(name: string): string {
  return `${KAFKA_CLIENT_TLS.mountPath}/${name}`;
}

/** The files, mounted read-only in the workers and the topics task, when given. */
export function kafkaClientMounts(security: KafkaClientSecurity | undefined): FileMountSpec[] {
  return security?.files ? [{ mountPath: KAFKA_CLIENT_TLS.mountPath, kind: security.files.kind, name: security.files.name }] : [];
}

/** Whether the workers need the directory provider for the client's key and chain. */
export function needsFileProvider(security: KafkaClientSecurity | undefined): boolean {
  return security?.clientCertificate === true;
}

/**
 * The client properties of a Kafka client that Connect runs, unprefixed: the password and the key only as
 * config-provider references, which the workers resolve (and connector configs too).
 */
export function kafkaClientProperties(security: KafkaClientSecurity, delivery: SecretDelivery): Record<string, string> {
  const props: Record<string, string> = { 'security.protocol': security.protocol };
  if (security.sasl) {
    const password = secretReference(delivery, KAFKA_CLIENT_TLS.passwordEnv);
    props['sasl.mechanism'] = security.sasl.mechanism;
    props['sasl.jaas.config'] =
      `${LOGIN_MODULES[security.sasl.mechanism]} required username="${security.sasl.username}" password="${password}";`;
  }
  if (security.files) {
    props['ssl.truststore.type'] = 'PEM';
    props['ssl.truststore.location'] = clientTlsFile(KAFKA_CLIENT_TLS.ca);
  }
  if (security.clientCertificate) {
    const { alias } = KAFKA_CLIENT_TLS.fileProvider;
    props['ssl.keystore.type'] = 'PEM';
    props['ssl.keystore.key'] = `\${${alias}:${KAFKA_CLIENT_TLS.mountPath}:${KAFKA_CLIENT_TLS.key}}`;
    props['ssl.keystore.certificate.chain'] = `\${${alias}:${KAFKA_CLIENT_TLS.mountPath}:${KAFKA_CLIENT_TLS.certificate}}`;
  }
  return props;
}

/** The same properties under each of `prefixes`. */
export function prefixedClientProperties(props: Record<string, string>, prefixes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const prefix of prefixes) for (const [k, v] of Object.entries(props)) out[`${prefix}${k}`] = v;
  return out;
}

/** The client properties whose values are config-provider references, which the Kafka tools do not resolve. */
const BY_REFERENCE = /^(sasl\.jaas\.config|ssl\.keystore\..*)$/;

/**
 * How a task reaches the secured Kafka with the Kafka tools (which resolve no config providers): the plain
 * properties, and where the script finds the password and the key and chain to write its own client config from.
 * The script is `src/scripts/topics.sh`.
 */
export function kafkaClientTaskEnv(security: KafkaClientSecurity, delivery: SecretDelivery): Record<string, string> {
  // The workers' properties less those that hold references: the script writes the JAAS line and the key store.
  const props = Object.entries(kafkaClientProperties(security, delivery)).filter(([k]) => !BY_REFERENCE.test(k));
  const env: Record<string, string> = {};
  if (security.sasl) {
    env.CLIENT_SASL_LOGIN_MODULE = LOGIN_MODULES[security.sasl.mechanism];
    env.CLIENT_SASL_USERNAME = security.sasl.username;
    if (delivery === SecretDelivery.FILES)
      env.CLIENT_SASL_PASSWORD_FILE = `${secretProvider(delivery).mountPath}/${KAFKA_CLIENT_TLS.passwordEnv}`;
    else env.CLIENT_SASL_PASSWORD_ENV = KAFKA_CLIENT_TLS.passwordEnv;
  }
  if (security.clientCertificate) {
    env.CLIENT_KEY_FILE = clientTlsFile(KAFKA_CLIENT_TLS.key);
    env.CLIENT_CERTIFICATE_FILE = clientTlsFile(KAFKA_CLIENT_TLS.certificate);
  }
  env.CLIENT_PROPERTIES = props.map(([k, v]) => `${k}=${v}`).join('\n');
  return env;
}

/** Whether a connector keeps a Debezium schema history in Kafka (its config names the history's brokers or topic). */
function hasSchemaHistory(config: { readonly [key: string]: string }): boolean {
  return 'schema.history.internal.kafka.bootstrap.servers' in config || 'schema.history.internal.kafka.topic' in config;
}

/** The schema-history client keys a connector config gives that `connect.kafkaSecurity` sets, each with its field. */
export function schemaHistoryClientConflicts(
  config: { readonly [key: string]: string },
  security: KafkaClientSecurity | undefined,
): string[] {
  if (security === undefined || !hasSchemaHistory(config)) return [];
  return Object.keys(config).filter((k) =>
    SCHEMA_HISTORY_CLIENT_PREFIXES.some((p) => k.startsWith(p) && KAFKA_CLIENT_PROPERTIES.includes(k.slice(p.length))),
  );
}

/**
 * A connector config with the schema history's own clients secured as the workers' are: Debezium builds them only from
 * `schema.history.internal.producer.*` and `.consumer.*`, so a connector with a schema history gets the client
 * properties there too (references only; the workers resolve them). Other configs are returned as they are.
 */
export function withSchemaHistoryClient(
  config: { readonly [key: string]: string },
  security: KafkaClientSecurity | undefined,
  delivery: SecretDelivery,
): { [key: string]: string } {
  if (security === undefined || !hasSchemaHistory(config)) return { ...config };
  return { ...config, ...prefixedClientProperties(kafkaClientProperties(security, delivery), SCHEMA_HISTORY_CLIENT_PREFIXES) };
}

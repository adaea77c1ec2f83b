import { HeapOptions, Size } from './size';
import { Secret, SecretFiles, SecretFilesMount } from './secret';

/** Level of Kafka Connect's application log (`LOG_LEVEL`). */
export enum LogLevel {
  /** Startup, rebalances, connector and task state changes: the image's default. */
  INFO = 'INFO',
  /** Only what may need attention, and errors. */
  WARN = 'WARN',
  /** Only errors. */
  ERROR = 'ERROR',
  /** Detailed diagnostics of the worker, connectors and clients; verbose. */
  DEBUG = 'DEBUG',
  /** Everything, including per-record detail; for short troubleshooting sessions only. */
  TRACE = 'TRACE',
}

/** Class names of common Kafka Connect converters. */
export class Converters {
  /** Kafka's JSON converter, the image default. */
  public static readonly JSON = 'org.apache.kafka.connect.json.JsonConverter';
  /** Kafka's string converter: keys or values as plain UTF-8 strings, without a schema. */
  public static readonly STRING = 'org.apache.kafka.connect.storage.StringConverter';
  /** Kafka's byte-array converter: the raw bytes, passed through unchanged. */
  public static readonly BYTE_ARRAY = 'org.apache.kafka.connect.converters.ByteArrayConverter';
  /** Apicurio Registry Avro converter (enable with `ENABLE_APICURIO_CONVERTERS`). */
  public static readonly APICURIO_AVRO = 'io.apicurio.registry.utils.converter.AvroConverter';
  /** Confluent Schema Registry Avro converter (its JARs must be added as a plugin). */
  public static readonly CONFLUENT_AVRO = 'io.confluent.connect.avro.AvroConverter';
}

/** Which connector client settings a connector may override (`connector.client.config.override.policy`). */
export enum ConnectorClientConfigOverridePolicy {
  /** No overrides (secure default). */
  NONE = 'None',
  /** Only the client principal. */
  PRINCIPAL = 'Principal',
  /** Any client setting. */
  ALL = 'All',
}

/** The Kafka Connect workers: every environment variable of the Debezium connect image, typed. */
export interface ConnectWorkersOptions {
  /**
   * Number of workers in the group.
   * @default 1
   */
  readonly workers?: number;
  /**
   * `GROUP_ID`: the id of the Connect cluster its workers join.
   * @default the cluster name
   */
  readonly groupId?: string;
  /**
   * `CONFIG_STORAGE_TOPIC`.
   * @default - the cluster name followed by "-connect-configs" (e.g. "inventory-connect-configs")
   */
  readonly configStorageTopic?: string;
  /**
   * `OFFSET_STORAGE_TOPIC`.
   * @default - the cluster name followed by "-connect-offsets" (e.g. "inventory-connect-offsets")
   */
  readonly offsetStorageTopic?: string;
  /**
   * `STATUS_STORAGE_TOPIC`.
   * @default - the cluster name followed by "-connect-statuses" (e.g. "inventory-connect-statuses")
   */
  readonly statusStorageTopic?: string;
  /**
   * `BOOTSTRAP_SERVERS`, as `host:port` entries (e.g. an external Kafka).
   * @default the cluster's own brokers
   */
  readonly bootstrapServers?: string[];
  /**
   * `REST_HOST_NAME`: the interface the REST API binds to (`0.0.0.0` = all). Kafka ≥ 3.0 ignores the
   * variable itself, so the library also renders it as `CONNECT_LISTENERS`.
   * @default all interfaces (127.0.0.1 with Docker host networking)
   */
  readonly restHostName?: string;
  /**
   * Port of the REST API inside the container. With Docker host networking worker i uses `restPort + i - 1`.
   * @default 8083
   */
  readonly restPort?: number;
  /**
   * `ADVERTISED_HOST_NAME`: the address given to the other workers. Only useful with a single worker or
   * an address that reaches every worker; leave unset to advertise each worker's own address.
   * @default each worker's own reachable address
   */
  readonly advertisedHostName?: string;
  /** `KEY_CONVERTER` class. @default Converters.JSON (the image default; not rendered) */
  readonly keyConverter?: string;
  /** `VALUE_CONVERTER` class. @default Converters.JSON (the image default; not rendered) */
  readonly valueConverter?: string;
  /**
   * `INTERNAL_KEY_CONVERTER` class. Removed in Kafka 3.0: with such images a warning says the setting is ignored.
   * @default not rendered
   */
  readonly internalKeyConverter?: string;
  /**
   * `INTERNAL_VALUE_CONVERTER` class. Removed in Kafka 3.0: with such images a warning says the setting is ignored.
   * @default not rendered
   */
  readonly internalValueConverter?: string;
  /**
   * How often source tasks commit their offsets (`OFFSET_FLUSH_INTERVAL_MS`, `offset.flush.interval.ms`). After a
   * worker is lost, its tasks resume from the last commit and send again what they produced since (Connect is
   * at-least-once), so this bounds the changes delivered twice. The library's default is shorter than the image's
   * (60000): at most 10 s of changes again, for one small write to the offsets topic per task every 10 s.
   * @default 10000
   */
  readonly offsetFlushIntervalMs?: number;
  /** `OFFSET_FLUSH_TIMEOUT_MS`. @default 5000 (the image default; not rendered) */
  readonly offsetFlushTimeoutMs?: number;
  /** `SHUTDOWN_TIMEOUT`, in milliseconds. @default 10000 (the image default; not rendered) */
  readonly shutdownTimeoutMs?: number;
  /**
   * How long the tasks of a worker that left the group wait for it to come back before they are assigned to the
   * others (`scheduled.rebalance.max.delay.ms`, in seconds). The workers keep their identity across a restart
   * (their advertised name is their pod's or container's), so one that comes back in time gets its tasks back
   * without a reshuffle. Kafka Connect's default (300 s) leaves a lost worker's connectors stopped for 5 minutes;
   * the library's lets them resume on another worker within about 30 s, at the cost of moving tasks twice when a
   * worker takes longer than that to restart (a slow roll), each move re-sending what was produced since the last
   * offset commit.
   * @default 30
   */
  readonly rebalanceDelaySeconds?: number;
  /**
   * JVM heap of each worker (`HEAP_OPTS`).
   * @default 1 GiB initial and maximum (the connect image's default)
   */
  readonly heap?: HeapOptions;
  /**
   * Memory limit of each worker container; must be above the maximum heap.
   * @default twice the maximum heap
   */
  readonly memoryLimit?: Size;
  /**
   * Capacity of each worker's `/kafka/logs` and `/kafka/config` volumes (where the target sizes volumes).
   * @default 1 GiB
   */
  readonly storageSize?: Size;
  /** The root logger's level (`LOG_LEVEL`; with `loggers`, `CONNECT_LOG4J_LOGGERS`). @default LogLevel.INFO */
  readonly logLevel?: LogLevel;
  /**
   * Levels of single loggers, by logger name (a Java package or class: `io.debezium.connector.postgresql`). A worker
   * applies them when it starts; a change of levels alone reaches the running workers through Kafka Connect's
   * `/admin/loggers` with `scope=cluster` (Kafka 3.7 or later), and restarts and replaces no worker. Declaring
   * loggers lets the console show every level the loggers allow (the image's console threshold is then TRACE and the
   * root level is `logLevel`). A logger removed from the map keeps its level on the running workers until they next
   * start; set it to `logLevel` to reset it at once.
   * @default none: every logger at the root level
   */
  readonly loggers?: { [logger: string]: LogLevel };
  /**
   * Whether the producers of source connectors are idempotent (`producer.enable.idempotence`). Kafka Connect
   * turns idempotence off for its producers unless told (it still supports brokers older than 2.8), so when a
   * broker fails over while a batch is in flight, the retried batch can be written twice; idempotent producers
   * write it once. Brokers older than 2.8 need the IDEMPOTENT_WRITE ACL for it.
   * @default true
   */
  readonly idempotentProducers?: boolean;
  /**
   * `connector.client.config.override.policy`.
   * @default ConnectorClientConfigOverridePolicy.NONE
   */
  readonly connectorClientConfigOverridePolicy?: ConnectorClientConfigOverridePolicy;
  /**
   * Replication and partitions of the three internal topics (config, offset and status storage), and whether
   * they are created before the workers start.
   * @default replication min(3, brokers); 1, 25 and 5 partitions; created by the workers themselves
   */
  readonly internalTopics?: InternalTopicsOptions;
  /**
   * Any other worker property, e.g. `{ 'heartbeat.interval.ms': '3000' }`, rendered as
   * `CONNECT_HEARTBEAT_INTERVAL_MS`. Properties the library owns are refused with the typed field to use.
   * @default none
   */
  readonly workerProperties?: { [property: string]: string };
  /**
   * Worker properties whose values are credentials, e.g. `{ 'sasl.jaas.config': Secret.fromVariable(v),
   * 'ssl.keystore.password': Secret.fromKubernetesSecret('kafka-tls', 'password') }`. The workers receive the
   * value the way connector secrets reach them and the property holds only a config-provider reference
   * (`${env:…}` on Docker, `${dir:/kafka/secrets:…}` on Kubernetes), so neither the synthesized JSON, the
   * ConfigMap nor the container log carries it — and values may contain `@`.
   * @default none
   */
  readonly workerSecrets?: { [property: string]: Secret };
  /**
   * Keystores, truststores and other files from outside the stack, mounted read-only into every worker,
   * e.g. `[{ mountPath: '/kafka/tls', files: SecretFiles.fromKubernetesSecret('kafka-tls') }]`.
   * @default none
   */
  readonly secretFiles?: SecretFilesMount[];
  /**
   * The REST API over HTTPS, by default with client certificates required (mutual TLS): a request without a
   * certificate the truststore trusts is refused during the TLS handshake. The workers, the health checks and the
   * connector tasks use it; `restUrls` become `https://`.
   * @default plain HTTP, unauthenticated: anything that reaches the port can read and change every connector
   */
  readonly restTls?: ConnectRestTls;
  /**
   * How the workers reach a secured Kafka given in `bootstrapServers`: TLS, and SASL or a client certificate. Set
   * for the workers' own clients and repeated under `producer.`, `consumer.` and `admin.` for their connectors'
   * clients, under `schema.history.internal.producer.`/`.consumer.` for the connectors with a schema history, and
   * used by the topics task. The library's own brokers listen in plain text: with them it is refused.
   * @default plain text, unauthenticated
   */
  readonly kafkaSecurity?: KafkaClientSecurity;
}

/** Kafka's `security.protocol` towards the brokers: both encrypt with TLS. */
export enum KafkaSecurityProtocol {
  /** TLS; the client authenticates with a certificate (mutual TLS) or not at all. */
  SSL = 'SSL',
  /** TLS, and SASL authentication with a user name and password. */
  SASL_SSL = 'SASL_SSL',
}

/** Kafka's `sasl.mechanism`. */
export enum KafkaSaslMechanism {
  /** Salted challenge-response with SHA-512: the password never crosses the wire. */
  SCRAM_SHA_512 = 'SCRAM-SHA-512',
  /** Salted challenge-response with SHA-256. */
  SCRAM_SHA_256 = 'SCRAM-SHA-256',
  /** The password itself, protected only by the TLS underneath. */
  PLAIN = 'PLAIN',
}

/**
 * The Kafka client security of a Connect cluster: `security.protocol`, `sasl.mechanism` and `sasl.jaas.config`, and
 * the trust and key stores in PEM (Kafka ≥ 2.7) read from the files cert-manager writes. Neither the password nor a
 * key reaches the synthesized JSON: the properties hold config-provider references.
 */
export interface KafkaClientSecurity {
  /** `security.protocol`. */
  readonly protocol: KafkaSecurityProtocol;
  /**
   * `sasl.mechanism` (SASL_SSL only).
   * @default KafkaSaslMechanism.SCRAM_SHA_512
   */
  readonly saslMechanism?: KafkaSaslMechanism;
  /**
   * The SASL user name of the Connect principal (SASL_SSL only): letters, digits, ".", "_", "~", "+", "=" and "-".
   * @default none; required with SASL_SSL
   */
  readonly username?: string;
  /**
   * The SASL password (SASL_SSL only). It reaches the workers as `workerSecrets` do, and `sasl.jaas.config` holds a
   * reference to it; it must not contain `"` or `\`.
   * @default none; required with SASL_SSL
   */
  readonly password?: Secret;
  /**
   * Certificate files, mounted read-only at `/kafka/client-tls` in every worker and in the topics task: `ca.crt`, the
   * CA the brokers' certificates chain to (`ssl.truststore.type=PEM`), and with `clientCertificate` the client's
   * `tls.crt` (certificate, then chain) and `tls.key`, an unencrypted PKCS#8 key (cert-manager:
   * `privateKey.encoding: PKCS8`; Kafka refuses PKCS#1 "BEGIN RSA PRIVATE KEY").
   * @default none: the brokers' certificates must chain to a CA the JVM trusts
   */
  readonly files?: SecretFiles;
  /**
   * Present `tls.crt` and `tls.key` from `files` to the brokers (mutual TLS): the principal is the certificate's
   * subject.
   * @default true with SSL, false with SASL_SSL
   */
  readonly clientCertificate?: boolean;
  /**
   * A label of the password's and the files' current contents, e.g. the renewed certificate's serial number or the
   * date of the password's rotation. Kafka's clients read their credentials only at start: change it when the
   * password or the files change, and the workers restart one at a time (Kubernetes) or are replaced (Docker). A
   * password from a Terraform variable restarts them by itself. Letters, digits, ".", "_" and "-", at most 63
   * characters.
   * @default none: a change of the files, or of a password kept in a Kubernetes Secret, reaches the workers at their next restart
   */
  readonly revision?: string;
}

/**
 * HTTPS for the Kafka Connect REST API (`listeners=https://…`, `listeners.https.ssl.*`). Connect's REST listener
 * reads its stores as PKCS12 (it takes no PEM); the library's own clients read PEM. The files are those
 * cert-manager writes for a Certificate with `keystores.pkcs12.create: true`; on Docker, make them with openssl.
 *
 * The certificate's subject alternative names must cover every name the API is called by: each worker's advertised
 * host (the workers forward requests to each other and check it), the workers' Service that the tasks call on
 * Kubernetes, and the names users call. Without extended key usages, or with both server and client
 * authentication, the same certificate serves the workers as clients too.
 */
export interface ConnectRestTls {
  /**
   * The certificate files, mounted read-only at `/kafka/rest-tls` in every worker and in the connector tasks:
   * `keystore.p12` (the workers' key and certificate chain) and `truststore.p12` (the CA that client certificates
   * must chain to), and `tls.crt`, `tls.key` (PKCS#8 or PKCS#1) and `ca.crt` in PEM, which the health checks and
   * connector tasks present and trust.
   */
  readonly files: SecretFiles;
  /**
   * The password of `keystore.p12` and `truststore.p12` (cert-manager: `keystores.pkcs12.passwordSecretRef`). The
   * workers receive it as `workerSecrets` do; the properties hold only a config-provider reference.
   */
  readonly storePassword: Secret;
  /**
   * Require every request to present a certificate that `truststore.p12` trusts (mutual TLS,
   * `listeners.https.ssl.client.auth=required`). With false the API is encrypted but anyone who reaches it may use it.
   * @default true
   */
  readonly requireClientCertificates?: boolean;
  /**
   * A label of the files' current contents, e.g. the renewed certificate's serial number or date. Connect reads its
   * stores and their password only at start: change it when the files or the password change, and the workers restart
   * one at a time (Kubernetes) or are replaced (Docker) with the new ones. Letters, digits, ".", "_" and "-", at most
   * 63 characters.
   * @default none: a change of the files reaches the workers at their next restart
   */
  readonly revision?: string;
}

/** Settings of the three topics a Connect group keeps its state in. Connect creates them, always compacted. */
export interface InternalTopicsOptions {
  /**
   * Replication factor of the config, offset and status topics.
   * @default min(3, number of brokers)
   */
  readonly replicationFactor?: number;
  /**
   * Partitions of the offset storage topic (Kafka Connect's own default for `offset.storage.partitions`).
   * @default 25
   */
  readonly offsetPartitions?: number;
  /**
   * Partitions of the status storage topic.
   * @default 5
   */
  readonly statusPartitions?: number;
  /**
   * Partitions of the config storage topic. Kafka Connect requires exactly 1; the field exists so a wrong
   * value carried over from elsewhere is refused rather than silently ignored.
   * @default 1
   */
  readonly configPartitions?: number;
  /**
   * Create the three topics explicitly (with these settings, compacted) before the workers start, instead of
   * relying on Connect's auto-creation.
   * @default false
   */
  readonly precreate?: boolean;
}

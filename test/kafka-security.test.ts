import { TerraformStack } from 'cdktf';
import { ConnectCluster, ConnectorSource, KafkaSaslMechanism, KafkaSecurityProtocol, Secret, SecretFiles, Target } from '../src';
import { dockerEnv, synthJson, testStack, validationError, variableSecret } from './util';

/** connect.kafkaSecurity: Connect against a secured Kafka given in connect.bootstrapServers. */

const BROKERS = ['kafka-a.example:9093', 'kafka-b.example:9093'];

function mysql(stack: TerraformStack) {
  return ConnectorSource.mysql({
    hostname: 'db',
    user: 'u',
    password: variableSecret(stack, 'db_pw'),
    topicPrefix: 'inv',
    serverId: 5400,
  });
}

/** The topics task's container (Docker), by name. */
function dockerContainer(json: any, name: string): any {
  return Object.values<any>(json.resource.docker_container).find((c) => c.name === name);
}

/** A connector's declared config, as the apply task carries it (CONNECTOR_CONFIG). */
function connectorConfig(env: Record<string, string>): Record<string, string> {
  // Terraform's escape of ${ is $${: undo it to read the JSON the task receives.
  return JSON.parse(env.CONNECTOR_CONFIG.replace(/\$\$\{/g, '${'));
}

describe('connect.kafkaSecurity on Docker: SASL_SSL with SCRAM', () => {
  function build() {
    const stack = testStack('docker');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      connect: {
        bootstrapServers: BROKERS,
        kafkaSecurity: {
          protocol: KafkaSecurityProtocol.SASL_SSL,
          username: 'connect',
          password: variableSecret(stack, 'kafka_password'),
          files: SecretFiles.fromDockerVolume('kafka-client-tls'),
        },
      },
    });
    cluster.addTopic({ name: 'orders', partitions: 3 });
    cluster.addConnector('inv', { source: mysql(stack) });
    return { stack, json: synthJson(stack) };
  }

  test("the worker and its connectors' producer, consumer and admin clients speak SASL_SSL; the password is a reference", () => {
    const { json } = build();
    const env = dockerEnv(dockerContainer(json, 'cdc-connect-1'));
    const jaas =
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="connect" password="$${env:SECRET__WORKER_KAFKA_CLIENT_PASSWORD}";';
    for (const prefix of ['', 'PRODUCER_', 'CONSUMER_', 'ADMIN_']) {
      expect(env).toMatchObject({
        [`CONNECT_${prefix}SECURITY_PROTOCOL`]: 'SASL_SSL',
        [`CONNECT_${prefix}SASL_MECHANISM`]: 'SCRAM-SHA-512',
        [`CONNECT_${prefix}SASL_JAAS_CONFIG`]: jaas,
        [`CONNECT_${prefix}SSL_TRUSTSTORE_TYPE`]: 'PEM',
        [`CONNECT_${prefix}SSL_TRUSTSTORE_LOCATION`]: '/kafka/client-tls/ca.crt',
      });
      // No client certificate with SASL by default.
      expect(env[`CONNECT_${prefix}SSL_KEYSTORE_TYPE`]).toBeUndefined();
    }
    // The value itself only as the variable's reference, filled in at apply time.
    expect(env.SECRET__WORKER_KAFKA_CLIENT_PASSWORD).toBe('${var.kafka_password}');
    expect(env.CONNECT_CONFIG_PROVIDERS).toBe('env');
    expect(dockerContainer(json, 'cdc-connect-1').volumes).toContainEqual({
      volume_name: 'kafka-client-tls',
      container_path: '/kafka/client-tls',
      read_only: true,
    });
  });

  test("a connector with a schema history gets the same client settings under Debezium's history prefixes", () => {
    const { json } = build();
    const config = connectorConfig(dockerEnv(dockerContainer(json, 'cdc-connector-inv')));
    for (const prefix of ['schema.history.internal.producer.', 'schema.history.internal.consumer.']) {
      expect(config).toMatchObject({
        [`${prefix}security.protocol`]: 'SASL_SSL',
        [`${prefix}sasl.mechanism`]: 'SCRAM-SHA-512',
        [`${prefix}sasl.jaas.config`]:
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="connect" password="${env:SECRET__WORKER_KAFKA_CLIENT_PASSWORD}";',
        [`${prefix}ssl.truststore.location`]: '/kafka/client-tls/ca.crt',
      });
    }
    expect(config['schema.history.internal.kafka.bootstrap.servers']).toBe(BROKERS.join(','));
  });

  test('the topics task gets the client settings, the CA and the password (as the workers get it), and no value', () => {
    const { json } = build();
    const task = dockerContainer(json, 'cdc-topics');
    const env = dockerEnv(task);
    expect(env).toMatchObject({
      CLIENT_PROPERTIES:
        'security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nssl.truststore.type=PEM\nssl.truststore.location=/kafka/client-tls/ca.crt',
      CLIENT_SASL_LOGIN_MODULE: 'org.apache.kafka.common.security.scram.ScramLoginModule',
      CLIENT_SASL_USERNAME: 'connect',
      CLIENT_SASL_PASSWORD_ENV: 'SECRET__WORKER_KAFKA_CLIENT_PASSWORD',
      SECRET__WORKER_KAFKA_CLIENT_PASSWORD: '${var.kafka_password}',
    });
    expect(task.volumes).toContainEqual({ volume_name: 'kafka-client-tls', container_path: '/kafka/client-tls', read_only: true });
  });
});

describe('connect.kafkaSecurity on Kubernetes: mutual TLS', () => {
  function build() {
    const stack = testStack('kubernetes');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.kubernetes({ namespace: 'data' }),
      connect: {
        bootstrapServers: BROKERS,
        kafkaSecurity: { protocol: KafkaSecurityProtocol.SSL, files: SecretFiles.fromKubernetesSecret('connect-kafka-tls') },
        internalTopics: { precreate: true },
      },
    });
    cluster.addConnector('inv', { source: mysql(stack) });
    return synthJson(stack);
  }

  test('the key and chain are read from tls.key and tls.crt by the directory provider, under every prefix', () => {
    const json = build();
    const config = Object.values<any>(json.resource.kubernetes_config_map_v1).find((c) => c.metadata.name === 'cdc-connect-env');
    for (const prefix of ['', 'PRODUCER_', 'CONSUMER_', 'ADMIN_']) {
      expect(config.data).toMatchObject({
        [`CONNECT_${prefix}SECURITY_PROTOCOL`]: 'SSL',
        [`CONNECT_${prefix}SSL_KEYSTORE_TYPE`]: 'PEM',
        [`CONNECT_${prefix}SSL_KEYSTORE_KEY`]: '$${dir:/kafka/client-tls:tls.key}',
        [`CONNECT_${prefix}SSL_KEYSTORE_CERTIFICATE_CHAIN`]: '$${dir:/kafka/client-tls:tls.crt}',
        [`CONNECT_${prefix}SSL_TRUSTSTORE_LOCATION`]: '/kafka/client-tls/ca.crt',
      });
      expect(config.data[`CONNECT_${prefix}SASL_JAAS_CONFIG`]).toBeUndefined();
    }
    expect(config.data.CONNECT_CONFIG_PROVIDERS).toBe('dir');
    const sts = Object.values<any>(json.resource.kubernetes_stateful_set_v1).find((s) => s.metadata.name === 'cdc-connect');
    const pod = sts.spec.template.spec;
    const volume = pod.volume.find((v: any) => v.secret?.secret_name === 'connect-kafka-tls');
    expect(volume).toBeDefined();
    expect(pod.container[0].volume_mount).toContainEqual({ name: volume.name, mount_path: '/kafka/client-tls', read_only: true });
  });

  test('the topics Job mounts the files and writes its key store from them', () => {
    const json = build();
    const job = Object.values<any>(json.resource.kubernetes_job_v1).find((j) => j.metadata.name === 'cdc-topics');
    const pod = job.spec.template.spec;
    const env = Object.fromEntries(pod.container[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({
      CLIENT_PROPERTIES: 'security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=/kafka/client-tls/ca.crt',
      CLIENT_KEY_FILE: '/kafka/client-tls/tls.key',
      CLIENT_CERTIFICATE_FILE: '/kafka/client-tls/tls.crt',
    });
    expect(env.CLIENT_SASL_USERNAME).toBeUndefined();
    expect(pod.volume).toContainEqual({ name: 'secret-files-1', secret: { secret_name: 'connect-kafka-tls', default_mode: '0440' } });
    expect(pod.container[0].volume_mount).toContainEqual({ name: 'secret-files-1', mount_path: '/kafka/client-tls', read_only: true });
  });
});

describe('connect.kafkaSecurity on Docker: mutual TLS', () => {
  test('the directory provider joins the environment provider, for the key and chain', () => {
    const stack = testStack('docker');
    new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      connect: {
        bootstrapServers: BROKERS,
        kafkaSecurity: { protocol: KafkaSecurityProtocol.SSL, files: SecretFiles.fromDockerVolume('tls') },
      },
    });
    const env = dockerEnv(dockerContainer(synthJson(stack), 'cdc-connect-1'));
    expect(env).toMatchObject({
      CONNECT_CONFIG_PROVIDERS: 'env,dir',
      CONNECT_CONFIG_PROVIDERS_ENV_CLASS: 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      CONNECT_CONFIG_PROVIDERS_DIR_CLASS: 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
      CONNECT_CONSUMER_SSL_KEYSTORE_KEY: '$${dir:/kafka/client-tls:tls.key}',
    });
  });
});

describe('connect.kafkaSecurity on Kubernetes: SASL with the password in an existing Secret or a variable', () => {
  test('an existing Secret: the topics Job projects that key only; the workers reference the file', () => {
    const stack = testStack('kubernetes');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.kubernetes({ namespace: 'data' }),
      connect: {
        bootstrapServers: BROKERS,
        kafkaSecurity: {
          protocol: KafkaSecurityProtocol.SASL_SSL,
          saslMechanism: KafkaSaslMechanism.SCRAM_SHA_256,
          username: 'connect',
          password: Secret.fromKubernetesSecret('connect-user', 'password'),
        },
      },
    });
    cluster.addTopic({ name: 'orders' });
    const json = synthJson(stack);
    const config = Object.values<any>(json.resource.kubernetes_config_map_v1).find((c) => c.metadata.name === 'cdc-connect-env');
    expect(config.data.CONNECT_PRODUCER_SASL_JAAS_CONFIG).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="connect" password="$${dir:/kafka/secrets:SECRET__WORKER_KAFKA_CLIENT_PASSWORD}";',
    );
    expect(config.data.CONNECT_SASL_MECHANISM).toBe('SCRAM-SHA-256');
    // No files given: the JVM's trusted CAs.
    expect(config.data.CONNECT_SSL_TRUSTSTORE_LOCATION).toBeUndefined();
    const job = Object.values<any>(json.resource.kubernetes_job_v1).find((j) => j.metadata.name === 'cdc-topics');
    const pod = job.spec.template.spec;
    const env = Object.fromEntries(pod.container[0].env.map((e: any) => [e.name, e.value]));
    expect(env.CLIENT_SASL_PASSWORD_FILE).toBe('/kafka/secrets/SECRET__WORKER_KAFKA_CLIENT_PASSWORD');
    expect(pod.volume).toContainEqual({
      name: 'connector-secrets',
      projected: [
        {
          default_mode: '0440',
          sources: [{ secret: [{ name: 'connect-user', items: [{ key: 'password', path: 'SECRET__WORKER_KAFKA_CLIENT_PASSWORD' }] }] }],
        },
      ],
    });
    expect(pod.container[0].volume_mount).toContainEqual({ name: 'connector-secrets', mount_path: '/kafka/secrets', read_only: true });
    // Nothing to hold: no Secret of the task's own.
    expect(Object.values<any>(json.resource.kubernetes_secret_v1 ?? {}).some((s) => s.metadata.name === 'cdc-topics-secret')).toBe(false);
  });

  test("a variable: the topics Job's own Secret holds the variable's reference, projected as the one file", () => {
    const stack = testStack('kubernetes');
    const cluster = new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.kubernetes({ namespace: 'data' }),
      connect: {
        bootstrapServers: BROKERS,
        kafkaSecurity: { protocol: KafkaSecurityProtocol.SASL_SSL, username: 'connect', password: variableSecret(stack, 'kafka_password') },
      },
    });
    cluster.addTopic({ name: 'orders' });
    const json = synthJson(stack);
    const secret = Object.values<any>(json.resource.kubernetes_secret_v1).find((s) => s.metadata.name === 'cdc-topics-secret');
    expect(secret.data).toEqual({ SECRET__WORKER_KAFKA_CLIENT_PASSWORD: '${var.kafka_password}' });
    const job = Object.values<any>(json.resource.kubernetes_job_v1).find((j) => j.metadata.name === 'cdc-topics');
    expect(JSON.stringify(job.spec.template.spec.volume)).toContain(
      '"items":[{"key":"SECRET__WORKER_KAFKA_CLIENT_PASSWORD","path":"SECRET__WORKER_KAFKA_CLIENT_PASSWORD"}]',
    );
  });
});

describe('connect.kafkaSecurity: refusals', () => {
  const external = (stack: TerraformStack, kafkaSecurity: any, more: any = {}) =>
    new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.docker(),
      connect: { bootstrapServers: BROKERS, kafkaSecurity, ...more },
    });

  test("against the cluster's own plain-text brokers, naming connect.bootstrapServers", () => {
    const message = validationError(['docker'], (stack) => {
      new ConnectCluster(stack, 'cdc', {
        clusterName: 'cdc',
        target: Target.docker(),
        connect: { kafkaSecurity: { protocol: KafkaSecurityProtocol.SSL, files: SecretFiles.fromDockerVolume('tls') } },
      });
    });
    expect(message).toContain(
      "connect.kafkaSecurity: the cluster's own brokers listen in plain text (PLAINTEXT): the workers would never connect to them over SSL or SASL; remove it, or give connect.bootstrapServers to reach a secured Kafka you run elsewhere",
    );
  });

  test('SASL without a user name or password; a user name the image cannot carry; a password that is not a Secret', () => {
    const missing = validationError(['docker'], (stack) => external(stack, { protocol: KafkaSecurityProtocol.SASL_SSL }));
    expect(missing).toContain('connect.kafkaSecurity.username: no user name given; give the SASL user name of the Connect principal');
    const noPassword = validationError(['docker'], (stack) =>
      external(stack, { protocol: KafkaSecurityProtocol.SASL_SSL, username: 'connect' }),
    );
    expect(noPassword).toContain(
      'connect.kafkaSecurity.password: no password given; give the password of the SASL user "connect" as a Secret',
    );
    const at = validationError(['docker'], (stack) =>
      external(stack, { protocol: KafkaSecurityProtocol.SASL_SSL, username: 'connect@corp', password: variableSecret(stack, 'pw') }),
    );
    expect(at).toContain('connect.kafkaSecurity.username: "connect@corp" is not a user name the workers can carry');
    const plain = validationError(['docker'], (stack) =>
      external(stack, { protocol: KafkaSecurityProtocol.SASL_SSL, username: 'connect', password: 'hunter2' }),
    );
    expect(plain).toContain('connect.kafkaSecurity.password: "hunter2" is not a Secret');
  });

  test('SASL settings with SSL; a client certificate without files; an unknown protocol or mechanism', () => {
    const sasl = validationError(['docker'], (stack) =>
      external(stack, { protocol: KafkaSecurityProtocol.SSL, username: 'connect', files: SecretFiles.fromDockerVolume('tls') }),
    );
    expect(sasl).toContain(
      'connect.kafkaSecurity.username: is given but SSL authenticates by certificate, not SASL; remove it, or use KafkaSecurityProtocol.SASL_SSL',
    );
    const noFiles = validationError(['docker'], (stack) => external(stack, { protocol: KafkaSecurityProtocol.SSL }));
    expect(noFiles).toContain(
      'connect.kafkaSecurity.files: a client certificate is asked for but no files are given; use SecretFiles.fromDockerVolume(name), holding tls.crt, tls.key (PKCS#8) and ca.crt',
    );
    const protocol = validationError(['docker'], (stack) => external(stack, { protocol: 'SASL_PLAINTEXT' }));
    expect(protocol).toContain(
      'connect.kafkaSecurity.protocol: "SASL_PLAINTEXT" is not a protocol; use KafkaSecurityProtocol.SASL_SSL or KafkaSecurityProtocol.SSL',
    );
    const mechanism = validationError(['docker'], (stack) =>
      external(stack, {
        protocol: KafkaSecurityProtocol.SASL_SSL,
        saslMechanism: 'GSSAPI',
        username: 'c',
        password: variableSecret(stack, 'pw'),
      }),
    );
    expect(mechanism).toContain('connect.kafkaSecurity.saslMechanism: "GSSAPI" is not a SASL mechanism');
  });

  // Found by reading the mounts: both mounted at the same path gave a pod the API server refuses at apply.
  test("other secret files mounted where kafkaSecurity's files go are refused", () => {
    const message = validationError(['docker'], (stack) =>
      external(
        stack,
        { protocol: KafkaSecurityProtocol.SSL, files: SecretFiles.fromDockerVolume('tls') },
        { secretFiles: [{ mountPath: '/kafka/client-tls', files: SecretFiles.fromDockerVolume('other') }] },
      ),
    );
    expect(message).toContain(
      'connect.secretFiles[0].mountPath: "/kafka/client-tls" is a directory the image or the library writes; mount elsewhere, e.g. "/kafka/tls" or "/etc/kafka-tls"',
    );
  });

  test('files from the other target', () => {
    const message = validationError(['docker'], (stack) =>
      external(stack, { protocol: KafkaSecurityProtocol.SSL, files: SecretFiles.fromKubernetesSecret('tls') }),
    );
    expect(message).toContain(
      'connect.kafkaSecurity.files: Kubernetes Secret "tls" cannot reach Docker containers; use SecretFiles.fromDockerVolume(name) on the Docker target',
    );
  });

  test('worker properties and connector keys it sets, plain or prefixed, are refused naming it; config.providers must keep "dir"', () => {
    const message = validationError(['docker'], (stack) => {
      external(
        stack,
        { protocol: KafkaSecurityProtocol.SSL, files: SecretFiles.fromDockerVolume('tls') },
        {
          workerProperties: { 'producer.security.protocol': 'SSL', 'config.providers': 'env' },
          workerSecrets: { 'sasl.jaas.config': variableSecret(stack, 'jaas') },
        },
      );
    });
    expect(message).toContain(
      'connect.workerProperties["producer.security.protocol"]: "producer.security.protocol" is set by the library; use connect.kafkaSecurity instead',
    );
    expect(message).toContain(
      'connect.workerSecrets["sasl.jaas.config"]: "sasl.jaas.config" is set by the library; use connect.kafkaSecurity instead',
    );
    expect(message).toContain(
      `"env" leaves out the "dir" provider that connect.kafkaSecurity's client key is read with; list it too, e.g. "dir,env"`,
    );
    const connector = validationError(['docker'], (stack) => {
      external(stack, { protocol: KafkaSecurityProtocol.SSL, files: SecretFiles.fromDockerVolume('tls') }).addConnector('inv', {
        source: ConnectorSource.generic({
          connectorClass: 'io.debezium.connector.sqlserver.SqlServerConnector',
          config: { 'schema.history.internal.kafka.topic': 'h', 'schema.history.internal.consumer.security.protocol': 'SSL' },
        }),
      });
    });
    expect(connector).toContain(
      'config["schema.history.internal.consumer.security.protocol"]: "schema.history.internal.consumer.security.protocol" is set by connect.kafkaSecurity for the schema history clients; remove it',
    );
  });
});

describe('connect.kafkaSecurity.revision', () => {
  const build = (stack: TerraformStack, revision: unknown) =>
    new ConnectCluster(stack, 'cdc', {
      clusterName: 'cdc',
      target: Target.kubernetes({ namespace: 'data' }),
      connect: {
        bootstrapServers: BROKERS,
        kafkaSecurity: {
          protocol: KafkaSecurityProtocol.SSL,
          files: SecretFiles.fromKubernetesSecret('tls'),
          revision: revision as string,
        },
      },
    });

  test("a new revision is a change of the workers' pod template (they roll and read the new files)", () => {
    const env = (revision: string) => {
      const stack = testStack('kubernetes');
      build(stack, revision);
      const json = synthJson(stack);
      return Object.values<any>(json.resource.kubernetes_config_map_v1).find((c) => c.metadata.name === 'cdc-connect-env').data;
    };
    expect(env('2026-12-07').KAFKA_CLIENT_TLS_REVISION).toBe('2026-12-07');
    expect(env('serial-0a1b').KAFKA_CLIENT_TLS_REVISION).toBe('serial-0a1b');
  });

  test('a revision that is not a label is refused', () => {
    const message = validationError(['kubernetes'], (stack) => build(stack, 'renewed on monday'));
    expect(message).toContain(
      'connect.kafkaSecurity.revision: "renewed on monday" is not a revision label; use 1 to 63 letters, digits, ".", "_" or "-"',
    );
  });
});

describe('connect.kafkaSecurity: nothing secret in the output', () => {
  test('no password value and no key material in the synthesized JSON of either target', () => {
    for (const target of ['docker', 'kubernetes'] as const) {
      const stack = testStack(target);
      new ConnectCluster(stack, 'cdc', {
        clusterName: 'cdc',
        target: target === 'docker' ? Target.docker() : Target.kubernetes({ namespace: 'data' }),
        connect: {
          bootstrapServers: BROKERS,
          kafkaSecurity: {
            protocol: KafkaSecurityProtocol.SASL_SSL,
            username: 'connect',
            password: variableSecret(stack, 'kafka_password'),
            clientCertificate: true,
            files: target === 'docker' ? SecretFiles.fromDockerVolume('tls') : SecretFiles.fromKubernetesSecret('tls'),
          },
          internalTopics: { precreate: true },
        },
      }).addConnector('inv', { source: mysql(stack) });
      const out = JSON.stringify(synthJson(stack));
      expect(out).not.toContain('BEGIN');
      // The password appears only as the variable's reference.
      expect(out.match(/var\.kafka_password/g)?.length).toBeGreaterThan(0);
      expect(out).not.toMatch(/password="[^$]/);
    }
  });
});

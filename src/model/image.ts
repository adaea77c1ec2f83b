import { Problems } from './validation';
/** How the brokers coordinate (the public `CoordinationMode`'s values, src/image.ts). */
export enum CoordinationMode {
  ZOOKEEPER = 'zookeeper',
  KRAFT_COMBINED = 'kraft-combined',
  KRAFT_DEDICATED_CONTROLLERS = 'kraft-dedicated-controllers',
}

/** The Debezium image streams this library pins, with the Kafka version each ships. */
export interface ImageStream {
  readonly tag: string;
  readonly kafkaVersion: string;
}

/** ZooKeeper mode exists only up to the 3.1 stream (Kafka 3.9). */
export const ZOOKEEPER_STREAM: ImageStream = { tag: '3.1', kafkaVersion: '3.9.0' };
/** The newest released stream, KRaft only. */
export const KRAFT_STREAM: ImageStream = { tag: '3.6', kafkaVersion: '4.3.0' };

export const DEFAULT_REGISTRY = 'quay.io';
export const DEFAULT_REPOSITORY_PREFIX = 'debezium';

/** `ImageInput` as the model takes it (the public type, src/image.ts, documents each field). */
export interface ImageInput {
  readonly registry?: string;
  readonly repositoryPrefix?: string;
  readonly tag?: string;
  readonly kafkaVersion?: string;
  readonly zookeeperImage?: string;
  readonly kafkaImage?: string;
  readonly connectImage?: string;
  readonly zookeeperDigest?: string;
  readonly kafkaDigest?: string;
  readonly connectDigest?: string;
}

/** An image digest as registries print it. */
export const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;

export interface ResolvedImages {
  readonly zookeeper: string;
  readonly kafka: string;
  readonly connect: string;
  readonly kafkaVersion: string;
  /** `images.registry` as given: the mirror other images a target pulls come from too. */
  readonly registry?: string;
}

export function resolveImages(mode: CoordinationMode, options: ImageInput = {}): ResolvedImages {
  const stream = mode === CoordinationMode.ZOOKEEPER ? ZOOKEEPER_STREAM : KRAFT_STREAM;
  const registry = options.registry ?? DEFAULT_REGISTRY;
  const prefix = options.repositoryPrefix ?? DEFAULT_REPOSITORY_PREFIX;
  const tag = options.tag ?? stream.tag;
  const ref = (name: string) => `${registry ? `${registry}/` : ''}${prefix ? `${prefix}/` : ''}${name}:${tag}`;
  const pin = (reference: string, digest: string | undefined) => (digest === undefined ? reference : `${reference}@${digest}`);
  return {
    zookeeper: pin(options.zookeeperImage ?? ref('zookeeper'), options.zookeeperDigest),
    kafka: pin(options.kafkaImage ?? ref('kafka'), options.kafkaDigest),
    connect: pin(options.connectImage ?? ref('connect'), options.connectDigest),
    kafkaVersion: options.kafkaVersion ?? (options.tag === undefined ? stream.kafkaVersion : guessKafkaVersion(options.tag, stream)),
    ...(options.registry === undefined ? {} : { registry: options.registry }),
  };
}

/** The Kafka version each Debezium image stream ships, by stream (`major.minor` of the tag). */
const STREAM_KAFKA_VERSIONS: Record<string, string> = {
  '3.0': '3.9.0',
  '3.1': '3.9.0',
  '3.2': '4.0.0',
  '3.3': '4.1.0',
  '3.4': '4.1.1',
  '3.5': '4.2.0',
  '3.6': '4.3.0',
};

/** The Kafka version of the stream a tag names (`3.1`, `3.1.2.Final`); undefined for a tag of no known stream. */
export function streamKafkaVersion(tag: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(tag);
  return m ? STREAM_KAFKA_VERSIONS[`${m[1]}.${m[2]}`] : undefined;
}

/**
 * Debezium streams 3.0 and 3.1 ship Kafka 3.9; a tag of no known stream keeps the pinned stream's Kafka here,
 * and `validateImages` refuses it unless `images.kafkaVersion` says which Kafka it is.
 */
function guessKafkaVersion(tag: string, fallback: ImageStream): string {
  return (typeof tag === 'string' ? streamKafkaVersion(tag) : undefined) ?? fallback.kafkaVersion;
}

/** A Kafka release version as `images.kafkaVersion` takes it. */
const KAFKA_VERSION = /^\d+\.\d+(\.\d+)?([-.][A-Za-z0-9.-]+)?$/;

/**
 * Where the kafka image keeps Kafka's stock config files: its Dockerfile moves them out of `/kafka/config`, which
 * only the entrypoint fills. A task that runs Kafka's tools without the entrypoint finds `/kafka/config` empty.
 */
export const KAFKA_STOCK_CONFIG_DIR = '/kafka/config.orig';

/**
 * `KAFKA_LOG4J_OPTS` for Kafka's command-line tools run without the entrypoint: their stock logging file, where
 * the image keeps it (Kafka 4.0 moved the tools from log4j 1 properties to a log4j2 YAML file).
 */
export function toolsLoggingOptions(kafkaVersion: string): string {
  return compareVersions(kafkaVersion, '4.0.0') >= 0
    ? `-Dlog4j2.configurationFile=${KAFKA_STOCK_CONFIG_DIR}/tools-log4j2.yaml`
    : `-Dlog4j.configuration=file:${KAFKA_STOCK_CONFIG_DIR}/tools-log4j.properties`;
}

/** The environment of a task that runs Kafka's command-line tools without the entrypoint: a small heap, their logging. */
export function kafkaToolsEnv(kafkaVersion: string): Record<string, string> {
  return { KAFKA_HEAP_OPTS: '-Xms64M -Xmx256M', KAFKA_LOG4J_OPTS: toolsLoggingOptions(kafkaVersion) };
}

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Kafka 4 removed ZooKeeper mode; a registry is a host[:port], not a URL. */
export function validateImages(
  problems: Problems,
  coordination: string,
  external: boolean,
  options: ImageInput,
  kafkaVersion: string,
): void {
  if (coordination === CoordinationMode.ZOOKEEPER && !external && compareVersions(kafkaVersion, '4.0.0') >= 0) {
    const { field, value } = kafkaVersionSource(options);
    problems.add(
      field,
      `${JSON.stringify(value)} means Kafka ${kafkaVersion}, which has no ZooKeeper mode (removed in Kafka 4.0)`,
      `use a 3.0 or 3.1 image stream with CoordinationMode.ZOOKEEPER, or CoordinationMode.KRAFT_COMBINED for ${JSON.stringify(value)}`,
    );
  }
  const tag = options.tag;
  if (tag !== undefined && options.kafkaVersion === undefined && (typeof tag !== 'string' || streamKafkaVersion(tag) === undefined)) {
    const streams = Object.keys(STREAM_KAFKA_VERSIONS);
    problems.add(
      'images.tag',
      `${JSON.stringify(tag)} names no Debezium image stream this library knows (${streams[0]} to ${streams[streams.length - 1]}), so the Kafka version inside the images is unknown`,
      `set images.kafkaVersion to the Kafka version those images ship (e.g. "${KRAFT_STREAM.kafkaVersion}" for stream ${KRAFT_STREAM.tag}), or use a stream's tag such as "${KRAFT_STREAM.tag}" or "${KRAFT_STREAM.tag}.0.Final"`,
    );
  }
  if (options.kafkaVersion !== undefined && (typeof options.kafkaVersion !== 'string' || !KAFKA_VERSION.test(options.kafkaVersion))) {
    problems.add(
      'images.kafkaVersion',
      `${JSON.stringify(options.kafkaVersion)} is not a Kafka version`,
      'give the Kafka release the images ship, as major.minor.patch, e.g. "4.3.0"',
    );
  }
  const registry = options.registry;
  if (
    registry !== undefined &&
    (typeof registry !== 'string' || /:\/\//.test(registry) || /^\/|\/$/.test(registry) || /\s/.test(registry))
  ) {
    problems.add(
      'images.registry',
      `${JSON.stringify(registry)} is not a registry host`,
      'give host[:port] only, without a scheme or slashes, e.g. "mirror.internal:5000"',
    );
  }
  for (const field of ['zookeeperDigest', 'kafkaDigest', 'connectDigest'] as const) {
    const digest = options[field];
    if (digest !== undefined && (typeof digest !== 'string' || !IMAGE_DIGEST.test(digest))) {
      problems.add(
        `images.${field}`,
        `${JSON.stringify(digest)} is not an image digest`,
        'give "sha256:" and 64 lowercase hex digits, as `docker buildx imagetools inspect <image>` prints it',
      );
    }
  }
  const prefix = options.repositoryPrefix;
  if (prefix !== undefined && (typeof prefix !== 'string' || /^\/|\/$|\/\/|\s|:/.test(prefix))) {
    problems.add(
      'images.repositoryPrefix',
      `${JSON.stringify(prefix)} is not a repository path`,
      'give path segments separated by single "/", without leading or trailing "/", e.g. "debezium" or "platform/debezium"',
    );
  }
}

/** The prop the Kafka version was taken from (`images.kafkaVersion`, else the Kafka image, else the tag), for messages. */
export function kafkaVersionSource(options: ImageInput): { field: string; value: string | undefined } {
  if (options.kafkaVersion !== undefined) return { field: 'images.kafkaVersion', value: options.kafkaVersion };
  if (options.kafkaImage !== undefined) return { field: 'images.kafkaImage', value: options.kafkaImage };
  return { field: 'images.tag', value: options.tag };
}

/** The cluster's images, resolved from the options and checked against the coordination mode. */
export function resolveClusterImages(
  problems: Problems,
  cluster: { readonly coordination: CoordinationMode; readonly external: boolean },
  options: ImageInput | undefined,
): ResolvedImages {
  const images = resolveImages(cluster.coordination, options);
  validateImages(problems, cluster.coordination, cluster.external, options ?? {}, images.kafkaVersion);
  return images;
}

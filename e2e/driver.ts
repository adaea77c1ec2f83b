// What the end-to-end scenario (scenario.ts) needs from a target. A driver knows its engine and how to look at
// the deployed cluster from the outside; the steps, their order and every assertion about the data stay in the
// scenario, so the targets cannot drift apart.
import { Scrape } from './metrics';
import { ChangeAction, NodeIdentity, ResourceChange } from './assertions';
import { StartUpWatch } from './readiness';
import type { RestTlsFiles, SecuredKafkaFiles } from './harness';

/** What a driver records before the setting change, to compare after it. */
export type Snapshot = Record<string, unknown>;

/** A command whose standard output is the topic, one `key<TAB>value` line a record (kafka-console-consumer). */
export interface ConsumerCommand {
  readonly cmd: string;
  readonly args: string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * What the README's move from the ZooKeeper stream to KRaft needs from a target, beyond one cluster: the KRaft
 * stream's images, and the new cluster looked at from outside. Only the Docker driver has it (E2E_MIGRATE=1).
 */
export interface MigrationSupport {
  /** The KRaft stream's images, as the environment e2e/stack.ts reads them (E2E_MIGRATION_*_IMAGE). */
  prepare(): Promise<NodeJS.ProcessEnv>;
  /** The new cluster's REST API, from this machine. */
  restUrl(): string;
  /** A console consumer of the new cluster's copy of the topic. */
  consumer(name: string, extra: string[]): ConsumerCommand;
  /** After the old cluster left the code and the change was applied: nothing of it is left. */
  oldClusterGone(): Promise<string>;
  /** After `tofu destroy`: nothing of the new cluster is left. */
  newClusterGone(): Promise<string>;
}

/**
 * A Kafka the run starts itself, secured as production Kafkas are (SASL_SSL with SCRAM-SHA-512, SSL with client
 * certificates required), which Connect-only clusters with connect.kafkaSecurity are pointed at. Only the Docker
 * driver has it; its ports are in SECURED_KAFKA (e2e/stack.ts).
 */
export interface SecuredKafkaSupport {
  /** Starts it with the run's files; resolves once its admin user is answered over SASL_SSL. */
  start(files: SecuredKafkaFiles, connectPassword: string): Promise<void>;
  /** Whether a plain-text ApiVersions request to `port` on this machine gets a Kafka answer. */
  answersPlainText(port: number): Promise<boolean>;
  /** One of Kafka's tools against its SASL_SSL listener, the broker's directory mounted at /tls (its client configs). */
  tool(name: string, tool: string, args: string[]): ConsumerCommand;
  /** A Connect-only cluster's REST API, from this machine. */
  restUrl(port: number): string;
  /** Removes it and its files' volume; never throws. */
  stop(): Promise<void>;
}

/** A way the target stops a connector's sentinel that is not the connector's removal. */
export interface SentinelStop {
  /** What happens, for the log: `kubectl delete pod`, an eviction. */
  readonly label: string;
  /** Stops the sentinel; resolves once it is gone. */
  stop(): Promise<void>;
}

export interface SentinelStops {
  /** A pod deleted, a pod evicted, a container restarted. */
  readonly stops: readonly SentinelStop[];
  /**
   * Whether an address of the state is the sentinel's own resource (not its declaration): what destroying the
   * connector's resources first targets.
   */
  isSentinel(address: string): boolean;
  /** What the last sentinel printed (the log of the one just stopped). */
  lastLog(): Promise<string>;
}

/**
 * Where the target's connector sentinel reconciles its connector (drift set back, FAILED restarted): the e2e
 * declares the connector to fail at its first lost database connection (`errors.max.retries=0`) so that a
 * terminated replication connection really fails its task.
 */
export interface Reconciling {
  /** What the running sentinel has printed so far. */
  sentinelLog(): Promise<string>;
  /**
   * Where the target can, holds the sentinel (frozen, not stopped) until the polls have seen a deletion made behind
   * its back; resolves to what releases it. Without a hold, a sentinel that looks right after the deletion restores
   * the connector before a worker shows it gone, and the polls cannot prove the deletion happened.
   */
  hold?(): Promise<() => Promise<void>>;
}

export interface TargetDriver {
  /** Present where the target runs the migration scenario (E2E_MIGRATE=1). */
  readonly migration?: MigrationSupport;
  /** Present where the target runs Connect-only clusters against a secured Kafka of the run's own. */
  readonly securedKafka?: SecuredKafkaSupport;
  /** `docker`, `kubernetes`: the e2e/stack.ts target and the name in logs. */
  readonly target: string;
  /** The provider type `tofu init` must lock at exactly the pinned version. */
  readonly providerType: string;

  /** Engine and images; afterwards the stack can be synthesized and applied. */
  prepare(): Promise<void>;
  /** Environment e2e/stack.ts is synthesized with (images, addresses). */
  synthEnv(): NodeJS.ProcessEnv;
  /** Environment every tofu command runs with, besides the toolchain's (how the provider reaches the engine). */
  tofuEnv(): NodeJS.ProcessEnv;
  /** The address of this machine that the cluster's processes reach PostgreSQL on, and the range they connect from. */
  database(): Promise<{ host: string; clients?: string }>;
  /** Removes what an interrupted run left and checks what the cluster needs on this machine is free. */
  cleanSlate(): Promise<void>;
  /** State and last log lines of every part of the cluster, for a failure message. */
  diagnostics(): Promise<string>;
  /**
   * On a failed run, before anything is destroyed: the whole log of every part of the cluster (every container or
   * pod, a restarted one's previous run too) written under the run's log directory. Returns what was written.
   */
  saveLogs(): Promise<string>;

  /** The REST API of each worker, from this machine, in worker order. */
  restUrls(): Promise<string[]>;
  /**
   * Where the stream secures the REST API (`restTls`): every name the workers are called by, which the run's
   * certificate must name (their advertised names, the Service the tasks call, this machine's).
   */
  restTlsNames(): { dns: string[]; ips: string[] };
  /** Puts the run's certificate files where the stack takes them from (a Secret, a volume), before the first apply. */
  provideRestTls(files: RestTlsFiles): Promise<void>;
  /** What the connector config must hold instead of the database password (a config-provider reference). */
  readonly passwordReference: string;
  /** Which worker (index into restUrls) a status `worker_id` names. */
  workerIndex(workerId: string): Promise<number>;
  /**
   * Starts watching the cluster's services start (called right before the first apply; `since`: epoch ms). Its
   * `finish`, once the cluster is ready, says per service when it was created, started, serving and ready.
   */
  watchStartUp(since: number): Promise<StartUpWatch>;
  /** Checks that hold right after the first apply and only make sense on this target (exposure, listeners …). */
  afterApply(): Promise<void>;

  /** The console consumer that reads the topic from its start (`extra`: more kafka-console-consumer flags). */
  consumer(name: string, extra: string[]): ConsumerCommand;
  /** Stops and removes a consumer started with `consumer(name, …)`. */
  removeConsumer(name: string): Promise<void>;

  /**
   * Kills a worker with SIGKILL, as a crash, the kernel's OOM killer or a lost host would (no graceful leave of its
   * group, no last offset commit): a container that stays down (Docker), a container the kubelet restarts in its pod
   * (Kubernetes).
   */
  loseWorker(index: number): Promise<void>;
  /**
   * Whether a lost worker comes back by itself (a pod's container): then, with the library's rebalance delay, it may
   * get its task back rather than the task moving, so the scenario waits for it and for the task RUNNING anywhere.
   */
  readonly lostWorkerReturns: boolean;
  /**
   * Whether the connector's apply task starts only once its sentinel is ready (Docker: the provider waits for the
   * sentinel container's health); otherwise once the sentinel's object exists (Kubernetes: a Job the provider creates
   * without waiting for its pod). Shapes the critical path of the start-up table.
   */
  readonly applyWaitsForReadySentinel: boolean;
  /** What must hold once the worker was killed (by SIGKILL; it stays down, or comes back in its pod with its storage). */
  afterWorkerLoss(index: number): Promise<void>;

  /**
   * Stops a Kafka node (a name of streams.kafkaNodeNames: `kafka-2`, `kafka-controller-1`) the way this target loses
   * one, and `startKafkaNode` brings it back with its storage.
   */
  stopKafkaNode(node: string): Promise<void>;
  startKafkaNode(node: string): Promise<void>;
  /** The node id a Kafka node has formatted its storage with (`node.id` of its `meta.properties`), read from the node. */
  kafkaNodeId(node: string): Promise<number>;
  /** Runs one of Kafka's tools (`kafka-topics.sh` …) with `--bootstrap-server <every broker>` and `args`; its stdout. */
  kafkaTool(tool: string, args: string[]): Promise<string>;
  /** What a node (a name of streams.kafkaNodeNames) printed since `sinceMs` (epoch ms): its container's output. */
  nodeLog(node: string, sinceMs: number): Promise<string>;

  /** The resources the worker-setting change must touch (the rest of the plan must be empty) … */
  settingChangeTouches(change: ResourceChange): boolean;
  /** … and how: the containers replaced, or the objects updated in place (a rolling update). */
  readonly settingChangeAction: ChangeAction;
  /** Whether the REST API must answer at every poll while the change is applied (a rolling update). */
  readonly restAnswersThroughChange: boolean;
  /**
   * Where the workers roll: every worker now running was created between `fromMs` and `toMs` (epoch ms), so the
   * polls over that window covered each one's replacement. Says so, or fails.
   */
  rolledWithin?(fromMs: number, toMs: number): Promise<string>;
  /**
   * Every exporting node's /metrics (metricsNodes), read as a scraper does: on this machine's loopback (Docker), from
   * a pod with the labels the stack admits (Kubernetes).
   */
  scrapeMetrics(): Promise<Scrape[]>;
  /** Every node of the cluster (stateful ones and workers) as it runs now: a replaced or restarted one differs. */
  nodeIdentities(): Promise<Record<string, NodeIdentity | undefined>>;
  snapshot(): Promise<Snapshot>;
  /** Compares with the snapshot: the workers carry the new setting, nothing stateful was replaced or restarted. */
  afterSettingChange(before: Snapshot, setting: { property: string; value: string }): Promise<string>;

  /**
   * The stops of the connector's sentinel that must leave the connector running: after each, the same sentinel runs
   * again (a container restarted) or its controller made a new one (a Job's pod), without an apply.
   */
  readonly sentinelStops: SentinelStops;
  /** Present where the connector's sentinel reconciles it (`NetworkInput.reconcilesConnectors`). */
  readonly reconciling?: Reconciling;

  /**
   * Starts following the connector sentinel's log before destroy. `printed` resolves with what it printed once the
   * sentinel is gone (wrapped: an async function returning a bare promise would wait for it).
   */
  followSentinel(): Promise<{ printed: Promise<string> }>;
  /** After `tofu destroy`: nothing of the cluster is left. Returns what was checked. */
  afterDestroy(): Promise<string>;
  /** Removes whatever is left on exit (consumers, leftovers); never throws. */
  cleanup(): Promise<void>;
}

// The cluster's Prometheus metrics, read from every node's /metrics as a scraper would (the drivers scrape; this
// file judges). Pure functions, so that e2e/selftest.ts shows each check failing on the bad outcome.
import * as fs from 'fs';
import * as path from 'path';
import { kafkaNodeNames, StreamProfile } from './streams';

/** What one node's exporter answered. */
export interface Scrape {
  /** The node's model name (`kafka-1`, `kafka-controller-2`, `connect-1`). */
  readonly node: string;
  readonly role: 'controller' | 'broker' | 'worker';
  /** The /metrics body, or why there is none. */
  readonly text?: string;
  readonly error?: string;
}

/** One sample of the text format: `name{a="x",b="y"} 1.0`. */
export interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** Values of `name` in one scrape whose labels include `labels`. */
export function values(text: string | undefined, name: string, labels: Record<string, string> = {}): number[] {
  if (text === undefined) return [];
  return parseMetrics(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .map((s) => s.value);
}

/** Debezium's streaming metric `debezium_metrics_<name>` of the connector whose topic prefix is `server`, on every worker. */
export function streamingValues(scrapes: readonly Scrape[], name: string, server: string): number[] {
  return scrapes
    .filter((s) => s.role === 'worker')
    .flatMap((s) => values(s.text, `debezium_metrics_${name}`, { context: 'streaming', server }));
}

/**
 * The metric names the README's Observability section tells users to alert on: the first column of its alert table
 * (rows "| `name` | … |" between the heading and the next one).
 */
export function readmeAlertMetrics(readme: string = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')): string[] {
  const start = readme.indexOf('\n### Metrics worth alerting on');
  if (start < 0) return [];
  const end = readme.indexOf('\n#', start + 5);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([a-z_:][a-z0-9_:]*)` \|/gm)].map((m) => m[1]);
}

export interface MetricsExpectation {
  readonly connector: string;
  /** The connector's topic prefix: Debezium's `server` label. */
  readonly topicPrefix: string;
  /** Every node that must answer, by role. */
  readonly nodes: readonly { node: string; role: Scrape['role'] }[];
  /** Rows streamed between the two scrapes. */
  readonly rows: number;
  /** The metric names the README names (readmeAlertMetrics). */
  readonly readmeMetrics: readonly string[];
}

/**
 * What is wrong with the metrics, from a scrape before `rows` rows streamed and one after; empty when all holds:
 * every node answers with its JVM's metrics; the connector and its task are RUNNING by kafka_connect_*_status; every
 * broker exports its under-replicated partitions and every controller the quorum's leader; Debezium's streaming
 * metrics for the connector come from one worker, MilliSecondsBehindSource known and moved, and the events it saw
 * grew by at least the rows; every metric the README names is exported by some node.
 */
export function metricsProblems(before: readonly Scrape[], after: readonly Scrape[], e: MetricsExpectation): string[] {
  const problems: string[] = [];
  for (const n of e.nodes) {
    const s = after.find((x) => x.node === n.node);
    if (!s || s.text === undefined) problems.push(`${n.node}: no /metrics (${s?.error ?? 'not scraped'})`);
    else if (values(s.text, 'jvm_threads_current').length === 0 && !/^jvm_/m.test(s.text))
      problems.push(`${n.node}: /metrics answered without the JVM's metrics: not the agent`);
  }
  const of = (role: Scrape['role']) => after.filter((s) => s.role === role && s.text !== undefined);
  const connectorRunning = of('worker').filter((s) =>
    values(s.text, 'kafka_connect_connector_status', { connector: e.connector, status: 'running' }).includes(1),
  );
  if (connectorRunning.length !== 1)
    problems.push(
      `kafka_connect_connector_status{connector="${e.connector}",status="running"} is 1 on ${connectorRunning.length} workers, not on exactly the one running it`,
    );
  const taskRunning = of('worker').filter((s) =>
    values(s.text, 'kafka_connect_task_status', { connector: e.connector, task: '0', status: 'running' }).includes(1),
  );
  if (taskRunning.length !== 1)
    problems.push(
      `kafka_connect_task_status{connector="${e.connector}",task="0",status="running"} is 1 on ${taskRunning.length} workers, not 1`,
    );
  for (const s of of('broker'))
    if (values(s.text, 'kafka_server_replicamanager_underreplicatedpartitions').length !== 1)
      problems.push(`${s.node}: no kafka_server_replicamanager_underreplicatedpartitions`);
  for (const s of of('controller'))
    if (!values(s.text, 'kafka_server_raft_current_leader').some((v) => v >= 0))
      problems.push(`${s.node}: no kafka_server_raft_current_leader ≥ 0`);

  const lagOn = (scrapes: readonly Scrape[]) => streamingValues(scrapes, 'millisecondsbehindsource', e.topicPrefix);
  const seenOn = (scrapes: readonly Scrape[]) => streamingValues(scrapes, 'totalnumberofeventsseen', e.topicPrefix);
  const [lagBefore, lagAfter, seenBefore, seenAfter] = [lagOn(before), lagOn(after), seenOn(before), seenOn(after)];
  if (lagAfter.length !== 1) {
    problems.push(
      `debezium_metrics_millisecondsbehindsource{context="streaming",server="${e.topicPrefix}"} on ${lagAfter.length} workers, not 1`,
    );
  } else {
    if (!(lagAfter[0] >= 0)) problems.push(`MilliSecondsBehindSource is ${lagAfter[0]} after ${e.rows} rows streamed: not known`);
    if (lagBefore.length === 1 && lagBefore[0] === lagAfter[0])
      problems.push(`MilliSecondsBehindSource did not move while ${e.rows} rows streamed (${lagAfter[0]} before and after)`);
  }
  if (seenAfter.length !== 1 || seenBefore.length !== 1) {
    problems.push(
      `debezium_metrics_totalnumberofeventsseen for the connector: ${seenBefore.length} before, ${seenAfter.length} after, not 1 each`,
    );
  } else if (seenAfter[0] - seenBefore[0] < e.rows) {
    problems.push(`Debezium saw ${seenAfter[0] - seenBefore[0]} events while ${e.rows} rows streamed`);
  }

  if (e.readmeMetrics.length < 10) problems.push(`the README's alert table names ${e.readmeMetrics.length} metrics, not 10 or more`);
  const names = new Set(after.flatMap((s) => (s.text === undefined ? [] : parseMetrics(s.text).map((x) => x.name))));
  const missing = e.readmeMetrics.filter((m) => !names.has(m));
  if (missing.length) problems.push(`the README names metrics no node exports: ${missing.join(', ')}`);
  return problems;
}

/** The nodes that export metrics, in the model's start order (controllers, brokers, workers): node i's port is port + i with host networking. */
export function metricsNodes(stream: StreamProfile, workers: number): { node: string; role: Scrape['role'] }[] {
  const n = kafkaNodeNames(stream);
  return [
    ...n.controllers.map((node) => ({ node, role: 'controller' as const })),
    ...n.brokers.map((node) => ({ node, role: 'broker' as const })),
    ...Array.from({ length: workers }, (_, i) => ({ node: `connect-${i + 1}`, role: 'worker' as const })),
  ];
}

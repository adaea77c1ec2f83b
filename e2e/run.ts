// The end-to-end entry point (run by scripts/e2e.sh after the self-test): the one scenario (scenario.ts) on the
// target E2E_TARGET names (default docker), within E2E_TIMEOUT_SECONDS, cleaning up whatever happens, then a
// timing table and the verdict.
import { E2eFailure } from './assertions';
import { DockerDriver } from './docker';
import { KubernetesDriver } from './kubernetes';
import { TargetDriver } from './driver';
import { abortState, children, KEEP, log, LOGS, notes, secs, startUpLines, t0, timings } from './harness';
import { Scenario } from './scenario';

const TOTAL_BUDGET_S = Number(process.env.E2E_TIMEOUT_SECONDS || 1800);

function driverFor(target: string): TargetDriver {
  switch (target) {
    case 'docker':
      return new DockerDriver();
    case 'kubernetes':
      return new KubernetesDriver();
    default:
      throw new E2eFailure(`E2E_TARGET=${JSON.stringify(target)}: no driver for this target (docker, kubernetes)`);
  }
}

function printSummary(ok: boolean, error?: unknown): void {
  const w = Math.max(...timings.map(([l]) => l.length), 10);
  const lines = [
    `| ${'step'.padEnd(w)} | seconds |`,
    `|${'-'.repeat(w + 2)}|---------|`,
    ...timings.map(([l, ms]) => `| ${l.padEnd(w)} | ${secs(ms).padStart(7)} |`),
  ];
  lines.push(`| ${'total'.padEnd(w)} | ${secs(Date.now() - t0).padStart(7)} |`);
  console.log(`\n${lines.join('\n')}`);
  for (const n of notes) console.log(`  note: ${n}`);
  if (startUpLines.length) console.log(`\nTime to ready, first apply (per service; e2e/readiness.ts):\n\n${startUpLines.join('\n')}`);
  if (ok) {
    console.log(`\nE2E PASSED in ${secs(Date.now() - t0)} s`);
  } else {
    const msg = error instanceof Error ? (error instanceof E2eFailure ? error.message : error.stack) : String(error);
    console.log(`\nE2E FAILED after ${secs(Date.now() - t0)} s: ${msg}\n  logs: ${LOGS}`);
  }
}

let scenario: Scenario | undefined;
let finishing = false;
async function finish(ok: boolean, error?: unknown): Promise<never> {
  if (finishing) process.exit(1);
  finishing = true;
  const reason = abortState.reason;
  abortState.reason = undefined; // cleanup itself must run
  await scenario?.cleanup(KEEP, !ok);
  abortState.reason = reason;
  printSummary(ok, error);
  process.exit(ok ? 0 : 1);
}

function abort(reason: string): void {
  if (abortState.reason) return;
  abortState.reason = reason;
  log(`ABORT: ${reason}; stopping child processes`);
  for (const c of children) c.kill('SIGTERM');
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    if (finishing) {
      log(`${sig} during cleanup: exiting now (cleanup incomplete)`);
      process.exit(130);
    }
    abort(`received ${sig}`);
  });
}
setTimeout(() => abort(`the whole run exceeded E2E_TIMEOUT_SECONDS=${TOTAL_BUDGET_S}`), TOTAL_BUDGET_S * 1000).unref();

(async () => {
  scenario = new Scenario(driverFor(process.env.E2E_TARGET || 'docker'));
  await scenario.run();
})().then(
  () => finish(true),
  (e) => finish(false, e),
);

import { execFileSync } from 'child_process';
import { nodeBranch, ordinalCase, shellQuote } from '../../src/kubernetes/ordinal-script';

/** Runs the script as a pod with this hostname would, printing what it would hand to the image. */
function runAs(hostname: string, script: string): { status: number; stdout: string } {
  try {
    const stdout = execFileSync('bash', ['-c', `${script}\nprintf '%s' "$VALUE"`], {
      env: { HOSTNAME: hostname, PATH: process.env.PATH },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { status: 0, stdout };
  } catch (e) {
    return { status: (e as { status: number }).status, stdout: '' };
  }
}

describe('ordinal script', () => {
  const tricky = `it's "quoted" $HOME \`date\` \\ ; exit 3`;
  const script = ordinalCase([nodeBranch({ VALUE: 'first' }, undefined), nodeBranch({ VALUE: tricky }, 'echo started >&2')]);

  test('each pod exports its own values, byte for byte', () => {
    expect(runAs('cdc-kafka-0', script)).toEqual({ status: 0, stdout: 'first' });
    expect(runAs('cdc-kafka-1', script)).toEqual({ status: 0, stdout: tricky });
  });

  test('a pod beyond the model refuses to start', () => {
    expect(runAs('cdc-kafka-2', script).status).toBe(1);
  });

  test('shellQuote round-trips any value', () => {
    for (const v of ['', "'", "a'b'c", '$(x)', 'line\nbreak']) {
      expect(execFileSync('bash', ['-c', `printf %s ${shellQuote(v)}`], { encoding: 'utf8' })).toBe(v);
    }
  });
});

// The public API is what scripts/public-api-allowlist.txt lists: scripts/jsii-check.sh compares it with the jsii
// assembly on every `npm test`. These tests prove that the comparison fails when it should.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { parseAllowList, publicApiProblems } from '../scripts/public-api-check';

const root = path.join(__dirname, '..');
const allowed = parseAllowList(fs.readFileSync(path.join(root, 'scripts', 'public-api-allowlist.txt'), 'utf8'));
const type = (name: string, filename: string, kind = 'interface') => ({
  name,
  kind,
  fqn: `cdktf-debezium-connect.${name}`,
  locationInModule: { filename, line: 1 },
});
const assemblyOf = (...types: ReturnType<typeof type>[]) => ({ types: Object.fromEntries(types.map((t) => [t.fqn, t])) });
const listedAssembly = () => allowed.map((name) => type(name, 'src/index.ts'));

test('the allow-list names each type once and no model internals', () => {
  expect(new Set(allowed).size).toBe(allowed.length);
  for (const internal of ['ClusterModel', 'NodeSpec', 'ComponentSpec', 'ConnectorSpec', 'TopicSpec', 'SecretRef', 'ResolvedImages'])
    expect(allowed).not.toContain(internal);
});

test('an assembly of exactly the allow-listed types passes', () => {
  expect(publicApiProblems(assemblyOf(...listedAssembly()), allowed)).toEqual([]);
});

test('fails when an internal type is exported: names the type, its file and both fixes', () => {
  const problems = publicApiProblems(assemblyOf(...listedAssembly(), type('ClusterModel', 'src/model/cluster-model.ts')), allowed);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(
    'interface ClusterModel (src/model/cluster-model.ts) is public but not on the allow-list scripts/public-api-allowlist.txt',
  );
  expect(problems[0]).toContain('stop exporting it from src/index.ts');
  expect(problems[0]).toContain('add "ClusterModel" to scripts/public-api-allowlist.txt');
});

test('fails when an allow-listed type is no longer public', () => {
  const problems = publicApiProblems(assemblyOf(...listedAssembly().filter((t) => t.name !== 'KafkaTopicProps')), allowed);
  expect(problems).toEqual([
    expect.stringContaining(
      'KafkaTopicProps is on the allow-list scripts/public-api-allowlist.txt but is not in the public API; remove it',
    ),
  ]);
});

test('fails when a type is listed twice', () => {
  expect(publicApiProblems(assemblyOf(type('Size', 'src/model/size.ts', 'class')), ['Size', 'Size'])).toEqual([
    expect.stringContaining('Size is listed twice'),
  ]);
});

test('scripts/jsii-check.sh --self-test: a real jsii build that exports an internal type fails the check', () => {
  const out = execFileSync('bash', [path.join(root, 'scripts', 'jsii-check.sh'), '--self-test'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(out).toContain('interface RestEndpoint (src/model/nodes.ts) is public but not on the allow-list');
  expect(out).toContain('jsii-check --self-test: ok');
}, 180_000);

// Messages in the user's language: written once with the TypeScript names, rendered with Python's when jsii's
// Python runtime drives the process (it sets JSII_AGENT=Python/<version> for its Node process).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inPython, setNameRenderer, snakeCase, userLanguage } from '../../src/model/language';
import { apiNamesOf } from '../../src/private/api-names';
import { formatProblem } from '../../src/model/validation';

const names = new Set([
  'restPort',
  'restHostPortBase',
  'fromVariable',
  'aSensitiveVariable',
  'addConnector',
  'workerProperties',
  'memoryLimit',
]);

test('the language is Python only under the jsii Python runtime', () => {
  expect(userLanguage({ JSII_AGENT: 'Python/3.11.7' })).toBe('python');
  expect(userLanguage({ JSII_AGENT: 'Java/17' })).toBe('typescript');
  expect(userLanguage({})).toBe('typescript');
});

test('snake case as jsii names members in Python', () => {
  expect(['restHostPortBase', 'minInSyncReplicas', 'fromKubernetesSecret', 'sha512'].map(snakeCase)).toEqual([
    'rest_host_port_base',
    'min_in_sync_replicas',
    'from_kubernetes_secret',
    'sha512',
  ]);
});

test('API names are renamed; classes, enum members, quoted values and other words are not', () => {
  expect(
    inPython(
      'connect.workerProperties["heartbeat.interval.ms"]: "restPort" is taken; set connect.restPort or target.restHostPortBase, ' +
        'pass Secret.fromVariable(aSensitiveVariable), addConnector("myConnector"), ConnectorState.STOPPED, PostgresConnector, emptyDir',
      names,
    ),
  ).toBe(
    'connect.worker_properties["heartbeat.interval.ms"]: "restPort" is taken; set connect.rest_port or target.rest_host_port_base, ' +
      'pass Secret.from_variable(a_sensitive_variable), add_connector("myConnector"), ConnectorState.STOPPED, PostgresConnector, emptyDir',
  );
});

test('the names come from the jsii assembly: members and parameters in camelCase, not types or constants', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'language-'));
  const file = path.join(dir, '.jsii');
  fs.writeFileSync(
    file,
    JSON.stringify({
      types: {
        'x.Secret': { methods: [{ name: 'fromVariable', parameters: [{ name: 'variable' }, { name: 'secretName' }] }] },
        'x.Converters': { properties: [{ name: 'JSON' }, { name: 'restPort' }] },
        'x.Cluster': { initializer: { parameters: [{ name: 'scope' }] } },
      },
    }),
  );
  expect([...apiNamesOf(file)].sort()).toEqual(['aSensitiveVariable', 'fromVariable', 'restPort', 'secretName']);
  expect([...apiNamesOf(path.join(dir, 'missing'))]).toEqual(['aSensitiveVariable']);
});

test('a problem keeps its construct path as it is and renders the rest, under Python only', () => {
  const problem = { construct: 'stack/myCluster', field: 'connect.memoryLimit', message: 'too low', fix: 'raise connect.memoryLimit' };
  const previous = process.env.JSII_AGENT;
  try {
    delete process.env.JSII_AGENT;
    expect(formatProblem(problem)).toBe('stack/myCluster: connect.memoryLimit: too low; raise connect.memoryLimit');
  } finally {
    if (previous !== undefined) process.env.JSII_AGENT = previous;
  }
});

test('under Python, a problem keeps its construct path as it is and renders the rest', () => {
  setNameRenderer((text) => inPython(text, names));
  try {
    expect(
      formatProblem({
        construct: 'stack/addConnector',
        field: 'connect.memoryLimit',
        message: 'too low',
        fix: 'raise connect.memoryLimit',
      }),
    ).toBe('stack/addConnector: connect.memory_limit: too low; raise connect.memory_limit');
  } finally {
    setNameRenderer((text) => text);
  }
});

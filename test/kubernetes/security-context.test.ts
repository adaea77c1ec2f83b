import { App, Testing } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Provider 2.38.0 sends every boolean of a container's `security_context` block, an unset one with its schema
 * default (`run_as_non_root` false, `allow_privilege_escalation` true), and that overrides the pod's settings: the
 * API server then refuses the pod in a `restricted` namespace. So every container of every pod template the
 * library renders must carry the whole hardening itself, whatever the pod says.
 */
const REQUIRED = {
  run_as_non_root: true,
  run_as_user: '1001',
  run_as_group: '1001',
  privileged: false,
  allow_privilege_escalation: false,
  capabilities: { drop: ['ALL'] },
  seccomp_profile: { type: 'RuntimeDefault' },
};

interface PodTemplate {
  readonly where: string;
  readonly spec: Record<string, unknown>;
}

/** Every pod spec (an object with a `container` list) in a synthesized stack, with where it was found. */
function podTemplates(json: Record<string, unknown>): PodTemplate[] {
  const found: PodTemplate[] = [];
  const walk = (node: unknown, where: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (Array.isArray(obj.container)) found.push({ where, spec: obj });
      for (const [k, v] of Object.entries(obj)) walk(v, `${where}.${k}`);
    }
  };
  walk(json.resource, 'resource');
  return found;
}

function containersOf(t: PodTemplate): [string, Record<string, unknown>][] {
  const list = (key: string) =>
    ((t.spec[key] as Record<string, unknown>[] | undefined) ?? []).map((c): [string, Record<string, unknown>] => [
      `${t.where}.${key}.${String(c.name)}`,
      c,
    ]);
  return [...list('container'), ...list('init_container')];
}

const examplesDir = path.join(__dirname, '..', '..', 'examples');
const stacks = fs
  .readdirSync(examplesDir)
  .filter((d) => fs.existsSync(path.join(examplesDir, d, 'main.ts')))
  .flatMap((name) => {
    const mod = require(path.join(examplesDir, name, 'main.ts')) as { build(app: App): { node: { id: string } }[] };
    const app = Testing.app();
    return mod.build(app).map((stack) => ({
      name: `${name}/${stack.node.id}`,
      json: JSON.parse(Testing.synth(stack as never, true)) as Record<string, unknown>,
    }));
  })
  .filter((s) => Object.keys((s.json.resource as Record<string, unknown>) ?? {}).some((type) => type.startsWith('kubernetes_')));

describe('Kubernetes pod security', () => {
  test('the examples render every kind of pod template the library has', () => {
    const templates = stacks.flatMap((s) => podTemplates(s.json).map((t) => t.where.split('.')[1]));
    expect(new Set(templates)).toEqual(new Set(['kubernetes_stateful_set_v1', 'kubernetes_job_v1']));
    expect(stacks.flatMap((s) => podTemplates(s.json)).some((t) => Array.isArray(t.spec.init_container))).toBe(true);
  });

  test.each(stacks.map((s) => [s.name, s.json] as const))('%s: every container carries a complete security context', (_name, json) => {
    const templates = podTemplates(json);
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) {
      for (const [where, c] of containersOf(t)) {
        const sc = c.security_context as Record<string, unknown> | undefined;
        expect({ where, securityContext: sc }).toEqual({ where, securityContext: expect.objectContaining(REQUIRED) });
        expect({ where, readOnlyRootFilesystem: typeof sc?.read_only_root_filesystem }).toEqual({
          where,
          readOnlyRootFilesystem: 'boolean',
        });
      }
      // The pod level says the same, for admission controllers that read only the pod.
      const pod = t.spec.security_context as Record<string, unknown> | undefined;
      expect({ where: t.where, pod }).toEqual({
        where: t.where,
        pod: expect.objectContaining({ run_as_non_root: true, seccomp_profile: { type: 'RuntimeDefault' } }),
      });
    }
  });
});

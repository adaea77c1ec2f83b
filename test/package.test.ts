// What a consumer installs: scripts/consumer-check proves it end to end against the registry; these checks
// keep the manifest honest on every `npm test`.
import * as fs from 'fs';
import * as path from 'path';
// semver comes with npm's own tooling (jest depends on it); typed here to the three calls used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as { valid(v: string): string | null; validRange(r: string): string | null; satisfies(v: string, r: string): boolean };

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const SHARED = ['cdktf', 'constructs', '@cdktf/provider-docker', '@cdktf/provider-kubernetes'];

describe('package manifest', () => {
  test.each(SHARED)('%s is a peer dependency with a range that the pinned development version satisfies', (name) => {
    expect(pkg.dependencies?.[name]).toBeUndefined();
    const range: string = pkg.peerDependencies[name];
    expect(semver.validRange(range)).not.toBeNull();
    expect(semver.valid(range)).toBeNull(); // a range, not one version
    const pinned: string = pkg.devDependencies[name];
    expect(semver.valid(pinned)).toBe(pinned); // exact in development
    expect(semver.satisfies(pinned, range)).toBe(true);
  });

  test('the tarball carries the LICENSE and no source maps', () => {
    expect(fs.existsSync(path.join(root, 'LICENSE'))).toBe(true);
    expect(pkg.files).toContain('LICENSE');
    expect(pkg.files.some((f: string) => f.endsWith('.map') || f === 'lib')).toBe(false);
    const build = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8'));
    expect(build.compilerOptions.sourceMap).toBe(false);
    expect(build.compilerOptions.declarationMap).toBe(false);
  });
});

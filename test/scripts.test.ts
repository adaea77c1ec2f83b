// Every file under scripts/ is read by a checker: `.ts` by tsc (npm test type-checks scripts/**/*.ts) and
// `.sh` by shellcheck (npm run lint:sh); anything else is data that nothing executes.
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const DATA = ['.md', '.txt', '.yaml'];

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('scripts/', () => {
  const all = files(path.join(root, 'scripts')).map((f) => path.relative(root, f));

  test.each(all)('%s is TypeScript, shell or inert data', (file) => {
    const ext = path.extname(file);
    expect(['.ts', '.sh', ...DATA]).toContain(ext);
    if (DATA.includes(ext)) {
      expect(fs.readFileSync(path.join(root, file), 'utf8').startsWith('#!')).toBe(false);
      expect(fs.statSync(path.join(root, file)).mode & 0o111).toBe(0);
    }
  });

  test('tsc and shellcheck are pointed at them', () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.include).toContain('scripts/**/*.ts');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts['lint:sh']).toMatch(/find src\/scripts scripts -name '\*\.sh' -exec shellcheck/);
    expect(pkg.scripts.test).toContain('npm run --silent lint:sh');
  });
});

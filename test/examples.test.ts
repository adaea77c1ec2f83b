import { App, Testing, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';

/** Every runnable example under examples/ synthesizes; its JSON and construct tree are pinned by snapshots. */
const examplesDir = path.join(__dirname, '..', 'examples');
const examples = fs.readdirSync(examplesDir).filter((d) => fs.existsSync(path.join(examplesDir, d, 'main.ts')));

describe.each(examples)('example %s', (name) => {
  const mod = require(path.join(examplesDir, name, 'main.ts')) as { build(app: App): TerraformStack[] };

  test('synthesizes with validations and matches its snapshot', () => {
    const app = Testing.app();
    const stacks = mod.build(app);
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) {
      const json = Testing.synth(stack, true);
      expect(json).toMatchSnapshot(stack.node.id);
    }
  });

  test('construct tree is stable (construct ids are logical ids)', () => {
    const app = Testing.app();
    mod.build(app);
    expect(Testing.renderConstructTree(app)).toMatchSnapshot();
  });
});

// The connector model's own rules, apart from any target's renderer.
import { validateAutoRestart } from '../../src/model/connector';
import { formatProblem, Problems } from '../../src/model/validation';

describe('autoRestart', () => {
  // Both targets tell a stop of the sentinel from a removal; a target that cannot must refuse restarts, since its
  // sentinel cannot hold the declared connector.
  test.each([
    [{ enabled: true }, 'autoRestart.enabled'],
    [{ maxRestarts: 3 }, 'autoRestart.maxRestarts'],
  ])('a target whose sentinel cannot reconcile refuses %j, naming the field, the reason and the fix', (input, field) => {
    const problems = new Problems('stack/cdc/orders');
    validateAutoRestart(problems, input, { reconcilesConnectors: false, targetName: 'Example' });
    expect(problems.list.map(formatProblem)).toEqual([
      `stack/cdc/orders: ${field}: the Example target does not restart a FAILED connector or task: its sentinel cannot hold the declared connector, since replacing it deletes the connector; leave autoRestart unset; restart what FAILED with POST /connectors/<name>/restart?includeTasks=true&onlyFailed=true`,
    ]);
  });

  test('a target whose sentinel reconciles takes restarts, and unset or disabled ones anywhere', () => {
    for (const [input, reconciles] of [
      [{ enabled: true, maxRestarts: 3 }, true],
      [undefined, false],
      [{ enabled: false }, false],
    ] as const) {
      const problems = new Problems('stack/cdc/orders');
      validateAutoRestart(problems, input, { reconcilesConnectors: reconciles, targetName: 'Example' });
      expect(problems.list).toEqual([]);
    }
  });
});

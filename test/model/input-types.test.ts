// The model takes its own input types, so that it imports nothing above it: each one names the fields of the public
// options it mirrors (src/*.ts, where they are documented). The checks below are at compile time (`tsc --noEmit -p .`,
// run by `npm test`): a field added to one side only makes `true` unassignable to `false`. Passing the public
// options to the model (`_clusterInput`) checks each shared field's type.
import { ConnectWorkersOptions } from '../../src/connect-workers';
import { ConnectWorkersInput } from '../../src/model/connect-worker';

/** `true` when A and B have the same field names, `false` otherwise. */
type SameFields<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;

test('the model input types name the fields of the public options they mirror', () => {
  const connect: SameFields<ConnectWorkersOptions, ConnectWorkersInput> = true;
  expect([connect]).toEqual([true]);
});

test('SameFields tells a missing field (self-test)', () => {
  const missing: SameFields<{ a?: number; b?: string }, { a?: number }> = false;
  const extra: SameFields<{ a?: number }, { a?: number; b?: string }> = false;
  expect([missing, extra]).toEqual([false, false]);
});

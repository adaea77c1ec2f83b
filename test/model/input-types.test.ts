// The model takes its own input types, so that it imports nothing above it: each one names the fields of the public
// options it mirrors (src/*.ts, where they are documented). The checks below are at compile time (`tsc --noEmit -p .`,
// run by `npm test`): a field added to one side only makes `true` unassignable to `false`. Passing the public
// options to the model (`_clusterInput`) checks each shared field's type.
import { ConnectRestTls, ConnectWorkersOptions, InternalTopicsOptions } from '../../src/connect-workers';
import { ImageOptions } from '../../src/image';
import { KafkaOptions } from '../../src/kafka';
import { KafkaTopicOptions } from '../../src/kafka-topic';
import { KRaftOptions } from '../../src/kraft';
import { HeapOptions } from '../../src/size';
import { ZooKeeperOptions } from '../../src/zookeeper';
import { MetricsOptions } from '../../src/metrics';
import { MetricsInput } from '../../src/model/metrics';
import { ConnectWorkersInput } from '../../src/model/connect-worker';
import { ImageInput } from '../../src/model/image';
import { KafkaInput } from '../../src/model/kafka';
import { KRaftInput } from '../../src/model/kraft';
import { RestTlsInput } from '../../src/model/rest-tls';
import { HeapInput } from '../../src/model/size';
import { InternalTopicsInput, KafkaTopicInput } from '../../src/model/topic';
import { ZooKeeperInput } from '../../src/model/zookeeper';

/** `true` when A and B have the same field names, `false` otherwise. */
type SameFields<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;

test('the model input types name the fields of the public options they mirror', () => {
  const same: true[] = [
    true satisfies SameFields<ConnectWorkersOptions, ConnectWorkersInput>,
    true satisfies SameFields<InternalTopicsOptions, InternalTopicsInput>,
    true satisfies SameFields<ImageOptions, ImageInput>,
    true satisfies SameFields<KafkaOptions, KafkaInput>,
    true satisfies SameFields<KRaftOptions, KRaftInput>,
    true satisfies SameFields<ZooKeeperOptions, ZooKeeperInput>,
    true satisfies SameFields<HeapOptions, HeapInput>,
    true satisfies SameFields<KafkaTopicOptions, KafkaTopicInput>,
    true satisfies SameFields<ConnectRestTls, RestTlsInput>,
    true satisfies SameFields<MetricsOptions, MetricsInput>,
  ];
  expect(same).toHaveLength(10);
});

test('SameFields tells a missing field (self-test)', () => {
  const differ: false[] = [
    false satisfies SameFields<{ a?: number; b?: string }, { a?: number }>,
    false satisfies SameFields<{ a?: number }, { a?: number; b?: string }>,
  ];
  expect(differ).toHaveLength(2);
});

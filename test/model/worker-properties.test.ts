import { envNameToProperty, propertyNameProblem, propertyToEnvName, propertyValueProblem } from '../../src/model/worker-properties';

describe('the CONNECT_* mapping of the connect-base image documentation', () => {
  test('maps a property to its variable and back', () => {
    expect(propertyToEnvName('heartbeat.interval.ms')).toBe('CONNECT_HEARTBEAT_INTERVAL_MS');
    expect(envNameToProperty('CONNECT_HEARTBEAT_INTERVAL_MS')).toBe('heartbeat.interval.ms');
  });

  test.each(['heartbeat.interval.ms', 'listeners', 'producer.compression.type', 'a1.b2'])('%s round-trips', (p) => {
    expect(propertyNameProblem(p)).toBeUndefined();
    expect(envNameToProperty(propertyToEnvName(p))).toBe(p);
  });

  test.each([
    ['', 'is empty'],
    ['Heartbeat.ms', 'upper-case'],
    ['consumer.max_poll', 'contains "_"'],
    ['a..b', 'dot-separated'],
    ['producer.client-id', 'dot-separated'],
  ])('refuses the name %j', (p, why) => {
    expect(propertyNameProblem(p)).toContain(why);
  });

  test('refuses "@" and line breaks in values', () => {
    expect(propertyValueProblem('user@host', '@')).toContain('"@"');
    expect(propertyValueProblem('a\nb', '@')).toContain('line break');
    expect(propertyValueProblem('plain', '@')).toBeUndefined();
  });
});

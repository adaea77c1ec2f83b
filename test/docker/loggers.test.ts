import { LogLevel, Target } from '../../src';
import { synthCluster } from '../util';

const synth = (level: LogLevel) =>
  JSON.parse(synthCluster({ target: Target.docker(), connect: { workers: 2, loggers: { 'io.debezium': level } } })).resource;

/** The levels holder of a component's nodes: writes their levels volume before they start (they depend on it). */
function expectHolder(r: any, component: string, levels: string, nodes: RegExp): void {
  const [key, volume] = Object.entries(r.docker_volume as Record<string, any>).find(([, v]) => v.name === `cdc-${component}-loggers`)!;
  expect(volume.driver_opts).toMatchObject({ type: 'tmpfs', o: 'size=64k,mode=0755,uid=1001,gid=1001' });
  const ref = `\${docker_volume.${key}.name}`;
  const containers = Object.entries(r.docker_container as Record<string, any>);
  const [holderKey, holder] = containers.find(([, c]) => c.name === `cdc-${component}-loggers`)!;
  expect(holder.volumes).toEqual([{ volume_name: ref, container_path: '/kafka/loggers' }]);
  expect(holder.env).toEqual([`LOGGER_LEVELS=${levels}`, 'LOGGER_LEVELS_FILE=/kafka/loggers/levels', 'TASK_KEEP_ALIVE=1']);
  expect(holder).toMatchObject({ read_only: true, wait: true, memory: 16 });
  expect(holder.entrypoint.join(' ')).toContain('mv -f "$LOGGER_LEVELS_FILE.new" "$LOGGER_LEVELS_FILE"');
  const members = containers.filter(([, c]) => nodes.test(c.name));
  expect(members.length).toBeGreaterThan(0);
  for (const [, n] of members) {
    expect(n.volumes).toContainEqual({ volume_name: ref, container_path: '/kafka/loggers', read_only: true });
    expect(n.depends_on).toContain(`docker_container.${holderKey}`);
  }
}

describe('Docker: connect.loggers', () => {
  test('a holder writes the levels volume before the workers start; they mount it read-only; the loggers task puts the levels', () => {
    const r = synth(LogLevel.DEBUG);
    expectHolder(r, 'connect', 'io.debezium=DEBUG\n', /^cdc-connect-\d$/);
    const containers = Object.values(r.docker_container) as any[];
    const task = containers.find((c) => c.name === 'cdc-loggers');
    expect(task.volumes).toBeUndefined();
    expect(task.env).toContain('LOGGER_LEVELS=io.debezium=DEBUG\n');
    expect(task.depends_on.some((d: string) => /ConnectWorkers_connect-1/.test(d))).toBe(true);
  });

  test('a change of levels changes the loggers task and the holder only: every node is rendered byte for byte as before', () => {
    const [a, b] = [synth(LogLevel.DEBUG), synth(LogLevel.TRACE)];
    const changed = Object.keys(a.docker_container).filter(
      (k) => JSON.stringify(a.docker_container[k]) !== JSON.stringify(b.docker_container[k]),
    );
    expect(changed.map((k) => a.docker_container[k].name).sort()).toEqual(['cdc-connect-loggers', 'cdc-loggers']);
    expect(JSON.stringify(a.docker_volume)).toBe(JSON.stringify(b.docker_volume));
    expect(JSON.stringify(a.docker_image)).toBe(JSON.stringify(b.docker_image));
  });
});

const synthBrokers = (level: LogLevel) =>
  JSON.parse(
    synthCluster({
      target: Target.docker(),
      kafka: { brokers: 2, loggers: { 'kafka.server.ReplicaManager': level } },
      connect: { loggers: { 'io.debezium': LogLevel.DEBUG } },
    }),
  ).resource;

describe('Docker: kafka.loggers', () => {
  test("a holder writes the brokers' levels volume before they start; the broker loggers task changes the brokers' loggers", () => {
    const r = synthBrokers(LogLevel.DEBUG);
    expectHolder(r, 'kafka', 'kafka.server.ReplicaManager=DEBUG\n', /^cdc-kafka-\d$/);
    expectHolder(r, 'connect', 'io.debezium=DEBUG\n', /^cdc-connect-\d$/);
    const containers = Object.values(r.docker_container) as any[];
    for (const b of containers.filter((c) => /^cdc-kafka-\d$/.test(c.name)))
      expect(b.entrypoint.join(' ')).toContain("-e '/^log4j\\.appender\\.stdout\\.threshold=/d'");
    const task = containers.find((c) => c.name === 'cdc-broker-loggers');
    expect(task.volumes).toBeUndefined();
    expect(task.env).toEqual(expect.arrayContaining(['LOGGER_LEVELS=kafka.server.ReplicaManager=DEBUG\n', 'BROKER_IDS=1 2']));
    expect(task.entrypoint.join(' ')).toContain('--entity-type broker-loggers');
    expect(task.depends_on.some((d: string) => /Brokers_kafka-2/.test(d))).toBe(true);
    expect(task.depends_on.some((d: string) => /ConnectWorkers/.test(d))).toBe(false);
  });

  test("a change of the brokers' levels changes the broker loggers task and the brokers' holder only", () => {
    const [a, b] = [synthBrokers(LogLevel.DEBUG), synthBrokers(LogLevel.TRACE)];
    const changed = Object.keys(a.docker_container).filter(
      (k) => JSON.stringify(a.docker_container[k]) !== JSON.stringify(b.docker_container[k]),
    );
    expect(changed.map((k) => a.docker_container[k].name).sort()).toEqual(['cdc-broker-loggers', 'cdc-kafka-loggers']);
    expect(JSON.stringify(a.docker_volume)).toBe(JSON.stringify(b.docker_volume));
  });
});

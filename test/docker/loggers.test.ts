import { LogLevel, Target } from '../../src';
import { synthCluster } from '../util';

const synth = (level: LogLevel) =>
  JSON.parse(synthCluster({ target: Target.docker(), connect: { workers: 2, loggers: { 'io.debezium': level } } })).resource;

describe('Docker: connect.loggers', () => {
  test('the workers mount the levels volume read-only; the loggers task writes it and puts the levels', () => {
    const r = synth(LogLevel.DEBUG);
    const volume = Object.entries(r.docker_volume as Record<string, any>).find(([, v]) => v.name === 'cdc-connect-loggers')!;
    expect(volume[1].driver_opts).toMatchObject({ type: 'tmpfs', o: 'size=64k,mode=0755,uid=1001,gid=1001' });
    const ref = `\${docker_volume.${volume[0]}.name}`;
    const containers = Object.values(r.docker_container) as any[];
    for (const w of containers.filter((c) => /^cdc-connect-\d$/.test(c.name)))
      expect(w.volumes).toContainEqual({ volume_name: ref, container_path: '/kafka/loggers', read_only: true });
    const task = containers.find((c) => c.name === 'cdc-loggers');
    expect(task.volumes).toContainEqual({ volume_name: ref, container_path: '/kafka/loggers' });
    expect(task.env).toEqual(expect.arrayContaining(['LOGGER_LEVELS=io.debezium=DEBUG\n', 'LOGGER_LEVELS_FILE=/kafka/loggers/levels']));
    expect(task.depends_on.some((d: string) => /ConnectWorkers_connect-1/.test(d))).toBe(true);
  });

  test('a change of levels changes the loggers task only: every node is rendered byte for byte as before', () => {
    const [a, b] = [synth(LogLevel.DEBUG), synth(LogLevel.TRACE)];
    const changed = Object.keys(a.docker_container).filter(
      (k) => JSON.stringify(a.docker_container[k]) !== JSON.stringify(b.docker_container[k]),
    );
    expect(changed.map((k) => a.docker_container[k].name)).toEqual(['cdc-loggers']);
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
  test("the brokers mount their own levels volume read-only; the broker loggers task writes it and changes the brokers' loggers", () => {
    const r = synthBrokers(LogLevel.DEBUG);
    const volumes = Object.entries(r.docker_volume as Record<string, any>);
    const [key, volume] = volumes.find(([, v]) => v.name === 'cdc-kafka-loggers')!;
    expect(volume.driver_opts).toMatchObject({ type: 'tmpfs', o: 'size=64k,mode=0755,uid=1001,gid=1001' });
    const ref = `\${docker_volume.${key}.name}`;
    const workersRef = `\${docker_volume.${volumes.find(([, v]) => v.name === 'cdc-connect-loggers')![0]}.name}`;
    const containers = Object.values(r.docker_container) as any[];
    const brokers = containers.filter((c) => /^cdc-kafka-\d$/.test(c.name));
    expect(brokers).toHaveLength(2);
    for (const b of brokers) {
      expect(b.volumes).toContainEqual({ volume_name: ref, container_path: '/kafka/loggers', read_only: true });
      expect(b.entrypoint.join(' ')).toContain("-e '/^log4j\\.appender\\.stdout\\.threshold=/d'");
    }
    for (const w of containers.filter((c) => /^cdc-connect-\d$/.test(c.name)))
      expect(w.volumes).toContainEqual({ volume_name: workersRef, container_path: '/kafka/loggers', read_only: true });
    const task = containers.find((c) => c.name === 'cdc-broker-loggers');
    expect(task.volumes).toEqual([{ volume_name: ref, container_path: '/kafka/loggers' }]);
    expect(task.env).toEqual(
      expect.arrayContaining([
        'LOGGER_LEVELS=kafka.server.ReplicaManager=DEBUG\n',
        'LOGGER_LEVELS_FILE=/kafka/loggers/levels',
        'BROKER_IDS=1 2',
      ]),
    );
    expect(task.entrypoint.join(' ')).toContain('--entity-type broker-loggers');
    expect(task.depends_on.some((d: string) => /Brokers_kafka-2/.test(d))).toBe(true);
    expect(task.depends_on.some((d: string) => /ConnectWorkers/.test(d))).toBe(false);
  });

  test("a change of the brokers' levels changes the broker loggers task only", () => {
    const [a, b] = [synthBrokers(LogLevel.DEBUG), synthBrokers(LogLevel.TRACE)];
    const changed = Object.keys(a.docker_container).filter(
      (k) => JSON.stringify(a.docker_container[k]) !== JSON.stringify(b.docker_container[k]),
    );
    expect(changed.map((k) => a.docker_container[k].name)).toEqual(['cdc-broker-loggers']);
    expect(JSON.stringify(a.docker_volume)).toBe(JSON.stringify(b.docker_volume));
  });
});

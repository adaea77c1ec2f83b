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

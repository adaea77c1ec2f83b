import { Problems, ValidationProblem } from './validation';

/** The option blocks of a cluster's props, as an untyped caller may give them. */
export interface ClusterBlocks {
  readonly zookeeper?: unknown;
  readonly kafka?: unknown;
  readonly kraft?: unknown;
  readonly connect?: unknown;
  readonly images?: unknown;
  readonly plugins?: unknown;
}

/**
 * Props of the wrong shape, as untyped callers (JavaScript, config files) can pass them: a block or a map that is
 * not an object, a size that is not a `Size`, a list that is not a list. Checked before anything reads them, so
 * that each is a problem naming its field instead of a TypeError. `isSize` tells a public `Size` (the constructs'
 * class).
 */
export function inputShapeProblems(constructPath: string, props: ClusterBlocks, isSize: (value: unknown) => boolean): ValidationProblem[] {
  const problems = new Problems(constructPath);
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const blocks = {
    zookeeper: props.zookeeper,
    kafka: props.kafka,
    kraft: props.kraft,
    connect: props.connect,
    images: props.images,
    plugins: props.plugins,
  };
  for (const [block, value] of Object.entries(blocks)) {
    if (value === undefined) continue;
    if (!isObject(value)) {
      problems.add(block, `${JSON.stringify(value)} is not an object`, `give ${block} as an object of its options, e.g. ${block}: {}`);
      continue;
    }
    const options = value as Record<string, unknown>;
    for (const field of ['memoryLimit', 'storageSize']) {
      if (options[field] !== undefined && !isSize(options[field])) {
        problems.add(`${block}.${field}`, `${JSON.stringify(options[field])} is not a Size`, 'use Size.mebibytes(n) or Size.gibibytes(n)');
      }
    }
    const heap = options.heap as Record<string, unknown> | undefined;
    if (heap !== undefined && !isObject(heap)) {
      problems.add(`${block}.heap`, `${JSON.stringify(heap)} is not an object`, 'give heap as { maximum: Size.gibibytes(1) }');
    } else if (heap !== undefined) {
      for (const field of ['maximum', 'initial']) {
        if ((heap[field] !== undefined || field === 'maximum') && !isSize(heap[field])) {
          problems.add(
            `${block}.heap.${field}`,
            `${JSON.stringify(heap[field]) ?? 'undefined'} is not a Size`,
            'use Size.mebibytes(n) or Size.gibibytes(n)',
          );
        }
      }
    }
    for (const field of ['brokerProperties', 'controllerProperties', 'workerProperties', 'workerSecrets']) {
      if (options[field] !== undefined && !isObject(options[field])) {
        problems.add(
          `${block}.${field}`,
          `${JSON.stringify(options[field])} is not a map`,
          `give ${block}.${field} as { "property.name": value }`,
        );
      }
    }
    if (options.secretFiles !== undefined && !Array.isArray(options.secretFiles)) {
      problems.add(`${block}.secretFiles`, `${JSON.stringify(options.secretFiles)} is not a list`, 'give a list of { mountPath, files }');
    }
  }
  return problems.list;
}

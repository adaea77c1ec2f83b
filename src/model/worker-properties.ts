import { isPlainCredential } from './secret-ref';
import type { Problems } from './validation';

/**
 * The mapping between `CONNECT_*` environment variables and worker properties that the Debezium connect-base
 * image documentation gives: drop the prefix, lowercase, `_` → `.`. The library writes the inverse, so only names that survive the round trip are accepted.
 */
export const CONNECT_ENV_PREFIX = 'CONNECT_';

const ROUND_TRIP_NAME = /^[a-z0-9]+(\.[a-z0-9]+)*$/;

/** `heartbeat.interval.ms` → `CONNECT_HEARTBEAT_INTERVAL_MS` */
export function propertyToEnvName(property: string, prefix: string = CONNECT_ENV_PREFIX): string {
  return prefix + property.toUpperCase().replace(/\./g, '_');
}

/** `CONNECT_HEARTBEAT_INTERVAL_MS` → `heartbeat.interval.ms` (what the image does). */
export function envNameToProperty(envName: string, prefix: string = CONNECT_ENV_PREFIX): string {
  return envName.slice(prefix.length).toLowerCase().replace(/_/g, '.');
}

/** Returns why a property name cannot be carried by an environment variable, or undefined. */
export function propertyNameProblem(property: string): string | undefined {
  if (property.length === 0) return 'is empty';
  if (ROUND_TRIP_NAME.test(property)) return undefined;
  if (/[A-Z]/.test(property)) return `"${property}" contains upper-case letters, which the image lowercases`;
  if (property.includes('_')) return `"${property}" contains "_", which the image turns into "."`;
  return `"${property}" is not dot-separated lowercase words (letters and digits only)`;
}

/**
 * Returns why a value cannot be carried by a `CONNECT_*`/`KAFKA_*` variable, or undefined.
 * The image edits its properties file with `sed`, using `delimiter` as the separator; a newline ends the edit.
 */
export function propertyValueProblem(value: string, delimiter: string): string | undefined {
  if (value.includes(delimiter)) return `contains "${delimiter}", which the image's entrypoint cannot write (it is the sed delimiter)`;
  if (/[\r\n]/.test(value)) return "contains a line break, which the image's entrypoint cannot write";
  return undefined;
}

/** How a block of properties passed through to an image as `<prefix>*` variables is checked. */
export interface PassThroughRules {
  /** The prop the properties are given in, e.g. "kafka.brokerProperties". */
  readonly block: string;
  /** The variables' prefix: "KAFKA_", "CONNECT_". */
  readonly envPrefix: string;
  /** Why a property cannot be used under the cluster's coordination mode; reported instead of ownership. */
  readonly modeProblem?: (property: string) => { message: string; fix: string } | undefined;
  /** The fix for a property the library sets itself; undefined when it does not. */
  readonly ownedFix: (property: string) => string | undefined;
  /**
   * The image's sed delimiter: a value containing it is refused here. Undefined when values are checked on the
   * rendered variables instead (the workers').
   */
  readonly sedDelimiter?: string;
  /** The fix for a credential given as a plain value (`sasl.jaas.config`, `ssl.keystore.password`, …). */
  readonly credentialFix: (property: string) => string;
}

/**
 * The one check of pass-through properties (brokers', controllers', workers'): each name must survive the
 * image's variable mapping, fit the coordination mode, not be one the library sets, and have a string value the
 * image can write and that is not a credential in plain text. `more` adds a block's own rules for each property.
 */
export function checkPassThroughProperties(
  problems: Problems,
  properties: { readonly [property: string]: unknown } | undefined,
  rules: PassThroughRules,
  more?: (field: string, property: string, value: unknown) => void,
): void {
  for (const [property, value] of Object.entries(properties ?? {})) {
    const field = `${rules.block}["${property}"]`;
    checkPassThroughName(problems, property, rules);
    if (typeof value !== 'string') problems.add(field, `value ${JSON.stringify(value)} is not a string`, 'pass property values as strings');
    else if (isPlainCredential(property, value)) {
      problems.add(
        field,
        `"${property}" looks like a credential given as plain text, which would be written into the synthesized JSON, the environment and the container log`,
        rules.credentialFix(property),
      );
    } else if (rules.sedDelimiter !== undefined) {
      const valueProblem = propertyValueProblem(value, rules.sedDelimiter);
      if (valueProblem) problems.add(field, `value ${valueProblem}`, 'remove that character from the value');
    }
    more?.(field, property, value);
  }
}

/** The name half of `checkPassThroughProperties`, for blocks whose values are not plain strings (secrets). */
export function checkPassThroughName(problems: Problems, property: string, rules: PassThroughRules): void {
  const field = `${rules.block}["${property}"]`;
  const nameProblem = propertyNameProblem(property);
  if (nameProblem) {
    problems.add(
      field,
      `property name ${nameProblem}`,
      `the image maps ${rules.envPrefix}* names by lowercasing and turning "_" into ".", so only lowercase dot-separated names round-trip`,
    );
  }
  const wrongMode = rules.modeProblem?.(property);
  const ownedFix = rules.ownedFix(property);
  if (wrongMode) problems.add(field, wrongMode.message, wrongMode.fix);
  else if (ownedFix) problems.add(field, `"${property}" is set by the library`, ownedFix);
}

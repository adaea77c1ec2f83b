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

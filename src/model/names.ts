/** Naming rules of the systems the library writes names into, one copy each. */

/** A fully qualified Java class name (`io.debezium.connector.postgresql.PostgresConnector`): a package is required. */
export const JAVA_CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/;

/** A Java package or class name, one segment or more (`io`, `io.debezium`): what a logger is named by. */
export const JAVA_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** A DNS-1123 subdomain (Kubernetes object names, label prefixes): dot-separated lowercase labels. */
export const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The labels both targets put on what they create (Docker labels, Kubernetes labels): the recommended
 * `app.kubernetes.io/*` keys (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/)
 * and the one value that says this library manages the object.
 */
export const RECOMMENDED_LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** `app.kubernetes.io/managed-by` on every object of both targets. */
export const MANAGED_BY = 'cdktf-debezium-connect';

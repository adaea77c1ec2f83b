import { Lazy } from 'cdktf';
import { Deferred } from '../model/tasks';

/** A model value as the renderers write it: a `Deferred` becomes a cdktf token, resolved at synthesis. */
export function deferredString(value: string | Deferred): string {
  return value instanceof Deferred ? Lazy.stringValue({ produce: value.produce }) : value;
}

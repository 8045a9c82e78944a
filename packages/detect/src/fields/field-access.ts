// Field name → accessor for a rule's logsource: keywatch rules read the normalized event; vendor
// rules read the original record, falling back to the equivalent native field when the event
// has no parsable record (vendor-fallback.ts).
import type { Accessor } from './field-doc.ts';
import { nativeAccessor, walkPath } from './field-doc.ts';
import type { Route } from './logsource-route.ts';
import { fallbackPath } from './vendor-fallback.ts';

export function accessorFactory(route: Route): (field: string) => Accessor {
  const cache = new Map<string, Accessor>();
  return (field) => {
    let a = cache.get(field);
    if (!a) {
      a = route.format === 'native' ? nativeAccessor(field) : vendorAccessor(route, field);
      cache.set(field, a);
    }
    return a;
  };
}

function vendorAccessor(route: Route, field: string): Accessor {
  const segs = field.split('.');
  const path = fallbackPath(route.kinds, route.format, field);
  const native = path === undefined ? undefined : nativeAccessor(path);
  return (d) => (d.record !== undefined ? walkPath(d.record, segs) : native?.(d));
}

// Looks principals up in a caller-supplied RoleMap: exact keys first, then `prefix*` keys,
// longest prefix wins, so `arn:aws:iam::1111:role/kms-admin-*` can cover a family of roles.
import type { KmsRole } from '@keywatch/protocol';
import type { RoleMap } from './record-types.ts';

export function lookupRoles(map: RoleMap | undefined, ...principals: (string | undefined)[]) {
  const out = new Set<KmsRole>();
  if (!map) return out;
  for (const p of principals) {
    if (p === undefined || p === '') continue;
    const exact = map[p];
    if (exact) {
      for (const r of exact) out.add(r);
      continue;
    }
    let best = '';
    for (const key of Object.keys(map)) {
      if (key.endsWith('*') && p.startsWith(key.slice(0, -1)) && key.length > best.length) {
        best = key;
      }
    }
    for (const r of map[best] ?? []) out.add(r);
  }
  return out;
}

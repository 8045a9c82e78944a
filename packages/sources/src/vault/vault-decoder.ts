// Joins Vault audit request and response entries by request.id and emits on the response
// (research note §1: "pair request/response by request.id"). A request whose response never
// comes is emitted alone, outcome unknown (or failure when it carries an error), at flush or
// when more than `maxPending` requests wait. KMIP entries have no id: a kmip-response embeds its
// request, so they pair on the request's content.
import type { BuildContext } from '../core/event-builder.ts';
import { at, obj, str, type Json } from '../core/field-access.ts';
import { emitJson } from '../core/json-emit.ts';
import type { RecordSink } from '../core/json-decoder.ts';
import { quarantine } from '../core/quarantine.ts';
import type { NormalizedRecord, RoleMap } from '../core/record-types.ts';
import { sha256Hex } from '../redact/secret-hash.ts';
import { DEFAULT_POLICY_ROLES, VAULT_TYPES, vaultDraft } from './vault-event.ts';
import { vaultRules } from './vault-redaction.ts';

interface Pending {
  rec: Json;
  raw: string;
}

export function vaultSink(ctx: BuildContext, callerRoles?: RoleMap, maxPending = 1000): RecordSink {
  const policyRoles: RoleMap = { ...DEFAULT_POLICY_ROLES, ...callerRoles };
  const pending = new Map<string, Pending>();

  const emit = (rec: Json, raw: string, requestTime?: string): NormalizedRecord[] => {
    const path = str(rec, 'request', 'path') ?? '';
    return emitJson(rec, raw, vaultRules(path), ctx, (r) => {
      const d = vaultDraft(r, policyRoles, requestTime);
      const id = str(rec, 'request', 'id');
      d.vendorId = id === undefined ? undefined : `${id}:${String(rec['type'])}`;
      return d;
    });
  };

  const pairKey = (rec: Json): string | undefined => {
    if (String(rec['type']).startsWith('kmip-'))
      return `kmip:${sha256Hex(JSON.stringify(rec['request']))}`;
    return str(rec, 'request', 'id');
  };

  return {
    accept(rec, raw) {
      const type = rec['type'];
      if (typeof type !== 'string' || !VAULT_TYPES.has(type) || !obj(rec['request'])) {
        return quarantine(
          'not_from_source',
          'not a Vault audit entry: needs type request|response|kmip-request|kmip-response and a request object',
          raw,
          ctx,
          typeof type === 'string' ? 'request' : 'type',
        );
      }
      const key = pairKey(rec);
      if (type === 'request' || type === 'kmip-request') {
        if (key === undefined) return emit(rec, raw);
        const out: NormalizedRecord[] = [];
        const previous = pending.get(key);
        if (previous) out.push(...emit(previous.rec, previous.raw));
        pending.delete(key);
        pending.set(key, { rec, raw });
        if (pending.size > maxPending) {
          const [oldKey, oldest] = pending.entries().next().value as [string, Pending];
          pending.delete(oldKey);
          out.push(...emit(oldest.rec, oldest.raw));
        }
        return out;
      }
      const req = key === undefined ? undefined : pending.get(key);
      if (key !== undefined) pending.delete(key);
      const t = req ? at(req.rec, 'time') : undefined;
      return emit(rec, raw, typeof t === 'string' ? t : undefined);
    },
    flush() {
      const out: NormalizedRecord[] = [];
      for (const p of pending.values()) out.push(...emit(p.rec, p.raw));
      pending.clear();
      return out;
    },
  };
}

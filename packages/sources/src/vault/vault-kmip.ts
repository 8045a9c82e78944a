// Vault Enterprise KMIP audit entries carry the TTLV message as JSON ({tag,type,value}). The
// operation codes are KMIP 1.4 §9.1.3.2.27 (0x01-0x2B) and KMIP 2.0 §11.39 (0x2C-0x35); result
// status is §9.1.3.2.28 (0 Success, 1 Operation Failed, 2 Operation Pending, 3 Operation Undone).
import type { ActionType, Outcome } from '@keywatch/protocol';
import { obj } from '../core/field-access.ts';

const OPS: Record<number, [string, ActionType, boolean]> = {
  0x01: ['Create', 'key.create', false],
  0x02: ['Create Key Pair', 'key.create', false],
  0x03: ['Register', 'key.import', false],
  0x04: ['Re-key', 'key.rotate', true],
  0x05: ['Derive Key', 'crypto.derive', true],
  0x06: ['Certify', 'cert.issue', true],
  0x07: ['Re-certify', 'cert.issue', true],
  0x08: ['Locate', 'key.read', false],
  0x09: ['Check', 'key.read', true],
  0x0a: ['Get', 'key.export', true],
  0x0b: ['Get Attributes', 'key.read', true],
  0x0c: ['Get Attribute List', 'key.read', true],
  0x0d: ['Add Attribute', 'key.update', true],
  0x0e: ['Modify Attribute', 'key.update', true],
  0x0f: ['Delete Attribute', 'key.update', true],
  0x10: ['Obtain Lease', 'other.unmapped', true],
  0x11: ['Get Usage Allocation', 'other.unmapped', true],
  0x12: ['Activate', 'key.enable', true],
  0x13: ['Revoke', 'key.disable', true],
  0x14: ['Destroy', 'key.destroy', true],
  0x15: ['Archive', 'other.unmapped', true],
  0x16: ['Recover', 'key.recover', true],
  0x17: ['Validate', 'other.unmapped', false],
  0x18: ['Query', 'other.unmapped', false],
  0x19: ['Cancel', 'other.unmapped', false],
  0x1a: ['Poll', 'other.unmapped', false],
  0x1b: ['Notify', 'other.unmapped', false],
  0x1c: ['Put', 'key.import', false],
  0x1d: ['Re-key Key Pair', 'key.rotate', true],
  0x1e: ['Discover Versions', 'other.unmapped', false],
  0x1f: ['Encrypt', 'crypto.encrypt', true],
  0x20: ['Decrypt', 'crypto.decrypt', true],
  0x21: ['Sign', 'crypto.sign', true],
  0x22: ['Signature Verify', 'crypto.verify', true],
  0x23: ['MAC', 'crypto.mac', true],
  0x24: ['MAC Verify', 'crypto.mac', true],
  0x25: ['RNG Retrieve', 'crypto.random', false],
  0x26: ['RNG Seed', 'other.unmapped', false],
  0x27: ['Hash', 'crypto.hash', false],
  0x28: ['Create Split Key', 'key.create', false],
  0x29: ['Join Split Key', 'key.create', false],
  0x2a: ['Import', 'key.import', false],
  0x2b: ['Export', 'key.export', true],
  0x2c: ['Log', 'other.unmapped', false],
  0x2d: ['Login', 'auth.login', false],
  0x2e: ['Logout', 'auth.logout', false],
  0x2f: ['Delegated Login', 'auth.login', false],
  0x30: ['Adjust Attribute', 'key.update', true],
  0x31: ['Set Attribute', 'key.update', true],
  0x32: ['Set Endpoint Role', 'system.config_change', false],
  0x33: ['PKCS#11', 'other.unmapped', false],
  0x34: ['Interop', 'other.unmapped', false],
  0x35: ['Re-Provision', 'other.unmapped', false],
};

export interface KmipFacts {
  operation?: string;
  type: ActionType;
  keyBearing: boolean;
  outcome?: Outcome;
  uniqueId?: string;
  resultReason?: string;
  batchCount: number;
}

/** Depth-first search of a TTLV JSON tree for the first node with `tag`. */
function find(node: unknown, tag: string, depth = 0): Record<string, unknown> | undefined {
  if (depth > 32) return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const r = find(n, tag, depth + 1);
      if (r) return r;
    }
    return undefined;
  }
  const o = obj(node);
  if (!o) return undefined;
  if (o['tag'] === tag) return o;
  return find(o['value'], tag, depth + 1);
}

function code(node: Record<string, unknown> | undefined): number | undefined {
  const v = node?.['value'];
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !/^(0x)?[0-9a-f]{1,8}$/i.test(v)) return undefined;
  return parseInt(v, 16);
}

export function kmipFacts(request: unknown, response: unknown): KmipFacts {
  const opNode = find(request, 'Operation') ?? find(response, 'Operation');
  const op = code(opNode);
  const entry = op === undefined ? undefined : OPS[op];
  const hex = op === undefined ? undefined : `0x${op.toString(16).padStart(8, '0')}`;
  const facts: KmipFacts = {
    type: entry?.[1] ?? 'other.unmapped',
    keyBearing: entry?.[2] ?? false,
    batchCount: code(find(request, 'BatchCount')) ?? 1,
  };
  if (hex !== undefined) facts.operation = `KMIP ${entry?.[0] ?? 'Unknown'} (${hex})`;
  const status = code(find(response, 'ResultStatus'));
  if (status !== undefined)
    facts.outcome = status === 0 ? 'success' : status === 2 ? 'unknown' : 'failure';
  const reason = code(find(response, 'ResultReason'));
  if (reason !== undefined) facts.resultReason = `0x${reason.toString(16).padStart(8, '0')}`;
  const uid = find(request, 'UniqueIdentifier') ?? find(response, 'UniqueIdentifier');
  if (typeof uid?.['value'] === 'string' && uid['value'] !== '') facts.uniqueId = uid['value'];
  return facts;
}

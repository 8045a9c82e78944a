// Finds the secrets engine behind a Vault request path and applies its rule table. The mount is
// `request.mount_point` when the record has it (Vault ≥ 1.14), else the first path segment;
// the engine is `request.mount_type` (Vault audit schema), else guessed from the mount name.
import type { ActionType } from '@keywatch/protocol';
import { ENGINE_RULES } from './vault-paths.ts';

export interface VaultClass {
  type: ActionType;
  target?: { type: string; id: string; name?: string };
  keyBearing: boolean;
}

const KV2_REL = /^(?:data|metadata|delete|undelete|destroy|subkeys|config)(?:\/|$)/;
const ALIASES: Record<string, string> = {
  secret: 'kv',
  generic: 'kv',
  cubbyhole: 'kv',
  sys: 'system',
  ns_system: 'system',
  token: 'auth',
};

function locate(path: string, mountType?: string, mountPoint?: string) {
  for (const [prefix, engine] of [
    ['sys/', 'system'],
    ['auth/', 'auth'],
    ['identity/', 'identity'],
  ] as const) {
    if (path.startsWith(prefix)) return { engine, mount: prefix, rel: path.slice(prefix.length) };
  }
  const slash = path.indexOf('/');
  const mount =
    mountPoint && path.startsWith(mountPoint)
      ? mountPoint
      : slash < 0
        ? `${path}/`
        : path.slice(0, slash + 1);
  const rel = path.slice(mount.length);
  let engine = mountType ?? mount.slice(0, -1);
  engine = ALIASES[engine] ?? engine;
  if (engine === 'kv' && KV2_REL.test(rel) && !mount.startsWith('cubbyhole')) engine = 'kv2';
  return { engine, mount, rel };
}

function opKey(operation: string): 'read' | 'create' | 'write' | 'delete' | 'list' | undefined {
  if (operation === 'create') return 'create';
  if (operation === 'update' || operation === 'patch') return 'write';
  if (operation === 'read' || operation === 'delete' || operation === 'list') return operation;
  return undefined;
}

export function classifyVault(
  path: string,
  operation: string,
  mountType?: string,
  mountPoint?: string,
): VaultClass {
  const other: VaultClass = { type: 'other.unmapped', keyBearing: false };
  const key = opKey(operation);
  if (key === undefined) return other;
  const { engine, mount, rel } = locate(path, mountType, mountPoint);
  for (const rule of ENGINE_RULES[engine] ?? []) {
    const m = rule.re.exec(rel);
    if (!m) continue;
    const type = rule.ops[key] ?? (key === 'create' ? rule.ops.write : undefined);
    if (type === undefined) return other;
    const out: VaultClass = { type, keyBearing: rule.key === true };
    const t = rule.target;
    if (t && t.group === 0) {
      out.target = {
        type: t.type,
        id: engine === 'system' ? `vault:${t.prefix ?? ''}` : `${mount}${t.prefix ?? ''}`,
      };
    } else if (t && m[t.group] !== undefined) {
      const name = m[t.group]!;
      const id = t.prefix === undefined ? path : `${mount}${t.prefix}${name}`;
      out.target = { type: t.type, id, name };
    }
    return out;
  }
  return other;
}

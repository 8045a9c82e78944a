// The records of one auditd event (same msg=audit(time:serial)) → event draft. Identity is the
// login uid `auid` (it survives su and sudo), else `uid`; for logins the account is `acct`
// (research note §1, auditd row). uid or euid 0 means the process ran as root.
import type { ActionType, KmsRole } from '@keywatch/protocol';
import type { EventDraft } from '../core/event-builder.ts';
import { fromEpoch } from '../core/event-time.ts';
import { lookupRoles } from '../core/role-map.ts';
import type { RoleMap } from '../core/record-types.ts';
import type { AuditdRecord } from './auditd-record.ts';
import { AUDITD_TYPES, AUXILIARY } from './auditd-types.ts';

const UNSET = new Set(['4294967295', '-1', '?', '', 'unset']);
const set = (v: string | undefined) => (v === undefined || UNSET.has(v) ? undefined : v);

function field(records: readonly AuditdRecord[], name: string): string | undefined {
  for (const r of records) {
    const v = r.fields.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

function outcomeOf(records: readonly AuditdRecord[]) {
  const v = field(records, 'success') ?? field(records, 'res');
  if (v === undefined) return undefined;
  if (/^(?:yes|success|1)/i.test(v)) return 'success' as const;
  if (/^(?:no|fail|0)/i.test(v)) return 'failure' as const;
  return 'unknown' as const;
}

function primary(records: readonly AuditdRecord[]): AuditdRecord {
  return (
    records.find((r) => AUDITD_TYPES[r.type] && r.type !== 'EXECVE') ??
    records.find((r) => !AUXILIARY.has(r.type)) ??
    records[0]!
  );
}

function actionType(records: readonly AuditdRecord[], main: AuditdRecord): ActionType {
  const mapped = AUDITD_TYPES[main.type];
  if (mapped) return mapped;
  if (records.some((r) => r.type === 'EXECVE')) return 'host.exec';
  const key = set(field(records, 'key'));
  if (main.type === 'SYSCALL' && key && key !== '(null)' && records.some((r) => r.type === 'PATH'))
    return 'file.access';
  return 'other.unmapped';
}

export function auditdDraft(
  records: readonly AuditdRecord[],
  host: string | undefined,
  map: RoleMap | undefined,
): EventDraft {
  const main = primary(records);
  const type = actionType(records, main);
  const enriched = new Map(records.flatMap((r) => [...r.enriched]));
  const auid = set(field(records, 'auid'));
  const uid = set(field(records, 'uid'));
  const acct = set(field(records, 'acct'));
  const login = type === 'auth.login' || type === 'auth.logout';
  const roles = lookupRoles(map, auid, enriched.get('AUID'));
  if (uid === '0' || field(records, 'euid') === '0') roles.add('root' satisfies KmsRole);
  const paths = records
    .filter((r) => r.type === 'PATH')
    .map((r) => r.fields.get('name'))
    .filter((n): n is string => !!n);
  const execve = records.find((r) => r.type === 'EXECVE');
  const argv = execve
    ? [...execve.fields].filter(([k]) => /^a\d+$/.test(k)).map(([, v]) => v)
    : undefined;
  const exe = set(field(records, 'exe'));
  const cmd = set(field(records, 'cmd'));
  const node = records.find((r) => r.node)?.node;
  const userId = set(field(records, 'id')) ?? enriched.get('ID');
  let target: EventDraft['target'];
  if (type === 'file.access' && paths[0]) target = { type: 'file', id: paths[0] };
  else if (type === 'host.exec') target = { type: 'process', id: exe ?? cmd ?? argv?.[0] };
  else if (type.startsWith('user.') || type.startsWith('role.'))
    target = {
      type: main.type.includes('GROUP') || main.type.startsWith('GRP') ? 'group' : 'user',
      id: acct ?? userId,
      name: enriched.get('ID') ?? acct,
    };
  else if (type.startsWith('audit.')) target = { type: 'audit_daemon', id: 'auditd' };
  return {
    vendorId: `${node ?? host ?? ''}:${main.secs}.${main.msec}:${main.serial}`,
    time: fromEpoch(main.secs, main.msec),
    type,
    operation: main.type,
    outcome: outcomeOf(records),
    actor: {
      id: login ? (acct ?? auid ?? uid) : (auid ?? uid),
      name: login ? (acct ?? enriched.get('AUID')) : enriched.get('AUID'),
      roles,
      type: 'unix_user',
      ip: set(field(records, 'addr')),
      session: set(field(records, 'ses')),
    },
    target,
    source: { host: node ?? host },
    detail: {
      record_types: records.map((r) => r.type),
      serial: Number(main.serial),
      key: set(field(records, 'key')) === '(null)' ? undefined : set(field(records, 'key')),
      auid,
      uid,
      euid: field(records, 'euid'),
      acct,
      op: field(records, 'op'),
      exe,
      comm: field(records, 'comm'),
      cmd,
      argv,
      paths: paths.length > 0 ? paths : undefined,
      cwd: field(records, 'cwd'),
      syscall: field(records, 'syscall'),
      exit: field(records, 'exit'),
      pid: field(records, 'pid'),
      terminal: set(field(records, 'terminal')),
      hostname: set(field(records, 'hostname')),
      res: field(records, 'res') ?? field(records, 'success'),
      enriched: enriched.size > 0 ? Object.fromEntries(enriched) : undefined,
    },
  };
}

// Who changed it: joins changed paths with auditd records (SYSCALL + CWD + PATH lines sharing one
// msg=audit(time:serial) id) from a readable audit log, e.g. with a rule `-w /etc/kms -p wa -k
// kms_fim`. Reads only the log's tail. Where the log is unreadable the module says so in health().
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';

export interface AuditActor {
  auditId: string;
  time: string;
  auid?: number;
  uid?: number;
  pid?: number;
  exe?: string;
  comm?: string;
  key?: string;
}

interface Pending {
  fields: Record<string, string>;
  cwd?: string;
  names: string[];
}

const TAIL_BYTES = 8 * 1024 * 1024;
const FIELD = /(\w+)=("[^"]*"|\S+)/g;

/** Fields that auditd writes as bare hex when they hold spaces or odd bytes. */
const HEX_FIELDS = new Set(['name', 'cwd', 'exe', 'comm', 'proctitle']);

function value(key: string, raw: string): string {
  if (raw.startsWith('"')) return raw.slice(1, -1);
  if (HEX_FIELDS.has(key) && /^[0-9A-F]+$/.test(raw) && raw.length % 2 === 0)
    return Buffer.from(raw, 'hex').toString('utf8');
  return raw;
}

function readTail(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    closeSync(fd);
  }
}

export class AuditJoiner {
  available = false;
  reason = 'not read yet';

  constructor(private readonly opts: { logPath: string; windowSec: number }) {}

  /** The latest audit record within the window that names each path. */
  lookup(paths: readonly string[], now = Date.now()): Map<string, AuditActor> {
    const out = new Map<string, AuditActor>();
    const text = readTail(this.opts.logPath);
    this.available = text !== undefined;
    this.reason = this.available
      ? 'ok'
      : `${this.opts.logPath} is not readable (is auditd running?)`;
    if (text === undefined || paths.length === 0) return out;
    const wanted = new Set(paths);
    const since = now / 1000 - this.opts.windowSec;
    const events = new Map<string, Pending>();
    for (const line of text.split('\n')) {
      const m = /^type=(\w+) msg=audit\((\d+\.\d+):(\d+)\):(.*)$/.exec(line);
      if (!m || Number(m[2]) < since) continue;
      const id = `${m[2]}:${m[3]}`;
      const ev = events.get(id) ?? { fields: {}, names: [] };
      events.set(id, ev);
      const fields: Record<string, string> = {};
      for (const f of m[4]!.matchAll(FIELD)) fields[f[1]!] = value(f[1]!, f[2]!);
      if (m[1] === 'SYSCALL') ev.fields = fields;
      else if (m[1] === 'CWD' && fields['cwd']) ev.cwd = fields['cwd'];
      else if (m[1] === 'PATH' && fields['name'] && fields['nametype'] !== 'PARENT')
        ev.names.push(fields['name']);
    }
    for (const [id, ev] of events) {
      for (const name of ev.names) {
        const path = isAbsolute(name) ? normalize(name) : join(ev.cwd ?? '/', name);
        if (!wanted.has(path)) continue;
        const f = ev.fields;
        const num = (k: string): number | undefined =>
          f[k] === undefined ? undefined : Number(f[k]);
        const actor: AuditActor = {
          auditId: id,
          time: new Date(Number(id.split(':')[0]) * 1000).toISOString(),
        };
        for (const k of ['auid', 'uid', 'pid'] as const)
          if (num(k) !== undefined) actor[k] = num(k)!;
        for (const k of ['exe', 'comm', 'key'] as const) if (f[k] !== undefined) actor[k] = f[k];
        out.set(path, actor); // later records overwrite earlier ones: the latest wins
      }
    }
    return out;
  }
}

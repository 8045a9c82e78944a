// The FIM section of an agent policy (or the standalone command's options), validated and with
// every default filled in, so the scanner never guesses.
import { isAbsolute, resolve } from 'node:path';
import { ATTRIBUTE_NAMES, type AttributeName } from './file-record.ts';
import { FimError } from './fim-error.ts';

export interface PathRule {
  /** A file, a directory, or a glob such as `/etc/ssl/**\/*.pem`. */
  path: string;
  /** true: the whole tree; a number: that many directory levels below the root; false: the root only. */
  recursive: boolean | number;
  exclude: string[];
}

export interface FimPolicy {
  paths: PathRule[];
  /** Globs excluded under every path (a matching directory is not descended). */
  exclude: string[];
  /** The attributes compared; the scanner records them all. */
  attributes: AttributeName[];
  /** Files larger than this are recorded with hashState `not_hashed_size_cap`. */
  maxFileSize: number;
  /** Follow a root that is a symlink (usrmerge `/bin` → `usr/bin`); otherwise report it. */
  followSymlinkRoots: boolean;
  /** Seconds between full scans; 0: no schedule (real-time triggers and scanNow only). */
  scanIntervalSec: number;
  /** Every this often the rescan re-hashes every file even when the quick check matches. */
  fullRehashIntervalSec: number;
  throttle: { bytesPerSec: number; cpuPercent: number };
  /** Files at or above which a scan also raises `fim.pervasive_change`. */
  pervasiveThreshold: number;
  realtime: boolean;
  /** Pending real-time triggers above which the batch is dropped for a full rescan. */
  realtimeQueueMax: number;
  /** Allow-listed small text files whose changes carry a redacted diff. */
  diff: { paths: string[]; maxBytes: number };
  dpkg: { enabled: boolean; infoDir: string; logPath: string; windowSec: number };
  /** Who-data: join changes with auditd records from this log (when readable). */
  audit: { enabled: boolean; logPath: string; windowSec: number };
  /** Worker threads for hashing big files; 0 hashes everything inline. */
  hashWorkers: number;
}

export const DEFAULT_POLICY: Omit<FimPolicy, 'paths'> = {
  exclude: [],
  attributes: [...ATTRIBUTE_NAMES],
  maxFileSize: 256 * 1024 * 1024,
  followSymlinkRoots: true,
  scanIntervalSec: 3600,
  fullRehashIntervalSec: 24 * 3600,
  throttle: { bytesPerSec: 0, cpuPercent: 0 },
  pervasiveThreshold: 50,
  realtime: true,
  realtimeQueueMax: 10_000,
  diff: { paths: [], maxBytes: 64 * 1024 },
  dpkg: {
    enabled: true,
    infoDir: '/var/lib/dpkg/info',
    logPath: '/var/log/dpkg.log',
    windowSec: 3600,
  },
  audit: { enabled: true, logPath: '/var/log/audit/audit.log', windowSec: 3600 },
  hashWorkers: 1,
};

function bad(message: string): never {
  throw new FimError('POLICY_INVALID', `fim policy: ${message}`);
}

function num(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) bad(`${name} must be a number ≥ 0`);
  return v;
}

function strings(v: unknown, name: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) bad(`${name} must be strings`);
  return v as string[];
}

function pathRule(v: unknown): PathRule {
  const o: Record<string, unknown> = typeof v === 'string' ? { path: v } : (v as never);
  if (o === null || typeof o !== 'object' || typeof o['path'] !== 'string')
    bad('each paths entry is a string or {path, recursive?, exclude?}');
  const path = o['path'];
  const rec = o['recursive'] ?? true;
  if (typeof rec !== 'boolean' && typeof rec !== 'number') bad(`${path}: recursive`);
  return {
    path: isAbsolute(path) ? path : resolve(path),
    recursive: rec,
    exclude: strings(o['exclude'], `${path}: exclude`),
  };
}

/** Validates an untrusted policy object (from the server or a file) and fills in defaults. */
export function parseFimPolicy(input: unknown): FimPolicy {
  if (input === null || typeof input !== 'object') bad('must be an object');
  const o = input as Record<string, unknown>;
  if (!Array.isArray(o['paths']) || o['paths'].length === 0) bad('paths must list something');
  const attributes =
    o['attributes'] === undefined
      ? DEFAULT_POLICY.attributes
      : strings(o['attributes'], 'attributes');
  for (const a of attributes)
    if (!(ATTRIBUTE_NAMES as readonly string[]).includes(a)) bad(`unknown attribute ${a}`);
  const t = (o['throttle'] ?? {}) as Record<string, unknown>;
  const d = (o['diff'] ?? {}) as Record<string, unknown>;
  const k = (o['dpkg'] ?? {}) as Record<string, unknown>;
  const a = (o['audit'] ?? {}) as Record<string, unknown>;
  const D = DEFAULT_POLICY;
  return {
    paths: o['paths'].map(pathRule),
    exclude: strings(o['exclude'], 'exclude'),
    attributes: attributes as AttributeName[],
    maxFileSize: num(o['maxFileSize'], 'maxFileSize', D.maxFileSize),
    followSymlinkRoots: o['followSymlinkRoots'] !== false,
    scanIntervalSec: num(o['scanIntervalSec'], 'scanIntervalSec', D.scanIntervalSec),
    fullRehashIntervalSec: num(
      o['fullRehashIntervalSec'],
      'fullRehashIntervalSec',
      D.fullRehashIntervalSec,
    ),
    throttle: {
      bytesPerSec: num(t['bytesPerSec'], 'throttle.bytesPerSec', 0),
      cpuPercent: num(t['cpuPercent'], 'throttle.cpuPercent', 0),
    },
    pervasiveThreshold: num(o['pervasiveThreshold'], 'pervasiveThreshold', D.pervasiveThreshold),
    realtime: o['realtime'] !== false,
    realtimeQueueMax: num(o['realtimeQueueMax'], 'realtimeQueueMax', D.realtimeQueueMax),
    diff: {
      paths: strings(d['paths'], 'diff.paths'),
      maxBytes: num(d['maxBytes'], 'diff.maxBytes', D.diff.maxBytes),
    },
    dpkg: {
      enabled: k['enabled'] !== false,
      infoDir: typeof k['infoDir'] === 'string' ? k['infoDir'] : D.dpkg.infoDir,
      logPath: typeof k['logPath'] === 'string' ? k['logPath'] : D.dpkg.logPath,
      windowSec: num(k['windowSec'], 'dpkg.windowSec', D.dpkg.windowSec),
    },
    audit: {
      enabled: a['enabled'] !== false,
      logPath: typeof a['logPath'] === 'string' ? a['logPath'] : D.audit.logPath,
      windowSec: num(a['windowSec'], 'audit.windowSec', D.audit.windowSec),
    },
    hashWorkers: Math.floor(num(o['hashWorkers'], 'hashWorkers', D.hashWorkers)),
  };
}

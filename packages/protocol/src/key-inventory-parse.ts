// Reads a key inventory from JSON (an array, or {"keys":[…]}) or CSV (RFC 4180, a header row
// naming the columns of KeyInventoryEntry; `locations` separated by `;`). Throws a plain Error
// naming the row and field: callers wrap it in their own error class.
import { KEY_STATES, type KeyInventoryEntry, type KeyState } from './key-inventory.ts';

const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;
const KCV = /^[0-9A-F]{6}$/;

function str(v: unknown, field: string, at: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' && typeof v !== 'number')
    throw new Error(`${at}: ${field} must be text`);
  return String(v);
}

export function validateInventoryEntry(raw: unknown, at = 'entry'): KeyInventoryEntry {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${at}: not an object`);
  const r = raw as Record<string, unknown>;
  const id = str(r['id'], 'id', at);
  const algorithm = str(r['algorithm'], 'algorithm', at)?.toLowerCase();
  if (!id || !algorithm) throw new Error(`${at}: id and algorithm are required`);
  const state = (str(r['state'], 'state', at) ?? 'active') as KeyState;
  if (!KEY_STATES.includes(state))
    throw new Error(`${at}: state must be one of ${KEY_STATES.join(', ')}`);
  const fingerprint = str(r['fingerprint'], 'fingerprint', at)?.toLowerCase();
  if (fingerprint && !FINGERPRINT.test(fingerprint))
    throw new Error(`${at}: fingerprint must be sha256:<64 hex>`);
  const kcv = str(r['kcv'], 'kcv', at)?.toUpperCase();
  if (kcv && !KCV.test(kcv)) throw new Error(`${at}: kcv must be 6 hex digits`);
  const size = r['size'] === undefined || r['size'] === '' ? undefined : Number(r['size']);
  if (size !== undefined && !Number.isInteger(size))
    throw new Error(`${at}: size must be an integer`);
  for (const f of ['activation', 'expiry'])
    if (str(r[f], f, at) && Number.isNaN(Date.parse(str(r[f], f, at)!)))
      throw new Error(`${at}: ${f} must be an RFC 3339 time`);
  const locs = r['locations'];
  const locations = Array.isArray(locs)
    ? locs.map(String)
    : typeof locs === 'string' && locs
      ? locs.split(';').map((s) => s.trim())
      : undefined;
  const opt = (k: string): string | undefined => str(r[k], k, at);
  return {
    id,
    algorithm,
    state,
    ...(opt('name') && { name: opt('name')! }),
    ...(size !== undefined && { size }),
    ...(opt('usage') && { usage: opt('usage')! }),
    ...(opt('activation') && { activation: new Date(opt('activation')!).toISOString() }),
    ...(opt('expiry') && { expiry: new Date(opt('expiry')!).toISOString() }),
    ...(fingerprint && { fingerprint }),
    ...(kcv && { kcv }),
    ...(locations && { locations }),
    ...((r['shareable'] === true || r['shareable'] === 'true') && { shareable: true }),
  };
}

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = (): void => {
    row.push(cell);
    cell = '';
  };
  const endRow = (): void => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += c;
  }
  if (cell || row.length) endRow();
  return rows.filter((r) => r.some((x) => x !== ''));
}

export function parseInventory(text: string, format: 'json' | 'csv'): KeyInventoryEntry[] {
  if (format === 'json') {
    const doc = JSON.parse(text) as unknown;
    const list = Array.isArray(doc) ? doc : (doc as { keys?: unknown }).keys;
    if (!Array.isArray(list)) throw new Error('inventory JSON must be an array or {"keys":[…]}');
    return list.map((e, i) => validateInventoryEntry(e, `entry ${i + 1}`));
  }
  const [header, ...rows] = csvRows(text);
  if (!header) return [];
  return rows.map((r, i) =>
    validateInventoryEntry(
      Object.fromEntries(header.map((h, j) => [h.trim(), r[j] ?? ''])),
      `row ${i + 2}`,
    ),
  );
}

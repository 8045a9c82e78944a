// The FIM state an agent holds between scans: the baseline's records, compactly. Paths sorted in
// one string with end offsets (a lookup is a binary search), records in typed-array columns
// (record-columns.ts). Held as a FimBaseline object (an object of strings per file) it was about
// 14 MB of an idle agent's V8 heap for 20,000 files; this is about 3 MB (docs/agents.md, "Running
// the agent on a host"). Immutable: a scan's result or a restore makes a new one. It reads like
// the baseline it stands for: get(path), the same JSON text (toJSON, jsonPieces), the same order.
import { BASELINE_FORMAT, type FimBaseline } from './fim-baseline.ts';
import type { FileRecord } from './file-record.ts';
import { RecordColumns, storable } from './record-columns.ts';

export class FimState {
  readonly format = BASELINE_FORMAT;
  readonly size: number;
  readonly #paths: string;
  /** End offset in #paths of path i (it starts at the end of path i - 1). */
  readonly #ends: Uint32Array;
  readonly #cols: RecordColumns;
  /** User and group names (index 0: none). */
  readonly #names: string[];
  /** Records the columns cannot hold exactly, by index. */
  readonly #kept: Map<number, FileRecord>;
  /** Index of the last path found (#find). */
  #last = -1;

  private constructor(
    readonly createdAt: string,
    readonly fullHashAt: string,
    b: StateBuilder,
  ) {
    this.size = b.n;
    this.#paths = b.paths.join('');
    this.#ends = b.ends.length === b.n ? b.ends : b.ends.slice(0, b.n);
    this.#cols = b.cols;
    this.#names = b.names;
    this.#kept = b.kept;
  }

  /** From a scan's records (any order; sorted here, as makeBaseline sorts them). */
  static from(
    entries: ReadonlyMap<string, FileRecord> | Readonly<Record<string, FileRecord>>,
    fullHashAt: string,
    createdAt = new Date().toISOString(),
  ): FimState {
    const map: ReadonlyMap<string, FileRecord> =
      entries instanceof Map
        ? (entries as ReadonlyMap<string, FileRecord>)
        : new Map(Object.entries(entries as Readonly<Record<string, FileRecord>>));
    const b = new StateBuilder(map.size);
    for (const p of [...map.keys()].sort()) b.add(p, map.get(p)!);
    return new FimState(createdAt, fullHashAt, b);
  }

  static fromBaseline(b: FimBaseline): FimState {
    return FimState.from(b.entries, b.fullHashAt, b.createdAt);
  }

  /** This state with `updates` applied (a record, or undefined: removed). */
  with(
    updates: ReadonlyMap<string, FileRecord | undefined>,
    fullHashAt = this.fullHashAt,
  ): FimState {
    const b = new StateBuilder(this.size + updates.size);
    const keys = [...updates.keys()].sort();
    let k = 0;
    for (let i = 0; i < this.size; i++) {
      const path = this.#path(i);
      for (; k < keys.length && keys[k]! < path; k++) b.addIfAny(keys[k]!, updates.get(keys[k]!));
      if (k < keys.length && keys[k] === path) b.addIfAny(path, updates.get(keys[k++]!));
      else b.copy(path, this, i);
    }
    for (; k < keys.length; k++) b.addIfAny(keys[k]!, updates.get(keys[k]!));
    return new FimState(this.createdAt, fullHashAt, b);
  }

  get(path: string): FileRecord | undefined {
    const i = this.#find(path);
    return i < 0 ? undefined : this.#record(i);
  }

  /** Paths in order. */
  *keys(): Generator<string> {
    for (let i = 0; i < this.size; i++) yield this.#path(i);
  }

  *entries(): Generator<[string, FileRecord]> {
    for (let i = 0; i < this.size; i++) yield [this.#path(i), this.#record(i)];
  }

  /** The baseline as a plain object (JSON.stringify of this gives the same text). */
  toJSON(): FimBaseline {
    const entries: Record<string, FileRecord> = {};
    for (const [p, r] of this.entries()) entries[p] = r;
    const { format, createdAt, fullHashAt } = this;
    return { format, createdAt, fullHashAt, entries };
  }

  /** JSON.stringify(this) — or of its entries alone — in pieces, never whole (baseline-json.ts). */
  *jsonPieces(only?: 'entries'): Generator<string> {
    if (only === undefined) {
      const { format, createdAt, fullHashAt } = this;
      yield JSON.stringify({ format, createdAt, fullHashAt }).slice(0, -1) + ',"entries":';
    }
    yield '{';
    for (let i = 0; i < this.size; i++)
      yield `${i === 0 ? '' : ','}${JSON.stringify(this.#path(i))}:${JSON.stringify(this.#record(i))}`;
    yield only === undefined ? '}}' : '}';
  }

  /** For copy(): a record's raw columns and names. */
  static parts(s: FimState) {
    return { cols: s.#cols, names: s.#names, kept: s.#kept };
  }

  #path(i: number): string {
    return this.#paths.slice(i === 0 ? 0 : this.#ends[i - 1], this.#ends[i]);
  }

  #record(i: number): FileRecord {
    return this.#kept.get(i) ?? this.#cols.get(i, this.#names);
  }

  #find(path: string): number {
    // A scan walks in about this order: the path after the last one found is tried first.
    const next = this.#last + 1;
    if (next < this.size && this.#path(next) === path) return (this.#last = next);
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.#path(mid);
      if (p === path) return (this.#last = mid);
      if (p < path) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** Fills the columns of a state in path order. */
class StateBuilder {
  n = 0;
  readonly paths: string[] = [];
  readonly ends: Uint32Array;
  readonly cols: RecordColumns;
  readonly names: string[] = [''];
  readonly kept = new Map<number, FileRecord>();
  readonly #nameIndex = new Map<string, number>();
  #length = 0;

  constructor(capacity: number) {
    this.ends = new Uint32Array(capacity);
    this.cols = new RecordColumns(capacity);
  }

  add(path: string, r: FileRecord): void {
    const i = this.#next(path);
    if (storable(r)) this.cols.set(i, r, (s) => this.#name(s));
    else this.kept.set(i, r);
  }

  addIfAny(path: string, r: FileRecord | undefined): void {
    if (r !== undefined) this.add(path, r);
  }

  copy(path: string, from: FimState, j: number): void {
    const src = FimState.parts(from);
    const i = this.#next(path);
    const kept = src.kept.get(j);
    if (kept !== undefined) this.kept.set(i, kept);
    else this.cols.copy(i, src.cols, j, (k) => (k === 0 ? 0 : this.#name(src.names[k]!)));
  }

  #next(path: string): number {
    this.paths.push(path);
    this.#length += path.length;
    this.ends[this.n] = this.#length;
    return this.n++;
  }

  #name(s: string): number {
    let k = this.#nameIndex.get(s);
    if (k === undefined) {
      k = this.names.push(s) - 1;
      this.#nameIndex.set(s, k);
    }
    return k;
  }
}

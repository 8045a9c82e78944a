// The column conventions every migration follows (0001-initial set them): bigint on PG for
// 64-bit integers, "C" collation for text keys that are looked up (byte order, like SQLite).
import { sql, type ColumnDefinitionBuilder } from 'kysely';
import type { DialectName } from '../schema.ts';

export type Col = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

export function columnConventions(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const notNull: Col = (c) => c.notNull();
  const key: Col = (c) => (pg ? c.modifyEnd(sql`collate "C"`) : c);
  const keyNotNull: Col = (c) => key(c.notNull());
  return {
    pg,
    int64: pg ? ('bigint' as const) : ('integer' as const),
    real: pg ? ('double precision' as const) : ('real' as const),
    bytes: pg ? ('bytea' as const) : ('blob' as const),
    notNull,
    key,
    keyNotNull,
  };
}

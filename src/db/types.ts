// One decision for both engines about how PostgreSQL values arrive in JavaScript, so that code and tests see
// the same shapes on PGlite and on PostgreSQL.
import pg from "pg";

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** Counts and bigint ids fit in a double for any realistic forum, so they arrive as numbers. */
const parseBigint = (value: string) => Number(value);
/** Calendar dates stay as 'YYYY-MM-DD' strings: a date has no time zone and must not shift. */
const keepText = (value: string) => value;

/** Parsers for PGlite's `parsers` option. */
export const pgliteParsers = { [INT8]: parseBigint, [NUMERIC]: keepText, [DATE]: keepText };

/** Installs the same parsers on node-postgres (process-wide, which is what we want). */
export function installPgTypeParsers(): void {
  pg.types.setTypeParser(INT8, parseBigint);
  pg.types.setTypeParser(NUMERIC, keepText);
  pg.types.setTypeParser(DATE, keepText);
}

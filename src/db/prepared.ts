// Named prepared statements for INSERTs on PostgreSQL. Kysely sends every statement unnamed, so PostgreSQL
// parses, analyses and plans each one anew; intake writes the same four INSERTs (the contribution, its audit
// row, the receipt and its delivery job) for every submission. Named, each connection parses an INSERT's
// text once and then only binds and executes it.
import { createHash } from "node:crypto";
import type pg from "pg";

/**
 * Distinct INSERT texts named per process. Texts built with literal values would each take a name (and a
 * prepared statement on every connection) forever; past this many, new texts go unnamed as before.
 */
const MAX_NAMED = 500;
const names = new Map<string, string>();

/** The statement's name when it is an INSERT worth preparing, else undefined. */
export function preparedName(text: string): string | undefined {
  const known = names.get(text);
  if (known) return known;
  // INSERTs only: their plan does not depend on the values, whereas a SELECT's generic plan (which PostgreSQL
  // may switch a prepared statement to after five runs) can be far worse than a custom one for skewed values.
  if (names.size >= MAX_NAMED || !/^\s*(with\b[\s\S]*\binsert|insert)\s+into\b/i.test(text)) return undefined;
  const name = `i_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
  names.set(text, name);
  return name;
}

/** Makes a pool client send its INSERTs (text and values, as Kysely does) as named prepared statements. */
export function prepareInserts(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === "string" && Array.isArray(values) && callback === undefined) {
      const name = preparedName(config);
      if (name) return query({ name, text: config, values });
    }
    return query(config, values, callback);
  };
}

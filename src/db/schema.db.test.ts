// The table types each domain declares in its `tables.ts` are written by hand; this test holds them to the
// migrated database, so a migration that drifts from the types (a column added, dropped, made nullable or
// given a default) fails CI instead of surfacing as a runtime error or a silent `undefined`.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { sql } from "kysely";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/databases.js";

const src = new URL("..", import.meta.url).pathname;

interface DeclaredColumn {
  nullable: boolean;
  /** Generated<…> or a ColumnType whose insert type admits undefined: the database supplies a value. */
  defaulted: boolean;
}

/** table → column → how its type declares it, from every `src/<domain>/tables.ts`. */
function declaredTables(): Map<string, { file: string; columns: Map<string, DeclaredColumn> }> {
  const files = readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(src, d.name, "tables.ts"))
    .filter((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });
  const interfaces = new Map<string, { tree: ts.SourceFile; node: ts.InterfaceDeclaration; file: string }>();
  const tablesOf: Array<{ table: string; typeName: string }> = [];
  for (const file of files) {
    const tree = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    tree.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      interfaces.set(node.name.text, { tree, node, file: relative(src, file) });
      if (/Tables$/.test(node.name.text))
        for (const member of node.members)
          if (ts.isPropertySignature(member) && member.type)
            tablesOf.push({ table: member.name.getText(tree), typeName: member.type.getText(tree) });
    });
  }
  const result = new Map<string, { file: string; columns: Map<string, DeclaredColumn> }>();
  for (const { table, typeName } of tablesOf) {
    const found = interfaces.get(typeName);
    if (!found) throw new Error(`${table}: its type ${typeName} is not an interface in a tables.ts`);
    const columns = new Map<string, DeclaredColumn>();
    for (const member of found.node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const type = member.type.getText(found.tree);
      const defaulted =
        /^Generated</.test(type) || /^ColumnType<[^,]+,[^,]*\bundefined\b/.test(type.replace(/\s+/g, " "));
      const nullable = /\bnull\b/.test(type.replace(/^ColumnType<([^,]+),.*$/s, "$1"));
      columns.set(member.name.getText(found.tree), { nullable, defaulted });
    }
    result.set(table, { file: found.file, columns });
  }
  return result;
}

describe("table types against the migrated schema", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
  });
  afterAll(() => database.drop());

  it("declares every table and column the migrations create, with the same nullability and defaults", async () => {
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      is_nullable: "YES" | "NO";
      column_default: string | null;
      is_identity: "YES" | "NO";
      is_generated: "ALWAYS" | "NEVER";
    }>`select table_name, column_name, is_nullable, column_default, is_identity, is_generated
         from information_schema.columns
        where table_schema = 'public' and table_name not like 'kysely_%'
        order by table_name, ordinal_position`.execute(database.db);
    const declared = declaredTables();
    const problems: string[] = [];
    const migrated = new Map<string, Set<string>>();
    for (const row of rows) {
      const columns = migrated.get(row.table_name) ?? new Set<string>();
      columns.add(row.column_name);
      migrated.set(row.table_name, columns);
      const table = declared.get(row.table_name);
      if (!table) continue;
      const column = table.columns.get(row.column_name);
      const where = `${table.file}: ${row.table_name}.${row.column_name}`;
      if (!column) {
        problems.push(`${where} is in the database but not in the type`);
        continue;
      }
      if (column.nullable !== (row.is_nullable === "YES"))
        problems.push(`${where} is ${row.is_nullable === "YES" ? "nullable" : "NOT NULL"} in the database`);
      const hasDefault =
        row.column_default !== null || row.is_identity === "YES" || row.is_generated === "ALWAYS";
      // An insert that omits a Generated<> column relies on the database to fill it: a default, or NULL.
      if (column.defaulted && !hasDefault && row.is_nullable === "NO")
        problems.push(`${where} is Generated<> in the type but NOT NULL without a default in the database`);
    }
    for (const [table, { file, columns }] of declared) {
      const actual = migrated.get(table);
      if (!actual) {
        problems.push(`${file}: table ${table} is declared but no migration creates it`);
        continue;
      }
      for (const column of columns.keys())
        if (!actual.has(column))
          problems.push(`${file}: ${table}.${column} is declared but not in the database`);
    }
    for (const table of migrated.keys())
      if (!declared.has(table))
        problems.push(`table ${table} is in the database but no tables.ts declares it`);
    expect(problems).toEqual([]);
  });
});

// `npm run lint:sql`: the house rules about SQL, checked on the syntax tree of every source file.
//
//   1. sql-outside-queries: only a folder's queries module runs SQL (a file named `queries.ts`,
//      `*-queries.ts` or inside a `queries/` folder), besides the database plumbing (`src/db/`), migrations,
//      tests and test support.
//   2. foreign-table: a file touches only the tables its own domain declares in its `tables.ts`; another
//      domain's data is reached through that domain's exported functions.
//   3. raw-transaction: every transaction goes through `inTransaction` (src/db/transaction.ts), which lets a
//      service join its caller's transaction, never `db.transaction()` directly.
//
// The code written before these rules breaks them in places. Those places are listed, with a count per file,
// in `scripts/lint-sql.baseline.json`: the check fails when a file breaks a rule more often than the list
// allows (new code must follow the rules) and says when a file breaks it less often (so the list only
// shrinks: run `npm run lint:sql -- --update` to write the smaller counts). A file may never be added to it
// by hand to silence the check; the review sees the diff.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";

// LINT_SQL_ROOT lets the linter's own test run it on a planted violation in a scratch tree.
const root = process.env.LINT_SQL_ROOT ?? new URL("..", import.meta.url).pathname;
const src = join(root, "src");
const baselinePath = join(root, "scripts/lint-sql.baseline.json");
const update = process.argv.includes("--update");

/** Every .ts/.tsx file under a folder. */
function sourceFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) found.push(path);
  }
  return found;
}

const domainOf = (file) => relative(src, file).split(sep)[0];

/** table name → owning domain, read from each domain's `tables.ts` (`interface XTables { name: Type; }`). */
function tableOwners() {
  const owners = new Map();
  for (const file of sourceFiles(src).filter((f) => f.endsWith(`${sep}tables.ts`))) {
    const tree = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    tree.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node) || !/Tables$/.test(node.name.text)) return;
      for (const member of node.members)
        if (ts.isPropertySignature(member) && member.name)
          owners.set(member.name.getText(tree).replace(/["']/g, ""), domainOf(file));
    });
  }
  return owners;
}

const exempt = (rel) =>
  rel.startsWith(`db${sep}`) ||
  rel.startsWith(`test-support${sep}`) ||
  rel.includes(`${sep}migrations${sep}`) ||
  /\.test\.tsx?$/.test(rel) ||
  /fixtures\.tsx?$/.test(rel);

const isQueriesModule = (rel) =>
  /(^|[/\\])([a-z-]+-)?queries\.ts$/.test(rel) || rel.split(sep).includes("queries");

// Kysely's entry points that name a table in their first argument.
const tableMethods = new Set([
  "selectFrom",
  "insertInto",
  "updateTable",
  "deleteFrom",
  "mergeInto",
  "innerJoin",
  "leftJoin",
  "rightJoin",
  "fullJoin",
]);

/** The table named by a Kysely argument: "contributions", "contributions as c". */
const tableOfArgument = (arg) =>
  arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))
    ? arg.text.trim().split(/\s+/)[0]
    : null;

function violationsIn(file, owners) {
  const rel = relative(src, file);
  const text = readFileSync(file, "utf8");
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const domain = domainOf(file);
  const found = [];
  const tableNames = [...owners.keys()];
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (tableMethods.has(method)) {
        const table = tableOfArgument(node.arguments[0]);
        if (table && owners.has(table)) {
          found.push({ rule: "sql-outside-queries", what: method });
          if (owners.get(table) !== domain) found.push({ rule: "foreign-table", what: table });
        }
      }
      if (
        method === "transaction" &&
        /(^|\.)db$|^(database|trx|tx)$/.test(node.expression.expression.getText(tree))
      )
        found.push({ rule: "raw-transaction", what: "db.transaction()" });
    }
    // sql`…` fragments: SQL run or composed outside a queries module, and the tables they name.
    if (ts.isTaggedTemplateExpression(node) && /(^|\.)sql$/.test(node.tag.getText(tree))) {
      found.push({ rule: "sql-outside-queries", what: "sql``" });
      const body = node.template.getText(tree);
      for (const table of tableNames)
        if (
          owners.get(table) !== domain &&
          new RegExp(`\\b(from|join|into|update)\\s+"?${table}\\b`, "i").test(body)
        )
          found.push({ rule: "foreign-table", what: table });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found.filter((v) => !(v.rule === "sql-outside-queries" && isQueriesModule(rel)) && !exempt(rel));
}

const owners = tableOwners();
/** "rule path" → count */
const counts = {};
const examples = {};
for (const file of sourceFiles(src)) {
  const rel = relative(root, file);
  for (const v of violationsIn(file, owners)) {
    const key = `${v.rule} ${rel}`;
    counts[key] = (counts[key] ?? 0) + 1;
    examples[key] ??= new Set();
    examples[key].add(v.what);
  }
}

const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
if (update) {
  writeFileSync(baselinePath, `${JSON.stringify(sorted(counts), null, 2)}\n`);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(
    `lint:sql: baseline written (${total} known violations in ${Object.keys(counts).length} places).`,
  );
  process.exit(0);
}

const baseline = JSON.parse(readFileSync(baselinePath, "utf8"));
const explain = {
  "sql-outside-queries": "runs SQL outside a queries module: move it into the folder's queries.ts",
  "foreign-table": "touches another domain's table: call that domain's exported function instead",
  "raw-transaction":
    "opens a transaction with db.transaction(): use inTransaction from src/db/transaction.ts",
};
let failed = 0;
let improved = 0;
for (const [key, count] of Object.entries(counts)) {
  const allowed = baseline[key] ?? 0;
  if (count > allowed) {
    failed += 1;
    const [rule, path] = key.split(" ");
    console.error(
      `${path}: ${explain[rule]} (${[...examples[key]].join(", ")}; ${count} here, ${allowed} allowed)`,
    );
  }
}
for (const [key, allowed] of Object.entries(baseline)) if ((counts[key] ?? 0) < allowed) improved += 1;
if (improved)
  console.log(
    `lint:sql: ${improved} place(s) now break the rules less than the baseline allows; run \`npm run lint:sql -- --update\` to lower it.`,
  );
if (failed) {
  console.error(`lint:sql: ${failed} new violation(s) of the SQL rules (see CODE_STYLE.md).`);
  process.exit(1);
}
const total = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(`lint:sql: no new violations (${total} known, listed in scripts/lint-sql.baseline.json).`);

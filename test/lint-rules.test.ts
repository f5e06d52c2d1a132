// The boundary rules of CODE_STYLE.md fail the build: each linter is run on a scratch tree holding a planted
// violation of each rule, and on the same tree without it.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
let scratch = "";

function plant(files: Record<string, string>) {
  scratch = mkdtempSync(join(tmpdir(), "lint-rules-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
}

afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const tables = {
  "src/forums/tables.ts": "export interface ForumTables { forums: { id: string }; }\n",
  "src/meetings/tables.ts": "export interface MeetingTables { meetings: { id: string }; }\n",
  "scripts/lint-sql.baseline.json": "{}\n",
};

function lintSql() {
  return spawnSync(process.execPath, [join(root, "scripts/lint-sql.mjs")], {
    env: { ...process.env, LINT_SQL_ROOT: scratch },
    encoding: "utf8",
  });
}

describe("lint:sql", () => {
  it("accepts SQL on a domain's own tables in its queries module, in a transaction through inTransaction", () => {
    plant({
      ...tables,
      "src/meetings/queries.ts":
        'export const list = (db) => inTransaction(db, (trx) => trx.selectFrom("meetings").selectAll().execute());\n',
    });
    const result = lintSql();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("refuses SQL in a page, another domain's table, and a raw transaction, naming each file", () => {
    plant({
      ...tables,
      "src/meetings/pages.tsx":
        'export const rows = (db) => db.selectFrom("meetings").selectAll().execute();\n',
      "src/meetings/queries.ts":
        'export const forum = (db) => db.selectFrom("meetings").innerJoin("forums", "forums.id", "meetings.id");\n' +
        "export const read = (db) => db.selectFrom(sql`(select * from forums)`.as('f'));\n",
      "src/meetings/service.ts": "export const save = (db) => db.transaction().execute(async () => 1);\n",
    });
    const result = lintSql();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/src\/meetings\/pages\.tsx: runs SQL outside a queries module/);
    expect(result.stderr).toMatch(/src\/meetings\/queries\.ts: touches another domain's table: .*\(forums;/);
    expect(result.stderr).toMatch(/src\/meetings\/service\.ts: opens a transaction with db\.transaction\(\)/);
  });

  it("lets a file keep its baselined violations but not add one more", () => {
    plant({
      ...tables,
      "src/meetings/pages.tsx":
        'export const rows = (db) => db.selectFrom("meetings").selectAll().execute();\n',
      "scripts/lint-sql.baseline.json": '{ "sql-outside-queries src/meetings/pages.tsx": 1 }\n',
    });
    expect(lintSql().status).toBe(0);
    writeFileSync(
      join(scratch, "src/meetings/pages.tsx"),
      'export const rows = (db) => db.selectFrom("meetings").execute();\n' +
        'export const more = (db) => db.deleteFrom("meetings").execute();\n',
    );
    const result = lintSql();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/2 here, 1 allowed/);
  });
});

describe("lint:imports", () => {
  function depcruise() {
    return spawnSync(
      join(root, "node_modules/.bin/depcruise"),
      ["src", "--config", join(root, ".dependency-cruiser.cjs"), "--output-type", "err"],
      { cwd: scratch, encoding: "utf8" },
    );
  }
  const base = {
    "tsconfig.json": JSON.stringify({
      compilerOptions: { module: "nodenext", moduleResolution: "nodenext" },
    }),
    "src/forums/index.ts": 'export { forumName } from "./service.js";\n',
    "src/forums/service.ts": 'export const forumName = () => "BPF";\n',
    "src/forums/queries.ts": "export const q = 1;\n",
  };

  it("accepts a domain reached through its index.ts", () => {
    plant({
      ...base,
      "src/meetings/service.ts":
        'import { forumName } from "../forums/index.js";\nexport const t = forumName();\n',
    });
    const result = depcruise();
    expect(result.stdout).not.toMatch(/error/);
    expect(result.status).toBe(0);
  });

  it("refuses a reach into another domain's files, a page calling queries, and production code importing tests", () => {
    plant({
      ...base,
      "src/meetings/service.ts":
        'import { forumName } from "../forums/service.js";\nexport const t = forumName();\n',
      "src/forums/pages.tsx": 'import { q } from "./queries.js";\nexport const p = q;\n',
      "src/forums/demo.ts": 'import { f } from "./demo.test-fixtures.js";\nexport const d = f;\n',
      "src/forums/demo.test-fixtures.ts": "export const f = 1;\n",
    });
    const result = depcruise();
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/domain-entry: src\/meetings\/service\.ts → src\/forums\/service\.ts/);
    expect(result.stdout).toMatch(/handlers-no-queries: src\/forums\/pages\.tsx → src\/forums\/queries\.ts/);
    expect(result.stdout).toMatch(/production-no-test-code: src\/forums\/demo\.ts/);
  });
});

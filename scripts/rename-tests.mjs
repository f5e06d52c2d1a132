// One-off migration (F17): a test file that opens a database (PGlite, PostgreSQL, or the app on one) is
// renamed `*.db.test.ts`, so the Vitest projects can tell the fast unit tests from the database ones by
// name alone (`npm run test:unit` skips them). Uses `git mv` so history follows the files.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const opensDatabase =
  /createTestDatabase|testEngines|test-support\/app\.js|openDatabase\(|test-support\/databases\.js/;

function tests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ["e2e", "reliability", "node_modules"].includes(entry.name) ? [] : tests(path);
    return /\.test\.tsx?$/.test(entry.name) && !/\.(db|timing)\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

let renamed = 0;
for (const file of [...tests(join(root, "src")), ...tests(join(root, "test"))]) {
  if (!opensDatabase.test(readFileSync(file, "utf8"))) continue;
  const target = file.replace(/\.test\.(tsx?)$/, ".db.test.$1");
  execFileSync("git", ["mv", relative(root, file), relative(root, target)], { cwd: root });
  renamed += 1;
}
console.log(`${renamed} database test files renamed *.db.test.ts.`);

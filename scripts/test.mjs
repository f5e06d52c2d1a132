// `npm test`: every test (unit, database on PGlite and, with TEST_DATABASE_URL, PostgreSQL, browser journeys)
// with Vitest, then one closing line "N passed, N failed" for people and CI alike. Timing-sensitive tests
// (*.timing.test.ts) run first and alone, so the rest of the suite cannot slow them down. With
// TEST_RELIABILITY=true (as CI sets it) the reliability suite (`npm run test:reliability`) runs last, alone,
// and counts into the same closing line.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
mkdirSync(join(root, ".tmp"), { recursive: true });
const extra = process.argv.slice(2);

function run(name, args) {
  const report = join(root, `.tmp/vitest-${name}.json`);
  rmSync(report, { force: true });
  const result = spawnSync(
    process.execPath,
    [
      join(root, "node_modules/vitest/vitest.mjs"),
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
      ...args,
    ],
    { stdio: "inherit", env: { ...process.env, TZ: "UTC" }, cwd: root },
  );
  const counts = { passed: 0, failed: 0, skipped: 0, status: result.status };
  try {
    const json = JSON.parse(readFileSync(report, "utf8"));
    counts.passed = json.numPassedTests;
    counts.failed = json.numFailedTests;
    counts.skipped = json.numPendingTests + (json.numTodoTests ?? 0);
    // A file that failed to load has no tests but must still count as a failure.
    for (const file of json.testResults ?? [])
      if (file.status === "failed" && file.assertionResults.length === 0) counts.failed += 1;
  } catch {
    counts.failed = Math.max(counts.failed, 1);
  }
  // Vitest exits non-zero for unhandled errors too, which the JSON report does not count as tests.
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

// Under CI the reliability suite must run whole: a skipped reliability test (a missing program, mount or seed)
// is a failure there, as its requirement is part of what CI vouches for (test/reliability/required.ts).
function strictReliability(counts) {
  if (process.env.CI !== "true" || counts.skipped === 0) return counts;
  console.log(
    `${counts.skipped} reliability tests skipped under CI: counted as failed (see the warnings above)`,
  );
  return { ...counts, failed: counts.failed + counts.skipped, skipped: 0, status: counts.status || 1 };
}

const runs = extra.length
  ? [run("selected", extra)]
  : [
      run("timing", ["--passWithNoTests", "--no-file-parallelism", "--project", "timing"]),
      run("main", ["--project", "unit", "--project", "db", "--project", "browser"]),
      ...(process.env.TEST_RELIABILITY === "true"
        ? [strictReliability(run("reliability", ["--config", "vitest.reliability.config.ts"]))]
        : []),
    ];
const total = runs.reduce(
  (a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
const ok = runs.every((r) => r.status === 0) && total.failed === 0;
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`,
);
process.exit(ok ? 0 : 1);

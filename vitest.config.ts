import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

// Three kinds of tests, told apart by name (CODE_STYLE.md): `*.test.ts` unit tests need nothing but Node;
// `*.db.test.ts` open a database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set) or the app on one;
// `test/e2e/` drives Chromium. `npm test` runs all of them; `npm run test:unit` only the first, in seconds.
// The reliability suite runs on its own: `npm run test:reliability` (vitest.reliability.config.ts).
// The database and browser tests copy a schema migrated once per run (src/test-support/migrated-once.ts).
const migratedOnce = "src/test-support/migrated-once.ts";
const exclude = [...configDefaults.exclude, "test/reliability/**"];

export default defineConfig({
  test: {
    environment: "node",
    pool: "forks",
    // Vitest's default is one worker fewer than the cores, so a 2-core CI machine ran one file at a time
    // while most files wait on PostgreSQL, PGlite's thread or Chromium: at least two run side by side.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: "UTC" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.{ts,tsx}", "test/*.test.{ts,tsx}"],
          exclude: [...exclude, "**/*.db.test.{ts,tsx}", "**/*.timing.test.{ts,tsx}"],
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["src/**/*.db.test.{ts,tsx}", "test/*.db.test.{ts,tsx}"],
          exclude,
          globalSetup: [migratedOnce],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/e2e/**/*.test.{ts,tsx}"],
          exclude,
          globalSetup: [migratedOnce],
          // A journey is a dozen pages, each audited by axe in Chromium, beside another test file on two
          // cores: the sign-in and forum journeys took 26 s of a 30 s allowance and timed out in CI.
          testTimeout: 90_000,
        },
      },
      // Run first and alone by `npm test`, so the rest of the suite cannot slow them down.
      {
        extends: true,
        test: {
          name: "timing",
          include: ["src/**/*.timing.test.{ts,tsx}"],
          exclude,
          globalSetup: [migratedOnce],
        },
      },
    ],
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});

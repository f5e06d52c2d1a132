// `npm run test:reliability`: the reliability suite (authorization matrix, crash, abuse, slow clients, XSS,
// hostile files, faults beneath us) on its own, one file at a time, since several run real servers and measure
// them from outside. `npm test` leaves it out. The figures for the closing note are printed together at the end.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/reliability/**/*.reliability.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    env: { TZ: "UTC" },
    // Collects the figures each test records (test/reliability/figures.ts) and prints them as one block at the end.
    globalSetup: ["test/reliability/figures-setup.ts"],
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});

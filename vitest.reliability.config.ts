// `npm run test:reliability`: the reliability suite (authorization matrix, crash, abuse, slow clients, XSS,
// hostile files, faults beneath us) on its own, one file at a time, since several run real servers and measure
// them from outside. `npm test` leaves it out.
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
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});

import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    // The reliability suite runs on its own: `npm run test:reliability` (vitest.reliability.config.ts).
    exclude: [...configDefaults.exclude, "test/reliability/**"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: "UTC" },
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});

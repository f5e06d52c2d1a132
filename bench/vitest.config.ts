import { defineConfig } from "vitest/config";

// The bench's own tests (`npm run bench:test`), kept out of `npm test`, whose configuration reads only src/
// and test/.
export default defineConfig({
  test: {
    include: ["bench/**/*.test.ts"],
    environment: "node",
    env: { TZ: "UTC" },
  },
});

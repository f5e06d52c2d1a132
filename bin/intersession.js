#!/usr/bin/env node
// The installed command. It runs the built code; `npm start` builds it first when needed.
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/run.js", import.meta.url);
if (!existsSync(entry)) {
  console.error(
    "intersession: the program is not built yet. Run `npm run build` (or `npm start`) in the project folder.",
  );
  process.exit(1);
}
await import(entry.href);

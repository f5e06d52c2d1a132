// `npm start`: build when the sources are newer than the last build, then run `intersession` with the given
// arguments (serve by default) and the C allocator settings it needs, passing signals through so Ctrl+C and
// SIGTERM shut it down gracefully.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const stamp = join(root, "dist/.build-stamp");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(stamp) || newestSource(join(root, "src")) > statSync(stamp).mtimeMs) {
  console.log("Building Intersession…");
  execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
}

// The server's C allocator settings (src/cli/allocator-env.ts): read by glibc only when a process starts, so
// they are given to the child; one already set in the environment wins.
const { allocatorEnvironment } = await import(join(root, "dist/cli/allocator-env.js"));
const child = spawn(process.execPath, [join(root, "bin/intersession.js"), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...allocatorEnvironment, ...process.env },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

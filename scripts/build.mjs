// Transpiles src/ to dist/ with esbuild (file by file, no bundling, so worker and migration files keep
// their paths) and copies the files the server reads at run time. Type checking is `npm run typecheck`:
// keeping it out of the build makes a fresh `npm start` quick.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const src = join(root, "src");
const dist = join(root, "dist");
const isTestOnly = (path) =>
  /\.test\.tsx?$/.test(path) ||
  /(test-fixtures|test-seeds|test-support)\.ts$/.test(path) ||
  relative(src, path).startsWith("test-support");

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") && !isTestOnly(path) ? [path] : [];
  });
}

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: sources(src),
  outdir: dist,
  outbase: src,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  jsx: "automatic",
  jsxImportSource: "preact",
  logLevel: "warning",
});
mkdirSync(join(dist, "ui/assets"), { recursive: true });
cpSync(join(src, "ui/assets"), join(dist, "ui/assets"), { recursive: true });
// The message catalogue is data: each folder's messages/<locale>.json, read at start by ui/i18n/catalogue.ts.
for (const entry of readdirSync(src, { withFileTypes: true }))
  if (entry.isDirectory() && existsSync(join(src, entry.name, "messages")))
    cpSync(join(src, entry.name, "messages"), join(dist, entry.name, "messages"), { recursive: true });
writeFileSync(join(dist, ".build-stamp"), new Date().toISOString());

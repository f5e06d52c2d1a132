import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Finds the shared seeds folder by walking up from this file, so any worktree depth works. */
export function findSeedsDir(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let current = start;
  for (;;) {
    const candidate = join(current, "shared", "seeds");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(current);
    if (parent === current) throw new Error(`No shared/seeds folder beside any ancestor of ${start}`);
    current = parent;
  }
}

/** Reads the seed whose file name starts with the given prefix ("000", "001"...). */
export function readSeed(prefix: string): { fileName: string; text: string } {
  const dir = findSeedsDir();
  const fileName = readdirSync(dir).find((name) => name.startsWith(prefix));
  if (!fileName) throw new Error(`No seed starting with ${prefix} in ${dir}`);
  return { fileName, text: readFileSync(join(dir, fileName), "utf8") };
}

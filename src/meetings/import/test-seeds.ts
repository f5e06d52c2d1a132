import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The forum records the importer is tested on live outside the repository (they are not ours to publish):
 * INTERSESSION_SEEDS names their folder (CI sets it); without it, a `shared/seeds` folder beside any ancestor of
 * this file is used, so any worktree depth works.
 */
export function findSeedsDir(start: string = dirname(fileURLToPath(import.meta.url))): string {
  const named = process.env.INTERSESSION_SEEDS;
  if (named) {
    if (!existsSync(named)) throw new Error(`INTERSESSION_SEEDS names ${named}, which does not exist`);
    return named;
  }
  let current = start;
  for (;;) {
    const candidate = join(current, "shared", "seeds");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(current);
    if (parent === current)
      throw new Error(
        `No shared/seeds folder beside any ancestor of ${start}: set INTERSESSION_SEEDS to the seeds folder`,
      );
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

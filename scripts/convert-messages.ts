// One-off migration (F17): each folder's `messages.ts` (four languages in one TypeScript object) becomes
// `messages/<locale>.json`, one ICU MessageFormat file per language that translators' tools read.
// Run with `npx tsx scripts/convert-messages.ts`; it refuses to run twice (no messages.ts left).
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const root = new URL("..", import.meta.url).pathname;
const src = join(root, "src");

function find(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return find(path);
    return entry.name === "messages.ts" ? [path] : [];
  });
}

const files = find(src);
if (files.length === 0) {
  console.log("No messages.ts left: already converted.");
  process.exit(0);
}
for (const file of files) {
  const { messages } = (await import(pathToFileURL(file).href)) as {
    messages: Record<string, Record<string, string>>;
  };
  const folder = join(file, "..", "messages");
  if (existsSync(folder)) throw new Error(`${relative(root, folder)} exists already`);
  mkdirSync(folder);
  const order = Object.keys(messages.en ?? {});
  for (const [locale, entries] of Object.entries(messages)) {
    // English order everywhere, so a translator's file lines up with the English one.
    const sorted: Record<string, string> = {};
    for (const key of order) if (entries[key] !== undefined) sorted[key] = entries[key];
    for (const key of Object.keys(entries)) if (!(key in sorted)) sorted[key] = entries[key] as string;
    writeFileSync(join(folder, `${locale}.json`), `${JSON.stringify(sorted, null, 2)}\n`);
  }
  rmSync(file);
  console.log(
    `${relative(root, file)} → ${relative(root, folder)}/{${Object.keys(messages).join(",")}}.json`,
  );
}

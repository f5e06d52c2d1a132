// Static assets are served under content-hashed names so browsers may cache them for a year: a changed file
// gets a new name. Hashes are computed once at start-up from the files themselves.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Asset {
  body: Buffer;
  contentType: string;
}

export interface AssetCatalogue {
  /** Public URL of an asset by its plain name, e.g. "style.css" → "/assets/style.3f2a9c1b.css". */
  url(name: string): string;
  /** The asset served under a hashed file name, if any. */
  get(hashedName: string): Asset | undefined;
}

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** Loads and hashes every file of src/ui/assets (dist/ui/assets once built). */
export function loadAssets(): AssetCatalogue {
  const folder = fileURLToPath(new URL("../ui/assets/", import.meta.url));
  const byPlain = new Map<string, string>();
  const byHashed = new Map<string, Asset>();
  for (const name of readdirSync(folder)) {
    const dot = name.lastIndexOf(".");
    const ext = dot >= 0 ? name.slice(dot) : "";
    const contentType = TYPES[ext];
    if (!contentType) continue;
    const body = readFileSync(new URL(name, `file://${folder}`));
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
    const hashed = `${name.slice(0, dot)}.${hash}${ext}`;
    byPlain.set(name, `/assets/${hashed}`);
    byHashed.set(hashed, { body, contentType });
  }
  return {
    url(name) {
      const url = byPlain.get(name);
      if (!url) throw new Error(`Unknown asset ${name}`);
      return url;
    },
    get: (hashedName) => byHashed.get(hashedName),
  };
}

// Where uploaded files live. Content-addressed by SHA-256, so the same document sent twice is stored once and
// a stored file can never change under its name. One small interface, so an object store can replace the
// disk later without touching intake.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A place to keep file contents by their SHA-256. */
export interface FileStore {
  /** Stores the bytes and returns their lower-case hex SHA-256. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes stored under a SHA-256, or undefined. */
  get(sha256: string): Promise<Buffer | undefined>;
  /** Whether a SHA-256 is stored. */
  has(sha256: string): Promise<boolean>;
}

const shaPattern = /^[0-9a-f]{64}$/;

/** A FileStore in a folder: `${root}/ab/cd/abcd…`, written atomically through a temporary name. */
export class DiskFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!shaPattern.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return sha256;
    await mkdir(join(path, ".."), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString("hex")}.part`;
    try {
      await writeFile(temporary, bytes, { flag: "wx" });
      await rename(temporary, path);
    } catch (error) {
      // A full disk leaves a partial file behind: remove it, so the space it took comes back.
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    return sha256;
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }
}

/** The file store of a data folder (`${dataDir}/files/`). */
export function fileStoreFor(dataDir: string): FileStore {
  return new DiskFileStore(join(dataDir, "files"));
}

/** Deletes stored files by SHA-256 (those already gone are skipped): a data subject's erased documents. */
export async function removeStoredFiles(dataDir: string, sha256s: string[]): Promise<number> {
  let removed = 0;
  for (const sha256 of sha256s) {
    if (!shaPattern.test(sha256)) continue;
    try {
      await unlink(join(dataDir, "files", sha256.slice(0, 2), sha256.slice(2, 4), sha256));
      removed++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return removed;
}

// PostgreSQL's own dump and restore programs: the newest installed version (a pg_dump must be at least as new
// as the server it reads), found in Debian's versioned folders or on the PATH.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Raised when pg_dump or pg_restore is missing or fails; the message is meant for the person. */
export class PgToolError extends Error {}

/** The path of `pg_dump` or `pg_restore`: the newest /usr/lib/postgresql/N/bin, else the PATH's. */
export function findPgTool(name: "pg_dump" | "pg_restore"): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, "bin", name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest) return join(root, newest, "bin", name);
  for (const dir of (process.env.PATH ?? "").split(":"))
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  throw new PgToolError(
    `${name} was not found. Install PostgreSQL's client programs (Debian: apt install postgresql-client) at least as new as the server.`,
  );
}

/**
 * The connection as the tools take it: the URL without its password, which goes in PGPASSWORD instead, so
 * it never shows in the list of processes.
 */
function connection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { url: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** Runs one of the tools; rejects with its own words when it fails. */
export function runPgTool(
  name: "pg_dump" | "pg_restore",
  databaseUrl: string,
  args: string[],
): Promise<void> {
  const { url, env } = connection(databaseUrl);
  const child = spawn(findPgTool(name), [...args, `--dbname=${url}`], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on("error", (error) => reject(new PgToolError(`${name} could not run: ${error.message}`)));
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new PgToolError(`${name} failed (exit ${code}): ${stderr.trim() || "no message"}`));
    });
  });
}

// The command line as a person uses it: real processes, real data folders.
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCli as cli } from "../test-support/cli.js";

// These start real servers on fresh data folders (migrations included), two of them one after the other.
const SERVER_TEST_TIMEOUT_MS = 120_000;

async function waitFor(predicate: () => boolean, timeoutMs = 60_000) {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("intersession command line", () => {
  it("creates an API token and prints it alone on the last line", async () => {
    const data = mkdtempSync(join(tmpdir(), "intersession-cli-"));
    const { done } = cli([
      "token",
      "create",
      "--role",
      "secretariat",
      "--name",
      "import script",
      "--data",
      data,
    ]);
    const { code, stdout } = await done;
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^isk_[A-Za-z0-9_-]{43}$/);
  });

  it("explains an unknown role and an unknown forum", async () => {
    const data = mkdtempSync(join(tmpdir(), "intersession-cli-"));
    const role = await cli(["token", "create", "--role", "boss", "--name", "x", "--data", data]).done;
    expect(role.code).toBe(1);
    expect(role.stderr).toContain("Unknown role “boss”");
    const forum = await cli([
      "token",
      "create",
      "--role",
      "member",
      "--name",
      "x",
      "--forum",
      "nope",
      "--data",
      data,
    ]).done;
    expect(forum.code).toBe(1);
    expect(forum.stderr).toContain("no forum with the slug “nope”");
  });

  it("names the variable of a wrong setting and stops", async () => {
    const { code, stderr } = await cli(["migrate"], { PORT: "eighty" }).done;
    expect(code).toBe(1);
    expect(stderr).toContain("PORT");
  });

  it("prints help for every command", async () => {
    for (const args of [
      ["--help"],
      ["serve", "--help"],
      ["migrate", "--help"],
      ["token", "create", "--help"],
    ]) {
      const { code, stdout } = await cli(args).done;
      expect(code).toBe(0);
      expect(stdout).toContain("--");
    }
  });

  it(
    "refuses a second server on the same data folder, naming the folder and the holder",
    async () => {
      const data = mkdtempSync(join(tmpdir(), "intersession-cli-"));
      const first = cli(["serve", "--port", "0", "--data", data]);
      await waitFor(() => first.output().includes("Intersession is running at"));
      const second = await cli(["serve", "--port", "0", "--data", data]).done;
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`The data folder ${data}`);
      expect(second.stderr).toContain(`pid ${first.child.pid}`);
      // The first server stops gracefully on SIGTERM and releases the folder for the next one.
      first.child.kill("SIGTERM");
      const firstExit = await first.done;
      expect({ code: firstExit.code, signal: firstExit.signal }).toEqual({ code: 0, signal: null });
      const third = cli(["serve", "--port", "0", "--data", data]);
      await waitFor(() => third.output().includes("Intersession is running at"));
      third.child.kill("SIGTERM");
      const thirdExit = await third.done;
      expect({ code: thirdExit.code, signal: thirdExit.signal }).toEqual({ code: 0, signal: null });
    },
    SERVER_TEST_TIMEOUT_MS,
  );

  it(
    "finishes a request in flight when stopped with SIGTERM, then exits",
    async () => {
      const data = mkdtempSync(join(tmpdir(), "intersession-cli-"));
      const server = cli(["serve", "--port", "0", "--data", data]);
      await waitFor(() => server.output().includes("Intersession is running at"));
      const url = new URL(server.output().match(/running at (\S+)/)?.[1] ?? "");
      const body = "email=slow%40example.org&next=%2F";
      // The body arrives in two halves with the signal in between: the server must wait for the second half.
      const answered = new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: "/sign-in",
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", "content-length": body.length },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          server.child.kill("SIGTERM");
          setTimeout(() => req.end(body.slice(10)), 500);
        }, 300);
      });
      // Refused for its missing CSRF token, which is an answer: the request was read to the end and served.
      expect(await answered).toBe(403);
      const exit = await server.done;
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    },
    SERVER_TEST_TIMEOUT_MS,
  );
});

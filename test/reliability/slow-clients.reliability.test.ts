// Slow clients, many at once: senders that trickle their headers a byte at a time (slowloris), senders that
// trickle a body, and connections opened and left silent. Each is cut off within its budget (408 where the
// server still can answer), while ordinary readers keep being answered quickly. (The single-connection
// version of the body case is src/server/timeouts.db.test.ts.)
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTestForum } from "../../src/contributions/test-support.js";
import { createTestApp, type TestApp } from "../../src/test-support/app.js";
import { report } from "./figures.js";
import { probe } from "./serve.js";

const REQUEST_SECONDS = 2;
const UPLOAD_SECONDS = 3;

/** Resolves with the milliseconds until the server closed the socket, and what it said before. */
function whenClosed(socket: Socket): Promise<{ ms: number; said: string }> {
  const started = Date.now();
  let said = "";
  socket.on("data", (chunk) => {
    said += String(chunk);
  });
  return new Promise((resolve) => {
    socket.on("close", () => resolve({ ms: Date.now() - started, said }));
    socket.on("error", () => undefined);
  });
}

/** A connection that writes `head` at once, then one byte of `drip` every 200 ms, never finishing. */
function trickle(port: number, head: string, drip: string): Socket {
  const socket = connect(port, "127.0.0.1");
  socket.on("connect", () => {
    socket.write(head);
    let i = 0;
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write(drip[i++ % drip.length] as string);
    }, 200);
    socket.on("close", () => clearInterval(timer));
  });
  return socket;
}

describe("slow clients", () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp("pglite", {
      requestTimeoutSeconds: REQUEST_SECONDS,
      uploadTimeoutSeconds: UPLOAD_SECONDS,
      keepAliveTimeoutSeconds: 1,
    });
    await seedTestForum(t.database.db);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("cuts off 90 slow connections within their budget while others are answered", async () => {
    const headers = Array.from({ length: 40 }, () =>
      trickle(port, "GET / HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: aaaaaaaaaaaaaaaa\r\n"),
    );
    const bodies = Array.from({ length: 30 }, (_, i) =>
      trickle(
        port,
        i % 2
          ? "POST /sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
          : "POST /api/v1/forums/bpf-cyber/cycles/2017/contributions HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n",
        "x",
      ),
    );
    const silent = Array.from({ length: 20 }, () => connect(port, "127.0.0.1"));
    const closing = {
      headers: Promise.all(headers.map(whenClosed)),
      bodies: Promise.all(bodies.map(whenClosed)),
      silent: Promise.all(silent.map(whenClosed)),
    };
    let done = false;
    const [health, list] = await Promise.all([
      probe(`http://127.0.0.1:${port}/healthz`, () => done, 50),
      probe(`http://127.0.0.1:${port}/f/bpf-cyber/2017/contributions`, () => done, 50),
      (async () => {
        await Promise.all([closing.headers, closing.bodies, closing.silent]);
        done = true;
      })(),
    ]);
    const h = await closing.headers;
    const b = await closing.bodies;
    const s = await closing.silent;
    const max = (xs: { ms: number }[]) => Math.max(...xs.map((x) => x.ms));
    report(
      "slow clients",
      `slow clients: ${h.length} trickling headers cut after ≤ ${max(h)} ms (${h.filter((x) => x.said.includes("408")).length} told 408), ${b.length} trickling bodies after ≤ ${max(b)} ms (${b.filter((x) => x.said.includes("408")).length} told 408), ${s.length} silent connections after ≤ ${max(s)} ms; meanwhile /healthz p95 ${health.p95.toFixed(0)} ms and the list p95 ${list.p95.toFixed(0)} ms over ${health.count + list.count} requests, ${health.failures + list.failures} failed`,
    );
    // A budget, plus the server's checking interval and this machine's slack.
    const margin = 3000;
    expect(max(h)).toBeLessThan(REQUEST_SECONDS * 1000 + margin);
    expect(max(b)).toBeLessThan(UPLOAD_SECONDS * 1000 + margin);
    expect(max(s)).toBeLessThan(UPLOAD_SECONDS * 1000 + margin);
    expect(b.filter((x) => !x.said.includes("408")).length, "a body cut off is told 408").toBe(0);
    expect(health.failures + list.failures, "readers keep being answered").toBe(0);
    expect(health.count).toBeGreaterThan(5);
    expect(health.p95).toBeLessThan(1000);
  });
});

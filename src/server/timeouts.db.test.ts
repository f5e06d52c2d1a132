// A sender that trickles a body in a byte at a time is cut off once the request's budget is spent, while
// ordinary requests go on being answered.
import { connect, type Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../test-support/app.js";
import { createTestDatabase, type TestDatabase } from "../test-support/databases.js";
import { buildApp } from "./app.js";

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

describe("request timeouts", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    app = await buildApp({
      config: testConfig({ requestTimeoutSeconds: 1, uploadTimeoutSeconds: 2, keepAliveTimeoutSeconds: 1 }),
      database,
      logger: false,
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  function slowSender(path: string, contentType: string): Socket {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${contentType}\r\nContent-Length: 1000\r\n\r\nx`,
      );
      // One more byte now and then, as a slow-body attack does: never idle, never done.
      const drip = setInterval(() => {
        if (!socket.destroyed) socket.write("x");
      }, 200);
      socket.on("close", () => clearInterval(drip));
    });
    return socket;
  }

  it("closes a body that trickles in, and still answers a normal request meanwhile", async () => {
    const slow = Array.from({ length: 5 }, () => slowSender("/sign-in", "application/x-www-form-urlencoded"));
    const closed = Promise.all(slow.map(whenClosed));
    const normal = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(normal.status).toBe(200);
    const results = await closed;
    for (const { ms, said } of results) {
      expect(ms).toBeLessThan(4000);
      expect(said).toContain("408");
    }
    const after = await fetch(`http://127.0.0.1:${port}/`);
    expect(after.status).toBe(200);
  }, 15_000);

  it("gives a file upload its longer budget, then closes it too", async () => {
    const started = Date.now();
    const upload = slowSender("/f/x/2017/contribute", "multipart/form-data; boundary=b");
    const { ms } = await whenClosed(upload);
    expect(ms).toBeGreaterThanOrEqual(1500);
    expect(ms).toBeLessThan(5000);
    expect(Date.now() - started).toBeLessThan(6000);
  }, 15_000);
});

// Delivery over a real SMTP server started in-process.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { queueMail } from "./outbox.js";

interface Received {
  to: string[];
  raw: string;
}

describe.each(testEngines)("mail delivery over SMTP (%s)", (engine) => {
  let server: SMTPServer;
  let port: number;
  const received: Received[] = [];
  let refuseNext = 0;
  let t: TestApp;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onRcptTo(_address, _session, callback) {
        if (refuseNext > 0) {
          refuseNext--;
          const error = new Error("451 try again later") as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as AddressInfo).port;
    t = await createTestApp(engine, {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: "BPF Secretariat <bpf@example.org>",
    });
  });

  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("delivers a queued message with text and HTML bodies and marks it sent", async () => {
    const id = await queueMail(t.database.db, {
      to: "ana@example.org",
      toName: "Ana",
      kind: "test",
      subject: "Call for contributions",
      text: "Hello ¿qué tal?",
      html: "<p>Hello</p>",
    });
    await t.app.services.jobs.runUntilIdle();
    const message = received.find((r) => r.to.includes("ana@example.org"));
    expect(message).toBeDefined();
    const parsed = await simpleParser(message!.raw);
    expect(parsed.subject).toBe("Call for contributions");
    expect(parsed.text?.trim()).toBe("Hello ¿qué tal?");
    expect(parsed.html).toContain("<p>Hello</p>");
    expect(parsed.from?.text).toContain("bpf@example.org");
    const row = await t.database.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(1);
  });

  it("retries with backoff after the server refuses once, then delivers", async () => {
    refuseNext = 1;
    // A moment ahead of the database's clock, which stamps when the job becomes due.
    const start = new Date(Date.now() + 5_000);
    t.setNow(start);
    const id = await queueMail(t.database.db, {
      to: "retry@example.org",
      kind: "test",
      subject: "Reminder",
      text: "Soft deadline soon",
      html: "<p>Soft deadline soon</p>",
      bulk: true,
      headers: {
        "List-Unsubscribe": "<https://bpf.example.org/unsubscribe/abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    });
    // Bulk mail without a way out is refused before it is queued.
    await expect(
      queueMail(t.database.db, {
        to: "x@example.org",
        kind: "test",
        subject: "S",
        text: "T",
        html: "<p>T</p>",
        bulk: true,
      }),
    ).rejects.toThrow("List-Unsubscribe");
    await t.app.services.jobs.runUntilIdle();
    let row = await t.database.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("queued");
    expect(row.last_error).toContain("451");
    expect(received.some((r) => r.to.includes("retry@example.org"))).toBe(false);
    // Not yet due: the backoff holds it back.
    t.setNow(new Date(start.getTime() + 10_000));
    await t.app.services.jobs.runUntilIdle();
    expect(received.some((r) => r.to.includes("retry@example.org"))).toBe(false);
    t.setNow(new Date(start.getTime() + 31_000));
    await t.app.services.jobs.runUntilIdle();
    row = await t.database.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(2);
    const raw = received.find((r) => r.to.includes("retry@example.org"))!.raw;
    expect(raw).toContain("List-Unsubscribe: <https://bpf.example.org/unsubscribe/abc>");
    expect(raw).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    t.setNow(undefined);
  });

  it("marks a message failed after its last attempt", async () => {
    refuseNext = 100;
    const start = new Date();
    const id = await queueMail(t.database.db, {
      to: "never@example.org",
      kind: "test",
      subject: "x",
      text: "x",
      html: "x",
    });
    for (let i = 0; i < 8; i++) {
      t.setNow(new Date(start.getTime() + i * 7 * 3600_000));
      await t.app.services.jobs.runUntilIdle();
    }
    const row = await t.database.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(6);
    refuseNext = 0;
    t.setNow(undefined);
  });
});

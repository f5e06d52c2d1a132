// Text typed in a browser arrives with Windows line ends (CRLF), and some tools send a lone CR: either way a
// blank line is a paragraph break, on every page that shows what was typed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { seedCallsDemoFor } from "../../calls/demo.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { privatePath } from "../links.js";
import { publishContribution } from "../moderation/service.js";
import { forgetListStats } from "../public/list-stats.js";
import { completeFields, FormVisitor, seedTestForum } from "../test-support.js";
import { answerField } from "./answers.js";

describe.each(testEngines)("paragraphs of typed text (%s)", (engine) => {
  let t: TestApp;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const ids = await seedTestForum(t.database.db);
    await seedCallsDemoFor(t.database.db, {
      forum: ids.forum,
      cycle: ids.cycle2017,
      secretariatUserId: undefined,
    });
    t.setNow(new Date("2017-09-10T10:00:00Z"));
  });
  afterAll(async () => {
    await t?.close();
  });

  const paragraphsIn = (html: string, first: string) => {
    const start = html.indexOf(first);
    return html.slice(Math.max(0, start - 40), start + 400);
  };

  it("keeps the paragraphs of a body and of an answer sent with CRLF and lone CR line ends", async () => {
    const visitor = new FormVisitor(t.app);
    const form = await visitor.get("/f/bpf-cyber/2017/contribute");
    const key = form.body.match(/name="idempotency_key" value="([^"]+)"/)?.[1] ?? "";
    const answers: [string, string][] = [
      [answerField("q_good_security_helps"), "Helps first.\r\n\r\nHelps second."],
      [answerField("q_poor_security_hinders"), "Hinders first.\r\rHinders second."],
      [answerField("q_critical_issue"), "Critical first.\r\n\r\nCritical second."],
    ];
    const res = await visitor.postForm("/f/bpf-cyber/2017/contribute", [
      ["idempotency_key", key],
      ["variant", "base"],
      ...answers,
      ...completeFields({ body_text: "Body first.\r\n\r\nBody second.\r\nSame paragraph." }),
    ]);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const row = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("email", "=", "amina@example.org")
      .executeTakeFirstOrThrow();
    // Stored with one kind of line end.
    expect(row.body_text).toBe("Body first.\n\nBody second.\nSame paragraph.");
    expect(row.answers.q_poor_security_hinders).toBe("Hinders first.\n\nHinders second.");
    await publishContribution(
      { db: t.database.db, now: new Date(), secret: t.app.services.secret, publicUrl: "" },
      { actor: secretariat, contributionId: row.id },
    );
    for (const url of [
      `/f/bpf-cyber/2017/contributions/${row.reference}`,
      privatePath(t.app.services.secret, row.id),
    ]) {
      const page = await visitor.get(url);
      expect(page.statusCode).toBe(200);
      for (const [first, second] of [
        ["Body first.", "Body second."],
        ["Helps first.", "Helps second."],
        ["Hinders first.", "Hinders second."],
        ["Critical first.", "Critical second."],
      ])
        expect(paragraphsIn(page.body, first!), url).toContain(`<p>${first}</p><p>${second}`);
    }
  });

  it("shows paragraphs of text stored with CRLF before line ends were normalised", async () => {
    const row = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("email", "=", "amina@example.org")
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable("contributions")
      .set({ body_text: "Legacy first.\r\n\r\nLegacy second." })
      .where("id", "=", row.id)
      .execute();
    // Written behind the application's back (as an old release left it): the page an earlier test kept for
    // anonymous readers is let go, as a change made through the application would.
    forgetListStats(row.cycle_id);
    const page = await t.app.inject({
      method: "GET",
      url: `/f/bpf-cyber/2017/contributions/${row.reference}`,
    });
    expect(page.body).toContain("<p>Legacy first.</p><p>Legacy second.</p>");
  });
});

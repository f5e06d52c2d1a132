// The secretariat's and members' pages, walked over HTTP like a browser without JavaScript.
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ForumRole } from "../../auth/actor.js";
import { createSession } from "../../auth/sessions.js";
import { insertForumRole, insertUser } from "../../auth/users.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { unisolatedOverrides } from "../../test-support/bidi.js";
import { testEngines } from "../../test-support/databases.js";
import { addMilestone, createCycle } from "../cycles/service.js";
import { createForum } from "../forums/service.js";
import { addToRoster } from "../members/service.js";
import type { CycleRow, ForumRow } from "../queries.js";
import { registerCycleSection } from "../sections.js";

// A domain's section with more entries than a card shows; registered once per process, like a plugin's.
registerCycleSection(async ({ forum: f }) =>
  f.slug === "bpf-pages"
    ? {
        key: "documents",
        title: "Documents",
        summary: "4 documents.",
        href: "/f/bpf-pages/2017/documents",
        items: ["d", "c", "b", "a"].map((x) => ({ title: `Draft ${x}`, href: `/docs/${x}` })),
      }
    : undefined,
);

describe.each(testEngines)("forum pages on %s", (engine) => {
  let t: TestApp;
  let forum: ForumRow;
  let cycle: CycleRow;
  const system = { kind: "system", label: "test" } as const;

  /** A signed-in agent for a new person holding the given roles in the forum. */
  async function agentFor(email: string, name: string, roles: ForumRole[]) {
    const db = t.database.db;
    const user = await insertUser(db, { email, name });
    for (const role of roles)
      await insertForumRole(db, { forumId: forum.id, userId: user.id, role, grantedBy: null });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", (await createSession(db, { userId: user.id, now: new Date() })).cookieValue);
    return { agent, user };
  }

  /** A signed-in agent for someone already in the database. */
  async function agentOf(userId: string) {
    const agent = new TestAgent(t.app);
    agent.cookies.set(
      "session",
      (await createSession(t.database.db, { userId, now: new Date() })).cookieValue,
    );
    return agent;
  }

  /** The feed's events by UID. */
  async function feedEvents() {
    const res = await t.app.inject({ method: "GET", url: `/f/${forum.slug}/calendar.ics` });
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    return calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    forum = await createForum(db, {
      actor: system,
      input: { slug: "bpf-pages", name: "BPF Pages", time_zone: "Europe/Zurich" },
    });
    cycle = await createCycle(db, { actor: system, forum, input: { year: 2017 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("links a cycle's manage page to every domain's work, and the forum's to roles and audit log", async () => {
    const { agent } = await agentFor("work@example.org", "Wanda Sec", ["secretariat"]);
    const page = await agent.get("/f/bpf-pages/2017/manage");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Work on this cycle");
    for (const path of [
      "call/edit",
      "questionnaire",
      "questionnaire/translate",
      "call/send",
      "contributions/manage",
      "meetings",
      "meetings/new",
      "members",
    ])
      expect(page.body).toContain(`href="/f/bpf-pages/2017/${path}"`);
    expect(page.body).toContain("Moderate contributions 2017");
    const forumPage = await agent.get("/f/bpf-pages/manage");
    expect(forumPage.body).toContain('href="/f/bpf-pages/roles"');
    expect(forumPage.body).toContain('href="/f/bpf-pages/audit"');
  });

  it("changes a milestone in place from its own form, keeping its calendar UID", async () => {
    const db = t.database.db;
    const soft = await addMilestone(db, {
      actor: system,
      forum,
      cycle,
      input: { kind: "soft_deadline", at: "2017-09-15" },
    });
    const { agent } = await agentFor("eleni@example.org", "Eleni Sec", ["secretariat"]);
    const manage = await agent.get("/f/bpf-pages/2017/manage");
    expect(manage.body).toContain(`href="/f/bpf-pages/2017/milestones/${soft.id}"`);
    expect(manage.body).toContain("Change the milestone “Deadline for contributions”");

    const form = await agent.get(`/f/bpf-pages/2017/milestones/${soft.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("<strong>Deadline for contributions</strong>");
    expect(form.body).toMatch(/name="at" value="2017-09-15"/);
    expect(form.body).toMatch(/<option value="Etc\/GMT\+12" selected>/);
    const before = (await feedEvents()).find((e) => e.uid === `milestone-${soft.id}@intersession`);
    expect(before?.startDate.toJSDate().toISOString()).toBe("2017-09-16T11:59:59.000Z");

    // A date that does not exist comes back with what was typed and the error beside the field.
    const badDate = await agent.post(`/f/bpf-pages/2017/milestones/${soft.id}`, {
      at: "2017-09-31",
      time_zone: "Etc/GMT+12",
      label: "",
    });
    expect(badDate.statusCode).toBe(422);
    expect(badDate.body).toMatch(/name="at" value="2017-09-31"/);
    expect(badDate.body).toMatch(/id="field-at-error">This date does not exist/);
    expect(badDate.body).toContain('aria-invalid="true"');

    // So does a zone nobody has heard of (a stale or hand-made form).
    const badZone = await agent.post(`/f/bpf-pages/2017/milestones/${soft.id}`, {
      at: "2017-09-22",
      time_zone: "Mars/Olympus",
      label: "",
    });
    expect(badZone.statusCode).toBe(422);
    expect(badZone.body).toMatch(/name="at" value="2017-09-22"/);
    expect(badZone.body).toMatch(/id="field-time_zone-error">Choose a time zone from the list/);
    expect(badZone.body).toMatch(/<option value="Mars\/Olympus" selected>/);

    const saved = await agent.post(`/f/bpf-pages/2017/milestones/${soft.id}`, {
      at: "2017-09-22",
      time_zone: "Etc/GMT+12",
      label: "",
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe("/f/bpf-pages/2017/manage?done=changed");
    expect((await agent.get("/f/bpf-pages/2017/manage?done=changed")).body).toContain(
      "The milestone has been changed.",
    );
    const events = (await feedEvents()).filter((e) => e.summary.includes("Deadline for contributions"));
    expect(events.map((e) => e.uid)).toEqual([`milestone-${soft.id}@intersession`]);
    expect(events[0]?.startDate.toJSDate().toISOString()).toBe("2017-09-23T11:59:59.000Z");
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", soft.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["milestone.create", "milestone.update"]);
  });

  it("keeps a custom milestone's label required and lets a member neither see nor post the form", async () => {
    const db = t.database.db;
    const custom = await addMilestone(db, {
      actor: system,
      forum,
      cycle,
      input: { kind: "custom", at: "2017-10-10T15:00", time_zone: "Europe/Zurich", label: "Virtual meeting" },
    });
    const { agent } = await agentFor("sami@example.org", "Sami Sec", ["secretariat"]);
    const form = await agent.get(`/f/bpf-pages/2017/milestones/${custom.id}`);
    expect(form.body).toMatch(/name="at" value="2017-10-10T15:00"/);
    expect(form.body).toMatch(/name="label" value="Virtual meeting"/);
    const noLabel = await agent.post(`/f/bpf-pages/2017/milestones/${custom.id}`, {
      at: "2017-10-11T15:00",
      time_zone: "Europe/Zurich",
      label: " ",
    });
    expect(noLabel.statusCode).toBe(422);
    expect(noLabel.body).toMatch(/id="field-label-error">Give this date a label/);
    expect(noLabel.body).toMatch(/name="at" value="2017-10-11T15:00"/);

    const { agent: member } = await agentFor("mo@example.org", "Mo Member", ["member"]);
    expect((await member.get(`/f/bpf-pages/2017/milestones/${custom.id}`)).statusCode).toBe(403);
    const refused = await member.post(`/f/bpf-pages/2017/milestones/${custom.id}`, {
      at: "2017-10-12T15:00",
      time_zone: "Europe/Zurich",
      label: "Moved",
    });
    expect(refused.statusCode).toBe(403);
    const row = await db
      .selectFrom("milestones")
      .select(["at", "label"])
      .where("id", "=", custom.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ at: new Date("2017-10-10T13:00:00.000Z"), label: "Virtual meeting" });
  });

  describe("members' pages", () => {
    let sec: TestAgent;
    let tomas: string;

    beforeAll(async () => {
      sec = (await agentFor("clara@example.org", "Clara Sec", ["secretariat"])).agent;
      await t.database.db.transaction().execute(async (trx) => {
        tomas = (
          await addToRoster(trx, {
            forumId: forum.id,
            cycleId: cycle.id,
            email: "tomas@example.org",
            name: "Tomás Member",
            organisation: "CERT.br",
            roles: ["member"],
          })
        ).id;
        await addToRoster(trx, {
          forumId: forum.id,
          cycleId: cycle.id,
          email: "maarten@example.org",
          name: "Maarten Lead",
          roles: ["lead_expert", "facilitator"],
        });
      });
    });

    /** The roster table's row for a person, as text. */
    function rowOf(html: string, name: string): string {
      const row = html.split("<tr>").find((r) => r.includes(name));
      return (row ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    }

    it("lists the roster with each person's roles, and addresses only for the secretariat", async () => {
      const page = await sec.get("/f/bpf-pages/2017/members");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("2 people take part in this cycle.");
      expect(rowOf(page.body, "Maarten Lead")).toContain("Facilitator, Lead expert");
      expect(rowOf(page.body, "Tomás Member")).toMatch(/tomas@example\.org CERT\.br Member Subscribed/);
      const asMember = await (await agentOf(tomas)).get("/f/bpf-pages/2017/members");
      expect(rowOf(asMember.body, "Maarten Lead")).toContain("Facilitator, Lead expert");
      expect(asMember.body).not.toContain("maarten@example.org");
      expect(asMember.body).not.toContain("Requests to join");
      const anonymous = await new TestAgent(t.app).get("/f/bpf-pages/2017/members");
      expect(anonymous.statusCode).toBe(303);
      const outsider = (await agentFor("nobody@example.org", "No Body", [])).agent;
      expect((await outsider.get("/f/bpf-pages/2017/members")).statusCode).toBe(403);
    });

    it("keeps what was typed in the invitation form when the address is wrong", async () => {
      const bad = await sec.post("/f/bpf-pages/invitations", {
        year: "2017",
        email: "ana at example.org",
        name: "Ana Lead",
        role: "lead_expert",
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toMatch(/id="field-email-error">Enter an e-mail address like name@example\.org/);
      expect(bad.body).toContain('value="ana at example.org"');
      expect(bad.body).toContain('value="Ana Lead"');
      expect(bad.body).toMatch(/<option value="lead_expert" selected>/);
      expect(bad.body).toContain('<a href="#field-email">');
      const sent = await sec.post("/f/bpf-pages/invitations", {
        year: "2017",
        email: "ana@example.org",
        name: "Ana Lead",
        role: "lead_expert",
      });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe("/f/bpf-pages/2017/members?done=invited");
      expect((await sec.get("/f/bpf-pages/2017/members?done=invited")).body).toContain(
        "The invitation has been sent.",
      );
      const mail = await t.database.db
        .selectFrom("mail_outbox")
        .select("text_body")
        .where("to_address", "=", "ana@example.org")
        .executeTakeFirstOrThrow();
      expect(mail.text_body).toContain("as Lead expert");
    });

    it("approves one request to join and declines another from the members page", async () => {
      const lucia = (await agentFor("lucia@example.org", "Lucia Asks", [])).agent;
      const olga = (await agentFor("olga@example.org", "Olga Asks", [])).agent;
      expect((await lucia.post("/f/bpf-pages/join", { message: "I coordinate a CSIRT" })).statusCode).toBe(
        303,
      );
      expect((await olga.post("/f/bpf-pages/join", { message: "" })).statusCode).toBe(303);
      const page = await sec.get("/f/bpf-pages/2017/members");
      expect(page.body).toContain("“<bdi>I coordinate a CSIRT</bdi>”");
      const idOf = (name: string) =>
        new RegExp(`${name}</bdi></strong>[^]*?action="/f/bpf-pages/join-requests/([0-9a-f-]{36})"`).exec(
          page.body,
        )?.[1];
      const approved = await sec.post(`/f/bpf-pages/join-requests/${idOf("Lucia Asks")}`, {
        decision: "approve",
      });
      expect(approved.headers.location).toBe("/f/bpf-pages/2017/members?done=approved");
      const declined = await sec.post(`/f/bpf-pages/join-requests/${idOf("Olga Asks")}`, {
        decision: "decline",
      });
      expect(declined.headers.location).toBe("/f/bpf-pages/2017/members?done=declined");
      const after = await sec.get("/f/bpf-pages/2017/members?done=declined");
      expect(after.body).toContain("The request has been declined.");
      expect(rowOf(after.body, "Lucia Asks")).toContain("Member");
      expect(after.body).not.toContain("Olga Asks");
      expect(after.body).toContain("No requests are waiting.");
      // The member may now read the roster; the one declined still may not.
      expect((await lucia.get("/f/bpf-pages/2017/members")).statusCode).toBe(200);
      expect((await olga.get("/f/bpf-pages/2017/members")).statusCode).toBe(403);
    });

    it("lets a member stop and restart the mailing list, which the secretariat's roster shows", async () => {
      const member = await agentOf(tomas);
      const page = await member.get("/f/bpf-pages/2017/members");
      expect(page.body).toContain("You receive the forum's mailing-list messages.");
      expect(page.body).toMatch(/name="subscribed" value="0"/);
      const off = await member.post("/f/bpf-pages/subscription", {
        subscribed: "0",
        next: "/f/bpf-pages/2017/members",
      });
      expect(off.statusCode).toBe(303);
      expect(off.headers.location).toBe("/f/bpf-pages/2017/members?done=subscription");
      const now = await member.get("/f/bpf-pages/2017/members?done=subscription");
      expect(now.body).toContain("Your mailing-list subscription has been changed.");
      expect(now.body).toContain("You do not receive the forum's mailing-list messages.");
      expect(rowOf((await sec.get("/f/bpf-pages/2017/members")).body, "Tomás Member")).toContain(
        "Not subscribed",
      );
      await member.post("/f/bpf-pages/subscription", { subscribed: "1", next: "/f/bpf-pages/2017/members" });
      expect(rowOf((await sec.get("/f/bpf-pages/2017/members")).body, "Tomás Member")).toMatch(/ Subscribed/);
      // Someone outside the forum has no subscription to change.
      const outsider = (await agentFor("passer@example.org", "Passer By", [])).agent;
      expect((await outsider.post("/f/bpf-pages/subscription", { subscribed: "1" })).statusCode).toBe(403);
    });
  });

  it("isolates typed names on the forum's home and members' page, so a right-to-left override reorders nothing", async () => {
    const db = t.database.db;
    await db
      .updateTable("forums")
      .set({ host_organisation: "\u202EIGF Secretariat" })
      .where("id", "=", forum.id)
      .execute();
    try {
      const home = await t.app.inject({ method: "GET", url: "/f/bpf-pages" });
      expect(home.body).toContain("Hosted by \u2068\u202EIGF Secretariat\u2069");
      expect(unisolatedOverrides(home.body)).toEqual([]);
      const { agent: sec } = await agentFor("rtl-sec@example.org", "Rita Sec", ["secretariat"]);
      const { agent: asker } = await agentFor("rtl@example.org", "Eve \u202Eresu", []);
      await db
        .updateTable("users")
        .set({ organisation: "\u202EACME" })
        .where("email", "=", "rtl@example.org")
        .execute();
      await addToRoster(db, {
        forumId: forum.id,
        cycleId: cycle.id,
        email: "member-rtl@example.org",
        name: "Mo \u202Erebmem",
        roles: ["member"],
      });
      expect((await asker.post("/f/bpf-pages/join", { message: "Let me in" })).statusCode).toBe(303);
      const members = await sec.get("/f/bpf-pages/2017/members");
      expect(members.statusCode).toBe(200);
      expect(members.body).toContain("<bdi>Mo \u202Erebmem</bdi>");
      expect(members.body).toContain("<bdi>Eve \u202Eresu</bdi>");
      expect(unisolatedOverrides(members.body)).toEqual([]);
    } finally {
      await db.updateTable("forums").set({ host_organisation: "" }).where("id", "=", forum.id).execute();
    }
  });

  it("offers UTC first wherever a zone is chosen, and a new forum starts in UTC, not Africa/Abidjan", async () => {
    const db = t.database.db;
    const admin = await insertUser(db, { email: "root@example.org", name: "Site Admin", isSiteAdmin: true });
    const agent = await agentOf(admin.id);
    const optionsOf = (html: string, name: string) => {
      const select =
        html.match(new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`))?.[1] ?? "";
      return [...select.matchAll(/<option value(?:="([^"]*)")?( selected)?/g)].map((m) => ({
        value: m[1] ?? "",
        selected: Boolean(m[2]),
      }));
    };
    const create = optionsOf((await agent.get("/admin/forums")).body, "time_zone");
    expect(create[0]).toEqual({ value: "UTC", selected: true });
    expect(create.filter((o) => o.selected).map((o) => o.value)).toEqual(["UTC"]);
    expect(create.some((o) => o.value === "Africa/Abidjan")).toBe(true);
    // The reader's own choice of zone offers it first too.
    expect(optionsOf((await agent.get("/tz")).body, "zone")[0]?.value).toBe("UTC");
    const profile = optionsOf((await agent.get("/me")).body, "time_zone").map((o) => o.value);
    expect(profile.slice(0, 2)).toEqual(["", "UTC"]);
    // Saving the form as shown keeps UTC.
    const created = await agent.post("/admin/forums", {
      slug: "bpf-utc",
      name: "BPF \u202EUTC",
      languages: "en",
      time_zone: "UTC",
    });
    expect(created.statusCode).toBe(303);
    const row = await db
      .selectFrom("forums")
      .select("time_zone")
      .where("slug", "=", "bpf-utc")
      .executeTakeFirst();
    expect(row?.time_zone).toBe("UTC");
    // The site's list of forums isolates each name.
    const listed = (await agent.get("/admin/forums")).body;
    expect(listed).toContain("<bdi>BPF \u202EUTC</bdi>");
    expect(unisolatedOverrides(listed)).toEqual([]);
    const edit = optionsOf((await agent.get("/f/bpf-utc/manage")).body, "time_zone");
    expect(edit.filter((o) => o.selected).map((o) => o.value)).toEqual(["UTC"]);
  });

  it("shows at most three of a section's latest entries on the forum's home, with their links", async () => {
    const home = await t.app.inject({ method: "GET", url: "/f/bpf-pages" });
    const shown = [...home.body.matchAll(/<a href="(\/docs\/[a-z])">([^<]+)<\/a>/g)].map((m) => m[2]);
    expect(shown).toEqual(["Draft d", "Draft c", "Draft b"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import type { Actor } from "./actor.js";
import { isSiteAdmin, requireSiteAdmin } from "./policy.js";
import { updateOwnProfile } from "./profile.js";
import { grantForumRole, listForumPeople, revokeForumRole } from "./roles.js";
import { insertForumRole, insertUser } from "./users.js";

describe.each(testEngines)("forum roles on %s", (engine) => {
  let t: TestApp;
  let forumId: string;
  let secretariat: Actor;
  let member: Actor;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    forumId = (
      await db
        .insertInto("forums")
        .values({ slug: "bpf-test", name: "BPF Test" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const s = await insertUser(db, { email: "sec@example.org", name: "Eleni Secretariat" });
    const m = await insertUser(db, { email: "member@example.org", name: "Mo Member" });
    await insertForumRole(db, { forumId, userId: s.id, role: "secretariat", grantedBy: null });
    await insertForumRole(db, { forumId, userId: m.id, role: "member", grantedBy: null });
    secretariat = { kind: "user", userId: s.id, name: s.name, email: s.email, isSiteAdmin: false };
    member = { kind: "user", userId: m.id, name: m.name, email: m.email, isSiteAdmin: false };
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lets the secretariat give a role to a new person, with an audit row", async () => {
    const { user, granted } = await grantForumRole(t.database.db, {
      actor: secretariat,
      input: { forumId, email: "New.Expert@Example.org", role: "lead_expert", name: "New Expert" },
    });
    expect(granted).toBe(true);
    expect(user.email).toBe("new.expert@example.org");
    const people = await listForumPeople(t.database.db, { actor: secretariat, forumId });
    expect(people.find((p) => p.email === "new.expert@example.org")?.roles).toEqual(["lead_expert"]);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "role.grant")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_label).toContain("Eleni Secretariat");
  });

  it("refuses a member, an anonymous visitor and a token of another forum", async () => {
    const input = { forumId, email: "x@example.org", role: "secretariat" };
    await expect(grantForumRole(t.database.db, { actor: member, input })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      grantForumRole(t.database.db, { actor: { kind: "anonymous" }, input }),
    ).rejects.toMatchObject({ code: "unauthorized" });
    const foreign: Actor = {
      kind: "token",
      tokenId: "t",
      name: "other",
      role: "secretariat",
      forumId: "00000000-0000-0000-0000-000000000000",
    };
    await expect(grantForumRole(t.database.db, { actor: foreign, input })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(listForumPeople(t.database.db, { actor: member, forumId })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      revokeForumRole(t.database.db, { actor: member, input: { forumId, userId: "x", role: "member" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("treats an admin token limited to one forum as that forum's secretariat, not a site administrator", async () => {
    const scopedAdmin: Actor = { kind: "token", tokenId: "t", name: "scoped", role: "admin", forumId };
    expect(isSiteAdmin(scopedAdmin)).toBe(false);
    expect(isSiteAdmin({ ...scopedAdmin, forumId: null })).toBe(true);
    expect(() => requireSiteAdmin(scopedAdmin)).toThrow();
  });

  it("never removes the last secretariat member", async () => {
    const userId = secretariat.kind === "user" ? secretariat.userId : "";
    await expect(
      revokeForumRole(t.database.db, { actor: secretariat, input: { forumId, userId, role: "secretariat" } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("explains a bad address or role field by field", async () => {
    await expect(
      grantForumRole(t.database.db, { actor: secretariat, input: { forumId, email: "nope", role: "king" } }),
    ).rejects.toMatchObject({
      code: "invalid",
      fields: { email: "auth.email.invalid", role: "auth.roles.unknownRole" },
    });
  });

  it("lets people edit only their own profile", async () => {
    const input = {
      name: "Mo M.",
      honorific: "Dr.",
      organisation: "Example Org",
      stakeholder_group: "academia",
      country: "MU",
      preferred_language: "fr",
      time_zone: "Indian/Mauritius",
    };
    const saved = await updateOwnProfile(t.database.db, { actor: member, input });
    expect(saved).toMatchObject({
      name: "Mo M.",
      country: "MU",
      preferred_language: "fr",
      time_zone: "Indian/Mauritius",
    });
    await expect(
      updateOwnProfile(t.database.db, { actor: { kind: "anonymous" }, input }),
    ).rejects.toMatchObject({ code: "unauthorized" });
    await expect(
      updateOwnProfile(t.database.db, {
        actor: member,
        input: { ...input, country: "XX", time_zone: "Mars/Olympus" },
      }),
    ).rejects.toMatchObject({
      fields: { country: "auth.profile.invalidChoice", time_zone: "auth.profile.invalidChoice" },
    });
  });
});

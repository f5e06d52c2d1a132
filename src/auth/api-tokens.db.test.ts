import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { actorForToken, createApiToken } from "./api-tokens.js";

describe.each(testEngines)("API tokens (%s)", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("records who made a token and for which role, never the token itself", async () => {
    const { id, token } = await createApiToken(t.database.db, {
      name: "import script",
      role: "admin",
      forumId: null,
    });
    expect(await actorForToken(t.database.db, token)).toMatchObject({
      kind: "token",
      tokenId: id,
      role: "admin",
    });
    const rows = await t.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "api_token.create")
      .where("subject_id", "=", id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_label: "intersession token create" });
    expect(JSON.stringify(rows[0])).not.toContain(token);
    expect(rows[0]?.after).toMatchObject({ name: "import script", role: "admin" });
  });
});

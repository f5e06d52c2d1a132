// A document saved from Windows: its Markdown arrives through the API with CRLF line ends (or a stray CR).
// Saved again with the same words, every paragraph keeps its id, so comments stay on their paragraphs; one
// paragraph edited keeps its id too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenFor } from "../contributions/test-support.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum } from "../test-support/factories.js";

const paragraphs = [
  "# Findings",
  "Trust between incident response teams grows through regular exchanges.",
  "- Travel support\n- Capacity building",
  "Small teams in developing countries need help to take part.",
];

describe.each(testEngines)("a document re-saved with Windows line ends on %s", (engine) => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const forum = await makeForum(t.database.db);
    await makeCycle(t.database.db, forum, { year: 2017 });
    token = await tokenFor(t.database.db, "secretariat", forum.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (url: string, payload: Record<string, string>) =>
    t.app.inject({ method: "POST", url, headers: { authorization: `Bearer ${token}` }, payload });
  const blocks = async (id: string) =>
    (
      await t.database.db
        .selectFrom("document_versions")
        .select(["number", "body", "block_ids"])
        .where("document_id", "=", id)
        .orderBy("number")
        .execute()
    ).map((v) => ({ number: v.number, ids: v.block_ids, crs: v.body.includes("\r") }));

  it("keeps every paragraph's id when the same text comes back with CRLF or a stray CR", async () => {
    const created = await post("/api/v1/forums/bpf-cyber/cycles/2017/documents", {
      title: "Output",
      body: paragraphs.join("\n\n"),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(
      (
        await post(`/api/v1/documents/${id}/versions`, {
          body: paragraphs.join("\n\n").replace(/\n/g, "\r\n"),
        })
      ).statusCode,
    ).toBe(201);
    const edited = [...paragraphs];
    edited[3] = "Small teams in developing countries need travel support to take part.";
    expect(
      (await post(`/api/v1/documents/${id}/versions`, { body: edited.join("\n\n").replace(/\n/g, "\r") }))
        .statusCode,
    ).toBe(201);
    const versions = await blocks(id);
    expect(versions).toHaveLength(3);
    expect(versions.every((v) => !v.crs)).toBe(true);
    const first = versions[0]?.ids;
    expect(first).toHaveLength(4);
    expect(versions[1]?.ids).toEqual(first);
    expect(versions[2]?.ids).toEqual(first);
  });
});

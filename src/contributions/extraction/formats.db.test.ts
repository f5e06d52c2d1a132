// The same letter sent three times, saved from Word (.docx), from LibreOffice (.odt) and as a two-page PDF with
// page numbers and words hyphenated at line ends: once extracted in the background, each reads as the same
// paragraphs, and the public list's search finds all three by a word the PDF broke across two lines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocx, buildOdt, buildPdf, odtContent } from "../../files/test-fixtures.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { completeFields, multipart, seedTestForum, tokenFor } from "../test-support.js";

const heading = "Cybersecurity and development";
const points = [
  "Trust between incident response teams grows through regular, informal exchanges between their members.",
  "Small teams in developing countries need travel support to take part in the regional meetings.",
  "Capacity building and travel support should come first.",
];

async function theLetter() {
  return {
    docx: await buildDocx(points, { heading }),
    odt: await buildOdt(
      odtContent(
        `<text:h text:outline-level="1">${heading}</text:h>${points
          .map((p) => `<text:p><text:span text:style-name="T1">Key point: </text:span>${p}</text:p>`)
          .join("")}`,
      ),
    ),
    pdf: buildPdf(
      [
        [
          heading,
          "",
          "Key point: Trust between incident response teams grows through",
          "regular, informal exchanges between their members.",
          "",
          "Key point: Small teams in developing countries need travel sup-",
          "port to take part in the regional meetings.",
        ],
        ["Key point: Capacity building and travel support should come first."],
      ],
      { pageNumbers: true },
    ),
  };
}

describe.each(testEngines)("one letter saved as .docx, .odt and PDF on %s", (engine) => {
  let t: TestApp;
  let secretariatToken: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const ids = await seedTestForum(t.database.db);
    secretariatToken = await tokenFor(t.database.db, "secretariat", ids.forum.id);
    t.setNow(new Date("2017-09-10T10:00:00Z"));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reads as the same paragraphs in each format, and a search finds all three", async () => {
    const sent: Record<string, string> = {};
    for (const [format, bytes] of Object.entries(await theLetter())) {
      const body = multipart(
        completeFields({ email: `${format}@example.org`, body_text: "" }).map(([k, v]) => [
          k === "body_text" ? "text" : k,
          v,
        ]),
        [{ field: "main", name: `letter.${format}`, bytes }],
      );
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
        payload: body.payload,
        headers: body.headers,
      });
      expect(res.statusCode, res.body).toBe(201);
      sent[format] = (res.json() as { id: string }).id;
    }
    await t.app.services.jobs.runUntilIdle();
    const references: string[] = [];
    const paragraphs: Record<string, string[]> = {};
    for (const [format, id] of Object.entries(sent)) {
      const published = await t.app.inject({
        method: "POST",
        url: `/api/v1/contributions/${id}/publish`,
        headers: { authorization: `Bearer ${secretariatToken}` },
      });
      references.push(published.json().reference);
      const detail = (await t.app.inject({ method: "GET", url: `/api/v1/contributions/${id}` })).json();
      expect(detail.files[0].extraction_status).toBe("done");
      paragraphs[format] = detail.files[0].extracted_text.split("\n\n");
    }
    const expected = [heading, ...points.map((p) => `Key point: ${p}`)];
    expect(paragraphs).toEqual({ docx: expected, odt: expected, pdf: expected });
    const found = await t.app.inject({
      method: "GET",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions?q=travel support regional",
    });
    expect(
      found
        .json()
        .items.map((i: { reference: string }) => i.reference)
        .sort(),
    ).toEqual(references.sort());
  });
});

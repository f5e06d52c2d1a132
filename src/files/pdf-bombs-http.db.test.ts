// PDF bombs through the real endpoints: the contribution API and the meeting-report import refuse each with
// the usual 422, quickly, without the server's memory growing, and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multipart, seedTestForum, tokenFor } from "../contributions/test-support.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { buildPdfBomb, type PdfBombShape } from "./test-fixtures.js";

const MB = 1024 * 1024;
// The three shapes that used to pass the upload check, each a 200 MB bomb.
const shapes: PdfBombShape[] = ["hex-then-flate", "labelled-image", "flate-twice"];

describe.each(testEngines)("PDF bombs at the real endpoints (%s)", (engine) => {
  let t: TestApp;
  let token: string;
  const bombs = new Map<PdfBombShape, Buffer>();

  beforeAll(async () => {
    t = await createTestApp(engine);
    const { forum } = await seedTestForum(t.database.db);
    token = await tokenFor(t.database.db, "secretariat", forum.id);
    for (const shape of shapes) bombs.set(shape, await buildPdfBomb(200 * MB, shape));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function timed<T>(send: () => Promise<T>) {
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    const started = performance.now();
    const res = await send();
    clearInterval(sampler);
    return { res, ms: performance.now() - started, grewMb: (peak - before) / MB };
  }

  it.each(shapes)("refuses a %s bomb sent with a contribution, and stores nothing", async (shape) => {
    t.setNow(new Date("2017-09-01T12:00:00Z"));
    const body = multipart(
      [
        ["contributor_name", "Bench Tester"],
        ["stakeholder_group", "academia"],
        ["country", "FR"],
        ["email", `${shape}@example.org`],
        ["consent", "with_name"],
        ["licence", "cc_by_4_0"],
        ["text", "A contribution with a hostile attachment."],
      ],
      [{ field: "files", name: `${shape}.pdf`, bytes: bombs.get(shape) as Buffer, type: "application/pdf" }],
    );
    const { res, ms, grewMb } = await timed(() =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
        payload: body.payload,
        headers: body.headers,
      }),
    );
    expect(res.statusCode, res.body.slice(0, 500)).toBe(422);
    expect(res.json().error.message).toContain(`“${shape}.pdf” was refused as unsafe`);
    const stored = await t.database.db
      .selectFrom("contributions")
      .select("id")
      .where("email", "=", `${shape}@example.org`)
      .execute();
    expect(stored).toHaveLength(0);
    console.log(
      `${shape} (contribution API): 422 in ${ms.toFixed(0)} ms, RSS growth ${grewMb.toFixed(1)} MB`,
    );
    expect(ms).toBeLessThan(15_000);
    // A third of the 200 MB the bomb would make: the check's own buffers and the worker thread's heap, not the bomb.
    expect(grewMb).toBeLessThan(96);
  });

  it.each(shapes)("refuses a %s bomb given as a past meeting report, saying so in Spanish", async (shape) => {
    const body = multipart([], [{ field: "file", name: `${shape}.pdf`, bytes: bombs.get(shape) as Buffer }]);
    const { res, ms, grewMb } = await timed(() =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/meetings/import",
        payload: body.payload,
        headers: { ...body.headers, authorization: `Bearer ${token}`, "accept-language": "es" },
      }),
    );
    expect(res.statusCode, res.body.slice(0, 500)).toBe(422);
    const error = res.json().error;
    // The reader asked for Spanish: the refusal and the field say it in Spanish (the English message, with
    // the file's name and the reason, is what an English reader and the log get).
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(/^No se pudo leer el archivo/);
    expect(error.fields.file).toMatch(/^No se pudo leer el archivo/);
    console.log(`${shape} (meeting import): 422 in ${ms.toFixed(0)} ms, RSS growth ${grewMb.toFixed(1)} MB`);
    expect(ms).toBeLessThan(15_000);
    // A third of the 200 MB the bomb would make: the check's own buffers and the worker thread's heap, not the bomb.
    expect(grewMb).toBeLessThan(96);
  });
});

// Intake through the real endpoints: the deadline policy at its exact boundaries, idempotency, CSRF, and
// every kind of hostile or broken file, with the typed fields coming back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocx, buildPdf, deflatedZeros, patchZip, writeZip } from "../../files/test-fixtures.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import {
  completeFields,
  FormVisitor,
  multipart,
  seedTestForum,
  testCall,
  tokenFor,
} from "../test-support.js";

const second = 1000;

describe.each(testEngines)("contribution intake (%s)", (engine) => {
  let t: TestApp;
  let apiToken: string;
  beforeAll(async () => {
    t = await createTestApp(engine, { uploadMaxFileBytes: 2 * 1024 * 1024 });
    const { forum } = await seedTestForum(t.database.db);
    apiToken = await tokenFor(t.database.db, "secretariat", forum.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function submitAt(at: Date, email = "amina@example.org") {
    t.setNow(at);
    const visitor = new FormVisitor(t.app);
    const form = await visitor.get("/f/bpf-cyber/2017/contribute");
    const key = form.body.match(/name="idempotency_key" value="([^"]+)"/)?.[1] ?? "";
    const res = await visitor.postForm("/f/bpf-cyber/2017/contribute", [
      ["idempotency_key", key],
      ...completeFields({ email }),
    ]);
    return { res, visitor, form };
  }

  async function contributionOf(res: { headers: Record<string, unknown> }, visitor: FormVisitor) {
    const location = String(res.headers.location);
    const receipt = await visitor.get(location);
    const reference = receipt.body.match(/data-reference="?[^>]*>([^<]+)</)?.[1];
    const row = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("reference", "=", reference ?? "")
      .executeTakeFirstOrThrow();
    return { receipt, row };
  }

  it.each([
    ["one second before the soft deadline", testCall.soft_deadline.getTime() - second, "on_time"],
    ["at the soft deadline's last millisecond", testCall.soft_deadline.getTime(), "on_time"],
    ["one second after the soft deadline", testCall.soft_deadline.getTime() + second, "guaranteed"],
    ["one second before the inclusion cutoff", testCall.inclusion_cutoff.getTime() - second, "guaranteed"],
    ["one second after the inclusion cutoff", testCall.inclusion_cutoff.getTime() + second, "late"],
    ["one second before the call closes", testCall.call_closes.getTime() - second, "late"],
  ])("stamps a web submission %s (AoE) as %s", async (_label, at, expected) => {
    const { res, visitor } = await submitAt(new Date(at));
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const { receipt, row } = await contributionOf(res, visitor);
    expect(row.timeliness).toBe(expected);
    expect(row.received_at?.getTime()).toBe(at);
    expect(receipt.body).toMatch(/BPF-2017-\d{4}/);
  });

  it("refuses the form and the API one second after the call closes, saying where to write", async () => {
    const after = new Date(testCall.call_closes.getTime() + second);
    t.setNow(after);
    const visitor = new FormVisitor(t.app);
    const page = await visitor.get("/f/bpf-cyber/2017/contribute");
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain("The call for contributions has closed");
    expect(page.body).toContain("bpf-cyber@example.org");
    expect(page.body).toContain("It closed on");
    const post = await visitor.postForm("/f/bpf-cyber/2017/contribute", completeFields());
    expect(post.statusCode).toBe(409);
    const api = multipart(completeFields().map(([k, v]) => [k === "body_text" ? "text" : k, v]));
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
      payload: api.payload,
      headers: api.headers,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("call_closed");
  });

  it("refuses before the call opens (one second before) and accepts one second after", async () => {
    const before = await submitAt(new Date(testCall.call_opens.getTime() - second));
    expect(before.res.statusCode).toBe(409);
    expect(before.form.body).toContain("The call for contributions is not open yet");
    expect(before.form.body).toContain("It opens on");
    const api = await apiSubmit("2017");
    expect(api.statusCode).toBe(409);
    expect(api.json().error.code).toBe("call_not_open");
    const after = await submitAt(new Date(testCall.call_opens.getTime() + second));
    expect(after.res.statusCode).toBe(303);
  });

  function apiSubmit(year: string, token?: string, extra: [string, string][] = []) {
    const body = multipart([
      ...completeFields().map(([k, v]): [string, string] => [k === "body_text" ? "text" : k, v]),
      ...extra,
    ]);
    return t.app.inject({
      method: "POST",
      url: `/api/v1/forums/bpf-cyber/cycles/${year}/contributions`,
      payload: body.payload,
      headers: { ...body.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  }

  // As the secretariat sets it, through the API (which also ends the cycle's kept public pages).
  async function setStatus(year: number, status: "scoping" | "call_open" | "closed") {
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/forums/bpf-cyber/cycles/${year}`,
      payload: { status },
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  it("keeps a cycle without milestones closed while scoping, open once its call is open, shut once closed", async () => {
    t.setNow(new Date("2016-06-01T12:00:00Z"));
    const visitor = new FormVisitor(t.app);
    const list = async () => (await visitor.get("/f/bpf-cyber/2016/contributions")).body;
    try {
      // Scoping, no call_opens: not open yet, and no date to announce.
      const scoping = await visitor.get("/f/bpf-cyber/2016/contribute");
      expect(scoping.statusCode).toBe(409);
      expect(scoping.body).toContain("The call for contributions is not open yet");
      expect(scoping.body).toContain("The opening date has not been announced yet.");
      expect(scoping.body).toContain("bpf-cyber@example.org");
      expect(scoping.body).not.toContain('name="contributor_name"');
      expect((await visitor.postForm("/f/bpf-cyber/2016/contribute", completeFields())).statusCode).toBe(409);
      const early = await apiSubmit("2016");
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe("call_not_open");
      expect(await list()).not.toContain("Send a contribution");

      // The call is open, with no closing date: open indefinitely.
      await setStatus(2016, "call_open");
      expect(await list()).toContain("Send a contribution");
      const open = await visitor.get("/f/bpf-cyber/2016/contribute");
      expect(open.statusCode).toBe(200);
      expect(open.body).toContain('name="contributor_name"');
      const accepted = await apiSubmit("2016");
      expect(accepted.statusCode, accepted.body).toBe(201);
      expect(accepted.json().timeliness).toBe("on_time");

      // Closed by its status: refused with call_closed, though no call_closes was ever set.
      await setStatus(2016, "closed");
      const closed = await visitor.get("/f/bpf-cyber/2016/contribute");
      expect(closed.statusCode).toBe(409);
      expect(closed.body).toContain("The call for contributions has closed");
      expect(closed.body).toContain("This cycle no longer takes contributions.");
      const late = await apiSubmit("2016");
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe("call_closed");
      expect(await list()).not.toContain("Send a contribution");

      // The secretariat still enters what arrived by other channels.
      const forumId = (await t.database.db.selectFrom("forums").select("id").executeTakeFirstOrThrow()).id;
      const token = await tokenFor(t.database.db, "secretariat", forumId);
      const imported = await apiSubmit("2016", token, [["received_at", "2016-05-01T10:00:00Z"]]);
      expect(imported.statusCode, imported.body).toBe(201);
    } finally {
      await setStatus(2016, "scoping");
    }
  });

  it("closes a call_open cycle whose status is closed even before its call_closes", async () => {
    t.setNow(new Date("2017-09-01T12:00:00Z"));
    await setStatus(2017, "closed");
    try {
      const res = await apiSubmit("2017");
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe("call_closed");
      const page = await new FormVisitor(t.app).get("/f/bpf-cyber/2017/contribute");
      expect(page.body).not.toContain("It closed on");
    } finally {
      await setStatus(2017, "scoping");
    }
  });

  it("shows deadlines on their own day and zone, and the time of receipt the same way everywhere", async () => {
    const { res, visitor, form } = await submitAt(new Date("2017-09-01T12:00:00Z"), "clock@example.org");
    // The soft deadline is 15 September AoE, the 16th at 11:59 UTC: the form says the 15th, as the call does.
    expect(form.body).toContain("September 15, 2017, end of the day");
    expect(form.body).toContain("Anywhere on Earth (UTC−12)");
    expect(form.body).not.toContain("Sep 16, 2017");
    const received = (html: string) =>
      html.match(/<dt>Received<\/dt>\s*<dd>([\s\S]*?)<\/dd>/)?.[1]?.replace(/<[^>]+>/g, "") ?? "";
    const { receipt } = await contributionOf(res, visitor);
    const privateLink = receipt.body.match(/id="private-link"[^>]*value="([^"]+)"/)?.[1] ?? "";
    const own = await visitor.get(new URL(privateLink).pathname);
    expect(received(receipt.body)).toContain("September 1, 2017, 12:00:00");
    expect(received(receipt.body)).toMatch(/UTC|Coordinated Universal Time/);
    expect(received(own.body)).toBe(received(receipt.body));
  });

  it("never makes two contributions from one rendered form (double click, reload, retry)", async () => {
    t.setNow(new Date("2017-09-01T12:00:00Z"));
    const visitor = new FormVisitor(t.app);
    const form = await visitor.get("/f/bpf-cyber/2017/contribute");
    const key = form.body.match(/name="idempotency_key" value="([^"]+)"/)?.[1] ?? "";
    const fields: [string, string][] = [
      ["idempotency_key", key],
      ...completeFields({ email: "twice@example.org" }),
    ];
    const [a, b] = await Promise.all([
      visitor.postForm("/f/bpf-cyber/2017/contribute", fields),
      visitor.postForm("/f/bpf-cyber/2017/contribute", fields),
    ]);
    const c = await visitor.postForm("/f/bpf-cyber/2017/contribute", fields);
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([303, 303, 303]);
    expect(new Set([a.headers.location, b.headers.location, c.headers.location]).size).toBe(1);
    const rows = await t.database.db
      .selectFrom("contributions")
      .select("id")
      .where("email", "=", "twice@example.org")
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("returns the first response again for a repeated Idempotency-Key on the API", async () => {
    t.setNow(new Date("2017-09-01T12:00:00Z"));
    const send = () => {
      const body = multipart(
        completeFields({ email: "api@example.org" }).map(([k, v]) => [k === "body_text" ? "text" : k, v]),
      );
      return t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
        payload: body.payload,
        headers: { ...body.headers, "idempotency-key": "retry-1" },
      });
    };
    const first = await send();
    expect(first.statusCode, first.body).toBe(201);
    const second_ = await send();
    expect(second_.statusCode).toBe(201);
    expect(second_.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({
      reference: expect.stringMatching(/^BPF-2017-\d{4}$/),
      timeliness: "on_time",
      status: "submitted",
    });
    const rows = await t.database.db
      .selectFrom("contributions")
      .select("id")
      .where("email", "=", "api@example.org")
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("stores one contribution when the same API request arrives several times at once", async () => {
    t.setNow(new Date("2017-09-01T13:00:00Z"));
    const body = multipart(
      completeFields({ email: "racing@example.org" }).map(([k, v]) => [k === "body_text" ? "text" : k, v]),
    );
    const answers = await Promise.all(
      Array.from({ length: 3 }, () =>
        t.app.inject({
          method: "POST",
          url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
          payload: body.payload,
          headers: { ...body.headers, "idempotency-key": "race-1" },
        }),
      ),
    );
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(201);
    expect(new Set(answers.map((a) => a.json().reference)).size).toBe(1);
    const rows = await t.database.db
      .selectFrom("contributions")
      .select("id")
      .where("email", "=", "racing@example.org")
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("gives distinct, gapless references under concurrent submissions", async () => {
    t.setNow(new Date("2017-09-02T12:00:00Z"));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const body = multipart(
          completeFields({ email: `c${i}@example.org` }).map(([k, v]) => [k === "body_text" ? "text" : k, v]),
        );
        return t.app.inject({
          method: "POST",
          url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
          payload: body.payload,
          headers: body.headers,
        });
      }),
    );
    const refs = results.map((r) => r.json().reference as string);
    expect(new Set(refs).size).toBe(8);
    const numbers = refs.map((r) => Number(r.slice(-4))).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]!).toBe(7);
  });

  it("refuses a multipart POST without its CSRF field", async () => {
    t.setNow(new Date("2017-09-01T12:00:00Z"));
    const visitor = new FormVisitor(t.app);
    const res = await visitor.postForm("/f/bpf-cyber/2017/contribute", completeFields(), [], { csrf: false });
    expect(res.statusCode).toBe(403);
  });

  describe("hostile and broken files", () => {
    const cases: [string, () => Promise<{ name: string; bytes: Buffer }>, RegExp][] = [
      [
        "a zip bomb",
        async () => {
          const zeros = await deflatedZeros(200 * 1024 * 1024);
          return {
            name: "bomb.docx",
            bytes: writeZip([{ name: "word/document.xml", compressed: zeros, declaredSize: 150 * 1024 }]),
          };
        },
        /unsafe/,
      ],
      [
        "an XXE docx",
        async () => {
          const docx = await buildDocx(["Hello"]);
          const xml = `<?xml version="1.0"?>\n<!DOCTYPE w:document [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`;
          return { name: "xxe.docx", bytes: await patchZip(docx, { "word/document.xml": xml }) };
        },
        /unsafe/,
      ],
      [
        "a program renamed .pdf",
        async () => ({
          name: "report.pdf",
          bytes: Buffer.concat([Buffer.from("MZ\x90\x00"), Buffer.alloc(200)]),
        }),
        /program|executable/i,
      ],
      ["an empty file", async () => ({ name: "empty.docx", bytes: Buffer.alloc(0) }), /empty/],
      [
        "a truncated PDF",
        async () => {
          const pdf = buildPdf([["Hello"]]);
          return { name: "cut.pdf", bytes: pdf.subarray(0, pdf.length - 200) };
        },
        /incomplete/,
      ],
      [
        "a file over the limit",
        async () => ({ name: "huge.txt", bytes: Buffer.alloc(2 * 1024 * 1024 + 10, 0x61) }),
        /larger than/,
      ],
    ];

    it.each(cases)(
      "refuses %s with a 4xx naming the file, keeping the typed fields",
      async (_label, build, reason) => {
        t.setNow(new Date("2017-09-01T12:00:00Z"));
        const file = await build();
        const visitor = new FormVisitor(t.app);
        const good = {
          field: "appendices",
          name: "notes.txt",
          bytes: Buffer.from("Supporting notes on incident response."),
        };
        const started = process.memoryUsage.rss();
        const res = await visitor.postForm(
          "/f/bpf-cyber/2017/contribute",
          completeFields({ contributor_name: "Keep Me Typed", organisation: "Typed Org" }),
          [{ field: "main", ...file }, good],
        );
        const grew = (process.memoryUsage.rss() - started) / 1024 / 1024;
        expect(res.statusCode).toBe(422);
        expect(res.body).toContain(`“${file.name}”`);
        expect(res.body).toMatch(reason);
        expect(res.body).toContain('value="Keep Me Typed"');
        expect(res.body).toContain('value="Typed Org"');
        // The accepted appendix is kept with the draft, so only the refused file must be chosen again.
        expect(res.body).toContain("notes.txt");
        console.log(`${_label}: ${res.statusCode} in the real endpoint, RSS growth ${grew.toFixed(1)} MB`);
        expect(grew).toBeLessThan(200);
      },
    );
  });

  it("lists the API's schemas under the contributions tag in /api/openapi.json", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    const paths = res.json().paths as Record<string, Record<string, { tags?: string[] }>>;
    expect(paths["/api/v1/forums/{forum}/cycles/{year}/contributions"]?.post?.tags).toEqual([
      "contributions",
    ]);
    expect(paths["/api/v1/contributions/{id}/publish"]?.post?.tags).toEqual(["contributions"]);
    expect(apiToken).toBeTruthy();
  });
});

// Hostile files, generated here, sent one by one through the real submission API of a real server process:
// zip bombs as .docx and .odt, PDF bombs in every filter shape the PDF check knows, nested archives, XXE and
// entity expansion (UTF-8 and UTF-16), a program named .pdf, truncated and empty files, an over-size file,
// path traversal in names, a 10,000-entry archive, too many files. Each is refused with a clear 4xx naming
// the problem, or (said so in the table) accepted with a safe name while extraction fails or succeeds safely
// and the contribution stays whole. Meanwhile the server stays under 500 MB resident (and under 660 MB with the
// child process extracting a file's text, counted at the same moment), and /healthz and the public list keep
// answering: their p95 latency during each file is printed in the table.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import {
  buildDocx,
  buildOdt,
  buildPdf,
  buildPdfBomb,
  deflatedZeros,
  odtContent,
  type PdfBombShape,
  patchZip,
  writeZip,
} from "../../src/files/test-fixtures.js";
import { report } from "./figures.js";
import {
  build,
  exited,
  killServers,
  prepareForum,
  probe,
  residentBytes,
  serve,
  table,
  treeResidentBytes,
} from "./serve.js";

const MB = 1024 * 1024;
const BOMB = 200 * MB;
const RSS_LIMIT = 500 * MB;
// Text extraction runs in child processes, one file at a time, each with memory of its own and a watchdog that
// kills it when it runs away: a host must hold the server and one such child (133–159 MB for a long PDF).
const WITH_EXTRACTION_LIMIT = RSS_LIMIT + 160 * MB;
const SHAPES: PdfBombShape[] = [
  "flate",
  "hex-then-flate",
  "ascii85-then-flate",
  "flate-twice",
  "labelled-image",
  "lzw",
  "flate-then-runlength",
  "predictor",
  "lying-length",
  "object-stream",
  "zlib-rejects",
  "escaped-name",
];

interface Case {
  label: string;
  files: { name: string; bytes: Buffer }[];
  /** "refused": a 4xx; "accepted": 201 with the contribution whole and the files' names safe. */
  expect: "refused" | "accepted";
}

const xxe = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`;
const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
  { length: 9 },
  (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`,
).join(
  "",
)}]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`;

async function cases(): Promise<Case[]> {
  const docx = await buildDocx(["An ordinary paragraph about trusted channels."]);
  const pdf = buildPdf([["An ordinary report.", "", "Second paragraph."]]);
  const zeros = await deflatedZeros(BOMB);
  const innerBomb = writeZip([{ name: "sheet.xml", compressed: zeros, declaredSize: 1024 }]);
  const many = writeZip([
    ...Array.from({ length: 10_000 }, (_, i) => ({
      name: `word/media/p${i}.xml`,
      data: Buffer.from("<a/>"),
    })),
  ]);
  const list: Case[] = [
    {
      label: "zip bomb .docx (200 MB document.xml)",
      files: [
        {
          name: "bomb.docx",
          bytes: writeZip([{ name: "word/document.xml", compressed: zeros, declaredSize: 150 * 1024 }]),
        },
      ],
      expect: "refused",
    },
    {
      label: "zip bomb .odt (200 MB content.xml)",
      files: [
        {
          name: "bomb.odt",
          bytes: writeZip([
            { name: "mimetype", data: Buffer.from("application/vnd.oasis.opendocument.text"), method: 0 },
            { name: "content.xml", compressed: zeros, declaredSize: 2048 },
          ]),
        },
      ],
      expect: "refused",
    },
  ];
  for (const shape of SHAPES)
    list.push({
      label: `PDF bomb: ${shape} (200 MB)`,
      files: [{ name: `${shape}.pdf`, bytes: await buildPdfBomb(BOMB, shape) }],
      expect: "refused",
    });
  list.push(
    {
      label: "nested zip in .docx (word/media)",
      files: [{ name: "nested.docx", bytes: await patchZip(docx, { "word/media/inner.zip": innerBomb }) }],
      expect: "refused",
    },
    {
      label: "nested zip bomb as an embedded .xlsx in .docx",
      files: [
        {
          name: "chart.docx",
          bytes: await patchZip(docx, { "word/embeddings/Microsoft_Excel_Sheet1.xlsx": innerBomb }),
        },
      ],
      expect: "accepted",
    },
    {
      label: "nested zip in .odt",
      files: [
        {
          name: "nested.odt",
          bytes: writeZip([
            { name: "mimetype", data: Buffer.from("application/vnd.oasis.opendocument.text"), method: 0 },
            { name: "content.xml", data: Buffer.from(odtContent("<text:p>Fine.</text:p>")) },
            { name: "Pictures/inner.zip", data: innerBomb, method: 0 },
          ]),
        },
      ],
      expect: "refused",
    },
    {
      label: ".xlsx holding a zip bomb",
      files: [
        {
          name: "book.xlsx",
          bytes: writeZip([
            { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
            { name: "xl/workbook.xml", data: Buffer.from("<workbook/>") },
            { name: "xl/embeddings/inner.zip", data: innerBomb, method: 0 },
          ]),
        },
      ],
      expect: "refused",
    },
    {
      label: "XXE in .docx (SYSTEM entity)",
      files: [{ name: "xxe.docx", bytes: await patchZip(docx, { "word/document.xml": xxe }) }],
      expect: "refused",
    },
    {
      label: "billion laughs in .docx",
      files: [{ name: "laughs.docx", bytes: await patchZip(docx, { "word/document.xml": laughs }) }],
      expect: "refused",
    },
    {
      label: "XXE in .docx, UTF-16",
      files: [
        {
          name: "xxe16.docx",
          bytes: await patchZip(docx, {
            "word/document.xml": Buffer.concat([
              Buffer.from([0xff, 0xfe]),
              Buffer.from(xxe.replace('encoding="UTF-8"', 'encoding="UTF-16"'), "utf16le"),
            ]),
          }),
        },
      ],
      expect: "refused",
    },
    {
      label: "XXE in .odt content.xml",
      files: [
        {
          name: "xxe.odt",
          bytes: await buildOdt(
            odtContent("<text:p>&xxe;</text:p>", '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
          ),
        },
      ],
      expect: "refused",
    },
    {
      label: "a program named .pdf",
      files: [
        {
          name: "report.pdf",
          bytes: Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), randomBytes(4096)]),
        },
      ],
      expect: "refused",
    },
    {
      label: "truncated .pdf",
      files: [{ name: "cut.pdf", bytes: pdf.subarray(0, Math.floor(pdf.length * 0.6)) }],
      expect: "refused",
    },
    {
      label: "truncated .docx",
      files: [{ name: "cut.docx", bytes: docx.subarray(0, Math.floor(docx.length * 0.6)) }],
      expect: "refused",
    },
    { label: "empty .pdf", files: [{ name: "empty.pdf", bytes: Buffer.alloc(0) }], expect: "refused" },
    {
      label: "over-size .pdf (11 MB)",
      files: [{ name: "big.pdf", bytes: Buffer.concat([pdf, Buffer.alloc(11 * MB, 0x20)]) }],
      expect: "refused",
    },
    {
      label: "path traversal in the file name",
      files: [{ name: "../../../../etc/cron.d/evil.pdf", bytes: pdf }],
      expect: "accepted",
    },
    {
      label: "path traversal inside a .docx",
      files: [{ name: "slip.docx", bytes: await patchZip(docx, { "../../../../tmp/evil.xml": "<a/>" }) }],
      expect: "refused",
    },
    {
      label: "10,000-entry archive (.docx)",
      files: [{ name: "many.docx", bytes: many }],
      expect: "refused",
    },
    {
      label: "11 files in one contribution",
      files: Array.from({ length: 11 }, (_, i) => ({ name: `part${i}.pdf`, bytes: pdf })),
      expect: "refused",
    },
  );
  return list;
}

interface Row {
  label: string;
  status: number;
  code: string;
  message: string;
  answerMs: number;
  peakRss: number;
  /** The highest sum of the server's and its extraction children's resident memory at one moment. */
  peakTree: number;
  /** The highest resident memory of the server's children (text extraction) at one moment. */
  peakChildren: number;
  health: Awaited<ReturnType<typeof probe>>;
  list: Awaited<ReturnType<typeof probe>>;
  id?: string;
  expect: Case["expect"];
}

afterAll(() => killServers());

describe("hostile files", () => {
  it("refuses each clearly while the server stays small and keeps answering", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "intersession-hostile-"));
    const path = await prepareForum({ dataDir }, "bpf-hostile");
    const all = await cases();
    build();
    const server = await serve({ INTERSESSION_DATA: dataDir }, { built: true });
    await new Promise((r) => setTimeout(r, 1000));
    const atRest = residentBytes(server.child.pid);
    const pid = server.child.pid;
    const [forum, year] = path.split("/");
    // Warm up (the first requests compile the server's code paths), so the first case is timed as any other.
    for (let i = 0; i < 3; i += 1) {
      await fetch(`${server.url}/f/${path}/contributions`).then((r) => r.arrayBuffer());
      const form = new FormData();
      for (const [k, v] of Object.entries({
        contributor_name: "Warm up",
        stakeholder_group: "academia",
        country: "FR",
        email: `warm${i}@example.org`,
        consent: "with_name",
        licence: "cc_by_4_0",
        text: "An ordinary contribution before the hostile ones.",
      }))
        form.set(k, v);
      form.append("files", new Blob([new Uint8Array(buildPdf([["Ordinary."]]))]), "ordinary.pdf");
      await fetch(`${server.url}/api/v1/forums/${forum}/cycles/${year}/contributions`, {
        method: "POST",
        body: form,
      });
    }
    const rows: Row[] = [];
    try {
      for (const [i, c] of all.entries()) {
        let done = false;
        let peak = residentBytes(pid);
        let peakTree = peak;
        let peakChildren = 0;
        const watch = setInterval(() => {
          const { own, children } = treeResidentBytes(pid);
          peak = Math.max(peak, own);
          peakTree = Math.max(peakTree, own + children);
          peakChildren = Math.max(peakChildren, children);
        }, 10);
        const started = performance.now();
        const work = (async () => {
          const form = new FormData();
          const fields: Record<string, string> = {
            contributor_name: `Hostile ${i}`,
            stakeholder_group: "academia",
            country: "FR",
            email: `hostile${i}@example.org`,
            consent: "with_name",
            licence: "cc_by_4_0",
            text: `Contribution ${i} carrying ${c.label}.`,
          };
          for (const [k, v] of Object.entries(fields)) form.set(k, v);
          for (const f of c.files) form.append("files", new Blob([new Uint8Array(f.bytes)]), f.name);
          const res = await fetch(`${server.url}/api/v1/forums/${forum}/cycles/${year}/contributions`, {
            method: "POST",
            body: form,
          });
          const text = await res.text();
          const answerMs = performance.now() - started;
          // Extraction of an accepted file runs after the answer: keep measuring through it.
          await new Promise((r) => setTimeout(r, c.expect === "accepted" ? 1500 : 100));
          done = true;
          return { res, text, answerMs };
        })();
        const [{ res, text, answerMs }, health, list] = await Promise.all([
          work,
          probe(`${server.url}/healthz`, () => done),
          probe(`${server.url}/f/${path}/contributions`, () => done),
        ]);
        clearInterval(watch);
        let body: { id?: string; error?: { code?: string; message?: string } } = {};
        try {
          body = JSON.parse(text);
        } catch {
          body = { error: { code: "(not JSON)", message: text.slice(0, 80) } };
        }
        rows.push({
          label: c.label,
          status: res.status,
          code: body.error?.code ?? "",
          message: body.error?.message ?? "",
          answerMs,
          peakRss: peak,
          peakTree,
          peakChildren,
          health,
          list,
          id: body.id,
          expect: c.expect,
        });
      }
    } finally {
      server.child.kill("SIGTERM");
      await exited(server.child);
    }
    const peaks = rows.map((r) => r.peakRss);
    report(
      "hostile files: memory peak and p95 per file",
      `hostile files: ${rows.length} cases; the server (built code, embedded database) at rest: ${(atRest / MB).toFixed(0)} MB; highest peak ${(Math.max(...peaks) / MB).toFixed(0)} MB, of it ${((Math.max(...peaks) - (peaks[0] ?? 0)) / MB).toFixed(0)} MB of growth after the first case; with its text-extraction children at the same moment, highest ${(Math.max(...rows.map((r) => r.peakTree)) / MB).toFixed(0)} MB (the largest child ${(Math.max(...rows.map((r) => r.peakChildren)) / MB).toFixed(0)} MB)\n${table(
        [
          "case",
          "HTTP",
          "code",
          "answer ms",
          "server RSS peak MB",
          "extraction MB",
          "with extraction MB",
          "/healthz p95 ms",
          "list p95 ms",
          "probes (failed)",
        ],
        rows.map((r) => [
          r.label,
          String(r.status),
          r.code || (r.id ? "accepted" : ""),
          r.answerMs.toFixed(0),
          (r.peakRss / MB).toFixed(0),
          (r.peakChildren / MB).toFixed(0),
          (r.peakTree / MB).toFixed(0),
          r.health.p95.toFixed(0),
          r.list.p95.toFixed(0),
          `${r.health.count + r.list.count} (${r.health.failures + r.list.failures})`,
        ]),
      )}`,
    );
    for (const r of rows) console.log(`  ${r.label}: ${r.status} ${r.message.slice(0, 160)}`);

    // What the accepted ones left behind: the contribution whole, the files' names without a path.
    const database = await openDatabase({ dataDir });
    try {
      for (const r of rows.filter((x) => x.expect === "accepted" && x.id)) {
        const row = await database.db
          .selectFrom("contributions")
          .select(["body_text", "status"])
          .where("id", "=", r.id as string)
          .executeTakeFirst();
        const files = await database.db
          .selectFrom("contribution_files")
          .select(["file_name", "extraction_status", "extraction_error"])
          .where("contribution_id", "=", r.id as string)
          .execute();
        console.log(
          `  accepted: ${r.label} → ${row?.status}, files ${files.map((f) => `${f.file_name} (extraction ${f.extraction_status}${f.extraction_error ? `: ${f.extraction_error}` : ""})`).join(", ")}`,
        );
        expect(row?.body_text, `${r.label}: the contribution is whole`).toMatch(/^Contribution \d+ carrying/);
        for (const f of files) expect(f.file_name).not.toMatch(/[/\\]|\.\./);
      }
    } finally {
      await database.close();
    }

    const wrong = rows.filter((r) =>
      r.expect === "refused"
        ? r.status < 400 ||
          r.status >= 500 ||
          !r.message ||
          r.code === "internal" ||
          /unexpected error/i.test(r.message)
        : r.status !== 201,
    );
    expect(
      wrong.map((r) => `${r.label}: ${r.status} ${r.code} ${r.message}`),
      "each hostile file gets the answer it should",
    ).toEqual([]);
    expect(
      rows.filter((r) => r.peakRss >= RSS_LIMIT).map((r) => `${r.label}: ${(r.peakRss / MB).toFixed(0)} MB`),
      "the server under 500 MB",
    ).toEqual([]);
    expect(
      rows
        .filter((r) => r.peakTree >= WITH_EXTRACTION_LIMIT)
        .map((r) => `${r.label}: ${(r.peakTree / MB).toFixed(0)} MB`),
      "the server and its extraction child together",
    ).toEqual([]);
    expect(
      rows
        .filter((r) => r.health.failures + r.list.failures > 0 || r.health.count === 0)
        .map((r) => `${r.label}: ${r.health.failures} /healthz and ${r.list.failures} list probes failed`),
      "/healthz and the public list keep answering",
    ).toEqual([]);
  });
});

// What a hostile upload costs everyone else. /healthz and a public page are timed every 25 ms over real HTTP
// while hostile files go through the real submission endpoint: a 200 MB zip bomb (as .docx), then a 200 MB
// PDF bomb in every shape the PDF check knows (filter chains, a stream labelled as an image, Flate inside
// Flate, LZW, predictors, a lying /Length, an object stream, data zlib rejects but pdf.js inflates…), then
// all the PDF bombs at once, then an ordinary PDF that is accepted and read by the extraction child. For each:
// HTTP status, time to the answer, the server's peak resident memory growth, and /healthz p50/p95/max.
// Run: npx tsx bench/hostile-upload.ts
import type { AddressInfo } from "node:net";
import { seedTestForum } from "../src/contributions/test-support.js";
import {
  buildPdfBomb,
  buildPdfWithContent,
  contentStream,
  deflatedZeros,
  type PdfBombShape,
  writeZip,
} from "../src/files/test-fixtures.js";
import { createTestApp } from "../src/test-support/app.js";

const MB = 1024 * 1024;
const t = await createTestApp("pglite");
await seedTestForum(t.database.db);
t.setNow(new Date("2017-09-10T10:00:00Z"));
await t.app.listen({ port: 0, host: "127.0.0.1" });
const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;

const shapes: PdfBombShape[] = [
  "flate",
  "hex-then-flate",
  "labelled-image",
  "flate-twice",
  "ascii85-then-flate",
  "lzw",
  "flate-then-runlength",
  "predictor",
  "lying-length",
  "object-stream",
  "zlib-rejects",
  "escaped-name",
];
const zeros = await deflatedZeros(200 * MB);
const zipBomb = writeZip([{ name: "word/document.xml", compressed: zeros, declaredSize: 150 * 1024 }]);
const pdfBombs = new Map<PdfBombShape, Buffer>();
for (const shape of shapes) pdfBombs.set(shape, await buildPdfBomb(200 * MB, shape));
const ordinary = buildPdfWithContent(
  contentStream(
    Buffer.from(
      Array.from(
        { length: 40 },
        (_, i) => `BT /F1 11 Tf 72 ${760 - i * 18} Td (Line ${i} of an ordinary report.) Tj ET`,
      ).join("\n"),
    ),
    "hex-then-flate",
  ),
);

interface Probe {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

async function probe(url: string, until: () => boolean): Promise<Probe> {
  const times: number[] = [];
  while (!until()) {
    const started = performance.now();
    await fetch(`${base}${url}`).then((r) => r.arrayBuffer());
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 25));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { count: times.length, p50: at(0.5), p95: at(0.95), max: at(1) };
}

function submit(name: string, bytes: Buffer, email: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries({
    contributor_name: "Bench",
    stakeholder_group: "academia",
    country: "FR",
    email,
    consent: "with_name",
    licence: "cc_by_4_0",
    text: "Bench",
  }))
    form.set(k, v);
  form.set("files", new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${base}/api/v1/forums/bpf-cyber/cycles/2017/contributions`, { method: "POST", body: form });
}

const rows: string[][] = [];
let sequence = 0;

async function attack(label: string, files: { name: string; bytes: Buffer }[], waitForJobs: boolean) {
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const watch = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  let done = false;
  const started = performance.now();
  const work = (async () => {
    const statuses = await Promise.all(
      files.map(async ({ name, bytes }) => {
        const res = await submit(name, bytes, `bench${sequence++}@example.org`);
        await res.arrayBuffer();
        return res.status;
      }),
    );
    const answeredMs = performance.now() - started;
    if (waitForJobs) await t.app.services.jobs.runUntilIdle();
    done = true;
    return { statuses, answeredMs };
  })();
  const [{ statuses, answeredMs }, health, page] = await Promise.all([
    work,
    probe("/healthz", () => done),
    probe("/f/bpf-cyber/2017/contributions", () => done),
  ]);
  clearInterval(watch);
  const totalMs = performance.now() - started;
  const status = [...new Set(statuses)].join("/");
  rows.push([
    label,
    status,
    (answeredMs / 1000).toFixed(2),
    waitForJobs ? (totalMs / 1000).toFixed(2) : "",
    ((peak - rssBefore) / MB).toFixed(0),
    `${health.p50.toFixed(0)}/${health.p95.toFixed(0)}/${health.max.toFixed(0)}`,
    `${page.p95.toFixed(0)}`,
    String(health.count),
  ]);
  console.log(rows.at(-1)?.join("  "));
}

const idle = await probe(
  "/healthz",
  (
    (n) => () =>
      n-- <= 0
  )(40),
);
console.log(`idle /healthz: p50 ${idle.p50.toFixed(1)} ms, p95 ${idle.p95.toFixed(1)} ms`);
await attack("zip bomb (.docx, 200 MB)", [{ name: "bomb.docx", bytes: zipBomb }], false);
for (const [shape, bytes] of pdfBombs)
  await attack(`PDF bomb: ${shape}`, [{ name: `${shape}.pdf`, bytes }], false);
await attack(
  "all 12 PDF bombs at once",
  [...pdfBombs].map(([shape, bytes]) => ({ name: `${shape}.pdf`, bytes })),
  false,
);
await attack("ordinary PDF, accepted and read in the child", [{ name: "report.pdf", bytes: ordinary }], true);

const header = [
  "case",
  "HTTP",
  "answer s",
  "read s",
  "RSS +MB",
  "/healthz p50/p95/max ms",
  "list p95 ms",
  "probes",
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
console.log(`\n${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n${rows.map(line).join("\n")}`);
await t.app.close();
await t.close();

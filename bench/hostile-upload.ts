// What a hostile upload costs everyone else: /healthz and a public page are timed every 25 ms over real HTTP
// while a 200 MB zip bomb (as .docx) and a PDF whose stream inflates to 1 GB go through the real submission
// endpoint. Prints latencies and the server
// process's resident memory growth.
// Run: npx tsx bench/hostile-upload.ts
import type { AddressInfo } from "node:net";
import { seedTestForum } from "../src/contributions/test-support.js";
import { buildPdfBomb, deflatedZeros, writeZip } from "../src/files/test-fixtures.js";
import { createTestApp } from "../src/test-support/app.js";

const t = await createTestApp("pglite");
await seedTestForum(t.database.db);
t.setNow(new Date("2017-09-10T10:00:00Z"));
await t.app.listen({ port: 0, host: "127.0.0.1" });
const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;

const zeros = await deflatedZeros(200 * 1024 * 1024);
const zipBomb = writeZip([{ name: "word/document.xml", compressed: zeros, declaredSize: 150 * 1024 }]);
const pdfBomb = await buildPdfBomb(1024 * 1024 * 1024);

async function probe(url: string, until: () => boolean) {
  const times: number[] = [];
  while (!until()) {
    const started = performance.now();
    await fetch(`${base}${url}`).then((r) => r.arrayBuffer());
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 25));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]?.toFixed(1);
  return `${times.length} requests, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
}

async function attack(label: string, name: string, bytes: Buffer, waitForJobs: boolean) {
  const form = new FormData();
  for (const [k, v] of Object.entries({
    contributor_name: "Bench",
    stakeholder_group: "academia",
    country: "FR",
    email: "bench@example.org",
    consent: "with_name",
    licence: "cc_by_4_0",
    text: "Bench",
  }))
    form.set(k, v);
  form.set("files", new Blob([new Uint8Array(bytes)]), name);
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const watch = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  let done = false;
  const started = performance.now();
  const work = (async () => {
    const res = await fetch(`${base}/api/v1/forums/bpf-cyber/cycles/2017/contributions`, {
      method: "POST",
      body: form,
    });
    const status = res.status;
    await res.arrayBuffer();
    if (waitForJobs) await t.app.services.jobs.runUntilIdle();
    done = true;
    return status;
  })();
  const [status, health, page] = await Promise.all([
    work,
    probe("/healthz", () => done),
    probe("/f/bpf-cyber/2017/contributions", () => done),
  ]);
  clearInterval(watch);
  console.log(
    `${label}: HTTP ${status} after ${((performance.now() - started) / 1000).toFixed(2)} s, RSS growth ${((peak - rssBefore) / 1024 / 1024).toFixed(0)} MB`,
  );
  console.log(`  /healthz meanwhile: ${health}`);
  console.log(`  contributions list meanwhile: ${page}`);
}

console.log(
  `idle: /healthz ${await probe(
    "/healthz",
    (
      (n) => () =>
        n-- <= 0
    )(20),
  )}`,
);
await attack("200 MB zip bomb as .docx (refused at upload)", "bomb.docx", zipBomb, false);
await attack("PDF whose page content inflates to 1 GB (refused at upload)", "bomb.pdf", pdfBomb, true);
await t.app.close();
await t.close();

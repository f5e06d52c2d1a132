import { describe, expect, it } from "vitest";
import { extractInWorker } from "./extract-worker.js";
import { buildDocx, buildPdf, buildPdfBomb, patchZip } from "./test-fixtures.js";

describe("extractInWorker", () => {
  it("extracts a Word document in a child process and leaves the caller's bytes intact", async () => {
    const bytes = await buildDocx(["National CERTs should share incident data across borders."], {
      heading: "Contribution",
    });
    const copy = Buffer.from(bytes);
    const result = await extractInWorker({ bytes, detectedType: "docx", fileName: "contribution.docx" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.extraction.text).toContain("National CERTs should share incident data");
    expect(result.extraction.html).toContain("<h1>Contribution</h1>");
    expect(bytes.equals(copy)).toBe(true);
  });

  it("extracts a PDF", async () => {
    const pdf = buildPdf([["First line of the summary", "and its second line."]]);
    const result = await extractInWorker({ bytes: pdf, detectedType: "pdf", fileName: "summary.pdf" });
    expect(result).toMatchObject({
      ok: true,
      extraction: { text: "First line of the summary and its second line.", pages: 1 },
    });
  });

  it("keeps a PDF's lines and pages with the layout reader, for the report importer", async () => {
    const pdf = buildPdf([["1. First paragraph", "continues here."], ["Annex: participants"]]);
    const result = await extractInWorker(
      { bytes: pdf, detectedType: "pdf", fileName: "report.pdf" },
      { reader: "layout" },
    );
    expect(result).toMatchObject({
      ok: true,
      extraction: { text: "1. First paragraph\ncontinues here.\n\fAnnex: participants" },
    });
  });

  it("reports a hostile file as a failure naming it, without its secrets", async () => {
    const base = await buildDocx(["Placeholder"]);
    const hostile = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>`;
    const bytes = await patchZip(base, { "word/document.xml": hostile });
    const result = await extractInWorker({ bytes, detectedType: "docx", fileName: "xxe.docx" });
    expect(result).toMatchObject({ ok: false, code: "failed" });
    if (result.ok) return;
    expect(result.message).toContain("“xxe.docx”");
    expect(result.message).not.toMatch(/root:|nologin/);
  });

  it("kills a child that runs past its deadline", async () => {
    const started = Date.now();
    const result = await extractInWorker(
      { bytes: Buffer.from("x"), detectedType: "txt", fileName: "stuck.pdf" },
      { timeoutMs: 3000, simulate: "hang" },
    );
    expect(result).toMatchObject({ ok: false, code: "timeout" });
    if (result.ok) return;
    expect(result.message).toContain("“stuck.pdf”");
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it("stops a child that exhausts its heap", async () => {
    const result = await extractInWorker(
      { bytes: Buffer.from("x"), detectedType: "txt", fileName: "huge.docx" },
      { maxMemoryMb: 96, simulate: "exhaust-memory" },
    );
    expect(result).toMatchObject({ ok: false, code: "out_of_memory" });
    if (result.ok) return;
    expect(result.message).toContain("“huge.docx”");
  });

  it("kills a child whose memory outside the heap runs away, while the server's own memory stays flat", async () => {
    // Typed arrays (where pdf.js decodes streams) are outside the heap cap: only the watchdog on the child's
    // resident memory stops them, and the child's memory is not the server's.
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    const started = Date.now();
    const result = await extractInWorker(
      { bytes: Buffer.from("x"), detectedType: "txt", fileName: "hog.pdf" },
      { maxRssGrowthMb: 160, simulate: "exhaust-native-memory" },
    );
    clearInterval(sampler);
    expect(result).toMatchObject({ ok: false, code: "out_of_memory" });
    if (result.ok) return;
    expect(result.message).toContain("“hog.pdf”");
    expect(result.message).toContain("needed more memory than one document is allowed");
    expect(peak - before).toBeLessThan(48 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("gives two extractions side by side a memory budget each: the hog is stopped, its neighbour is not", async () => {
    const bytes = await buildDocx(["Ministries should publish their incident response plans."]);
    const [hog, neighbour] = await Promise.all([
      extractInWorker(
        { bytes: Buffer.from("x"), detectedType: "txt", fileName: "hog.pdf" },
        { maxRssGrowthMb: 320, simulate: "exhaust-native-memory" },
      ),
      // Still running while the hog grows past the neighbour's smaller budget: when both shared one process
      // (worker threads), the hog's memory was charged to the neighbour and it was stopped too.
      extractInWorker(
        { bytes, detectedType: "docx", fileName: "neighbour.docx" },
        { maxRssGrowthMb: 96, simulate: "slow" },
      ),
    ]);
    expect(hog).toMatchObject({ ok: false, code: "out_of_memory" });
    expect(neighbour).toMatchObject({ ok: true });
    if (!neighbour.ok) return;
    expect(neighbour.extraction.text).toContain("publish their incident response plans");
  });

  it("refuses in the child a PDF bomb that never went through inspection, before pdf.js reads it", async () => {
    // 200 KB on disk, 1 GB inflated; stored before the upload check existed, say.
    const bomb = await buildPdfBomb(1024 * 1024 * 1024, "flate-twice");
    const before = process.memoryUsage.rss();
    const started = Date.now();
    const result = await extractInWorker({ bytes: bomb, detectedType: "pdf", fileName: "bomb.pdf" });
    expect(result).toMatchObject({ ok: false, code: "failed" });
    if (result.ok) return;
    expect(result.message).toContain("“bomb.pdf” was refused as unsafe");
    expect(process.memoryUsage.rss() - before).toBeLessThan(48 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("reads with the layout reader in the child too, and refuses a bomb there as well", async () => {
    const bomb = await buildPdfBomb(200 * 1024 * 1024, "labelled-image");
    const result = await extractInWorker(
      { bytes: bomb, detectedType: "pdf", fileName: "report.pdf" },
      { reader: "layout" },
    );
    expect(result).toMatchObject({ ok: false, code: "failed" });
    if (result.ok) return;
    expect(result.message).toContain("“report.pdf” was refused as unsafe");
  });
});

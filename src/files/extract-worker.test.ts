import { describe, expect, it } from "vitest";
import { extractInWorker } from "./extract-worker.js";
import { buildDocx, buildPdf, buildPdfBomb, patchZip } from "./test-fixtures.js";

describe("extractInWorker", () => {
  it("extracts a Word document off the main thread and leaves the caller's bytes intact", async () => {
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

  it("kills a worker that runs past its deadline", async () => {
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

  it("stops a worker that exhausts its heap", async () => {
    const result = await extractInWorker(
      { bytes: Buffer.from("x"), detectedType: "txt", fileName: "huge.docx" },
      { maxMemoryMb: 96, simulate: "exhaust-memory" },
    );
    expect(result).toMatchObject({ ok: false, code: "out_of_memory" });
    if (result.ok) return;
    expect(result.message).toContain("“huge.docx”");
  });

  it("stops a PDF whose content stream inflates without bound, though the heap cap never sees it", async () => {
    // 1 MB on disk, 1 GB inflated: pdf.js inflates into typed arrays, outside the V8 heap.
    const bomb = await buildPdfBomb(1024 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1.1 * 1024 * 1024);
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    const started = Date.now();
    const result = await extractInWorker(
      { bytes: bomb, detectedType: "pdf", fileName: "bomb.pdf" },
      { maxRssGrowthMb: 64 },
    );
    clearInterval(sampler);
    expect(result).toMatchObject({ ok: false, code: "out_of_memory" });
    if (result.ok) return;
    expect(result.message).toContain("“bomb.pdf”");
    expect(peak - before).toBeLessThan(400 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

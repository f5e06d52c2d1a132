import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { inspectUpload } from "./inspect.js";
import { defaultUploadLimits } from "./limits.js";
import { checkPdfStreams } from "./pdf-streams.js";
import { buildPdf, buildPdfBomb } from "./test-fixtures.js";

const MB = 1024 * 1024;

/** A PDF-like file with the given streams (dictionary text and raw data), enough for the stream scan. */
function pdfWithStreams(streams: { dictionary: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.5\n", "latin1")];
  streams.forEach(({ dictionary, data }, i) => {
    parts.push(
      Buffer.from(`${i + 1} 0 obj\n${dictionary}\nstream\n`, "latin1"),
      data,
      Buffer.from("\nendstream\nendobj\n"),
    );
  });
  parts.push(Buffer.from("trailer\n<< >>\n%%EOF\n", "latin1"));
  return Buffer.concat(parts);
}
const spaces = (size: number) => deflateSync(Buffer.alloc(size, 0x20), { level: 9 });

describe("PDF stream check", () => {
  it("refuses, at upload, a PDF whose page content inflates to a gigabyte", async () => {
    const bomb = await buildPdfBomb(1024 * MB);
    expect(bomb.length).toBeLessThan(2 * MB);
    const result = await inspectUpload({ fileName: "report.pdf", bytes: bomb, limits: defaultUploadLimits });
    expect(result).toMatchObject({ ok: false, code: "zip_bomb" });
    if (result.ok) return;
    expect(result.message).toContain("“report.pdf” was refused as unsafe");
    expect(result.message).toContain("expands to more than 32 MB");
  });

  it("refuses many parts that are each modest but together too large", async () => {
    const pdf = pdfWithStreams(
      Array.from({ length: 5 }, () => ({
        dictionary: "<< /Filter /FlateDecode /Length 1 >>",
        data: spaces(30 * MB),
      })),
    );
    expect(await checkPdfStreams(pdf)).toMatchObject({
      code: "zip_bomb",
      detail: expect.stringContaining("together"),
    });
  });

  it("accepts ordinary PDFs, large images (never decoded for text) and damaged streams", async () => {
    expect(await checkPdfStreams(buildPdf([["A page of text."]]))).toBeUndefined();
    const withImage = pdfWithStreams([
      {
        dictionary: "<< /Type /XObject /Subtype /Image /Filter /FlateDecode /Width 6000 /Height 6000 >>",
        data: spaces(100 * MB),
      },
      { dictionary: "<< /Filter /FlateDecode >>", data: spaces(64 * 1024) },
      { dictionary: "<< /Filter /FlateDecode >>", data: Buffer.from("not deflate data at all") },
    ]);
    expect(await checkPdfStreams(withImage)).toBeUndefined();
    const accepted = await inspectUpload({
      fileName: "photos.pdf",
      bytes: withImage,
      limits: defaultUploadLimits,
    });
    expect(accepted.ok).toBe(true);
  });
});

import { deflateSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { inspectUpload } from "./inspect.js";
import { defaultUploadLimits } from "./limits.js";
import { checkPdfStreams, defaultPdfStreamLimits } from "./pdf-streams.js";
import {
  buildEncryptedPdfWithContent,
  buildPdf,
  buildPdfBomb,
  deflateBomb,
  type PdfBombShape,
} from "./test-fixtures.js";

const MB = 1024 * 1024;

/** A PDF-like file with the given objects (dictionary text and raw stream data), enough for the stream scan. */
function pdfWithStreams(streams: { dictionary: string; data?: Buffer; raw?: string }[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.5\n", "latin1")];
  streams.forEach(({ dictionary, data, raw }, i) => {
    if (raw !== undefined) {
      parts.push(Buffer.from(`${i + 1} 0 obj\n${raw}\nendobj\n`, "latin1"));
      return;
    }
    parts.push(
      Buffer.from(`${i + 1} 0 obj\n${dictionary}\nstream\n`, "latin1"),
      data ?? Buffer.alloc(0),
      Buffer.from("\nendstream\nendobj\n"),
    );
  });
  parts.push(Buffer.from("trailer\n<< >>\n%%EOF\n", "latin1"));
  return Buffer.concat(parts);
}

async function inspectPdf(bytes: Buffer, fileName = "report.pdf") {
  const before = process.memoryUsage.rss();
  const started = performance.now();
  const result = await inspectUpload({ fileName, bytes, limits: defaultUploadLimits });
  return { result, ms: performance.now() - started, grewMb: (process.memoryUsage.rss() - before) / MB };
}

describe("PDF stream check", () => {
  it("refuses, at upload, a PDF whose page content inflates to a gigabyte", async () => {
    const bomb = await buildPdfBomb(1024 * MB);
    expect(bomb.length).toBeLessThan(2 * MB);
    const { result } = await inspectPdf(bomb);
    expect(result).toMatchObject({ ok: false, code: "zip_bomb" });
    if (result.ok) return;
    expect(result.message).toContain("“report.pdf” was refused as unsafe");
    expect(result.message).toContain("expands to more than 32 MB");
  });

  // Each a 200 MB bomb that pdf.js really decodes (pdf-decoders.test.ts reads text through every shape).
  const shapes: [PdfBombShape, string][] = [
    ["hex-then-flate", "a filter chain, /Filter [/ASCIIHexDecode /FlateDecode]"],
    ["labelled-image", "a content stream labelled /Subtype /Image"],
    ["flate-twice", "Flate inside Flate, /Filter [/FlateDecode /FlateDecode]"],
    ["ascii85-then-flate", "abbreviated names, /Filter [/A85 /Fl]"],
    ["lzw", "LZW running on past a full code table"],
    ["flate-then-runlength", "a small Flate stage feeding a large RunLength one"],
    ["predictor", "three bytes and a predictor row declared 200 MB wide"],
    ["lying-length", "a /Length of 10 before 200 KB of data"],
    ["object-stream", "the content stream inside a compressed object stream"],
    ["zlib-rejects", "Flate data zlib rejects at its first byte and pdf.js inflates"],
    ["escaped-name", "/F /Fl#61teDecode, the short key and an escaped name"],
  ];
  it.each(shapes)("refuses a 200 MB bomb shaped as %s (%s), quickly and in little memory", async (shape) => {
    const bomb = await buildPdfBomb(200 * MB, shape);
    const { result, ms, grewMb } = await inspectPdf(bomb, `${shape}.pdf`);
    expect(result).toMatchObject({ ok: false, code: "zip_bomb" });
    if (result.ok) return;
    expect(result.message).toMatch(
      new RegExp(
        `^“${shape}\\.pdf” was refused as unsafe: a compressed part of it expands to more than \\d+ MB\\.`,
      ),
    );
    console.log(`${shape}: refused in ${ms.toFixed(0)} ms, RSS growth ${grewMb.toFixed(1)} MB`);
    expect(ms).toBeLessThan(10_000);
    expect(grewMb).toBeLessThan(64);
  });

  it.each(["rc4-128", "aes-128", "aes-256"] as const)(
    "refuses a 200 MB bomb in a stream encrypted with %s, in a file that opens without a password",
    async (encryption) => {
      const bomb = buildEncryptedPdfWithContent(
        { dictionary: "/Filter /FlateDecode", data: deflateBomb(200 * MB) },
        encryption,
      );
      // Undecrypted, the stream is noise that inflates to nothing: only decrypting shows the bomb.
      const raw = bomb.subarray(bomb.indexOf("stream\n") + 7, bomb.indexOf("\nendstream"));
      expect(() => inflateSync(raw)).toThrow();
      expect(await checkPdfStreams(bomb)).toEqual({
        code: "zip_bomb",
        detail: "a compressed part of it expands to more than 32 MB",
      });
    },
  );

  it("leaves a file that needs a password to the reader, which reads none of it", async () => {
    expect(await checkPdfStreams(buildPdf([["Secret"]], { needsPassword: true }))).toBeUndefined();
  });

  it("refuses many parts that are each modest but together too large", async () => {
    const pdf = pdfWithStreams(
      Array.from({ length: 5 }, () => ({
        dictionary: "<< /Filter /FlateDecode >>",
        data: deflateBomb(8 * MB),
      })),
    );
    expect(await checkPdfStreams(pdf, { ...defaultPdfStreamLimits, maxTotalBytes: 32 * MB })).toMatchObject({
      code: "zip_bomb",
      detail: "its compressed parts together expand to more than 32 MB",
    });
    expect(await checkPdfStreams(pdf)).toBeUndefined();
  });

  it("finds a stream hidden in another stream's data, in an array, or behind a comment", async () => {
    // A reader that skips each stream by its /Length never sees object 9, but a cross-reference entry can
    // point straight at it.
    const hidden = Buffer.concat([
      Buffer.from("9 0 obj\n<< /Filter /FlateDecode >>\nstream\n", "latin1"),
      deflateBomb(64 * MB),
      Buffer.from("\nendstream\nendobj\n", "latin1"),
    ]);
    const cover = pdfWithStreams([{ dictionary: `<< /Length ${hidden.length} >>`, data: hidden }]);
    expect(await checkPdfStreams(cover)).toMatchObject({ code: "zip_bomb" });

    const inArray = Buffer.concat([
      Buffer.from("%PDF-1.5\n1 0 obj\n[ << /Filter /FlateDecode >> % a comment\nstream\n", "latin1"),
      deflateBomb(64 * MB),
      Buffer.from("\nendstream ]\nendobj\n%%EOF\n", "latin1"),
    ]);
    expect(await checkPdfStreams(inArray)).toMatchObject({ code: "zip_bomb" });
  });

  it("refuses filters it cannot check, and image codecs anywhere but last", async () => {
    const unknown = pdfWithStreams([{ dictionary: "<< /Filter [/BrotliDecode] >>", data: Buffer.from("x") }]);
    expect(await checkPdfStreams(unknown)).toEqual({
      code: "zip_bomb",
      detail: "a part of it is compressed with a method we can't check (/BrotliDecode)",
    });
    const codecFirst = pdfWithStreams([
      { dictionary: "<< /Filter [/DCTDecode /FlateDecode] >>", data: deflateBomb(MB) },
    ]);
    expect(await checkPdfStreams(codecFirst)).toMatchObject({
      detail: expect.stringContaining("no PDF program"),
    });
    // /Crypt passes the data through unchanged in pdf.js, so what follows it is still decoded and counted.
    const crypt = pdfWithStreams([
      { dictionary: "<< /Filter [/Crypt /FlateDecode] >>", data: deflateBomb(64 * MB) },
    ]);
    expect(await checkPdfStreams(crypt)).toMatchObject({ code: "zip_bomb" });
  });

  it("refuses a file built to make the check slow, quickly", async () => {
    // Every `obj` starts a string that runs to the end of the file: read from each, that is quadratic.
    const tangled = Buffer.from(`%PDF-1.4\n${"1 0 obj (".repeat(300_000)}\n%%EOF\n`, "latin1");
    const deep = Buffer.from(`%PDF-1.4\n1 0 obj\n${"<< /A ".repeat(1000)}\n%%EOF\n`, "latin1");
    for (const pdf of [tangled, deep]) {
      const started = performance.now();
      expect(await checkPdfStreams(pdf)).toEqual({
        code: "zip_bomb",
        detail: "its structure is built in a way that would take too long to check",
      });
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });

  it("accepts ordinary PDFs, large images, image codecs, object streams and damaged streams", async () => {
    expect(await checkPdfStreams(buildPdf([["A page of text."]]))).toBeUndefined();
    const objects = Buffer.from("1 0 2 9 << /A 1 >> << /B 2 >>");
    const withImage = pdfWithStreams([
      {
        dictionary: "<< /Type /XObject /Subtype /Image /Filter /FlateDecode /Width 6000 /Height 6000 >>",
        data: deflateBomb(100 * MB),
      },
      {
        dictionary: "<< /Subtype /Image /Filter [/FlateDecode /DCTDecode] >>",
        data: deflateSync(Buffer.alloc(5000)),
      },
      { dictionary: "<< /Filter /FlateDecode >>", data: deflateBomb(64 * 1024) },
      { dictionary: "<< /Filter /FlateDecode >>", data: Buffer.from("not deflate data at all") },
      { dictionary: "<< /Type /ObjStm /N 2 /First 8 /Filter /FlateDecode >>", data: deflateSync(objects) },
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

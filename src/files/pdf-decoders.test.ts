// The decoders must read exactly what pdf.js reads, or the stream check counts something other than what
// pdf.js then allocates. Each filter shape is checked twice: pdf.js extracts text through it (so the shape is
// a real way in), and these decoders give back the same bytes (so the count is right).
import { deflateSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { extractPdfText } from "./pdf.js";
import {
  Ascii85Decoder,
  AsciiHexDecoder,
  ByteReader,
  type ChunkSource,
  Inflater,
  LzwDecoder,
  predictorSize,
  RunLengthDecoder,
} from "./pdf-decoders.js";
import {
  ascii85,
  buildEncryptedPdfWithContent,
  buildPdfWithContent,
  contentStream,
  lenientDeflateBomb,
  lzwBomb,
  lzwEncode,
  type PdfBombShape,
  runLengthEncode,
} from "./test-fixtures.js";

function drain(source: ChunkSource): Buffer {
  const parts: Uint8Array[] = [];
  for (let chunk = source.next(); chunk; chunk = source.next()) parts.push(chunk);
  return Buffer.concat(parts);
}
const over = (bytes: Uint8Array) => ByteReader.over(bytes);

const sentence = "Cross-border incident response depends on trusted contacts between national CERTs.";
const content = Buffer.from(`BT /F1 12 Tf 72 700 Td (${sentence}) Tj ET\n`, "latin1");

describe("PDF stream decoders", () => {
  it("inflate exactly as zlib does on valid data: stored, fixed and dynamic blocks", () => {
    const text = Buffer.from(Array.from({ length: 4000 }, (_, i) => `${sentence} ${i % 97}`).join("\n"));
    const noise = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
    for (const data of [text, noise, Buffer.alloc(3 * 1024 * 1024, 0x20)]) {
      for (const level of [0, 1, 9]) {
        const compressed = deflateSync(data, { level });
        expect(drain(new Inflater(over(compressed))).equals(inflateSync(compressed))).toBe(true);
      }
    }
  });

  it("inflate what zlib refuses the way pdf.js does: a reference before the start reads as zeros", () => {
    const bomb = lenientDeflateBomb(258 * 1000);
    expect(() => inflateSync(bomb)).toThrow(/distance too far back/);
    const out = drain(new Inflater(over(bomb)));
    expect(out.length).toBe(258 * 1000);
    expect(out.every((b) => b === 0)).toBe(true);
  });

  it("read a headerless or damaged Flate stream as pdf.js does: nothing, or what came before the damage", () => {
    expect(drain(new Inflater(over(Buffer.from("not deflate data at all")))).length).toBe(0);
    const cut = deflateSync(Buffer.from(sentence.repeat(200))).subarray(0, 60);
    const partial = drain(new Inflater(over(cut)));
    expect(partial.length).toBeGreaterThan(0);
    expect(sentence.repeat(200).startsWith(partial.toString("latin1"))).toBe(true);
  });

  it("decode LZW, with clear codes and early change, and carry on past a full table as pdf.js does", () => {
    const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `${sentence} ${i}`).join("\n"));
    expect(drain(new LzwDecoder(over(lzwEncode(text)))).equals(text)).toBe(true);
    // Codes for ever longer runs, then the table's last entry again and again: 3,839 bytes per 12 bits.
    const bomb = lzwBomb(20 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(16 * 1024);
    expect(drain(new LzwDecoder(over(bomb))).length).toBeGreaterThanOrEqual(20 * 1024 * 1024);
  });

  it("decode ASCIIHex, ASCII85 and RunLength, stopping at their end markers", () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
    const hex = Buffer.from(`${bytes.toString("hex").replace(/(.{64})/g, "$1\n")}> trailing 0123`, "latin1");
    expect(drain(new AsciiHexDecoder(over(hex))).equals(bytes)).toBe(true);
    const a85 = Buffer.from(`${ascii85(bytes)} trailing`, "latin1");
    expect(drain(new Ascii85Decoder(over(a85))).equals(bytes)).toBe(true);
    expect(drain(new Ascii85Decoder(over(Buffer.from("zz~>")))).equals(Buffer.alloc(8))).toBe(true);
    const rl = Buffer.concat([runLengthEncode(bytes), Buffer.from([2, 1, 2, 3])]);
    expect(drain(new RunLengthDecoder(over(rl))).equals(bytes)).toBe(true);
    expect(drain(new RunLengthDecoder(over(Buffer.from([129, 0x41, 128])))).toString()).toBe("A".repeat(128));
  });

  it("size a predictor's output the way pdf.js allocates it, row by declared row", () => {
    const png = predictorSize({ Predictor: 12, Columns: 16 });
    expect(png?.outputFor(17 * 10)).toBe(160);
    expect(png?.outputFor(17 * 10 + 2)).toBe(176);
    expect(predictorSize({ Predictor: 2, Columns: 10, Colors: 3 })?.outputFor(0)).toBe(30);
    // Three bytes and a row declared 200 MB wide: pdf.js allocates the row.
    expect(predictorSize({ Predictor: 12, Columns: 200 * 1024 * 1024 })?.outputFor(3)).toBe(
      200 * 1024 * 1024,
    );
    expect(predictorSize({ Predictor: 1, Columns: 5 })).toBeUndefined();
    expect(predictorSize({})).toBeUndefined();
  });

  const shapes: PdfBombShape[] = [
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
  it.each(shapes)(
    "pdf.js reads page text through a %s content stream, so a bomb in that shape would reach it",
    async (shape) => {
      const pdf = buildPdfWithContent(contentStream(content, shape), {
        ...(shape === "lying-length" ? { declaredLength: 10 } : {}),
        inObjectStream: shape === "object-stream",
      });
      const { paragraphs } = await extractPdfText(pdf);
      expect(paragraphs.join(" ")).toContain(sentence);
    },
  );

  it.each(["rc4-128", "aes-128", "aes-256"] as const)(
    "pdf.js reads page text through a stream encrypted with %s when the file opens without a password",
    async (encryption) => {
      const pdf = buildEncryptedPdfWithContent(contentStream(content, "flate"), encryption);
      const { paragraphs } = await extractPdfText(pdf);
      expect(paragraphs.join(" ")).toContain(sentence);
    },
  );
});

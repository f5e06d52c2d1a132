// Builders of PDFs whose streams are compressed in every way pdf.js decodes, bombs included, for the file tests.
// Test support only: imported through test-fixtures.ts by *.test.ts files, never by the application.
import { constants, crc32, deflateRawSync, deflateSync } from "node:zlib";

const MB = 1024 * 1024;

// One megabyte of a repeated byte, deflated from a fresh state and ended with a full flush: byte-aligned and
// independent of what precedes it, so copies of it can be laid end to end. A 200 MB bomb then takes a few
// milliseconds to build instead of seconds of compression.
const blockCache = new Map<string, Buffer>();
function deflatedBlock(size: number, fill: number): Buffer {
  const key = `${size}:${fill}`;
  let block = blockCache.get(key);
  if (!block) {
    block = deflateRawSync(Buffer.alloc(size, fill), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
    blockCache.set(key, block);
  }
  return block;
}

/** Raw deflate data (no header) for `size` bytes of `fill`, ended by a final empty block. */
function rawDeflateOf(size: number, fill: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < Math.floor(size / MB); i++) parts.push(deflatedBlock(MB, fill));
  if (size % MB) parts.push(deflatedBlock(size % MB, fill));
  parts.push(Buffer.from([0x03, 0x00]));
  return Buffer.concat(parts);
}

/** Deflates `size` zero bytes (raw, for a zip entry), so a 200 MB bomb costs a few hundred kilobytes to build. */
export async function deflatedZeros(size: number): Promise<{ bytes: Buffer; size: number; crc: number }> {
  const block = Buffer.alloc(MB);
  let crc = 0;
  for (let left = size; left > 0; left -= MB) crc = crc32(left >= MB ? block : block.subarray(0, left), crc);
  return { bytes: rawDeflateOf(size, 0), size, crc };
}

/** zlib data (as a PDF's FlateDecode holds it) that inflates to `size` bytes of `fill`, checksum included. */
export function deflateBomb(size: number, fill = 0x20): Buffer {
  const n = BigInt(size);
  const c = BigInt(fill);
  const a = (1n + n * c) % 65521n;
  const b = (n + (c * n * (n + 1n)) / 2n) % 65521n;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(Number((b << 16n) | a));
  return Buffer.concat([Buffer.from([0x78, 0xda]), rawDeflateOf(size, fill), adler]);
}

/**
 * FlateDecode data that zlib refuses at its first symbol (a back-reference before the start of the data) but
 * pdf.js inflates, reading the missing bytes as zeros: `size` bytes, 258 at a time.
 */
export function lenientDeflateBomb(size: number): Buffer {
  const out: number[] = [0x78, 0x9c];
  let bits = 0;
  let count = 0;
  const write = (value: number, length: number) => {
    for (let i = 0; i < length; i++) {
      bits |= ((value >> i) & 1) << count;
      if (++count === 8) {
        out.push(bits);
        bits = 0;
        count = 0;
      }
    }
  };
  // Huffman codes go in most significant bit first.
  const writeCode = (code: number, length: number) => {
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((code >> i) & 1) << (length - 1 - i);
    write(reversed, length);
  };
  write(1, 1); // last block
  write(1, 2); // fixed Huffman codes
  for (let made = 0; made < size; made += 258) {
    writeCode(0xc5, 8); // length symbol 285: 258 bytes
    writeCode(0, 5); // distance symbol 0: one byte back, before anything was written
  }
  writeCode(0, 7); // end of block
  if (count > 0) out.push(bits);
  return Buffer.from(out);
}

/**
 * LZWDecode data that pdf.js decodes to about `size` zero bytes: codes for ever longer runs of zeros until the
 * table is full, then its last code over and over (pdf.js keeps reading a full table; the format wants a
 * clear code there, which is why a strict decoder would stop).
 */
export function lzwBomb(size: number): Buffer {
  const out: number[] = [];
  let cached = 0;
  let cachedBits = 0;
  const write = (code: number, length: number) => {
    cached = (cached << length) | code;
    cachedBits += length;
    while (cachedBits >= 8) {
      cachedBits -= 8;
      out.push((cached >> cachedBits) & 0xff);
    }
    cached &= (1 << cachedBits) - 1;
  };
  let codeLength = 9;
  let nextCode = 258;
  let made = 0;
  const emit = (code: number, produces: number, grows: boolean) => {
    write(code, codeLength);
    made += produces;
    if (!grows) return;
    nextCode++;
    const n = nextCode + 1; // early change
    if (!(n & (n - 1))) codeLength = Math.min(Math.log2(n) + 1, 12);
  };
  emit(0, 1, false);
  for (let run = 2; nextCode <= 4095 && made < size; run++) emit(nextCode, run, true);
  while (made < size) emit(4095, 4095 - 256, true);
  write(257, codeLength);
  if (cachedBits > 0) out.push((cached << (8 - cachedBits)) & 0xff);
  return Buffer.from(out);
}

/** ASCII85 text for some bytes, ended by `~>`. */
export function ascii85(bytes: Buffer): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 4) {
    const group = Buffer.alloc(4);
    bytes.copy(group, 0, i, Math.min(i + 4, bytes.length));
    const take = Math.min(4, bytes.length - i);
    let value = group.readUInt32BE(0);
    if (value === 0 && take === 4) {
      text += "z";
      continue;
    }
    const chars: string[] = [];
    for (let j = 0; j < 5; j++) {
      chars.unshift(String.fromCharCode(33 + (value % 85)));
      value = Math.floor(value / 85);
    }
    text += chars.slice(0, take + 1).join("");
  }
  return `${text}~>`;
}

export type PdfBombShape =
  | "flate"
  | "hex-then-flate"
  | "ascii85-then-flate"
  | "flate-twice"
  | "labelled-image"
  | "lzw"
  | "flate-then-runlength"
  | "predictor"
  | "lying-length"
  | "object-stream"
  | "zlib-rejects"
  | "escaped-name";

/** A stream's extra dictionary entries and data for one shape of bomb decoding to `size` bytes. */
function bombStream(size: number, shape: PdfBombShape): { dictionary: string; data: Buffer } {
  switch (shape) {
    case "flate":
      return { dictionary: "/Filter /FlateDecode", data: deflateBomb(size) };
    case "hex-then-flate":
      return {
        dictionary: "/Filter [/ASCIIHexDecode /FlateDecode]",
        data: Buffer.from(`${deflateBomb(size).toString("hex")}>`, "latin1"),
      };
    case "ascii85-then-flate":
      return {
        dictionary: "/Filter [/A85 /Fl]",
        data: Buffer.from(ascii85(deflateBomb(size)), "latin1"),
      };
    case "flate-twice":
      return {
        dictionary: "/Filter [/FlateDecode /FlateDecode]",
        data: deflateSync(deflateBomb(size), { level: 9 }),
      };
    case "labelled-image":
      // Labelled as a small picture, named as the page's content: pdf.js reads the content whatever the label.
      return {
        dictionary:
          "/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
        data: deflateBomb(size),
      };
    case "lzw":
      return { dictionary: "/Filter /LZWDecode", data: lzwBomb(size) };
    case "flate-then-runlength": {
      // Runs of 128 spaces, two bytes each: the Flate stage stays small, the RunLength stage does not.
      const runs = Buffer.alloc(Math.ceil(size / 128) * 2);
      for (let i = 0; i < runs.length; i += 2) {
        runs[i] = 129;
        runs[i + 1] = 0x20;
      }
      return {
        dictionary: "/Filter [/FlateDecode /RunLengthDecode]",
        data: deflateSync(Buffer.concat([runs, Buffer.from([128])]), { level: 9 }),
      };
    }
    case "predictor":
      // Three bytes of data; the predictor's declared row width is what pdf.js allocates.
      return {
        dictionary: `/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns ${size} >>`,
        data: deflateSync(Buffer.from([2, 0, 0])),
      };
    case "lying-length":
      return { dictionary: "/Filter /FlateDecode", data: deflateBomb(size) };
    case "object-stream":
      return { dictionary: "/Filter /FlateDecode", data: deflateBomb(size) };
    case "zlib-rejects":
      return { dictionary: "/Filter /FlateDecode", data: lenientDeflateBomb(size) };
    case "escaped-name":
      // `/F` is pdf.js's short name for /Filter, and `#61` an escaped "a".
      return { dictionary: "/F /Fl#61teDecode", data: deflateBomb(size) };
  }
}

/** LZWDecode data for some bytes, as a standard encoder with early change writes it (clear codes included). */
export function lzwEncode(bytes: Buffer): Buffer {
  const out: number[] = [];
  let cached = 0;
  let cachedBits = 0;
  // The decoder's view: its table grows one code behind the encoder's, and its code width follows it.
  let width = 9;
  let decoderNext = 258;
  let afterClear = true;
  const emit = (code: number) => {
    cached = (cached << width) | code;
    cachedBits += width;
    while (cachedBits >= 8) {
      cachedBits -= 8;
      out.push((cached >> cachedBits) & 0xff);
    }
    cached &= (1 << cachedBits) - 1;
    if (code === 256) {
      width = 9;
      decoderNext = 258;
      afterClear = true;
      return;
    }
    if (!afterClear) {
      decoderNext++;
      const n = decoderNext + 1;
      if (!(n & (n - 1))) width = Math.min(Math.log2(n) + 1, 12);
    }
    afterClear = false;
  };
  let table = new Map<string, number>();
  let next = 258;
  emit(256);
  let word = "";
  for (const byte of bytes) {
    const extended = word + String.fromCharCode(byte);
    if (word === "" || table.has(extended)) {
      word = extended;
      continue;
    }
    emit(word.length === 1 ? word.charCodeAt(0) : (table.get(word) as number));
    table.set(extended, next++);
    word = String.fromCharCode(byte);
    if (next >= 4000) {
      emit(word.charCodeAt(0));
      word = "";
      emit(256);
      table = new Map();
      next = 258;
    }
  }
  if (word) emit(word.length === 1 ? word.charCodeAt(0) : (table.get(word) as number));
  emit(257);
  if (cachedBits > 0) out.push((cached << (8 - cachedBits)) & 0xff);
  return Buffer.from(out);
}

/** RunLengthDecode data for some bytes (literal runs only). */
export function runLengthEncode(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 128) {
    const run = bytes.subarray(i, i + 128);
    parts.push(Buffer.from([run.length - 1]), run);
  }
  parts.push(Buffer.from([128]));
  return Buffer.concat(parts);
}

/**
 * A page content stream (its dictionary entries and data) carrying `content` through one shape of filter
 * chain: the same shapes as the bombs, so a test can show pdf.js really decodes each of them.
 */
export function contentStream(content: Buffer, shape: PdfBombShape): { dictionary: string; data: Buffer } {
  switch (shape) {
    case "flate":
    case "lying-length":
    case "object-stream":
      return { dictionary: "/Filter /FlateDecode", data: deflateSync(content) };
    case "hex-then-flate":
      return {
        dictionary: "/Filter [/ASCIIHexDecode /FlateDecode]",
        data: Buffer.from(`${deflateSync(content).toString("hex")}>`, "latin1"),
      };
    case "ascii85-then-flate":
      return { dictionary: "/Filter [/A85 /Fl]", data: Buffer.from(ascii85(deflateSync(content)), "latin1") };
    case "flate-twice":
      return { dictionary: "/Filter [/FlateDecode /FlateDecode]", data: deflateSync(deflateSync(content)) };
    case "labelled-image":
      return {
        dictionary:
          "/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
        data: deflateSync(content),
      };
    case "lzw":
      return { dictionary: "/Filter /LZWDecode", data: lzwEncode(content) };
    case "flate-then-runlength":
      return {
        dictionary: "/Filter [/FlateDecode /RunLengthDecode]",
        data: deflateSync(runLengthEncode(content)),
      };
    case "predictor": {
      // PNG rows of 16 bytes, each tagged 0 (no prediction), padded with spaces.
      const columns = 16;
      const rows: Buffer[] = [];
      for (let i = 0; i < content.length; i += columns) {
        const row = Buffer.alloc(columns, 0x20);
        content.copy(row, 0, i, i + columns);
        rows.push(Buffer.from([0]), row);
      }
      return {
        dictionary: `/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns ${columns} >>`,
        data: deflateSync(Buffer.concat(rows)),
      };
    }
    case "zlib-rejects":
      // zlib gives up at the first symbol; pdf.js reads 258 zeros (white space to a content stream) and on.
      return { dictionary: "/Filter /FlateDecode", data: lenientWithLiterals(content) };
    case "escaped-name":
      return { dictionary: "/F /Fl#61teDecode", data: deflateSync(content) };
  }
}

/** Fixed-Huffman deflate: one back-reference before the start (258 zeros for pdf.js), then literals. */
function lenientWithLiterals(content: Buffer): Buffer {
  const out: number[] = [0x78, 0x9c];
  let bits = 0;
  let count = 0;
  const write = (value: number, length: number) => {
    for (let i = 0; i < length; i++) {
      bits |= ((value >> i) & 1) << count;
      if (++count === 8) {
        out.push(bits);
        bits = 0;
        count = 0;
      }
    }
  };
  const writeCode = (code: number, length: number) => {
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((code >> i) & 1) << (length - 1 - i);
    write(reversed, length);
  };
  write(1, 1);
  write(1, 2);
  writeCode(0xc5, 8);
  writeCode(0, 5);
  for (const byte of content) {
    if (byte < 144) writeCode(0x30 + byte, 8);
    else writeCode(0x190 + byte - 144, 9);
  }
  writeCode(0, 7);
  if (count > 0) out.push(bits);
  return Buffer.from(out);
}

/**
 * A one-page PDF (Helvetica as /F1) whose page content is the given stream. With `declaredLength`, the
 * dictionary's /Length says that instead of the truth; with `inObjectStream`, the content stream sits inside
 * a compressed object stream found through a cross-reference stream. Offsets are exact, so pdf.js reads it.
 */
export function buildPdfWithContent(
  stream: { dictionary: string; data: Buffer },
  options: { declaredLength?: number; inObjectStream?: boolean } = {},
): Buffer {
  const content = Buffer.concat([
    Buffer.from(
      `<< /Length ${options.declaredLength ?? stream.data.length} ${stream.dictionary} >>\nstream\n`,
      "latin1",
    ),
    stream.data,
    Buffer.from("\nendstream", "latin1"),
  ]);
  const head = [
    { body: Buffer.from("<< /Type /Catalog /Pages 2 0 R >>") },
    { body: Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>") },
    {
      body: Buffer.from(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
      ),
    },
  ];
  const font = {
    body: Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
  };
  if (!options.inObjectStream) return pdfFile([...head, { body: content }, font]);
  const header = "4 0 ";
  const packed = deflateSync(Buffer.concat([Buffer.from(header, "latin1"), content]));
  return pdfFile(
    [
      ...head,
      { inObjectStream: 6 },
      font,
      {
        body: Buffer.concat([
          Buffer.from(
            `<< /Type /ObjStm /N 1 /First ${header.length} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`,
            "latin1",
          ),
          packed,
          Buffer.from("\nendstream", "latin1"),
        ]),
      },
    ],
    { crossReferenceStream: true },
  );
}

/**
 * A one-page PDF whose page content is a stream that decodes to `size` bytes, in one of the shapes bombs come
 * in (a plain FlateDecode stream by default). The file is well formed, so pdf.js would really decode the bomb
 * if nothing stopped it first.
 */
export async function buildPdfBomb(size: number, shape: PdfBombShape = "flate"): Promise<Buffer> {
  const stream = bombStream(size, shape);
  return buildPdfWithContent(stream, {
    ...(shape === "lying-length" ? { declaredLength: 10 } : {}),
    inObjectStream: shape === "object-stream",
  });
}

/** Writes objects 1..n with an exact cross-reference table (or stream, which objects in object streams need). */
export function pdfFile(
  objects: ({ body: Buffer } | { inObjectStream: number })[],
  options: { crossReferenceStream?: boolean; trailer?: string } = {},
): Buffer {
  const extra = options.trailer ? ` ${options.trailer}` : "";
  const parts: Buffer[] = [Buffer.from("%PDF-1.5\n%\xE2\xE3\xCF\xD3\n", "latin1")];
  let length = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(length);
    if (!("body" in object)) return;
    const bytes = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, "latin1"),
      object.body,
      Buffer.from("\nendobj\n", "latin1"),
    ]);
    parts.push(bytes);
    length += bytes.length;
  });
  const size = objects.length + 1;
  if (!options.crossReferenceStream) {
    const entries = offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
    parts.push(
      Buffer.from(
        `xref\n0 ${size}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${size} /Root 1 0 R${extra} >>\nstartxref\n${length}\n%%EOF\n`,
        "latin1",
      ),
    );
    return Buffer.concat(parts);
  }
  // Rows of /W [1 4 2]: type 1 (offset, generation) or type 2 (object stream, index); the table itself last.
  const rows = Buffer.alloc((size + 1) * 7);
  rows.writeUInt8(0, 0);
  rows.writeUInt16BE(0xffff, 5);
  objects.forEach((object, i) => {
    const at = (i + 1) * 7;
    if ("body" in object) {
      rows.writeUInt8(1, at);
      rows.writeUInt32BE(offsets[i] ?? 0, at + 1);
    } else {
      rows.writeUInt8(2, at);
      rows.writeUInt32BE(object.inObjectStream, at + 1);
    }
  });
  rows.writeUInt8(1, size * 7);
  rows.writeUInt32BE(length, size * 7 + 1);
  parts.push(
    Buffer.from(
      `${size} 0 obj\n<< /Type /XRef /Size ${size + 1} /W [1 4 2] /Root 1 0 R${extra} /Length ${rows.length} >>\nstream\n`,
      "latin1",
    ),
    rows,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${length}\n%%EOF\n`, "latin1"),
  );
  return Buffer.concat(parts);
}

// Builders for the documents the file tests need, hostile ones included, so no binary fixture is committed.
// Test support only: imported by *.test.ts files, never by the application.
import { createCipheriv, createHash } from "node:crypto";
import { constants, crc32, deflateRawSync, deflateSync } from "node:zlib";
import * as docx from "docx";
import JSZip from "jszip";

/** A real .docx built with the docx package: a heading, then one paragraph per string (with bold/links/notes options). */
export async function buildDocx(
  paragraphs: string[],
  options: {
    heading?: string;
    link?: { text: string; url: string };
    footnote?: string;
    pageBreakAfter?: number;
  } = {},
): Promise<Buffer> {
  const children: docx.Paragraph[] = [];
  if (options.heading) {
    children.push(
      new docx.Paragraph({
        heading: docx.HeadingLevel.HEADING_1,
        children: [new docx.TextRun(options.heading)],
      }),
    );
  }
  paragraphs.forEach((text, index) => {
    const runs: docx.ParagraphChild[] = [
      new docx.TextRun({ text: "Key point: ", bold: true }),
      new docx.TextRun(text),
    ];
    if (index === 0 && options.link) {
      runs.push(new docx.TextRun(" See "));
      runs.push(
        new docx.ExternalHyperlink({
          link: options.link.url,
          children: [new docx.TextRun(options.link.text)],
        }),
      );
    }
    if (index === 0 && options.footnote) runs.push(new docx.FootnoteReferenceRun(1));
    children.push(
      new docx.Paragraph({ children: runs, pageBreakBefore: options.pageBreakAfter === index - 1 }),
    );
  });
  const document = new docx.Document({
    sections: [{ children }],
    footnotes: options.footnote ? { 1: { children: [new docx.Paragraph(options.footnote)] } } : {},
  });
  return docx.Packer.toBuffer(document);
}

/** Rewrites some entries of an existing zip (a docx), keeping the rest, via JSZip. */
export async function patchZip(bytes: Buffer, changes: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  for (const [name, data] of Object.entries(changes)) zip.file(name, data);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

const odfNamespaces = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
].join(" ");

/** A content.xml around the given office:text body, with one bold automatic style named "T1". */
export function odtContent(body: string, prolog = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${prolog}
<office:document-content ${odfNamespaces} office:version="1.3">
<office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>
<office:body><office:text>${body}</office:text></office:body></office:document-content>`;
}

/** An .odt as LibreOffice lays it out: "mimetype" first and stored, then content.xml and the manifest. */
export async function buildOdt(
  contentXml: string,
  options: { mimetypeFirst?: boolean } = {},
): Promise<Buffer> {
  const zip = new JSZip();
  const mimetype = () =>
    zip.file("mimetype", "application/vnd.oasis.opendocument.text", { compression: "STORE" });
  if (options.mimetypeFirst !== false) mimetype();
  zip.file("content.xml", contentXml);
  zip.file(
    "META-INF/manifest.xml",
    `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
  );
  if (options.mimetypeFirst === false) mimetype();
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

function pdfString(text: string): string {
  return `(${text.replace(/([\\()])/g, "\\$1")})`;
}

/**
 * A minimal valid PDF (Helvetica, one text object per page), cross-reference offsets computed byte-exactly.
 * With `needsPassword`, a standard security handler whose check values match no password, so readers ask for one.
 * With `runningHead` and `pageNumbers`, a line at the top and a number at the foot of every page.
 */
export function buildPdf(
  pages: string[][],
  options: { needsPassword?: boolean; runningHead?: string; pageNumbers?: boolean } = {},
): Buffer {
  const objects: string[] = [];
  const kids = pages.map((_, i) => `${4 + i * 2} 0 R`).join(" ");
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  pages.forEach((lines, i) => {
    // 14 pt leading; an empty string leaves a blank line, which is how the reader sees a new paragraph.
    const ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"];
    for (const line of lines) ops.push(line === "" ? "T*" : `${pdfString(line)} Tj T*`);
    ops.push("ET");
    if (options.runningHead) ops.push(`BT /F1 9 Tf 72 760 Td ${pdfString(options.runningHead)} Tj ET`);
    if (options.pageNumbers) ops.push(`BT /F1 9 Tf 300 40 Td ${pdfString(String(i + 1))} Tj ET`);
    const stream = ops.join("\n");
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`);
  });
  const encrypt = objects.length + 1;
  if (options.needsPassword) {
    const junk = "A5".repeat(32);
    objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${junk}> /U <${"5A".repeat(32)}> /P -4 >>`);
  }
  let out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  const security = options.needsPassword
    ? ` /Encrypt ${encrypt} 0 R /ID [<${"0F".repeat(16)}> <${"0F".repeat(16)}>]`
    : "";
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${security} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

export interface RawEntry {
  name: string;
  /** Content to store or deflate; ignored when `compressed` is given. */
  data?: Buffer;
  method?: 0 | 8;
  /** Pre-deflated content (method 8) with its true size and CRC, for entries too big to hold inflated. */
  compressed?: { bytes: Buffer; size: number; crc: number };
  /** Lie in the headers about the inflated size. */
  declaredSize?: number;
  flags?: number;
}

/** Writes a zip byte by byte, so tests can forge what real tools refuse to write (lying sizes, "../" names). */
export function writeZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const method = entry.compressed ? 8 : (entry.method ?? 8);
    const data = entry.data ?? Buffer.alloc(0);
    const payload = entry.compressed?.bytes ?? (method === 8 ? deflateRawSync(data) : data);
    const size = entry.declaredSize ?? entry.compressed?.size ?? data.length;
    const crc = entry.compressed?.crc ?? crc32(data);
    const flags = (entry.flags ?? 0) | 0x800;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, payload);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(payload.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + payload.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

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
function pdfFile(
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

export type PdfEncryption = "rc4-128" | "aes-128" | "aes-256";

const passwordPad = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");

function arcfour(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + (s[i] as number) + (key[i % key.length] as number)) & 0xff;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
  }
  const out = Buffer.alloc(data.length);
  let i = 0;
  j = 0;
  for (let k = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + (s[i] as number)) & 0xff;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
    out[k] = (data[k] as number) ^ (s[((s[i] as number) + (s[j] as number)) & 0xff] as number);
  }
  return out;
}

const md5Of = (...parts: Buffer[]) => createHash("md5").update(Buffer.concat(parts)).digest();

/** ISO 32000-2 algorithm 2.B, the revision 6 password hash. */
function revision6Hash(password: Buffer, salt: Buffer, userData: Buffer): Buffer {
  let k = createHash("sha256")
    .update(Buffer.concat([password, salt, userData]))
    .digest();
  let e = Buffer.alloc(0);
  for (let round = 0; round < 64 || (e.at(-1) as number) > round - 32; round++) {
    const k1 = Buffer.concat(Array.from({ length: 64 }, () => Buffer.concat([password, k, userData])));
    const aes = createCipheriv("aes-128-cbc", k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false);
    e = Buffer.concat([aes.update(k1), aes.final()]);
    const mod = e.subarray(0, 16).reduce((sum, b) => sum + b, 0) % 3;
    k = createHash(["sha256", "sha384", "sha512"][mod] as string)
      .update(e)
      .digest();
  }
  return k.subarray(0, 32);
}

const aesEncrypt = (key: Buffer, data: Buffer, iv = Buffer.alloc(16, 7)) => {
  const aes = createCipheriv(key.length === 32 ? "aes-256-cbc" : "aes-128-cbc", key, iv);
  return Buffer.concat([iv, aes.update(data), aes.final()]);
};

/**
 * Like buildPdfWithContent, but encrypted with the standard security handler so that it opens without a
 * password (an empty user password, owner password "owner"), as "protected" reports often are.
 */
export function buildEncryptedPdfWithContent(
  stream: { dictionary: string; data: Buffer },
  encryption: PdfEncryption,
): Buffer {
  const fileId = Buffer.from("0123456789abcdef0123456789abcdef", "hex");
  const permissions = -3904;
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  let encrypt: string;
  let encryptData: (num: number, data: Buffer) => Buffer;
  if (encryption === "aes-256") {
    const fileKey = createHash("sha256").update("file key").digest();
    const [userValidation, userKey, ownerValidation, ownerKey] = ["uv", "uk", "ov", "ok"].map((salt) =>
      createHash("md5").update(salt).digest().subarray(0, 8),
    ) as [Buffer, Buffer, Buffer, Buffer];
    const u = Buffer.concat([
      revision6Hash(Buffer.alloc(0), userValidation, Buffer.alloc(0)),
      userValidation,
      userKey,
    ]);
    const ue = createCipheriv(
      "aes-256-cbc",
      revision6Hash(Buffer.alloc(0), userKey, Buffer.alloc(0)),
      Buffer.alloc(16),
    )
      .setAutoPadding(false)
      .update(fileKey);
    const owner = Buffer.from("owner");
    const o = Buffer.concat([revision6Hash(owner, ownerValidation, u), ownerValidation, ownerKey]);
    const oe = createCipheriv("aes-256-cbc", revision6Hash(owner, ownerKey, u), Buffer.alloc(16))
      .setAutoPadding(false)
      .update(fileKey);
    const perms = createCipheriv("aes-256-ecb", fileKey, null)
      .setAutoPadding(false)
      .update(
        Buffer.concat([p, Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from("Tadb"), Buffer.alloc(4)]),
      );
    encrypt = `<< /Filter /Standard /V 5 /R 6 /Length 256 /P ${permissions} /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF /O <${o.toString("hex")}> /U <${u.toString("hex")}> /OE <${oe.toString("hex")}> /UE <${ue.toString("hex")}> /Perms <${perms.toString("hex")}> >>`;
    encryptData = (_num, data) => aesEncrypt(fileKey, data);
  } else {
    const revision = encryption === "aes-128" ? 4 : 3;
    // Algorithm 3: /O from the owner password; algorithm 2: the file key from the empty user password.
    let ownerHash = md5Of(Buffer.concat([Buffer.from("owner"), passwordPad]).subarray(0, 32));
    for (let i = 0; i < 50; i++) ownerHash = md5Of(ownerHash);
    let o = arcfour(ownerHash, passwordPad);
    for (let i = 1; i <= 19; i++) o = arcfour(Buffer.from(ownerHash.map((b) => b ^ i)), o);
    let key = md5Of(passwordPad, o, p, fileId);
    for (let i = 0; i < 50; i++) key = md5Of(key);
    // Algorithm 5: /U.
    let u = arcfour(key, md5Of(passwordPad, fileId));
    for (let i = 1; i <= 19; i++) u = arcfour(Buffer.from(key.map((b) => b ^ i)), u);
    u = Buffer.concat([u, Buffer.alloc(16)]);
    const objectKey = (num: number, aes: boolean) =>
      md5Of(key, Buffer.from([num, 0, 0, 0, 0]), aes ? Buffer.from("sAlT") : Buffer.alloc(0));
    const common = `/R ${revision} /Length 128 /P ${permissions} /O <${o.toString("hex")}> /U <${u.toString("hex")}>`;
    if (encryption === "aes-128") {
      encrypt = `<< /Filter /Standard /V 4 ${common} /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF >>`;
      encryptData = (num, data) => aesEncrypt(objectKey(num, true), data);
    } else {
      encrypt = `<< /Filter /Standard /V 2 ${common} >>`;
      encryptData = (num, data) => arcfour(objectKey(num, false), data);
    }
  }
  const data = encryptData(4, stream.data);
  return pdfFile(
    [
      { body: Buffer.from("<< /Type /Catalog /Pages 2 0 R >>") },
      { body: Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>") },
      {
        body: Buffer.from(
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        ),
      },
      {
        body: Buffer.concat([
          Buffer.from(`<< /Length ${data.length} ${stream.dictionary} >>\nstream\n`, "latin1"),
          data,
          Buffer.from("\nendstream", "latin1"),
        ]),
      },
      {
        body: Buffer.from(
          "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ),
      },
      { body: Buffer.from(encrypt, "latin1") },
    ],
    { trailer: `/Encrypt 6 0 R /ID [<${fileId.toString("hex")}> <${fileId.toString("hex")}>]` },
  );
}

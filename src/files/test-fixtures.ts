// Builders for the documents the file tests need, hostile ones included, so no binary fixture is committed.
// Test support only: imported by *.test.ts files, never by the application.
import { crc32, deflateRawSync } from "node:zlib";
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

// The PDF compression builders (bombs, encoders) and the encrypted PDFs live beside this file; tests import them all from here.
export * from "./pdf-bomb-fixtures.js";
export * from "./pdf-encryption-fixtures.js";

import { describe, expect, it } from "vitest";
import { checkFileCount, type InspectedFile, inspectUpload } from "./inspect.js";
import { defaultUploadLimits, type UploadLimits } from "./limits.js";
import {
  buildDocx,
  buildOdt,
  buildPdf,
  deflatedZeros,
  odtContent,
  patchZip,
  writeZip,
} from "./test-fixtures.js";

const limits: UploadLimits = { ...defaultUploadLimits };
const MB = 1024 * 1024;

function inspect(
  fileName: string,
  bytes: Buffer,
  custom: Partial<UploadLimits> = {},
): Promise<InspectedFile> {
  return inspectUpload({ fileName, bytes, limits: { ...limits, ...custom } });
}

function expectRefused(result: InspectedFile, code: string, fileName: string): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error("accepted");
  expect(result.code).toBe(code);
  expect(result.message).toContain(`“${fileName}”`);
  return result.message;
}

describe("inspectUpload accepts real documents by their content", () => {
  it("accepts a Word document built by the docx package", async () => {
    const bytes = await buildDocx(["Cooperation between CERTs matters."], { heading: "Contribution" });
    const result = await inspect("BPF contribution.docx", bytes);
    expect(result).toMatchObject({
      ok: true,
      fileName: "BPF contribution.docx",
      detectedType: "docx",
      mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      size: bytes.length,
      warnings: [],
    });
    if (result.ok) expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts an OpenDocument text with mimetype stored first", async () => {
    const result = await inspect("notes.odt", await buildOdt(odtContent("<text:p>Hello</text:p>")));
    expect(result).toMatchObject({
      ok: true,
      detectedType: "odt",
      mediaType: "application/vnd.oasis.opendocument.text",
    });
  });

  it("accepts a hand-written PDF", async () => {
    const result = await inspect("summary.pdf", buildPdf([["Virtual Meeting III", "Summary"]]));
    expect(result).toMatchObject({ ok: true, detectedType: "pdf", mediaType: "application/pdf" });
  });

  it("accepts UTF-8 text with a byte-order mark, and Markdown by its name", async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Réponse au questionnaire\n")]);
    expect(await inspect("answers.txt", text)).toMatchObject({ ok: true, detectedType: "txt" });
    expect(await inspect("answers.md", Buffer.from("# Answers\n\n- one\n"))).toMatchObject({
      ok: true,
      detectedType: "md",
      mediaType: "text/markdown; charset=utf-8",
    });
    expect(await inspect("README", Buffer.from("plain words"))).toMatchObject({
      ok: true,
      detectedType: "txt",
    });
  });

  it("accepts a PDF named .docx as a PDF, renames it and says so", async () => {
    const result = await inspect("report.docx", buildPdf([["Actually a PDF"]]));
    expect(result).toMatchObject({ ok: true, detectedType: "pdf", fileName: "report.pdf" });
    if (result.ok) expect(result.warnings[0]).toContain("“report.docx” is really a PDF file");
  });

  it("keeps Word charts' embedded spreadsheets (zips under word/embeddings/)", async () => {
    const base = await buildDocx(["With a chart."]);
    const inner = writeZip([{ name: "xl/workbook.xml", data: Buffer.from("<workbook/>") }]);
    const result = await inspect(
      "chart.docx",
      await patchZip(base, { "word/embeddings/Sheet1.xlsx": inner }),
    );
    expect(result).toMatchObject({ ok: true, detectedType: "docx" });
  });

  it("sanitises the file name it reports", async () => {
    const result = await inspect("C:\\Users\\ana\\Desktop\\re\u202Efdp.exe\u0007.txt", Buffer.from("hello"));
    expect(result).toMatchObject({ ok: true, fileName: "refdp.exe.txt" });
  });
});

describe("inspectUpload refuses what is not a safe document", () => {
  it("refuses an empty file", async () => {
    const message = expectRefused(await inspect("report.docx", Buffer.alloc(0)), "empty", "report.docx");
    expect(message).toBe("“report.docx” is empty (0 bytes). Please choose the file again.");
  });

  it("refuses a file over the size limit, naming both sizes", async () => {
    const bytes = Buffer.alloc(11 * MB, "a");
    const message = expectRefused(await inspect("big.txt", bytes), "too_large", "big.txt");
    expect(message).toContain("11 MB");
    expect(message).toContain("10 MB limit");
  });

  it("refuses a PDF whose end is missing as truncated", async () => {
    const pdf = buildPdf([["Line one", "Line two"]]);
    const cut = pdf.subarray(0, Math.floor(pdf.length * 0.6));
    expectRefused(await inspect("summary.pdf", cut), "truncated", "summary.pdf");
  });

  it("refuses a docx cut short as truncated", async () => {
    const bytes = await buildDocx(["Some text"]);
    expectRefused(await inspect("cut.docx", bytes.subarray(0, bytes.length - 200)), "truncated", "cut.docx");
  });

  it("refuses a Windows executable renamed .pdf", async () => {
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(200)]);
    const message = expectRefused(await inspect("minutes.pdf", exe), "unsupported_type", "minutes.pdf");
    expect(message).toContain("is a program, not a document");
  });

  it("refuses an ELF executable renamed .pdf", async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(100)]);
    expectRefused(await inspect("minutes.pdf", elf), "unsupported_type", "minutes.pdf");
  });

  it("refuses an HTML page named .docx", async () => {
    const html = Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script>Hi</body></html>");
    const message = expectRefused(
      await inspect("contribution.docx", html),
      "unsupported_type",
      "contribution.docx",
    );
    expect(message).toContain("web page");
  });

  it("refuses an HTML page even when named .txt", async () => {
    const html = Buffer.from("\n  <html><head><title>x</title></head><body>Hi</body></html>");
    expectRefused(await inspect("contribution.txt", html), "unsupported_type", "contribution.txt");
  });

  it("refuses plain text pretending to be a PDF", async () => {
    const message = expectRefused(
      await inspect("report.pdf", Buffer.from("404 Not Found")),
      "unsupported_type",
      "report.pdf",
    );
    expect(message).toContain("probably not the file you meant");
  });

  it("refuses text that is not UTF-8, and says how to fix UTF-16", async () => {
    expectRefused(
      await inspect("notes.txt", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f])),
      "unsupported_type",
      "notes.txt",
    );
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("hello", "utf16le")]);
    const message = expectRefused(await inspect("notes.txt", utf16), "unsupported_type", "notes.txt");
    expect(message).toContain("UTF-8");
  });

  it("refuses a zip of other things", async () => {
    const zip = writeZip([{ name: "photo.txt", data: Buffer.from("not a document") }]);
    const message = expectRefused(
      await inspect("contribution.docx", zip),
      "unsupported_type",
      "contribution.docx",
    );
    expect(message).toContain("zip archive");
  });

  it("refuses a spreadsheet with a sentence saying what it is", async () => {
    const xlsx = writeZip([
      {
        name: "[Content_Types].xml",
        data: Buffer.from(
          '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        ),
      },
    ]);
    const message = expectRefused(await inspect("data.docx", xlsx), "unsupported_type", "data.docx");
    expect(message).toContain("Excel spreadsheet");
  });

  it("refuses a zip bomb whose headers admit its size, without inflating it", async () => {
    const zeros = await deflatedZeros(200 * MB);
    const bomb = writeZip([{ name: "word/document.xml", compressed: zeros }]);
    const message = expectRefused(await inspect("bomb.docx", bomb), "zip_bomb", "bomb.docx");
    expect(message).toContain("100 MB");
    // A small honest one trips the per-part ratio cap instead.
    const small = writeZip([{ name: "word/document.xml", compressed: await deflatedZeros(5 * MB) }]);
    expect(expectRefused(await inspect("bomb.docx", small), "zip_bomb", "bomb.docx")).toContain("200-fold");
  });

  it("refuses a zip bomb whose headers lie, while inflating, with little memory", async () => {
    const zeros = await deflatedZeros(200 * MB);
    // Declared as 150 KB: neither the size cap nor the ratio cap fires before inflation starts.
    const bomb = writeZip([{ name: "word/document.xml", compressed: zeros, declaredSize: 150 * 1024 }]);
    expect(bomb.length).toBeLessThan(1 * MB);

    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 2);
    const result = await inspect("bomb.docx", bomb);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    // Stopped mid-stream by the per-part ratio cap, about 40 MB in, not by anything the headers said.
    expect(expectRefused(result, "zip_bomb", "bomb.docx")).toContain("200-fold");
    expect(peak - before).toBeLessThan(100 * MB);
  });

  it("stops inflating once the running total passes the limit, whatever the headers said", async () => {
    const zeros = await deflatedZeros(900 * 1024);
    // Two honest parts use 1.8 of the 2 MB allowed; the third claims 1 KB, stays under the 1 MB ratio floor,
    // and pushes the real total over the limit mid-stream.
    const entries = [
      { name: "a.xml", compressed: zeros },
      { name: "b.xml", compressed: zeros },
      { name: "c.xml", compressed: zeros, declaredSize: 1024 },
    ];
    const result = await inspect("spread.docx", writeZip(entries), { maxUncompressedBytes: 2 * MB });
    expect(expectRefused(result, "zip_bomb", "spread.docx")).toContain("over 2 MB");
  });

  it("refuses a part that inflates to more than its header declares", async () => {
    const zeros = await deflatedZeros(64 * 1024);
    const result = await inspect(
      "liar.docx",
      writeZip([{ name: "a.xml", compressed: zeros, declaredSize: 100 }]),
    );
    expect(expectRefused(result, "zip_bomb", "liar.docx")).toContain("more data than its header declares");
  });

  it("refuses a zip with 5,000 tiny entries", async () => {
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      name: `e/${i}.xml`,
      data: Buffer.from("<a/>"),
      method: 0 as const,
    }));
    const message = expectRefused(
      await inspect("many.docx", writeZip(entries)),
      "too_many_entries",
      "many.docx",
    );
    expect(message).toContain("2,000");
  });

  it("refuses a docx whose document.xml declares an external entity, leaking nothing", async () => {
    const base = await buildDocx(["Placeholder"]);
    const hostile = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE w:document [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`;
    const bytes = await patchZip(base, { "word/document.xml": hostile });
    const result = await inspect("xxe.docx", bytes);
    const message = expectRefused(result, "xml_entities", "xxe.docx");
    expect(JSON.stringify(result)).not.toMatch(/root:|nologin|\/bin\/(ba)?sh/);
    expect(message).toContain("word/document.xml");
  });

  it("refuses a DTD hidden in a UTF-16 part", async () => {
    const base = await buildDocx(["Placeholder"]);
    const hostile = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        '<?xml version="1.0" encoding="UTF-16"?><!doctype x [<!ENTITY a "b">]><x>&a;</x>',
        "utf16le",
      ),
    ]);
    const result = await inspect("utf16.docx", await patchZip(base, { "word/styles.xml": hostile }));
    expectRefused(result, "xml_entities", "utf16.docx");
  });

  it("refuses an ODT whose content.xml has a DOCTYPE", async () => {
    const content = odtContent(
      "<text:p>&lol;</text:p>",
      '<!DOCTYPE office:document-content [<!ENTITY lol "lol">]>',
    );
    expectRefused(await inspect("lol.odt", await buildOdt(content)), "xml_entities", "lol.odt");
  });

  it("refuses a docx with a path-traversal entry name", async () => {
    const base = await buildDocx(["Placeholder"]);
    const message = expectRefused(
      await inspect("evil.docx", await patchZip(base, { "../../etc/cron.d/evil": "* * * * * root sh" })),
      "corrupt",
      "evil.docx",
    );
    expect(message).toContain("points outside the document");
  });

  it("refuses absolute entry names too", async () => {
    const zip = writeZip([{ name: "/etc/passwd", data: Buffer.from("x") }]);
    expectRefused(await inspect("abs.docx", zip), "corrupt", "abs.docx");
  });

  it("refuses encrypted zip entries", async () => {
    const zip = writeZip([{ name: "word/document.xml", data: Buffer.from("<x/>"), flags: 0x1 }]);
    const message = expectRefused(await inspect("locked.docx", zip), "encrypted", "locked.docx");
    expect(message).toContain("password");
  });

  it("refuses a password-protected Word file (an OLE container with EncryptedPackage)", async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(500),
      Buffer.from("EncryptedPackage", "utf16le"),
      Buffer.alloc(500),
    ]);
    expectRefused(await inspect("locked.docx", ole), "encrypted", "locked.docx");
  });

  it("refuses a legacy .doc with advice to save as .docx", async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(1000),
    ]);
    const message = expectRefused(await inspect("old.doc", ole), "unsupported_type", "old.doc");
    expect(message).toContain("save it as .docx");
  });

  it("refuses a zip nested inside a document outside Word's embeddings folder", async () => {
    const base = await buildDocx(["Placeholder"]);
    const inner = writeZip([{ name: "a.txt", data: Buffer.from("a") }]);
    const message = expectRefused(
      await inspect("nested.docx", await patchZip(base, { "word/media/archive.bin": inner })),
      "unsupported_type",
      "nested.docx",
    );
    expect(message).toContain("another archive");
  });

  it("refuses an entry whose content does not match its checksum", async () => {
    const zip = writeZip([{ name: "[Content_Types].xml", data: Buffer.from("<Types/>") }]);
    // Flip one byte of the stored CRC in the central directory.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip[central + 16] = (zip[central + 16] ?? 0) ^ 0xff;
    expectRefused(await inspect("crc.docx", zip), "corrupt", "crc.docx");
  });

  it("refuses an ODT whose mimetype entry is not first", async () => {
    const bytes = await buildOdt(odtContent("<text:p>x</text:p>"), { mimetypeFirst: false });
    expectRefused(await inspect("odd.odt", bytes), "corrupt", "odd.odt");
  });
});

describe("checkFileCount", () => {
  it("refuses more files than one contribution may have", () => {
    expect(checkFileCount(10, limits)).toBeNull();
    expect(checkFileCount(11, limits)).toMatchObject({ ok: false, code: "too_many_files" });
  });
});

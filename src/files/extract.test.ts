import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ExtractionError, extractText } from "./extract.js";
import { sanitizeDocumentHtml } from "./html.js";
import { buildDocx, buildOdt, buildPdf, odtContent, patchZip } from "./test-fixtures.js";

const spanish =
  "El Foro de Buenas Prácticas sobre Ciberseguridad invita a todas las partes interesadas a enviar sus contribuciones. " +
  "Las respuestas al cuestionario se publicarán en el sitio web del foro y serán analizadas por los miembros del grupo.";

// The seeds live outside the repository: INTERSESSION_SEEDS names their folder (CI sets it); otherwise a
// shared/seeds folder beside any ancestor of this file (a git worktree sits one level deeper).
function seedPath(name: string): string {
  const named = process.env.INTERSESSION_SEEDS;
  if (named) return join(named, name);
  for (let dir = fileURLToPath(new URL(".", import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, "shared", "seeds", name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`seed ${name} not found above ${import.meta.url}`);
}

async function extractionError(promise: Promise<unknown>): Promise<ExtractionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}

describe("extractText from Word", () => {
  it("returns the text, footnotes included, and strictly sanitised HTML", async () => {
    const bytes = await buildDocx(
      [
        "Cooperation between national CERTs is the first policy option we propose.",
        "Critical infrastructure such as electrical grids needs shared incident reporting.",
      ],
      {
        heading: "Contribution to the BPF on Cybersecurity",
        link: { text: "our 2016 report", url: "https://example.org/report-2016" },
        footnote: "Footnote: see the IGF 2016 outcome document.",
      },
    );
    const result = await extractText({ bytes, detectedType: "docx", fileName: "contribution.docx" });

    expect(result.text.split("\n\n")[0]).toBe("Contribution to the BPF on Cybersecurity");
    expect(result.text).toContain("Key point: Cooperation between national CERTs is the first policy option");
    expect(result.text).toContain("our 2016 report");
    expect(result.text).toContain("Footnote: see the IGF 2016 outcome document.");
    expect(result.html).toContain("<h1>Contribution to the BPF on Cybersecurity</h1>");
    expect(result.html).toContain("<p><strong>Key point: </strong>Cooperation between national CERTs");
    expect(result.html).toContain(
      '<a href="https://example.org/report-2016" rel="nofollow">our 2016 report</a>',
    );
    expect(result.html).not.toMatch(/<img|\sid=|\sstyle=|\sclass=|↑/);
    expect(result.language).toBe("en");
  });

  it("never lets a DTD reach mammoth, even when inspection was skipped", async () => {
    const base = await buildDocx(["Placeholder"]);
    const hostile = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`;
    const bytes = await patchZip(base, { "word/document.xml": hostile });
    const error = await extractionError(extractText({ bytes, detectedType: "docx", fileName: "xxe.docx" }));
    expect(error.code).toBe("failed");
    expect(error.message).toContain("“xxe.docx”");
    expect(error.message).not.toMatch(/root:|nologin/);
  });
});

describe("extractText from PDF", () => {
  it("joins lines into paragraphs and counts pages", async () => {
    const pdf = buildPdf([
      ["Summary of Virtual Meeting III", "held on 15 August 2017.", "", "Next steps were agreed."],
      ["Second page text."],
    ]);
    const result = await extractText({ bytes: pdf, detectedType: "pdf", fileName: "summary.pdf" });
    expect(result.pages).toBe(2);
    expect(result.text).toBe(
      "Summary of Virtual Meeting III held on 15 August 2017.\n\nNext steps were agreed.\n\nSecond page text.",
    );
    expect(result.html).toBe(
      "<p>Summary of Virtual Meeting III held on 15 August 2017.</p><p>Next steps were agreed.</p><p>Second page text.</p>",
    );
  });

  it("drops running heads and page numbers, rejoins paragraphs cut by a page break, splits numbered paragraphs", async () => {
    const pdf = buildPdf(
      [
        [
          "1. The forum held its third virtual meeting.",
          "2. The meeting began with an overview of the",
          "list of contacts compiled by",
        ],
        ["the members of the group.", "3. Next steps were agreed."],
        ["4. The call will be sent on or around 15 August."],
      ],
      { runningHead: "IGF BPF Cybersecurity - Virtual Meeting III", pageNumbers: true },
    );
    const result = await extractText({ bytes: pdf, detectedType: "pdf" });
    expect(result.text.split("\n\n")).toEqual([
      "1. The forum held its third virtual meeting.",
      "2. The meeting began with an overview of the list of contacts compiled by the members of the group.",
      "3. Next steps were agreed.",
      "4. The call will be sent on or around 15 August.",
    ]);
  });

  it("warns when a PDF has no text (a scan)", async () => {
    const result = await extractText({ bytes: buildPdf([[]]), detectedType: "pdf" });
    expect(result.text).toBe("");
    expect(result.warnings.join(" ")).toContain("scan");
  });

  it("reports a PDF that needs a password as encrypted", async () => {
    const pdf = buildPdf([["Secret"]], { needsPassword: true });
    const error = await extractionError(
      extractText({ bytes: pdf, detectedType: "pdf", fileName: "locked.pdf" }),
    );
    expect(error.code).toBe("encrypted");
    expect(error.message).toContain("“locked.pdf” is password-protected");
  });

  it("fails with a message naming the file on a damaged PDF", async () => {
    const bytes = Buffer.from("%PDF-1.4\nthis is not a PDF body at all\n%%EOF\n");
    const error = await extractionError(extractText({ bytes, detectedType: "pdf", fileName: "broken.pdf" }));
    expect(error.code).toBe("failed");
    expect(error.message).toContain("“broken.pdf”");
  });
});

describe("extractText from OpenDocument", () => {
  it("reads headings, paragraphs, lists, tables, links and notes, and leaves out comments and deletions", async () => {
    const body = `
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>DELETED TEXT</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="2">Policy options</text:h>
<text:p>Member states <text:span text:style-name="T1">should</text:span> share<text:s text:c="2"/>data.<office:annotation><text:p>REVIEWER COMMENT</text:p></office:annotation><text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>See the 2016 report.</text:p></text:note-body></text:note></text:p>
<text:list><text:list-item><text:p>First &amp; foremost</text:p></text:list-item><text:list-item><text:p>Second</text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>Cell A</text:p></table:table-cell><table:table-cell><text:p>Cell B</text:p></table:table-cell></table:table-row></table:table>
<text:p><text:a xlink:type="simple" xlink:href="https://www.intgovforum.org/">IGF site</text:a> and <text:a xlink:href="javascript:alert(1)">a trap</text:a></text:p>`;
    const bytes = await buildOdt(odtContent(body));
    const result = await extractText({ bytes, detectedType: "odt", fileName: "notes.odt" });

    expect(result.text).toBe(
      [
        "Policy options",
        "Member states should share  data.[1]",
        "First & foremost",
        "Second",
        "Cell A",
        "Cell B",
        "IGF site and a trap",
        "[1] See the 2016 report.",
      ].join("\n\n"),
    );
    expect(result.html).toContain("<h2>Policy options</h2>");
    expect(result.html).toContain("<strong>should</strong>");
    expect(result.html).toContain("<ul><li><p>First &amp; foremost</p></li>");
    expect(result.html).toContain("<td><p>Cell A</p></td>");
    expect(result.html).toContain(
      '<a href="https://www.intgovforum.org/" rel="nofollow">IGF site</a> and a trap',
    );
    expect(result.html).not.toMatch(/DELETED|REVIEWER|javascript/);
  });

  it("refuses an undeclared entity rather than guessing", async () => {
    const bytes = await buildOdt(odtContent("<text:p>&nbsp;</text:p>"));
    const error = await extractionError(extractText({ bytes, detectedType: "odt", fileName: "odd.odt" }));
    expect(error.message).toContain("“odd.odt”");
  });
});

describe("extractText from text and Markdown", () => {
  it("returns plain text without the byte-order mark and with Unix line ends", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from("Line one\r\nLine two\r\n\r\n\r\n\r\nEnd"),
    ]);
    const result = await extractText({ bytes, detectedType: "txt" });
    expect(result).toMatchObject({ text: "Line one\nLine two\n\nEnd", html: null });
  });

  it("renders Markdown to safe HTML", async () => {
    const md = [
      "# Answers",
      "",
      "We **strongly** support *option 2*; see [the report](https://example.org/r?a=1&b=2).",
      "",
      "- first",
      "- second",
      "",
      "<script>alert(1)</script> [bad](javascript:alert(1))",
    ].join("\n");
    const result = await extractText({ bytes: Buffer.from(md), detectedType: "md" });
    expect(result.text).toBe(md);
    expect(result.html).toContain("<h1>Answers</h1>");
    expect(result.html).toContain("<strong>strongly</strong>");
    expect(result.html).toContain(
      '<a href="https://example.org/r?a=1&amp;b=2" rel="nofollow">the report</a>',
    );
    expect(result.html).toContain("<ul><li>first</li><li>second</li></ul>");
    expect(result.html).not.toContain("<script");
    expect(result.html).not.toContain('href="javascript');
  });
});

describe("language detection", () => {
  it("recognises a Spanish paragraph", async () => {
    const result = await extractText({ bytes: Buffer.from(spanish), detectedType: "txt" });
    expect(result.language).toBe("es");
  });

  it("recognises the English of a real forum report", async () => {
    const report = readFileSync(seedPath("001_ebb0f1cbeedd9e20.txt"), "utf8");
    const result = await extractText({ bytes: Buffer.from(report), detectedType: "txt" });
    expect(result.language).toBe("en");
  });

  it("declines to choose between near-twin languages", async () => {
    const croatian =
      "Sigurnost na internetu je važna tema za sve zemlje regije, a suradnja između država i tehničke zajednice je nužna za uspjeh. ";
    const result = await extractText({ bytes: Buffer.from(croatian.repeat(4)), detectedType: "txt" });
    expect(result.language).toBeNull();
  });

  it("declines to guess on a few words", async () => {
    const result = await extractText({
      bytes: Buffer.from("Cybersecurity and the SDGs"),
      detectedType: "txt",
    });
    expect(result.language).toBeNull();
  });
});

describe("sanitizeDocumentHtml", () => {
  it("keeps structure and web links, drops scripts, styles, images, handlers and other schemes", () => {
    const dirty =
      '<h2 id="x" style="color:red">T</h2><p onclick="steal()">a<script>evil()</script><style>p{}</style>' +
      '<img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">js</a> <a href="mailto:bpf@example.org">mail</a>' +
      ' <a href="data:text/html,x">data</a> <a href="//evil.example">rel</a> <iframe src="https://x"></iframe></p>' +
      '<table><tr><td colspan="2" class="c">cell</td></tr></table>';
    expect(sanitizeDocumentHtml(dirty)).toBe(
      '<h2>T</h2><p>ajs <a href="mailto:bpf@example.org" rel="nofollow">mail</a> data rel </p>' +
        '<table><tr><td colspan="2">cell</td></tr></table>',
    );
  });
});

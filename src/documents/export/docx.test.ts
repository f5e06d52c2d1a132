// The Word file read back: a Markdown table becomes a Word table whose header cells hold their words (not the
// Markdown around them), headings are Word headings, and the file says which language its text is in.
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { documentDocx } from "./docx.js";

const BODY = [
  "# Findings",
  "",
  "| **Region** | *Teams* reporting[^1] |",
  "| --- | --- |",
  "| Africa | 12 |",
  "",
  "[^1]: Counted in June.",
].join("\n");

async function readBack(locale?: "fr" | "ar") {
  const bytes = await documentDocx({
    title: "Rapport",
    subtitle: "BPF · Version 1",
    body: BODY,
    annex: { title: "Contributions au 1er juin", entries: ["Une contribution"] },
    locale,
  });
  const files = unzipSync(new Uint8Array(bytes));
  const read = (name: string) => strFromU8(files[name] ?? new Uint8Array());
  return {
    document: read("word/document.xml"),
    styles: read("word/styles.xml"),
    footnotes: read("word/footnotes.xml"),
  };
}

/** The text of each run of a piece of WordprocessingML, joined. */
const textOf = (xml: string) =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");

describe("the .docx of a document", () => {
  it("writes a Markdown table as a Word table with header cells in bold words, not Markdown", async () => {
    const { document, footnotes } = await readBack("fr");
    const table = document.slice(document.indexOf("<w:tbl>"), document.indexOf("</w:tbl>"));
    expect(table.length).toBeGreaterThan(0);
    const rows = table.split("<w:tr>").slice(1);
    expect(rows).toHaveLength(2);
    const header = rows[0] ?? "";
    expect(header).toContain("<w:tblHeader/>");
    expect(textOf(header)).toBe("RegionTeams reporting");
    expect(header).not.toContain("**");
    expect(header).not.toContain("[^1]");
    // Every run of the header is bold; "Teams" is also in italics; the note is a real footnote reference.
    expect(header).toContain("<w:i/>");
    expect(header).toContain("<w:footnoteReference");
    for (const run of header
      .split("<w:r>")
      .slice(1)
      .filter((r) => r.includes("<w:t")))
      expect(run).toContain("<w:b/>");
    expect(textOf(rows[1] ?? "")).toBe("Africa12");
    expect(rows[1]).not.toContain("<w:b/>");
    expect(textOf(footnotes)).toContain("Counted in June.");
    // The document's own heading is a Word heading holding its words.
    expect(document).toMatch(/<w:pStyle w:val="Heading1"\/>(?:(?!<\/w:p>).)*Findings/s);
  });

  it("says which language its text is in", async () => {
    expect((await readBack("fr")).styles).toContain('w:val="fr-FR"');
    expect((await readBack("ar")).styles).toContain('w:bidi="ar-SA"');
  });
});

// One report saved three ways, from Word (.docx), from LibreOffice (.odt) and as PDF, reads as the same
// paragraphs: what the secretariat reads, searches and compares for campaigns must not depend on the format
// the contributor happened to save in.
import { describe, expect, it } from "vitest";
import { extractText } from "./extract.js";
import { buildDocx, buildOdt, buildPdf, odtContent } from "./test-fixtures.js";

const heading = "Cybersecurity and development";
// buildDocx opens each paragraph with a bold "Key point: ", so the other formats carry it as well.
const points = [
  "Trust between incident response teams grows through regular, informal exchanges between their multi-stakeholder members.",
  "Small teams in developing countries need travel support to take part in the regional meetings.",
  "Capacity building and travel support should come first.",
];

async function threeWays(pdfPages: string[][]) {
  const docx = await buildDocx(points, { heading });
  const odt = await buildOdt(
    odtContent(
      `<text:h text:outline-level="1">${heading}</text:h>${points
        .map((p) => `<text:p><text:span text:style-name="T1">Key point: </text:span>${p}</text:p>`)
        .join("")}`,
    ),
  );
  const pdf = buildPdf(pdfPages, { pageNumbers: true });
  const read = async (bytes: Buffer, detectedType: "docx" | "odt" | "pdf") =>
    (await extractText({ bytes, detectedType })).text.split("\n\n");
  return { docx: await read(docx, "docx"), odt: await read(odt, "odt"), pdf: await read(pdf, "pdf") };
}

describe("the same report saved as .docx, .odt and PDF", () => {
  const expected = [heading, ...points.map((p) => `Key point: ${p}`)];

  it("reads as the same paragraphs when the PDF is a two-page letter with page numbers", async () => {
    const read = await threeWays([
      [
        heading,
        "",
        "Key point: Trust between incident response teams grows through",
        "regular, informal exchanges between their multi-",
        "stakeholder members.",
        "",
        "Key point: Small teams in developing countries need travel sup-",
        "port to take part in the regional meetings.",
      ],
      ["Key point: Capacity building and travel support should come first."],
    ]);
    expect(read.docx).toEqual(expected);
    expect(read.odt).toEqual(expected);
    // Before: the footer's page number made the blank lines look like the usual leading, so the first page
    // read as one paragraph, "1" and "2" were paragraphs of their own, and "sup-port" kept its line's hyphen
    // (a search for "support" missed it). A compound broken at its own hyphen keeps it.
    expect(read.pdf).toEqual(expected);
  });

  it("reads as the same paragraphs when the PDF is one page", async () => {
    const read = await threeWays([
      [
        heading,
        "",
        "Key point: Trust between incident response teams grows through",
        "regular, informal exchanges between their multi-",
        "stakeholder members.",
        "",
        "Key point: Small teams in developing countries need travel sup-",
        "port to take part in the regional meetings.",
        "",
        "Key point: Capacity building and travel support should come first.",
      ],
    ]);
    // A lone "1" at the foot of a single page cannot be told from the text's own numbers, so it stays.
    expect(read.pdf.filter((p) => p !== "1")).toEqual(expected);
  });
});

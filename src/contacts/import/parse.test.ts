// Reading contact lists as people bring them: Excel's semicolon CSV with a BOM and Windows line ends, a list
// pasted from a spreadsheet (tabs), a quoted field spanning lines, and an .xlsx workbook.
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { parseDelimited, parseXlsx } from "./parse.js";

describe("reading a contact list", () => {
  it("reads Excel's semicolon CSV with a BOM and CRLF, numbering rows as the file's lines", () => {
    const rows = parseDelimited(
      '\uFEFFname;email\r\n\r\nAna;ana@example.org\r\n"Bo\r\nBo";bo@example.org\r\nCy;\r\n',
    );
    expect(rows.map((r) => r.cells)).toEqual([
      ["name", "email"],
      ["Ana", "ana@example.org"],
      ["Bo\nBo", "bo@example.org"],
      ["Cy", ""],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 3, 4, 6]);
  });

  it("reads a list pasted from a spreadsheet (tabs) and an ordinary comma CSV", () => {
    expect(parseDelimited("name\temail\nAna Lima\tana@example.org").at(1)?.cells).toEqual([
      "Ana Lima",
      "ana@example.org",
    ]);
    expect(parseDelimited('name,role\n"Lima, Ana","Head; policy"').at(1)?.cells).toEqual([
      "Lima, Ana",
      "Head; policy",
    ]);
  });

  it("reads the first sheet of an .xlsx workbook: shared and inline strings, gaps between cells", () => {
    const xlsx = zipSync({
      "xl/workbook.xml": strToU8(
        '<workbook><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      "xl/_rels/workbook.xml.rels": strToU8(
        '<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      "xl/sharedStrings.xml": strToU8(
        "<sst><si><t>name</t></si><si><t>email</t></si><si><r><t>Zoë </t></r><r><t>&amp; Co</t></r></si></sst>",
      ),
      "xl/worksheets/sheet1.xml": strToU8(
        '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>' +
          '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="C3" t="inlineStr"><is><t>z@example.org</t></is></c></row></sheetData></worksheet>',
      ),
    });
    const rows = parseXlsx(xlsx);
    expect(rows).toEqual([
      { line: 1, cells: ["name", "", "email"] },
      { line: 3, cells: ["Zoë & Co", "", "z@example.org"] },
    ]);
  });
});

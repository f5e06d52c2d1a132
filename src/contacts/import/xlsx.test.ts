// The .xlsx writer keeps text as typed in string cells: a spreadsheet never evaluates a string cell, so a note
// beginning with "=" needs no apostrophe there (the CSV export keeps its guard).
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { parseXlsx } from "./parse.js";
import { writeXlsx } from "./xlsx.js";

describe("writeXlsx", () => {
  it("writes formula-looking text as typed, in a string cell with no formula", () => {
    const bytes = writeXlsx("Contacts", [
      ["name", "notes"],
      ["Zoë", "=1+1 then @SUM(A1) & <b>"],
    ]);
    const sheet = strFromU8(unzipSync(bytes)["xl/worksheets/sheet1.xml"] as Uint8Array);
    expect(sheet).toContain(
      '<c r="B2" t="inlineStr"><is><t xml:space="preserve">=1+1 then @SUM(A1) &amp; &lt;b&gt;</t></is></c>',
    );
    expect(sheet).not.toContain("'=1+1");
    expect(sheet).not.toMatch(/<f[\s>]/);
    expect(parseXlsx(bytes).map((r) => r.cells)[1]).toEqual(["Zoë", "=1+1 then @SUM(A1) & <b>"]);
  });
});

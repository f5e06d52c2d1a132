import { describe, expect, it } from "vitest";
import { refuse } from "./refusals.js";

describe("refusals", () => {
  it("tells the contributor in their language why a file was refused, keeping the code the API returns", () => {
    const problem = {
      code: "zip_bomb",
      detail: "it unpacks to far more data than a document should",
    } as const;
    const english = refuse("report.docx", problem);
    expect(english.code).toBe("zip_bomb");
    expect(english.message).toBe(
      "“report.docx” was refused as unsafe: it unpacks to far more data than a document should. Please save it again from your word processor (or export it as PDF) and upload the new copy.",
    );
    const spanish = refuse("report.docx", problem, "es");
    expect(spanish.code).toBe("zip_bomb");
    expect(spanish.message).toContain("“report.docx” se rechazó por no ser seguro");
    expect(refuse("informe.pdf", { code: "empty", detail: "" }, "fr").message).toBe(
      "“informe.pdf” est vide (0 octet). Choisissez de nouveau le fichier.",
    );
  });
});

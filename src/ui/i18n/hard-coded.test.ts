// A sentence typed straight into a component is a sentence only English readers get. Every .tsx under src/ is
// read as TypeScript: a JSX text with a letter in it, or a title/aria-label/placeholder/alt given as a literal
// with a letter, fails this test, unless it is on the short allow list (names that are the same in every
// language).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "../..");
const TEXT_ATTRIBUTES = new Set(["title", "aria-label", "placeholder", "alt"]);
/** Proper names and codes, written the same in every language. */
const ALLOWED = new Set(["API", "Intersession", "Atom", "CSV", "JSON", "openapi.json", "(OpenAPI 3.1)"]);
const LETTER = /\p{L}/u;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith(".tsx") && !entry.name.includes(".test.") ? [path] : [];
  });
}

/** The hard-coded texts of one component file, as "file:line: text". */
function hardCoded(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const words = text.replace(/\s+/g, " ").trim();
    if (!LETTER.test(words) || ALLOWED.has(words)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push(`${relative(src, file)}:${line}: ${words}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(source))) {
      const value = node.initializer;
      if (value && ts.isStringLiteral(value)) report(node, value.text);
      if (value && ts.isJsxExpression(value) && value.expression && ts.isStringLiteral(value.expression))
        report(node, value.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("components", () => {
  it("type no words of their own: every sentence comes from the catalogue", () => {
    const files = tsxFiles(src);
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((file) => hardCoded(file))).toEqual([]);
  });

  it("catches a sentence typed into JSX or an attribute, and leaves symbols and expressions alone", () => {
    const planted = join(src, "ui/planted.tsx");
    const component = `export const A = ({ t }) => (
      <p aria-label="Close" class="x">
        Hello {t("a.b")} <span title={"Details"} alt={t("c")}>—</span> <b>API</b>
      </p>
    );`;
    expect(hardCoded(planted, component)).toEqual([
      "ui/planted.tsx:2: Close",
      "ui/planted.tsx:3: Hello",
      "ui/planted.tsx:3: Details",
    ]);
  });
});

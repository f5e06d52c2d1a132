// A refusal without a catalogue key reaches a Chinese or Russian reader as an English sentence, on the error
// page and in the API's `error.message`. Every AppError and every refusal helper (notFound, forbidden,
// unauthorized, invalid, conflict from errors.ts) must therefore name its sentence's `messageKey`.
//
// Why a syntax-tree scan and not only the type: `messageKey` is typed (`MessageKey`), so a key no English
// catalogue holds already fails `npm run typecheck`. Making the key *required* in the constructor's and
// helpers' types would be stronger, but would break the build rather than list the calls that lack one. So
// this test reads every shipped .ts/.tsx under src/ with TypeScript's parser and fails on a call that gives a message of its own and
// no object literal with `messageKey` in the options' place. The helpers called with no message at all are
// keyed by errors.ts itself (the generic "Not found.", "Please sign in.", "You do not have permission…").
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "..");
/** Folders left out (none: every folder's refusals are keyed). */
const EXEMPT: string[] = [];
/** Where the options object (holding `messageKey`) sits among each call's arguments. */
const OPTIONS_AT: Record<string, number> = {
  AppError: 2,
  invalid: 2,
  conflict: 1,
  notFound: 1,
  forbidden: 1,
  unauthorized: 1,
};
/** Helpers whose call without any argument takes errors.ts's generic, keyed sentence. */
const DEFAULTED = new Set(["notFound", "forbidden", "unauthorized"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes(".test.") && !entry.name.endsWith(".d.ts")
      ? [path]
      : [];
  });
}

/** The refusals of one file that carry no `messageKey`, as "file:line: callee(message)". */
function unkeyed(file: string, text = readFileSync(file, "utf8")): string[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    let callee: string | undefined;
    let args: readonly ts.Expression[] = [];
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "AppError") {
      callee = "AppError";
      args = node.arguments ?? [];
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text in OPTIONS_AT
    ) {
      callee = node.expression.text;
      args = node.arguments;
    }
    if (callee && !(DEFAULTED.has(callee) && args.length === 0)) {
      const options = args[OPTIONS_AT[callee] ?? 0];
      const keyed =
        options !== undefined &&
        ts.isObjectLiteralExpression(options) &&
        options.properties.some((p) => p.name !== undefined && p.name.getText(source) === "messageKey");
      if (!keyed) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        const message = args[callee === "AppError" ? 1 : 0]?.getText(source) ?? "";
        found.push(`${relative(src, file)}:${line}: ${callee}(${message.replace(/\s+/g, " ").slice(0, 80)})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("refusals in the reader's language", () => {
  it("finds a refusal planted without a key, and accepts the keyed and the generic ones", () => {
    const planted = [
      'throw conflict("This poll is closed.");',
      'throw invalid("Some fields need correcting.", fields);',
      'throw notFound("There is no such poll.");',
      'throw new AppError("too_large", "The text is too long: " + limit);',
      'throw new AppError("gone", "Withdrawn.", { headers: {} });',
      // Keyed, or generic: none of these may be reported.
      'throw conflict("This poll is closed.", { messageKey: "meetings.poll.closed" });',
      'throw invalid("Some fields need correcting.", fields, { messageKey: "error.invalid.fields" });',
      "throw notFound();",
      'throw new AppError("gone", "Withdrawn.", { messageKey: "k", headers: {} });',
    ].join("\n");
    const reported = unkeyed(join(src, "planted/sample.ts"), planted);
    expect(reported.map((r) => r.split(": ")[0])).toEqual([
      "planted/sample.ts:1",
      "planted/sample.ts:2",
      "planted/sample.ts:3",
      "planted/sample.ts:4",
      "planted/sample.ts:5",
    ]);
  });

  it("gives every refusal under src/ a catalogue key", () => {
    const files = sourceFiles(src).filter((file) => {
      const path = relative(src, file).replaceAll("\\", "/");
      return path !== "server/errors.ts" && !EXEMPT.some((folder) => path.startsWith(folder));
    });
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((file) => unkeyed(file))).toEqual([]);
  });
});

// Every change the contacts domain writes to the audit log has a readable label in the catalogue, so the log
// never shows a bare code: a new action written here without its `audit.action.*` label fails this test.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "../ui/i18n/locales.js";
import { hasMessage, translator } from "../ui/i18n/translate.js";

const root = new URL(".", import.meta.url).pathname;

/** The action names given to the audit writer by the contacts folder's shipped code. */
function contactActions(): string[] {
  const files = (readdirSync(root, { recursive: true }) as string[]).filter(
    (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f),
  );
  const actions = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(root, file), "utf8");
    for (const m of text.matchAll(/\baction:\s*["'`](contact\.[a-z_.]+)["'`]/g)) if (m[1]) actions.add(m[1]);
  }
  return [...actions].sort();
}

describe("the contacts domain's audit actions", () => {
  it("are found in the code (the search still matches how actions are written)", () => {
    expect(contactActions()).toEqual(
      expect.arrayContaining(["contact.create", "contact.export", "contact.merge"]),
    );
  });

  it("each have a label in every language", () => {
    for (const action of contactActions()) {
      const key = `audit.action.${action}`;
      expect(hasMessage(key), key).toBe(true);
      for (const locale of LOCALES) {
        const label = translator(locale)(key as never);
        expect(label, `${locale} ${key}`).not.toBe(key);
        expect(label).not.toContain("contact.");
      }
    }
  });
});

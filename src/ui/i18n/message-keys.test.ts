import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogueFolders } from "./catalogue.js";
import { typedCatalogueFolders } from "./message-keys.js";

describe("the catalogue's keys as a type", () => {
  it("covers every folder that holds a catalogue, so each of its keys is checked", () => {
    expect([...typedCatalogueFolders].sort()).toEqual(catalogueFolders);
  });

  it("makes the type check refuse a mistyped literal key and accept a real one", () => {
    const root = new URL("../../../", import.meta.url).pathname;
    const scratch = mkdtempSync(join(root, "src", "ui", "i18n", ".keys-check-"));
    try {
      writeFileSync(
        join(scratch, "page.ts"),
        [
          'import { translator } from "../translate.js";',
          'const t = translator("en");',
          'export const good = t("home.forumCount", { count: 1 });',
          'export const bad = t("home.forumCont", { count: 1 });',
          "",
        ].join("\n"),
      );
      writeFileSync(
        join(scratch, "tsconfig.json"),
        JSON.stringify({
          extends: "../../../../tsconfig.json",
          include: ["page.ts"],
          compilerOptions: { noEmit: true, rootDir: "../../.." },
        }),
      );
      let output = "";
      try {
        execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", scratch], {
          encoding: "utf8",
        });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout);
      }
      expect(output).toContain("page.ts(4,");
      expect(output).toContain('"home.forumCont"');
      expect(output).not.toContain("page.ts(3,");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});

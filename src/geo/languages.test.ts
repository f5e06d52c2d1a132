import { describe, expect, it } from "vitest";
import { languageName } from "./languages.js";

describe("languageName", () => {
  it("names a language in the reader's language, and gives back a code it cannot name", () => {
    expect(languageName("es", "fr")).toBe("espagnol");
    expect(languageName("zh", "en")).toBe("Chinese");
    expect(languageName("qqq", "en")).toBe("qqq");
    expect(languageName("not a code", "en")).toBe("not a code");
  });
});

// The audit log's "Change" column: a known action reads as its label in the reader's language, an unknown one
// as its kind's name and its code in words, never as a bare code.
import { describe, expect, it } from "vitest";
import { translator } from "../ui/i18n/translate.js";
import type { PageContext } from "../ui/page-context.js";
import { actionLabel } from "./routes.js";

const ctxIn = (locale: "en" | "ar") => ({ locale, t: translator(locale) }) as unknown as PageContext;

describe("actionLabel", () => {
  it("gives a known action's label in the reader's language", () => {
    expect(actionLabel(ctxIn("en"), "contact.export")).toBe("Exported the contacts");
    expect(actionLabel(ctxIn("ar"), "contact.export")).toBe("صدّر جهات الاتصال");
  });

  it("reads an unknown action as its kind and words rather than a code", () => {
    expect(actionLabel(ctxIn("en"), "contact.gap.re_open")).toBe("Contacts: gap re open");
    expect(actionLabel(ctxIn("en"), "widget.spin")).toBe("widget: spin");
    expect(actionLabel(ctxIn("en"), "contact")).toBe("Contacts");
  });
});

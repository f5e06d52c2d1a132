// The search's count line as a reader sees it in their language: a number when it is exact, "more than" when
// the count stopped at its cap, and an estimate named as one.
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import type { Locale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import type { PageContext } from "../../ui/page-context.js";
import { SearchCountLine } from "./pages.js";

const ctxIn = (locale: Locale) => ({ locale, t: translator(locale) }) as PageContext;
const line = (locale: Locale, count: { value: number; exact: boolean; estimate?: number }) =>
  renderToString(<SearchCountLine ctx={ctxIn(locale)} count={count} />)
    .replace(/<[^>]+>/g, "")
    .replace(/[\u00a0\u202f]/g, " ");

describe("a search's count line", () => {
  it("says an exact count as a number", () => {
    expect(line("en", { value: 274, exact: true })).toBe("274 contributions match.");
    expect(line("en", { value: 0, exact: true })).toBe("No contribution matches.");
  });

  it("says 'more than' the cap when the count stopped there", () => {
    expect(line("en", { value: 1000, exact: false })).toBe("More than 1,000 contributions match.");
    expect(line("es", { value: 1000, exact: false })).toContain("Más de 1");
  });

  it("names an estimate as an estimate, in every language", () => {
    expect(line("en", { value: 1000, exact: false, estimate: 87000 })).toBe(
      "More than 1,000 contributions match (estimated: about 87,000).",
    );
    expect(line("fr", { value: 1000, exact: false, estimate: 87000 })).toBe(
      "Plus de 1 000 contributions correspondent (estimation : environ 87 000).",
    );
    for (const locale of ["es", "ar", "zh", "ru"] as const) {
      const said = line(locale, { value: 1000, exact: false, estimate: 87000 });
      expect(said).not.toBe(line(locale, { value: 1000, exact: false }));
      expect(said).not.toContain("analysis.search");
    }
  });
});

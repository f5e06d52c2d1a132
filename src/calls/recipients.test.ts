import { describe, expect, it } from "vitest";
import { parseReading } from "./call.js";
import { parsePastedRecipients } from "./recipients.js";

describe("reading pasted recipients", () => {
  it("reads the three shapes people paste", () => {
    const { recipients, problems } = parsePastedRecipients(
      "Ana Pérez <ana@example.org>\nbob@example.org\nKofi Mensah, kofi@example.org\nLeila; leila@example.org",
    );
    expect(problems).toEqual([]);
    expect(recipients).toEqual([
      { name: "Ana Pérez", email: "ana@example.org" },
      { name: "", email: "bob@example.org" },
      { name: "Kofi Mensah", email: "kofi@example.org" },
      { name: "Leila", email: "leila@example.org" },
    ]);
  });

  it("reports a line without an address by its number", () => {
    const { problems } = parsePastedRecipients("ana@example.org\nJust a name");
    expect(problems).toEqual([{ line: 2, text: "Just a name", reason: "calls.recipients.noAddress" }]);
  });

  it("reads hostile lines in linear time (a line of separators used to take seconds)", () => {
    const hostile = `${";".repeat(200_000)}\n${"a ".repeat(200_000)}`;
    const started = performance.now();
    const { problems } = parsePastedRecipients(hostile);
    expect(problems).toHaveLength(2);
    // Generous: quadratic backtracking took over 5 s for 80 KB; linear work takes milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000);
    const reading = parseReading(`${"- ".repeat(100_000)}https://example.org`);
    expect(reading.badLines).toEqual([1]);
    expect(parseReading("UN SDGs: https://sdgs.un.org/goals").links).toEqual([
      { title: "UN SDGs", url: "https://sdgs.un.org/goals" },
    ]);
  });
});

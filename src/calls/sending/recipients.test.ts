import { describe, expect, it } from "vitest";
import { parseReading } from "../call/service.js";
import { parseCsvRecipients, parsePastedRecipients } from "./recipients.js";

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

describe("reading a CSV file of recipients", () => {
  it("reads a spreadsheet's export: byte-order mark, CRLF, other column names, quoted commas", () => {
    const csv = [
      "\uFEFFFull name,E-mail,Organization,Stakeholder,Country,Lang,Tag",
      '"Diallo, Amina",Amina@Example.org,"Réseau, Sénégal",civil society,sn,fr,"NRI, Africa"',
      "Kofi Mensah,kofi@example.org,,Technical,GH,,",
      "",
    ].join("\r\n");
    const { recipients, problems } = parseCsvRecipients(csv);
    expect(problems).toEqual([]);
    expect(recipients).toEqual([
      {
        name: "Diallo, Amina",
        email: "amina@example.org",
        organisation: "Réseau, Sénégal",
        stakeholderGroup: "civil_society",
        country: "SN",
        language: "fr",
        tags: ["nri", "africa"],
      },
      {
        name: "Kofi Mensah",
        email: "kofi@example.org",
        organisation: "",
        stakeholderGroup: "technical_community",
        country: "GH",
        tags: [],
      },
    ]);
  });

  it("reports a bad row by the line it is on in the file, blank lines and quoted line breaks counted", () => {
    const csv = [
      "name,email,country",
      "",
      '"Ana Pérez",ana@example.org,ES',
      '"Bob, with a',
      'two-line name",bob@example.org,GB',
      '"Smith, Jo",jo-at-example.org,GB',
      "Leila,leila@example.org,XX",
      "Ana again,ANA@example.org,ES",
    ].join("\n");
    const { recipients, problems } = parseCsvRecipients(csv);
    expect(recipients.map((r) => r.email)).toEqual(["ana@example.org", "bob@example.org"]);
    expect(problems).toEqual([
      { line: 6, text: '"Smith, Jo",jo-at-example.org,GB', reason: "calls.recipients.badAddress" },
      { line: 7, text: "Leila,leila@example.org,XX", reason: "calls.recipients.badCountry" },
      { line: 8, text: "Ana again,ANA@example.org,ES", reason: "calls.recipients.duplicate" },
    ]);
  });

  it("says when the file has no email column or is not CSV", () => {
    expect(parseCsvRecipients("name,phone\nAna,123").problems).toEqual([
      { line: 1, text: "name,phone", reason: "calls.recipients.csvNoEmail" },
    ]);
    expect(parseCsvRecipients('name,email\n"Ana,ana@example.org\n').problems).toMatchObject([
      { reason: "calls.recipients.csvUnreadable" },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { campaignSignals } from "./signals.js";

describe("campaign signals", () => {
  it("finds the burst, the address that sent several copies, the domains and the copies per day", () => {
    const at = (iso: string) => new Date(iso);
    const signals = campaignSignals([
      { email: "a@bots.example", receivedAt: at("2017-09-01T10:00:00Z") },
      { email: "b@bots.example", receivedAt: at("2017-09-01T10:03:00Z") },
      { email: "A@Bots.example", receivedAt: at("2017-09-01T10:09:59Z") },
      { email: "c@bots.example", receivedAt: at("2017-09-01T10:10:30Z") },
      { email: "nurse@mail.example", receivedAt: at("2017-09-03T08:00:00Z") },
      { email: "", receivedAt: at("2017-09-04T08:00:00Z") },
    ]);
    expect(signals.burst).toEqual({ count: 3, from: at("2017-09-01T10:00:00Z") });
    expect(signals.repeatedAddresses).toEqual([{ address: "a@bots.example", count: 2 }]);
    expect(signals.domains).toEqual([
      { domain: "bots.example", count: 4 },
      { domain: "mail.example", count: 1 },
    ]);
    expect(signals.days).toEqual([
      { day: "2017-09-01", count: 4 },
      { day: "2017-09-03", count: 1 },
      { day: "2017-09-04", count: 1 },
    ]);
  });
});

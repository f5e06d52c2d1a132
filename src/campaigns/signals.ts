// Signals a person weighs before confirming a campaign: a burst of copies in the same minutes (a script, or a
// mailing that went out), several copies from one address, a few e-mail domains sending most of them, and how
// the copies arrived day by day. Pure: the service gives it the members' facts.

/** Minutes of the window in which a burst is counted. */
export const BURST_MINUTES = 10;

export interface CampaignSignals {
  /** Copies considered (the first members, at most the service's cap). */
  considered: number;
  /** The most copies received within any BURST_MINUTES, and when that window began. */
  burst: { count: number; from: Date } | null;
  /** Addresses that sent more than one copy, most first (at most five). */
  repeatedAddresses: { address: string; count: number }[];
  /** E-mail domains by copies, most first (at most five). */
  domains: { domain: string; count: number }[];
  /** Copies per UTC day, in order. */
  days: { day: string; count: number }[];
}

function top(counts: Map<string, number>, min: number): { key: string; count: number }[] {
  return [...counts]
    .filter(([, n]) => n >= min)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([key, count]) => ({ key, count }));
}

/** The signals of a campaign's copies. */
export function campaignSignals(members: { email: string; receivedAt: Date | null }[]): CampaignSignals {
  const times = members
    .map((m) => m.receivedAt?.getTime())
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  let burst: CampaignSignals["burst"] = null;
  const window = BURST_MINUTES * 60_000;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= window) start++;
    const count = end - start + 1;
    if (!burst || count > burst.count) burst = { count, from: new Date(times[start]!) };
  }
  const addresses = new Map<string, number>();
  const domains = new Map<string, number>();
  for (const m of members) {
    const address = m.email.trim().toLowerCase();
    if (!address) continue;
    addresses.set(address, (addresses.get(address) ?? 0) + 1);
    const domain = address.slice(address.lastIndexOf("@") + 1);
    if (domain) domains.set(domain, (domains.get(domain) ?? 0) + 1);
  }
  const days = new Map<string, number>();
  for (const t of times) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return {
    considered: members.length,
    burst,
    repeatedAddresses: top(addresses, 2).map(({ key, count }) => ({ address: key, count })),
    domains: top(domains, 1).map(({ key, count }) => ({ domain: key, count })),
    days: [...days].map(([day, count]) => ({ day, count })),
  };
}

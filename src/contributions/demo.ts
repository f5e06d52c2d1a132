// Sample contributions for the demo forum. Every organisation and person here is invented, every entry is
// flagged `is_sample` (shown with a "Sample" badge), and no words are attributed to real people or bodies.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import type { CountryCode, StakeholderGroup } from "../geo/countries.js";
import { regionOf } from "../geo/countries.js";
import { hasSampleContributions, nextNumber } from "./queries.js";
import { formatReference } from "./reference.js";
import { callState, forumAndCycleOf, forumReferencePrefix, searchTextOf } from "./service.js";
import { storeSample } from "./submit/service.js";

interface Sample {
  name: string;
  honorific: string;
  organisation: string;
  group: StakeholderGroup;
  country: CountryCode;
  timeliness: "on_time" | "guaranteed" | "late";
  daysAfterOpening: number;
  anonymous?: boolean;
  text: string;
}

const samples2017: Sample[] = [
  {
    honorific: "Ms.",
    name: "Lena Sample",
    organisation: "Northwind Digital Rights Collective (sample)",
    group: "civil_society",
    country: "DE",
    timeliness: "on_time",
    daysAfterOpening: 10,
    text: "A sample contribution: trust between incident response teams grows through regular, informal exchanges; small teams in developing countries need travel support to take part.",
  },
  {
    honorific: "Mr.",
    name: "Tomas Example",
    organisation: "Ministry of Imaginary Affairs (sample)",
    group: "government",
    country: "CL",
    timeliness: "on_time",
    daysAfterOpening: 20,
    text: "A sample contribution: national cybersecurity strategies should name the Sustainable Development Goals they serve and say who is responsible for each measure.",
  },
  {
    honorific: "Dr.",
    name: "Amara Placeholder",
    organisation: "Fictional University of Technology (sample)",
    group: "academia",
    country: "NG",
    timeliness: "on_time",
    daysAfterOpening: 25,
    text: "A sample contribution: the word cybersecurity means different things to engineers, diplomats and lawyers; a glossary in the output would help readers from every group.",
  },
  {
    honorific: "",
    name: "",
    organisation: "Example Network Operators Group (sample)",
    group: "technical_community",
    country: "JP",
    timeliness: "guaranteed",
    daysAfterOpening: 33,
    text: "A sample contribution: routing security (filtering, origin validation) protects the Internet's own critical infrastructure and costs little for a small network.",
  },
  {
    honorific: "Ms.",
    name: "Priya Demo",
    organisation: "Acme Cloud Services (sample)",
    group: "private_sector",
    country: "IN",
    timeliness: "guaranteed",
    daysAfterOpening: 40,
    text: "A sample contribution: providers can publish how they handle abuse reports and how long they keep logs, so that users and authorities know what to expect.",
  },
  {
    honorific: "",
    name: "",
    organisation: "",
    group: "intergovernmental",
    country: "CH",
    timeliness: "late",
    daysAfterOpening: 60,
    anonymous: true,
    text: "A sample contribution sent anonymously: capacity building works best when it is planned with the receiving institutions, not for them.",
  },
  {
    honorific: "Mr.",
    name: "Kofi Sample",
    organisation: "Island States Connectivity Forum (sample)",
    group: "civil_society",
    country: "FJ",
    timeliness: "late",
    daysAfterOpening: 75,
    text: "A sample contribution: small island states depend on a few submarine cables; resilience planning should include them in regional exercises.",
  },
];

const samples2016: Sample[] = samples2017.slice(0, 4).map((s) => ({ ...s, timeliness: "on_time" as const }));

async function seedCycle(db: Kysely<Database>, forumId: string, cycleId: string, samples: Sample[]) {
  // Seeding twice (the lead's call and the registered demo part) must not double the samples.
  if (await hasSampleContributions(db, cycleId)) return;
  const { forum, cycle } = await forumAndCycleOf(db, { forumId, cycleId });
  const { milestones } = await callState(db, cycle, new Date());
  const opens = milestones.call_opens ?? new Date(Date.UTC(cycle.year, 7, 15));
  await inTransaction(db, async (trx) => {
    for (const s of samples) {
      const number = await nextNumber(trx, cycleId);
      const reference = formatReference(await forumReferencePrefix(trx, forum), cycle.year, number);
      const at = new Date(opens.getTime() + s.daysAfterOpening * 86_400_000);
      const row = {
        reference,
        contributor_name: s.name,
        organisation: s.organisation,
        body_text: s.text,
        answers: {},
        consent: s.anonymous ? ("anonymous" as const) : ("with_name" as const),
      };
      await storeSample(trx, {
        forum_id: forumId,
        cycle_id: cycleId,
        number,
        reference,
        status: "published",
        channel: "demo",
        honorific: s.honorific,
        contributor_name: s.name,
        organisation: s.organisation,
        stakeholder_group: s.group,
        country: s.country,
        region: regionOf(s.country),
        email: "",
        consent: row.consent,
        licence: "cc_by_4_0",
        body_text: s.text,
        answers: JSON.stringify({}),
        received_at: at,
        received_source: "import",
        timeliness: s.timeliness,
        language: "en",
        search_text: searchTextOf(row, []),
        is_sample: true,
        submitted_at: at,
        published_at: at,
      });
    }
  });
}

/** Seeds invented sample contributions (flagged `is_sample`) in the demo forum's 2017 and 2016 cycles. */
export async function seedContributionsDemo(
  db: Kysely<Database>,
  ids: { forumId: string; cycleId2017: string; cycleId2016: string },
): Promise<void> {
  await seedCycle(db, ids.forumId, ids.cycleId2017, samples2017);
  await seedCycle(db, ids.forumId, ids.cycleId2016, samples2016);
}

// `intersession import meeting FILE --forum SLUG --year YYYY [--confirm]`: reads a past summary report, prints
// the proposed record and its warnings, and with --confirm creates the meeting.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { type Command, Option } from "commander";
import type { Actor } from "../../auth/index.js";
import { migrateToLatest } from "../../db/migrate.js";
import { findCycle } from "../../forums/index.js";
import { type ConfigOverrides, parseConfig } from "../../server/config.js";
import { AppError } from "../../server/errors.js";
import { openConfiguredDatabase } from "../../server/open-database.js";
import { romanNumeral } from "../format.js";
import type { ProposedMeeting } from "./service.js";

/** The proposal as a person reads it at a terminal, with what checking it against the cycle found. */
export function describeProposal(
  p: ProposedMeeting,
  cycleWarnings: readonly { code: string; message: string }[] = [],
): string {
  const lines: string[] = [];
  const kind = p.kind ?? "unknown kind";
  lines.push(`Title:        ${p.title ?? "(none found)"}`);
  lines.push(`Kind:         ${kind}${p.number ? ` ${romanNumeral(p.number)} (${p.number})` : ""}`);
  lines.push(`Date:         ${p.date ?? "(none found)"}`);
  lines.push(`Facilitator:  ${p.facilitator ?? "(none found)"}`);
  if (p.moderator) lines.push(`Moderator:    ${p.moderator}`);
  lines.push(`Paragraphs:   ${p.paragraphs.length}`);
  for (const para of p.paragraphs)
    lines.push(
      `  ${para.number}. ${para.text.replace(/\s+/g, " ").slice(0, 100)}${para.text.length > 100 ? "…" : ""}`,
    );
  lines.push(`Links:        ${p.links.length}`);
  for (const link of p.links) lines.push(`  [${link.kind}] ${link.url}`);
  lines.push(`Participants: ${p.participants.length}`);
  for (const person of p.participants)
    lines.push(`  ${person.name}${person.role ? ` (${person.role})` : ""}`);
  lines.push(`Contributions: ${p.contributions.length}`);
  for (const c of p.contributions) lines.push(`  ${[c.name, c.organisation].filter(Boolean).join(" / ")}`);
  lines.push(`Next steps:   ${p.next_steps.length}`);
  for (const s of p.next_steps)
    lines.push(
      `  - ${s.text} [owner: ${s.owner ?? "?"}; due: ${s.due?.text ?? "?"}${s.due?.date ? ` = ${s.due.date}` : ""}]`,
    );
  if (p.sessions.length) {
    lines.push(`Sessions:     ${p.sessions.length}`);
    for (const s of p.sessions)
      lines.push(`  ${s.date ?? "?"} ${s.start ?? ""}–${s.end ?? ""} ${s.room ?? ""}: ${s.title}`);
  }
  const warnings = [...p.warnings, ...cycleWarnings];
  lines.push(warnings.length ? `Warnings (${warnings.length}):` : "Warnings: none");
  for (const w of warnings) lines.push(`  ! ${w.code}: ${w.message}`);
  return lines.join("\n");
}

/** Adds `import meeting` to the program; `fail` builds the error the program prints without a stack. */
export function addImportMeetingCommand(program: Command, fail: (message: string) => Error): void {
  const command =
    program.commands.find((c) => c.name() === "import") ??
    program.command("import").description("import past records");
  command
    .command("meeting <file>")
    .description("read a past meeting summary report (.docx, .pdf, .txt) and propose a meeting record")
    .requiredOption("--forum <slug>", "the forum the meeting belongs to")
    .requiredOption("--year <year>", "the cycle's year")
    .option("--confirm", "create the meeting as proposed (otherwise only print the proposal)")
    .option("--draft", "with --confirm: keep the summary unpublished")
    .option(
      "--other-year",
      "with --confirm: create it in this cycle even though the report is dated in another year",
    )
    .addOption(
      new Option(
        "--next-steps <status>",
        "with --confirm: save the next steps as done or open (default: done when the meeting is past)",
      ).choices(["open", "done"]),
    )
    .addOption(
      new Option(
        "--data <dir>",
        "data folder of the embedded database (default ./data, or INTERSESSION_DATA)",
      ),
    )
    .action(
      async (
        file: string,
        options: {
          forum: string;
          year: string;
          confirm?: boolean;
          draft?: boolean;
          otherYear?: boolean;
          nextSteps?: "open" | "done";
          data?: string;
        },
      ) => {
        const { clashWarning, confirmImport, cycleClashes, proposalFormValues, proposeMeetingFromFile } =
          await import("./service.js");
        const overrides: ConfigOverrides = {};
        if (options.data) overrides.dataDir = options.data;
        const config = parseConfig(process.env, overrides);
        let buffer: Buffer;
        try {
          buffer = await readFile(file);
        } catch {
          throw fail(`Cannot read “${file}”. Check the path.`);
        }
        let proposal: ProposedMeeting;
        try {
          proposal = await proposeMeetingFromFile(buffer, basename(file), {
            maxBytes: config.uploadMaxFileBytes,
          });
        } catch (error) {
          if (error instanceof AppError) throw fail(`${error.message} (${file})`);
          throw error;
        }
        const database = await openConfiguredDatabase(config);
        try {
          await migrateToLatest(database.db);
          let found: Awaited<ReturnType<typeof findCycle>>;
          try {
            found = await findCycle(database.db, options.forum, options.year);
          } catch (error) {
            if (error instanceof AppError) throw fail(error.message);
            throw error;
          }
          const now = new Date();
          const values = proposalFormValues(proposal, found.forum.time_zone, now);
          // Checked against the cycle named: a meeting it already has, a report from another year.
          const clashes = await cycleClashes(database.db, { cycleId: found.cycle.id, candidate: values });
          console.log(
            describeProposal(
              proposal,
              clashes.map((c) => clashWarning(c, config.publicUrl)),
            ),
          );
          if (!options.confirm) {
            console.log(
              "\nNothing was saved. Correct the file or the record, then run again with --confirm to create it.",
            );
            return;
          }
          const actor: Actor = { kind: "system", label: "command line import" };
          if (options.draft) values.publish = "no";
          if (options.otherYear) values.other_year = "yes";
          if (options.nextSteps) values.next_steps_status = options.nextSteps;
          try {
            const meeting = await confirmImport(database.db, {
              actor,
              forumId: found.forum.id,
              cycleId: found.cycle.id,
              values,
              fileName: basename(file),
              now,
              publicUrl: config.publicUrl,
            });
            console.log(`\nCreated /f/${found.forum.slug}/${found.cycle.year}/meetings/${meeting.slug}`);
            if (proposal.next_steps.length) console.log(`Next steps saved as ${values.next_steps_status}.`);
          } catch (error) {
            if (error instanceof AppError && error.fields?.other_year)
              throw fail(
                `The report is dated ${values.date}, not in the ${found.cycle.year} cycle's year. Import it into its own year's cycle (--year ${values.date?.slice(0, 4)}), or run again with --other-year to create it in ${found.cycle.year} anyway.`,
              );
            if (error instanceof AppError && error.code === "conflict") throw fail(error.message);
            if (error instanceof AppError && error.fields)
              throw fail(
                `The proposal needs correcting before it can be saved: ${Object.keys(error.fields).join(", ")}.`,
              );
            throw error;
          }
        } finally {
          await database.close();
        }
      },
    );
}

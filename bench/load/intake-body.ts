// The body of an API submission of a generated contribution, shared by the intake load generator and the
// benchmarks that submit single contributions.
import { type CorpusCycle, generateContribution } from "../corpus/generate.js";

/** The multipart body of an API submission of a generated contribution. */
export function intakeBody(
  cycle: CorpusCycle,
  seed: number,
  index: number,
  corpusSize: number,
  extra: [string, string][] = [],
): { body: Buffer; boundary: string } {
  const c = generateContribution(cycle, seed, index, corpusSize);
  const boundary = `----bench${index.toString(16)}`;
  const fields: [string, string][] = [
    ["contributor_name", c.contributor_name],
    ["organisation", c.organisation],
    ["stakeholder_group", c.stakeholder_group],
    ["country", c.country],
    ["email", c.email],
    ["consent", c.consent],
    ["licence", c.licence],
    ["language", c.form_language],
    ["variant", c.variant_key],
    ["text", c.body_text],
    ["answers", JSON.stringify(c.answers)],
    ...extra,
  ];
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return { body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`), boundary };
}

// Citing contributions in the Markdown: an excerpt lands at the end of its section with one footnote per
// contribution, a missing section is added at the end, and each section says which contributions it cites.
import { render } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { parseDocument, renderBlock, renderFootnotes } from "../markdown.js";
import { citationsBySection, contributionReferenceIn, insertCitation } from "./citation.js";

const link = (ref: string) => `https://forum.example/f/bpf/2017/contributions/${ref}`;
const cite = (section: string, quote: string, ref: string) => ({
  section,
  quote,
  label: ref,
  note: `Contribution [${ref}](${link(ref)}), someone.`,
});
const BODY =
  "# Output\n\nIntro.[^out]\n\n## 2. Capacity building\n\nFirst.\n\n## Other\n\nLast.\n\n[^out]: An outside report.\n";

describe("citing contributions", () => {
  it("adds a quote at the end of its section with a footnote, once per contribution", () => {
    let body = insertCitation(BODY, cite("Capacity building", "Train *people*\nlocally", "BPF-2017-0001"));
    body = insertCitation(body, cite("capacity building", "Again", "BPF-2017-0001"));
    const { blocks, footnotes } = parseDocument(body);
    expect(blocks.map((b) => b.text)).toEqual([
      "Output",
      "Intro.",
      "2. Capacity building",
      "First.",
      "“Train *people* locally”",
      "“Again”",
      "Other",
      "Last.",
    ]);
    expect(footnotes.map((n) => n.label)).toEqual(["out", "BPF-2017-0001"]);
    expect(body.match(/^\[\^BPF-2017-0001\]:/gm)).toHaveLength(1);
  });

  it("adds a section the text does not have yet at its end, and reads back who each section cites", () => {
    let body = insertCitation(BODY, cite("Critical infrastructure", "Grids fail", "BPF-2017-0002"));
    body = insertCitation(body, cite("Capacity building", "Train", "BPF-2017-0001"));
    const sections = citationsBySection(body, (href) => contributionReferenceIn(href, "bpf", 2017));
    expect(sections.map((s) => [s.title, s.references])).toEqual([
      ["Output", []],
      ["2. Capacity building", ["BPF-2017-0001"]],
      ["Other", []],
      ["Critical infrastructure", ["BPF-2017-0002"]],
    ]);
    expect(contributionReferenceIn("/f/other/2017/contributions/X-1", "bpf", 2017)).toBeNull();
  });
});

describe("footnotes and tables", () => {
  it("renders footnote marks, the notes with their links, and tables, with no raw HTML", () => {
    const { blocks, footnotes } = parseDocument(
      "Text[^a] <b>bold</b>.\n\n| Threat | Options |\n|---|---|\n| Botnets | Filtering |\n\n[^a]: See [the report](https://example.org/r) and [bad](javascript:alert(1)).\n",
    );
    const html = blocks.map((b, i) => render(renderBlock(b, `b${i}`))).join("");
    expect(html).toContain('<sup class="footnote-ref"><a href="#fn-1" id="fnref-1">[1]</a></sup>');
    expect(html).toContain("&lt;b>bold&lt;/b>");
    expect(html).toContain("<th>Threat</th>");
    expect(html).toContain("<td>Filtering</td>");
    const list = renderFootnotes(footnotes, "Back");
    if (!list) throw new Error("no notes");
    const notes = render(list);
    expect(notes).toContain('<li id="fn-1"');
    expect(notes).toContain('href="https://example.org/r"');
    expect(notes).not.toContain('href="javascript');
  });
});

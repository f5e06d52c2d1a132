import type { SourceLine } from "./text-lines.js";
import { isBareUrlLine } from "./urls.js";

/**
 * Removes the lists of hyperlink targets that PDF conversions print at the
 * foot of each page (one address per line, often repeated) and returns their
 * addresses: they are the report's hidden links, but they are not its prose.
 *
 * A run of address-only lines counts as such a list when the next line starts
 * a new page or the text ends, or when the run holds two or more addresses
 * with no empty line between them. A single address after a line ending in a
 * colon ("available here:") is prose.
 */
export function removePageEndLinkLists(lines: readonly SourceLine[]): {
  lines: SourceLine[];
  urls: string[];
} {
  const kept: SourceLine[] = [];
  const urls: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (!isBareUrlLine(line.text)) {
      kept.push(line);
      index++;
      continue;
    }
    let end = index;
    let adjacentPairs = 0;
    let cursor = index + 1;
    while (cursor < lines.length) {
      const next = lines[cursor]!;
      if (next.text === "") {
        cursor++;
        continue;
      }
      if (!isBareUrlLine(next.text) || next.startsPage) break;
      if (cursor === end + 1) adjacentPairs++;
      end = cursor;
      cursor++;
    }
    const following = lines.slice(end + 1).find((candidate) => candidate.text !== "");
    const previous = [...kept].reverse().find((candidate) => candidate.text !== "");
    const introducedInProse = end === index && previous !== undefined && /:$/.test(previous.text);
    const endsPage = following === undefined || following.startsPage;
    if (!introducedInProse && (endsPage || adjacentPairs > 0)) {
      for (let position = index; position <= end; position++) {
        const text = lines[position]!.text;
        if (text !== "") urls.push(text);
      }
    } else {
      kept.push(...lines.slice(index, end + 1));
    }
    index = end + 1;
  }
  return { lines: kept, urls };
}

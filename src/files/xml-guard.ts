// Finds "<!DOCTYPE" and "<!ENTITY" in a byte stream fed chunk by chunk, before any XML parser sees the bytes.
// A document part never needs a DTD, and a DTD is how external-entity (XXE) and billion-laughs attacks start.
// Matching skips NUL bytes and ignores case, so the UTF-16 and UTF-32 spellings are caught as well as UTF-8.

const lt = 0x3c;
const patterns = [
  { kind: "doctype", letters: Buffer.from("!DOCTYPE", "latin1") },
  { kind: "entity", letters: Buffer.from("!ENTITY", "latin1") },
] as const;
const longest = 8;
// More NULs in a row than UTF-32 ever puts between two ASCII characters means this is not text.
const maxNulRun = 3;

export type Declaration = "doctype" | "entity";

type Verdict = Declaration | "no" | "more";

function upper(byte: number): number {
  return byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte;
}

function matchAt(buf: Buffer, start: number): Verdict {
  const seen: number[] = [];
  let nulRun = 0;
  for (let i = start + 1; i < buf.length && seen.length < longest; i++) {
    const byte = buf[i] ?? 0;
    if (byte === 0) {
      if (++nulRun > maxNulRun) return "no";
      continue;
    }
    nulRun = 0;
    seen.push(upper(byte));
    let alive = false;
    for (const { kind, letters } of patterns) {
      if (seen.length > letters.length) continue;
      if (seen.every((b, k) => b === letters[k])) {
        if (seen.length === letters.length) return kind;
        alive = true;
      }
    }
    if (!alive) return "no";
  }
  return seen.length >= longest ? "no" : "more";
}

/** Streaming detector for DTD declarations; feed it chunks, then read `found`. */
export class DeclarationScanner {
  found: Declaration | null = null;
  private tail: Buffer = Buffer.alloc(0);

  /** Scans the next chunk, carrying an undecided "<" across the chunk boundary. */
  push(chunk: Uint8Array): void {
    if (this.found) return;
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf = this.tail.length > 0 ? Buffer.concat([this.tail, data]) : data;
    this.tail = Buffer.alloc(0);
    let at = buf.indexOf(lt);
    while (at !== -1) {
      const verdict = matchAt(buf, at);
      if (verdict === "more") {
        this.tail = Buffer.from(buf.subarray(at));
        return;
      }
      if (verdict !== "no") {
        this.found = verdict;
        return;
      }
      at = buf.indexOf(lt, at + 1);
    }
  }
}

// Just enough PDF syntax to find every stream a PDF reader could decode and read its dictionary. It follows
// pdf.js's lexer and parser (Lexer.getObj, Parser.getObj/makeStream) rule for rule, tolerance included:
// a checker that reads a file more strictly than the reader that runs after it is a checker an attacker can
// walk around (a name spelt `/Fl#61teDecode`, `/F` for `/Filter`, a comment between `>>` and `stream`).

/** A PDF name (`/FlateDecode`), with `#xx` escapes decoded. */
export class PdfName {
  constructor(readonly name: string) {}
}

/** A bare keyword (`R`, `obj`, `stream`, `[`, `<<`…). */
export class PdfCommand {
  constructor(readonly command: string) {}
}

/** A string, literal or hexadecimal; only its bytes (as latin1) are kept. */
export class PdfString {
  constructor(readonly value: string) {}
}

/** An indirect reference (`12 0 R`). */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A stream found while parsing: its dictionary and where its data starts. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** Offset of the first data byte, after the end of line that follows `stream`. */
    readonly dataStart: number,
  ) {}
}

export type PdfDict = Map<string, PdfValue>;
export type PdfValue =
  | number
  | boolean
  | null
  | PdfName
  | PdfCommand
  | PdfString
  | PdfRef
  | PdfDict
  | PdfValue[]
  | PdfStream;

const EOF = Symbol("EOF");
type Token = number | boolean | null | PdfName | PdfCommand | PdfString | typeof EOF;

/** A syntax error where pdf.js throws too: whatever was being parsed is not an object it would use. */
export class PdfSyntaxError extends Error {
  override name = "PdfSyntaxError";
}

/**
 * The file is built to be slow or impossible to check: parsing has read far more bytes than the file holds
 * (overlapping objects), or objects nest deeper than any document needs.
 */
export class PdfTooComplex extends Error {
  override name = "PdfTooComplex";
}

// pdf.js's specialChars: 1 for white space, 2 for delimiters, 0 for regular characters.
const special = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) special[c] = 1;
for (const c of [0x25, 0x28, 0x29, 0x2f, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d]) special[c] = 2;

function hexDigit(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch & 0x0f;
  if ((ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66)) return (ch & 0x0f) + 9;
  return -1;
}

/** Counts the bytes every lexer of one file reads, so overlapping objects cannot make the scan quadratic. */
export interface WorkBudget {
  left: number;
}

/** Strings matter here only for their structure; a few kilobytes of their value are kept (for /ID and the like). */
const maxKeptString = 4096;

const stringEscapes: Readonly<Record<number, number>> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };

class Lexer {
  private pos: number;
  currentChar: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
    private readonly budget: WorkBudget,
  ) {
    this.pos = start;
    this.currentChar = this.nextChar();
  }

  /** Offset of the byte after currentChar (pdf.js's stream.pos). */
  get position(): number {
    return this.pos;
  }

  set position(value: number) {
    this.pos = value;
  }

  nextChar(): number {
    if (this.pos >= this.end) {
      this.pos = this.end + 1;
      this.currentChar = -1;
      return -1;
    }
    if (--this.budget.left < 0) throw new PdfTooComplex("parsing budget spent");
    this.currentChar = this.bytes[this.pos++] ?? -1;
    return this.currentChar;
  }

  peekChar(): number {
    return this.pos < this.end ? (this.bytes[this.pos] ?? -1) : -1;
  }

  private getNumber(): number {
    let ch = this.currentChar;
    let eNotation = false;
    let divideBy = 0;
    let sign = 1;
    if (ch === 0x2d) {
      sign = -1;
      ch = this.nextChar();
      if (ch === 0x2d) ch = this.nextChar();
    } else if (ch === 0x2b) {
      ch = this.nextChar();
    }
    if (ch === 0x0a || ch === 0x0d) {
      do ch = this.nextChar();
      while (ch === 0x0a || ch === 0x0d);
    }
    if (ch === 0x2e) {
      divideBy = 10;
      ch = this.nextChar();
    }
    if (ch < 0x30 || ch > 0x39) {
      if (ch === -1 || ch === 0x20 || ch === 0x09 || ch === 0x0d || ch === 0x0a) return 0;
      throw new PdfSyntaxError("invalid number");
    }
    let base = ch - 0x30;
    let power = 0;
    let powerSign = 1;
    for (ch = this.nextChar(); ch >= 0; ch = this.nextChar()) {
      if (ch >= 0x30 && ch <= 0x39) {
        if (eNotation) power = power * 10 + (ch - 0x30);
        else {
          if (divideBy !== 0) divideBy *= 10;
          base = base * 10 + (ch - 0x30);
        }
      } else if (ch === 0x2e) {
        if (divideBy === 0) divideBy = 1;
        else break;
      } else if (ch === 0x2d) {
        // pdf.js warns about a minus sign in the middle and reads on.
      } else if (ch === 0x45 || ch === 0x65) {
        const next = this.peekChar();
        if (next === 0x2b || next === 0x2d) {
          powerSign = next === 0x2d ? -1 : 1;
          this.nextChar();
        } else if (next < 0x30 || next > 0x39) {
          break;
        }
        eNotation = true;
      } else {
        break;
      }
    }
    if (divideBy !== 0) base /= divideBy;
    if (eNotation) base *= 10 ** (powerSign * power);
    return sign * base;
  }

  private getString(): PdfString {
    let depth = 1;
    const out: number[] = [];
    let ch = this.nextChar();
    for (;;) {
      if (ch === -1) break;
      if (ch === 0x28) depth++;
      else if (ch === 0x29 && --depth === 0) {
        this.nextChar();
        break;
      } else if (ch === 0x5c) {
        // An escaped character never opens or closes a level; its value only matters for /ID and the like.
        ch = this.nextChar();
        if (ch === -1) break;
        if (ch >= 0x30 && ch <= 0x37) {
          let x = ch & 0x0f;
          ch = this.nextChar();
          if (ch >= 0x30 && ch <= 0x37) {
            x = (x << 3) + (ch & 0x0f);
            ch = this.nextChar();
            if (ch >= 0x30 && ch <= 0x37) {
              x = (x << 3) + (ch & 0x0f);
              ch = this.nextChar();
            }
          }
          if (out.length < maxKeptString) out.push(x & 0xff);
          continue;
        }
        if (ch === 0x0d) {
          if (this.peekChar() === 0x0a) this.nextChar();
        } else if (ch !== 0x0a) {
          if (out.length < maxKeptString) out.push(stringEscapes[ch] ?? ch);
        }
        ch = this.nextChar();
        continue;
      }
      if ((ch !== 0x29 || depth > 0) && out.length < maxKeptString) out.push(ch);
      ch = this.nextChar();
    }
    return new PdfString(String.fromCharCode(...out));
  }

  private getName(): PdfName {
    let name = "";
    let ch: number;
    for (ch = this.nextChar(); ch >= 0 && !special[ch]; ch = this.nextChar()) {
      if (ch !== 0x23) {
        name += String.fromCharCode(ch);
        continue;
      }
      ch = this.nextChar();
      if (ch < 0 || special[ch]) {
        name += "#";
        break;
      }
      const x = hexDigit(ch);
      if (x === -1) {
        name += `#${String.fromCharCode(ch)}`;
        continue;
      }
      const previous = ch;
      ch = this.nextChar();
      const x2 = hexDigit(ch);
      if (x2 === -1) {
        name += `#${String.fromCharCode(previous)}`;
        if (ch < 0 || special[ch]) break;
        name += String.fromCharCode(ch);
        continue;
      }
      name += String.fromCharCode((x << 4) | x2);
    }
    return new PdfName(name);
  }

  private getHexString(): PdfString {
    let ch = this.currentChar;
    let first = -1;
    let out = "";
    for (;;) {
      if (ch < 0) break;
      if (ch === 0x3e) {
        this.nextChar();
        break;
      }
      if (special[ch] === 1) {
        ch = this.nextChar();
        continue;
      }
      const digit = hexDigit(ch);
      if (digit !== -1) {
        if (first === -1) first = digit;
        else {
          if (out.length < maxKeptString) out += String.fromCharCode((first << 4) | digit);
          first = -1;
        }
      }
      ch = this.nextChar();
    }
    if (first !== -1 && out.length < maxKeptString) out += String.fromCharCode(first << 4);
    return new PdfString(out);
  }

  getObj(): Token {
    let comment = false;
    let ch = this.currentChar;
    for (;;) {
      if (ch < 0) return EOF;
      if (comment) {
        if (ch === 0x0a || ch === 0x0d) comment = false;
      } else if (ch === 0x25) {
        comment = true;
      } else if (special[ch] !== 1) {
        break;
      }
      ch = this.nextChar();
    }
    if ((ch >= 0x30 && ch <= 0x39) || ch === 0x2b || ch === 0x2d || ch === 0x2e) return this.getNumber();
    switch (ch) {
      case 0x28:
        return this.getString();
      case 0x2f:
        return this.getName();
      case 0x5b:
        this.nextChar();
        return new PdfCommand("[");
      case 0x5d:
        this.nextChar();
        return new PdfCommand("]");
      case 0x3c:
        if (this.nextChar() === 0x3c) {
          this.nextChar();
          return new PdfCommand("<<");
        }
        return this.getHexString();
      case 0x3e:
        if (this.nextChar() === 0x3e) {
          this.nextChar();
          return new PdfCommand(">>");
        }
        return new PdfCommand(">");
      case 0x7b:
        this.nextChar();
        return new PdfCommand("{");
      case 0x7d:
        this.nextChar();
        return new PdfCommand("}");
      case 0x29:
        this.nextChar();
        throw new PdfSyntaxError("illegal character )");
    }
    let word = String.fromCharCode(ch);
    if (ch < 0x20 || ch > 0x7f) {
      const next = this.peekChar();
      if (next >= 0x20 && next <= 0x7f) {
        this.nextChar();
        return new PdfCommand(word);
      }
    }
    for (ch = this.nextChar(); ch >= 0 && !special[ch]; ch = this.nextChar()) {
      if (word.length === 128) throw new PdfSyntaxError("command token too long");
      word += String.fromCharCode(ch);
    }
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    return new PdfCommand(word);
  }

  /** pdf.js's skipToNextLine: the data of a stream starts after the first end of line following `stream`. */
  skipToNextLine(): void {
    let ch = this.currentChar;
    while (ch >= 0) {
      if (ch === 0x0d) {
        if (this.nextChar() === 0x0a) this.nextChar();
        return;
      }
      if (ch === 0x0a) {
        this.nextChar();
        return;
      }
      ch = this.nextChar();
    }
  }
}

const isCommand = (token: Token | PdfValue | undefined, command: string) =>
  token instanceof PdfCommand && token.command === command;

// Deeper than any document needs; pdf.js recurses too and so has a limit of its own (the call stack).
const maxNesting = 256;

/** Bytes to parse (a file, or the decoded data of an object stream) with what every parser over them shares. */
export class PdfSource {
  private endstreams: number[] | undefined;

  constructor(
    readonly bytes: Uint8Array,
    readonly budget: WorkBudget,
  ) {}

  /**
   * Where pdf.js's #findStreamLength would end a stream's data: the first `endstream` (or the misspellings
   * it accepts, `endsteam` and `endstrea` before white space) at or after `from`; -1 when there is none.
   * The positions are found once per source, so a thousand streams without an end cost one scan, not a
   * thousand.
   */
  endstreamFrom(from: number): number {
    this.endstreams ??= endstreamPositions(this.bytes);
    let low = 0;
    let high = this.endstreams.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.endstreams[mid] as number) < from) low = mid + 1;
      else high = mid;
    }
    return this.endstreams[low] ?? -1;
  }
}

function endstreamPositions(bytes: Uint8Array): number[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const positions: number[] = [];
  const space = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
  for (let at = buffer.indexOf("end", 0, "latin1"); at >= 0; at = buffer.indexOf("end", at + 1, "latin1")) {
    const rest = buffer.subarray(at + 3, at + 9).toString("latin1");
    if (
      rest === "stream" ||
      ((rest.startsWith("steam") || rest.startsWith("strea")) && space(buffer[at + 8]))
    )
      positions.push(at);
  }
  return positions;
}

/** Parses PDF objects the way pdf.js's Parser does, collecting every stream it passes on the way. */
class PdfParser {
  private readonly lexer: Lexer;
  private buf1: Token = EOF;
  private buf2: Token = EOF;
  private depth = 0;
  /** Streams met while parsing, in order (a stream can sit inside a dictionary or an array). */
  readonly streams: PdfStream[] = [];

  private readonly bytes: Uint8Array;
  private readonly end: number;

  constructor(
    private readonly source: PdfSource,
    start: number,
  ) {
    this.bytes = source.bytes;
    this.end = source.bytes.length;
    this.lexer = new Lexer(this.bytes, start, this.end, source.budget);
    this.buf1 = this.lexer.getObj();
    this.buf2 = this.lexer.getObj();
  }

  private shift(): void {
    this.buf1 = this.buf2;
    this.buf2 = this.lexer.getObj();
  }

  /** Reads one object (a stream included) and returns it; throws PdfSyntaxError where pdf.js would. */
  getObj(): PdfValue | typeof EOF {
    const buf1 = this.buf1;
    this.shift();
    if (buf1 instanceof PdfCommand) {
      if (buf1.command === "[" || buf1.command === "<<") {
        if (++this.depth > maxNesting) throw new PdfTooComplex("nested too deeply");
        try {
          return buf1.command === "[" ? this.getArray() : this.getDict();
        } finally {
          this.depth--;
        }
      }
      return buf1;
    }
    if (typeof buf1 === "number" && Number.isInteger(buf1)) {
      if (typeof this.buf1 === "number" && Number.isInteger(this.buf1) && isCommand(this.buf2, "R")) {
        const ref = new PdfRef(buf1, this.buf1);
        this.shift();
        this.shift();
        return ref;
      }
    }
    return buf1;
  }

  private getArray(): PdfValue[] {
    const array: PdfValue[] = [];
    while (!isCommand(this.buf1, "]") && this.buf1 !== EOF) {
      const value = this.getObj();
      if (value !== EOF) array.push(value);
    }
    if (this.buf1 === EOF) throw new PdfSyntaxError("end of file inside an array");
    this.shift();
    return array;
  }

  private getDict(): PdfDict | PdfStream {
    const dict: PdfDict = new Map();
    while (!isCommand(this.buf1, ">>") && this.buf1 !== EOF) {
      if (!(this.buf1 instanceof PdfName)) {
        this.shift();
        continue;
      }
      const key = this.buf1.name;
      this.shift();
      if ((this.buf1 as Token) === EOF) break;
      const value = this.getObj();
      if (value !== EOF) dict.set(key, value);
    }
    if (this.buf1 === EOF) throw new PdfSyntaxError("end of file inside a dictionary");
    if (isCommand(this.buf2, "stream")) return this.makeStream(dict);
    this.shift();
    return dict;
  }

  // As pdf.js: the data starts on the line after `stream`; its end is /Length when `endstream` follows it,
  // otherwise the first `endstream`. Only where parsing resumes depends on that end here: the checker
  // decides for itself how far to decode (see pdf-streams.ts), since /Length can lie.
  private makeStream(dict: PdfDict): PdfStream {
    this.lexer.skipToNextLine();
    const dataStart = this.lexer.position - 1;
    const stream = new PdfStream(dict, dataStart);
    this.streams.push(stream);
    const length = dict.get("Length");
    let resumeAt = -1;
    if (typeof length === "number" && Number.isInteger(length) && length >= 0) {
      const after = dataStart + length;
      if (after <= this.end && this.followedByEndstream(after)) resumeAt = after;
    }
    if (resumeAt < 0) {
      resumeAt = this.source.endstreamFrom(dataStart);
      if (resumeAt < 0) throw new PdfSyntaxError("missing endstream");
    }
    // Resume after `endstream`, as pdf.js does once it has made the stream.
    this.lexer.position = resumeAt;
    this.lexer.nextChar();
    // The `endstream` keyword (or pdf.js's accepted misspelling) is skipped.
    this.buf1 = this.lexer.getObj();
    this.buf2 = this.lexer.getObj();
    this.shift();
    return stream;
  }

  private followedByEndstream(at: number): boolean {
    try {
      return isCommand(new Lexer(this.bytes, at, this.end, this.source.budget).getObj(), "endstream");
    } catch (error) {
      if (error instanceof PdfSyntaxError) return false;
      throw error;
    }
  }
}

/**
 * Every place in raw file bytes where pdf.js may start reading an indirect object: just after an `obj`
 * keyword (`12 0 obj`). Cross-reference tables and their reconstruction both lead only there, so a stream
 * hidden in another stream's data, or left out of the table, is still among these.
 */
export function objectStarts(bytes: Uint8Array): number[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const starts: number[] = [];
  for (let at = buffer.indexOf("obj", 0, "latin1"); at >= 0; at = buffer.indexOf("obj", at + 1, "latin1")) {
    const before = at > 0 ? (buffer[at - 1] ?? 0) : 0x20;
    const after = at + 3 < buffer.length ? (buffer[at + 3] ?? 0x20) : 0x20;
    // `endobj` is not a start; `0obj` is (pdf.js ends a number at the first letter).
    const letterBefore = (before >= 0x41 && before <= 0x5a) || (before >= 0x61 && before <= 0x7a);
    if (!letterBefore && special[after] !== 0) starts.push(at + 3);
  }
  return starts;
}

/** Every `<<` in decoded object-stream data: pdf.js reads objects there at offsets the data itself gives. */
export function dictionaryStarts(bytes: Uint8Array): number[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const starts: number[] = [];
  for (let at = buffer.indexOf("<<", 0, "latin1"); at >= 0; at = buffer.indexOf("<<", at + 1, "latin1"))
    starts.push(at);
  return starts;
}

/**
 * The object that starts at `start` (just after an `obj` keyword, or at a `<<`), with the streams met in it;
 * the value is undefined where pdf.js would fail to parse it.
 */
export function parseObjectAt(
  source: PdfSource,
  start: number,
): { value: PdfValue | undefined; streams: PdfStream[] } {
  const parser = new PdfParser(source, start);
  try {
    const value = parser.getObj();
    return { value: value === EOF ? undefined : value, streams: parser.streams };
  } catch (error) {
    if (error instanceof PdfSyntaxError) return { value: undefined, streams: parser.streams };
    throw error;
  }
}

// The PDF stream decoders pdf.js applies to text extraction's input (FlateDecode, LZWDecode, ASCIIHexDecode,
// ASCII85Decode, RunLengthDecode, and the size a predictor gives), rewritten to hand out their output a piece
// at a time (64 KB; one 512-code block for LZW), so a stream can be decoded, counted and thrown away without
// ever being held whole.
//
// They reproduce pdf.js's behaviour on bad data on purpose, not a textbook decoder's: pdf.js inflates a
// Flate stream that zlib rejects at its first byte (a back-reference before the start reads as zeros), and
// its LZW decoder carries on past a full code table. A stricter decoder here would pass as harmless exactly
// the bombs pdf.js then inflates.

import { type ByteReader, CHUNK, type ChunkSource } from "./pdf-byte-reader.js";

export { ByteReader, type ChunkSource } from "./pdf-byte-reader.js";
export { Inflater } from "./pdf-flate.js";

/** How pdf.js's arithmetic treats a parameter it adds to a number: other objects make it NaN. */
function asArithmetic(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === null) return 0;
  return Number.NaN;
}

/** LZWDecode as pdf.js's LZWStream reads it; `earlyChange` is the /EarlyChange parameter (default 1). */
export class LzwDecoder implements ChunkSource {
  private readonly earlyChange: number;
  private readonly values = new Uint8Array(4096);
  private readonly lengths = new Uint16Array(4096);
  private readonly previousCodes = new Uint16Array(4096);
  private readonly sequence = new Uint8Array(4096);
  private sequenceLength = 0;
  private nextCode = 258;
  private codeLength = 9;
  private previousCode: number | null = null;
  private cached = 0;
  private bitsCached = 0;
  private eof = false;
  private ended = false;

  constructor(
    private readonly input: ByteReader,
    earlyChange: unknown = 1,
  ) {
    this.earlyChange = asArithmetic(earlyChange);
    for (let i = 0; i < 256; ++i) {
      this.values[i] = i;
      this.lengths[i] = 1;
    }
  }

  private readBits(n: number): number | null {
    while (this.bitsCached < n) {
      const c = this.input.getByte();
      if (c === -1) {
        this.eof = true;
        return null;
      }
      this.cached = (this.cached << 8) | c;
      this.bitsCached += 8;
    }
    this.bitsCached -= n;
    return (this.cached >>> this.bitsCached) & ((1 << n) - 1);
  }

  // One call is one of pdf.js's blocks: 512 codes, each at most 4,097 bytes. pdf.js finishes a block after
  // its input runs out, each missing code reading as a zero byte, and so does this.
  next(): Uint8Array | undefined {
    if (this.eof || this.ended) return undefined;
    const { values, lengths, previousCodes, sequence } = this;
    let out = new Uint8Array(CHUNK);
    let o = 0;
    for (let i = 0; i < 512; i++) {
      const code = this.readBits(this.codeLength);
      const hasPrevious = this.sequenceLength > 0;
      if (code === null || code < 256) {
        sequence[0] = code ?? 0;
        this.sequenceLength = 1;
      } else if (code >= 258) {
        if (code < this.nextCode) {
          this.sequenceLength = lengths[code] as number;
          for (let j = this.sequenceLength - 1, q = code; j >= 0; j--) {
            sequence[j] = values[q] as number;
            q = previousCodes[q] as number;
          }
        } else {
          sequence[this.sequenceLength++] = sequence[0] as number;
        }
      } else if (code === 256) {
        this.codeLength = 9;
        this.nextCode = 258;
        this.sequenceLength = 0;
        continue;
      } else {
        this.ended = true;
        break;
      }
      if (hasPrevious) {
        const previous = this.previousCode;
        previousCodes[this.nextCode] = previous ?? 0;
        lengths[this.nextCode] = (previous === null ? Number.NaN : (lengths[previous] as number)) + 1;
        values[this.nextCode] = sequence[0] as number;
        this.nextCode++;
        const n = this.nextCode + this.earlyChange;
        if (!(n & (n - 1))) this.codeLength = Math.min(Math.log(n) / Math.LN2 + 1, 12) | 0;
      }
      this.previousCode = code;
      const length = this.sequenceLength;
      if (o + length > out.length) {
        const bigger = new Uint8Array(Math.max(out.length * 2, o + length));
        bigger.set(out.subarray(0, o));
        out = bigger;
      }
      // A sequence longer than the table (4,097 after a code repeated past the end) reads zeros beyond it.
      for (let j = 0; j < length; j++) out[o++] = sequence[j] ?? 0;
    }
    return out.subarray(0, o);
  }
}

function hexValue(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch & 0x0f;
  if ((ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66)) return (ch & 0x0f) + 9;
  return -1;
}

/** ASCIIHexDecode as pdf.js reads it: stops at `>`, skips anything that is not a hex digit. */
export class AsciiHexDecoder implements ChunkSource {
  private first = -1;
  private eof = false;

  constructor(private readonly input: ByteReader) {}

  next(): Uint8Array | undefined {
    while (!this.eof) {
      const bytes = this.input.getBytes(8000);
      if (bytes.length === 0) {
        this.eof = true;
        break;
      }
      const out = new Uint8Array((bytes.length + 1) >> 1);
      let o = 0;
      for (const ch of bytes) {
        if (ch === 0x3e) {
          this.eof = true;
          break;
        }
        const digit = hexValue(ch);
        if (digit === -1) continue;
        if (this.first < 0) this.first = digit;
        else {
          out[o++] = (this.first << 4) | digit;
          this.first = -1;
        }
      }
      if (this.eof && this.first >= 0) {
        out[o++] = this.first << 4;
        this.first = -1;
      }
      if (o > 0) return out.subarray(0, o);
    }
    return undefined;
  }
}

const isAsciiSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** ASCII85Decode as pdf.js reads it: `z` for four zeros, `~` or the end closes the last group. */
export class Ascii85Decoder implements ChunkSource {
  private eof = false;
  private readonly group = new Uint8Array(5);

  constructor(private readonly input: ByteReader) {}

  next(): Uint8Array | undefined {
    const input = this.input;
    const group = this.group;
    const out = new Uint8Array(CHUNK);
    let o = 0;
    while (!this.eof && o <= CHUNK - 4) {
      let c = input.getByte();
      while (isAsciiSpace(c)) c = input.getByte();
      if (c === -1 || c === 0x7e) {
        this.eof = true;
        break;
      }
      if (c === 0x7a) {
        o += 4;
        continue;
      }
      group[0] = c;
      let i: number;
      for (i = 1; i < 5; ++i) {
        c = input.getByte();
        while (isAsciiSpace(c)) c = input.getByte();
        group[i] = c;
        if (c === -1 || c === 0x7e) break;
      }
      const count = i - 1;
      if (i < 5) this.eof = true;
      for (; i < 5; ++i) group[i] = 0x21 + 84;
      let t = 0;
      for (i = 0; i < 5; ++i) t = t * 85 + ((group[i] as number) - 0x21);
      const word = [0, 0, 0, 0];
      for (i = 3; i >= 0; --i) {
        word[i] = t & 0xff;
        t >>= 8;
      }
      for (i = 0; i < count; i++) out[o++] = word[i] as number;
    }
    return o > 0 ? out.subarray(0, o) : undefined;
  }
}

/** RunLengthDecode as pdf.js reads it (a literal run counts its full length even when the data ends early). */
export class RunLengthDecoder implements ChunkSource {
  private eof = false;

  constructor(private readonly input: ByteReader) {}

  next(): Uint8Array | undefined {
    const out = new Uint8Array(CHUNK);
    let o = 0;
    while (!this.eof && o <= CHUNK - 128) {
      const header = this.input.getBytes(2);
      if (header.length < 2 || header[0] === 128) {
        this.eof = true;
        break;
      }
      const n = header[0] as number;
      if (n < 128) {
        out[o] = header[1] as number;
        if (n > 0) out.set(this.input.getBytes(n), o + 1);
        o += n + 1;
      } else {
        out.fill(header[1] as number, o, o + 257 - n);
        o += 257 - n;
      }
    }
    return o > 0 ? out.subarray(0, o) : undefined;
  }
}

/** How a predictor (/DecodeParms /Predictor) turns a count of input bytes into a count of output bytes. */
export interface PredictorSize {
  /** Output bytes for `inputBytes` bytes in. */
  outputFor(inputBytes: number): number;
}

/** pdf.js's reading of `value || fallback` for /Colors (1), /BitsPerComponent (8) and /Columns (1). */
function or(value: unknown, fallback: number): number {
  if (!value) return fallback;
  return asArithmetic(value);
}

/**
 * The predictor pdf.js's PredictorStream applies for these decode parameters, or undefined when it applies
 * none. Rows are allocated whole: /Columns 100000000 makes one short row a gigabyte.
 */
export function predictorSize(params: {
  Predictor?: unknown;
  Colors?: unknown;
  BitsPerComponent?: unknown;
  Columns?: unknown;
}): PredictorSize | undefined {
  const raw = params.Predictor || 1;
  const predictor = typeof raw === "number" ? raw : raw === true ? 1 : Number.NaN;
  if (predictor <= 1) return undefined;
  const rowBytes = (or(params.Columns, 1) * or(params.Colors, 1) * or(params.BitsPerComponent, 8) + 7) >> 3;
  if (rowBytes <= 0) return { outputFor: () => 0 };
  if (predictor === 2) {
    // TIFF: a row per rowBytes read, and the first row is allocated before anything is read.
    return { outputFor: (n) => Math.max(1, Math.ceil(n / rowBytes)) * rowBytes };
  }
  // PNG (10 to 15, and anything pdf.js's comparisons let through): a tag byte, then a row.
  return {
    outputFor: (n) => {
      const rows = Math.floor(n / (rowBytes + 1)) + (n % (rowBytes + 1) >= 2 ? 1 : 0);
      return rows * rowBytes;
    },
  };
}

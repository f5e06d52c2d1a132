// The PDF stream decoders pdf.js applies to text extraction's input (FlateDecode, LZWDecode, ASCIIHexDecode,
// ASCII85Decode, RunLengthDecode, and the size a predictor gives), rewritten to hand out their output a piece
// at a time (64 KB; one 512-code block for LZW), so a stream can be decoded, counted and thrown away without
// ever being held whole.
//
// They reproduce pdf.js's behaviour on bad data on purpose, not a textbook decoder's: pdf.js inflates a
// Flate stream that zlib rejects at its first byte (a back-reference before the start reads as zeros), and
// its LZW decoder carries on past a full code table. A stricter decoder here would pass as harmless exactly
// the bombs pdf.js then inflates.

const CHUNK = 64 * 1024;
const EMPTY = new Uint8Array(0);

/** Bytes pulled on demand from a buffer or from the previous decoder of a chain. */
export class ByteReader {
  private chunk: Uint8Array = EMPTY;
  private at = 0;

  constructor(private readonly pull: () => Uint8Array | undefined) {}

  /** A reader over one buffer, handing it out in chunks. */
  static over(bytes: Uint8Array): ByteReader {
    let offset = 0;
    return new ByteReader(() => {
      if (offset >= bytes.length) return undefined;
      const piece = bytes.subarray(offset, Math.min(bytes.length, offset + CHUNK));
      offset += piece.length;
      return piece;
    });
  }

  /** A reader over the output of a decoder. */
  static from(source: ChunkSource): ByteReader {
    return new ByteReader(() => source.next());
  }

  private refill(): boolean {
    for (;;) {
      const next = this.pull();
      if (next === undefined) return false;
      if (next.length > 0) {
        this.chunk = next;
        this.at = 0;
        return true;
      }
    }
  }

  /** The next byte, or -1 at the end. */
  getByte(): number {
    if (this.at >= this.chunk.length && !this.refill()) return -1;
    return this.chunk[this.at++] as number;
  }

  /** The next byte without consuming it, or -1 at the end. */
  peekByte(): number {
    if (this.at >= this.chunk.length && !this.refill()) return -1;
    return this.chunk[this.at] as number;
  }

  /** Up to `length` bytes (fewer only at the end). */
  getBytes(length: number): Uint8Array {
    if (this.at >= this.chunk.length && !this.refill()) return EMPTY;
    if (this.chunk.length - this.at >= length) {
      const piece = this.chunk.subarray(this.at, this.at + length);
      this.at += length;
      return piece;
    }
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (this.at >= this.chunk.length && !this.refill()) break;
      const take = Math.min(length - filled, this.chunk.length - this.at);
      out.set(this.chunk.subarray(this.at, this.at + take), filled);
      this.at += take;
      filled += take;
    }
    return out.subarray(0, filled);
  }
}

/** A decoder: each call hands out the next piece of output (at most a few megabytes), undefined at the end. */
export interface ChunkSource {
  next(): Uint8Array | undefined;
}

/** Ends a decoder where pdf.js throws: what was decoded so far stays decoded (and counted). */
class DecodeStop extends Error {}

// Deflate's tables, as pdf.js has them (lengthDecode includes the two symbols the format leaves unused).
const codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const lengthDecode = new Int32Array([
  0x00003, 0x00004, 0x00005, 0x00006, 0x00007, 0x00008, 0x00009, 0x0000a, 0x1000b, 0x1000d, 0x1000f, 0x10011,
  0x20013, 0x20017, 0x2001b, 0x2001f, 0x30023, 0x3002b, 0x30033, 0x3003b, 0x40043, 0x40053, 0x40063, 0x40073,
  0x50083, 0x500a3, 0x500c3, 0x500e3, 0x00102, 0x00102, 0x00102,
]);
// Distance symbols 30 and 31 have no entry: pdf.js reads them as distance 0.
const distDecode = new Int32Array([
  0x00001, 0x00002, 0x00003, 0x00004, 0x10005, 0x10007, 0x20009, 0x2000d, 0x30011, 0x30019, 0x40021, 0x40031,
  0x50041, 0x50061, 0x60081, 0x600c1, 0x70101, 0x70181, 0x80201, 0x80301, 0x90401, 0x90601, 0xa0801, 0xa0c01,
  0xb1001, 0xb1801, 0xc2001, 0xc3001, 0xd4001, 0xd6001, 0, 0,
]);

type HuffmanTable = { codes: Int32Array; maxLength: number };

/** pdf.js's table builder, which accepts incomplete and over-full code sets alike. */
function huffmanTable(lengths: ArrayLike<number>): HuffmanTable {
  let maxLength = 0;
  for (let i = 0; i < lengths.length; i++) maxLength = Math.max(maxLength, lengths[i] ?? 0);
  const size = 1 << maxLength;
  const codes = new Int32Array(size);
  for (let len = 1, code = 0, skip = 2; len <= maxLength; ++len, code <<= 1, skip <<= 1) {
    for (let value = 0; value < lengths.length; ++value) {
      if (lengths[value] !== len) continue;
      let reversed = 0;
      let t = code;
      for (let i = 0; i < len; ++i) {
        reversed = (reversed << 1) | (t & 1);
        t >>= 1;
      }
      for (let i = reversed; i < size; i += skip) codes[i] = (len << 16) | value;
      ++code;
    }
  }
  return { codes, maxLength };
}

const fixedLiteralTable = huffmanTable(
  Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)),
);
// Thirty distance codes of five bits: codes 30 and 31 stay unassigned, and reading one fails, as in pdf.js.
const fixedDistanceTable = huffmanTable(Array.from({ length: 30 }, () => 5));

const WINDOW = 1 << 16;
const WINDOW_MASK = WINDOW - 1;

enum InflateState {
  BlockHeader,
  Stored,
  Huffman,
  Done,
}

/** FlateDecode as pdf.js's FlateStream reads it. */
export class Inflater implements ChunkSource {
  private codeBuf = 0;
  private codeSize = 0;
  private readonly window = new Uint8Array(WINDOW);
  private w = 0;
  /** Bytes output so far: a back-reference further than this reads zeros, as in pdf.js. */
  private total = 0;
  private state = InflateState.BlockHeader;
  private last = false;
  private storedLeft = 0;
  private literals: HuffmanTable = fixedLiteralTable;
  private distances: HuffmanTable = fixedDistanceTable;
  private copyLength = 0;
  private copyDistance = 0;
  private out = new Uint8Array(0);
  private o = 0;

  constructor(private readonly input: ByteReader) {
    const cmf = input.getByte();
    const flg = input.getByte();
    // pdf.js refuses these headers outright, and the stream reads as empty.
    if (cmf === -1 || flg === -1 || (cmf & 0x0f) !== 0x08 || ((cmf << 8) + flg) % 31 !== 0 || flg & 0x20)
      this.state = InflateState.Done;
  }

  private getBits(bits: number): number {
    while (this.codeSize < bits) {
      const b = this.input.getByte();
      if (b === -1) throw new DecodeStop();
      this.codeBuf |= b << this.codeSize;
      this.codeSize += 8;
    }
    const value = this.codeBuf & ((1 << bits) - 1);
    this.codeBuf >>= bits;
    this.codeSize -= bits;
    return value;
  }

  private getCode(table: HuffmanTable): number {
    const { codes, maxLength } = table;
    while (this.codeSize < maxLength) {
      const b = this.input.getByte();
      if (b === -1) break;
      this.codeBuf |= b << this.codeSize;
      this.codeSize += 8;
    }
    const code = codes[this.codeBuf & ((1 << maxLength) - 1)] as number;
    const length = code >> 16;
    if (length < 1 || this.codeSize < length) throw new DecodeStop();
    this.codeBuf >>= length;
    this.codeSize -= length;
    return code & 0xffff;
  }

  next(): Uint8Array | undefined {
    this.out = new Uint8Array(CHUNK);
    this.o = 0;
    try {
      while (this.o < CHUNK) {
        if (this.copyLength > 0) this.copy();
        else if (this.state === InflateState.Done) break;
        else if (this.state === InflateState.BlockHeader) this.readBlockHeader();
        else if (this.state === InflateState.Stored) this.copyStored();
        else this.decodeSymbols();
      }
    } catch (error) {
      if (!(error instanceof DecodeStop)) throw error;
      this.state = InflateState.Done;
      this.copyLength = 0;
    }
    return this.o > 0 ? this.out.subarray(0, this.o) : undefined;
  }

  private readBlockHeader(): void {
    if (this.last) {
      this.state = InflateState.Done;
      return;
    }
    let header: number;
    try {
      header = this.getBits(3);
    } catch {
      this.state = InflateState.Done;
      return;
    }
    this.last = (header & 1) === 1;
    const type = header >> 1;
    if (type === 0) {
      const input = this.input;
      const b0 = input.getByte();
      const b1 = input.getByte();
      const b2 = input.getByte();
      const b3 = input.getByte();
      if (b0 === -1 || b1 === -1 || b2 === -1 || b3 === -1) {
        this.state = InflateState.Done;
        return;
      }
      const blockLength = b0 | (b1 << 8);
      const check = b2 | (b3 << 8);
      if (check !== (~blockLength & 0xffff) && (blockLength !== 0 || check !== 0)) throw new DecodeStop();
      this.codeBuf = 0;
      this.codeSize = 0;
      if (blockLength === 0 && input.peekByte() === -1) this.state = InflateState.Done;
      else {
        this.storedLeft = blockLength;
        this.state = blockLength === 0 ? InflateState.BlockHeader : InflateState.Stored;
      }
      return;
    }
    if (type === 1) {
      this.literals = fixedLiteralTable;
      this.distances = fixedDistanceTable;
    } else if (type === 2) {
      this.readDynamicTables();
    } else {
      throw new DecodeStop();
    }
    this.state = InflateState.Huffman;
  }

  private readDynamicTables(): void {
    const literalCount = this.getBits(5) + 257;
    const distanceCount = this.getBits(5) + 1;
    const lengthCodeCount = this.getBits(4) + 4;
    const lengthCodeLengths = new Uint8Array(codeLengthOrder.length);
    for (let i = 0; i < lengthCodeCount; ++i)
      lengthCodeLengths[codeLengthOrder[i] as number] = this.getBits(3);
    const lengthTable = huffmanTable(lengthCodeLengths);
    const count = literalCount + distanceCount;
    const lengths = new Uint8Array(count);
    let previous = 0;
    let i = 0;
    while (i < count) {
      const code = this.getCode(lengthTable);
      let repeat: number;
      let what: number;
      if (code === 16) {
        repeat = this.getBits(2) + 3;
        what = previous;
      } else if (code === 17) {
        repeat = this.getBits(3) + 3;
        what = previous = 0;
      } else if (code === 18) {
        repeat = this.getBits(7) + 11;
        what = previous = 0;
      } else {
        lengths[i++] = previous = code;
        continue;
      }
      while (repeat-- > 0) lengths[i++] = what;
    }
    this.literals = huffmanTable(lengths.subarray(0, literalCount));
    this.distances = huffmanTable(lengths.subarray(literalCount, count));
  }

  // pdf.js counts a stored block's whole declared length even when the data runs out: the rest are zeros.
  private copyStored(): void {
    const out = this.out;
    const take = Math.min(this.storedLeft, out.length - this.o);
    const block = this.input.getBytes(take);
    const window = this.window;
    let o = this.o;
    let w = this.w;
    for (let i = 0; i < take; i++) {
      const byte = block[i] ?? 0;
      window[w] = byte;
      w = (w + 1) & WINDOW_MASK;
      out[o++] = byte;
    }
    this.o = o;
    this.w = w;
    this.total += take;
    this.storedLeft -= take;
    if (block.length < take) this.state = InflateState.Done;
    else if (this.storedLeft === 0) this.state = InflateState.BlockHeader;
  }

  private copy(): void {
    const out = this.out;
    const window = this.window;
    const distance = this.copyDistance;
    let o = this.o;
    let w = this.w;
    let total = this.total;
    const take = Math.min(this.copyLength, out.length - o);
    if (distance > 0 && distance <= total) {
      for (let k = 0; k < take; k++) {
        const byte = window[(w - distance) & WINDOW_MASK] as number;
        window[w] = byte;
        w = (w + 1) & WINDOW_MASK;
        out[o++] = byte;
      }
      total += take;
    } else {
      for (let k = 0; k < take; k++) {
        // pdf.js reads before the start of its buffer (or at distance 0) as zeros, where zlib gives up.
        const byte =
          distance === 0 || distance > total ? 0 : (window[(w - distance) & WINDOW_MASK] as number);
        window[w] = byte;
        w = (w + 1) & WINDOW_MASK;
        total++;
        out[o++] = byte;
      }
    }
    this.o = o;
    this.w = w;
    this.total = total;
    this.copyLength -= take;
  }

  private decodeSymbols(): void {
    const out = this.out;
    const window = this.window;
    const input = this.input;
    const { codes, maxLength } = this.literals;
    const mask = (1 << maxLength) - 1;
    let o = this.o;
    let w = this.w;
    let total = this.total;
    let codeBuf = this.codeBuf;
    let codeSize = this.codeSize;
    try {
      while (o < out.length) {
        while (codeSize < maxLength) {
          const b = input.getByte();
          if (b === -1) break;
          codeBuf |= b << codeSize;
          codeSize += 8;
        }
        const code = codes[codeBuf & mask] as number;
        const length = code >> 16;
        if (length < 1 || codeSize < length) throw new DecodeStop();
        codeBuf >>= length;
        codeSize -= length;
        const symbol = code & 0xffff;
        if (symbol < 256) {
          window[w] = symbol;
          w = (w + 1) & WINDOW_MASK;
          total++;
          out[o++] = symbol;
          continue;
        }
        if (symbol === 256) {
          this.state = InflateState.BlockHeader;
          break;
        }
        this.codeBuf = codeBuf;
        this.codeSize = codeSize;
        const lengthSymbol = lengthDecode[symbol - 257] as number;
        const lengthExtra = lengthSymbol >> 16;
        this.copyLength = (lengthSymbol & 0xffff) + (lengthExtra > 0 ? this.getBits(lengthExtra) : 0);
        const distanceSymbol = distDecode[this.getCode(this.distances)] as number;
        const distanceExtra = distanceSymbol >> 16;
        this.copyDistance = (distanceSymbol & 0xffff) + (distanceExtra > 0 ? this.getBits(distanceExtra) : 0);
        codeBuf = this.codeBuf;
        codeSize = this.codeSize;
        this.o = o;
        this.w = w;
        this.total = total;
        this.copy();
        o = this.o;
        w = this.w;
        total = this.total;
        if (this.copyLength > 0) break;
      }
    } finally {
      this.o = o;
      this.w = w;
      this.total = total;
      this.codeBuf = codeBuf;
      this.codeSize = codeSize;
    }
  }
}

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

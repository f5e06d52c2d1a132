// FlateDecode as pdf.js's FlateStream reads it, a piece at a time (pdf-decoders.ts explains why its bad-data
// behaviour is pdf.js's, not zlib's).

import { type ByteReader, CHUNK, type ChunkSource } from "./pdf-byte-reader.js";

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

// The byte reader and the chunk interface every PDF stream decoder here shares (pdf-decoders.ts explains why
// they decode a piece at a time).

/** How much output a decoder hands out per call. */
export const CHUNK = 64 * 1024;
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

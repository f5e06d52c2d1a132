// PDF bombs: a stream of a few hundred kilobytes can decode to gigabytes, and pdf.js decodes into typed arrays
// that no heap cap sees. So before any parser, every stream of the file is decoded here through its whole
// filter chain, in 64 KB pieces that are counted and dropped, against a cap per stream and one per file.
//
// "Every stream" means every one pdf.js could reach, whatever it claims to be: a stream labelled as an image
// is still decoded in full when a page names it as its content, an object stream can hold further streams,
// a cross-reference table can point into another stream's data, and /Length can lie. So streams are found
// from every `obj` keyword in the file (and every dictionary in decoded object streams), their data is read
// up to the furthest end pdf.js might pick, and the decoders reproduce pdf.js's tolerance of broken data
// (pdf-decoders.ts); an encrypted file that opens without a password is decrypted first (pdf-encryption.ts).
// Image codecs (DCT, JPX, JBIG2, CCITT) are only ever run by pdf.js to draw, which text extraction never
// does; their input is counted, and the extraction process's own memory limit covers the rest. A filter no
// reader here knows is refused rather than guessed at. Uploads are checked on a worker thread (pdf-check.ts).
import { createInflate } from "node:zlib";
import {
  Ascii85Decoder,
  AsciiHexDecoder,
  ByteReader,
  type ChunkSource,
  Inflater,
  LzwDecoder,
  type PredictorSize,
  predictorSize,
  RunLengthDecoder,
} from "./pdf-decoders.js";
import { emptyPasswordDecryptor, type StreamDecryptor } from "./pdf-encryption.js";
import {
  dictionaryStarts,
  objectStarts,
  type PdfDict,
  PdfName,
  PdfRef,
  PdfSource,
  type PdfStream,
  PdfString,
  PdfTooComplex,
  type PdfValue,
  parseObjectAt,
} from "./pdf-syntax.js";
import type { Problem } from "./refusals.js";

const MB = 1024 * 1024;

export interface PdfStreamLimits {
  /** Largest a stream may decode to (every stage of its filter chain counted). */
  maxStreamBytes: number;
  /** The same for a stream labelled /Subtype /Image: lossless pictures are large, and text needs none. */
  maxImageStreamBytes: number;
  /** Largest all streams of the file together may decode to. */
  maxTotalBytes: number;
  /** Largest an object stream may decode to: it is kept whole while the streams inside it are checked. */
  maxObjectStreamBytes: number;
}

export const defaultPdfStreamLimits: Readonly<PdfStreamLimits> = Object.freeze({
  maxStreamBytes: 32 * MB,
  maxImageStreamBytes: 128 * MB,
  maxTotalBytes: 256 * MB,
  maxObjectStreamBytes: 8 * MB,
});

/** Object streams inside object streams, deeper than this, are refused (writers never nest them at all). */
const maxObjectStreamDepth = 4;
/** Filter combinations to try when indirect objects are defined more than once (incremental updates). */
const maxChainVariants = 8;
/** Time one slice of decoding may hold its thread before other work there gets a turn. */
const sliceMs = 8;

/** Ends the check with the problem to report. */
class Refused extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

const unsafe = (detail: string) => new Refused({ code: "zip_bomb", detail });
const unusualChain = () => unsafe("a part of it is compressed in a way no PDF program produces");
const indirectSettings = () =>
  unsafe("a part of it keeps its compression settings somewhere we can't check them");

type Stage =
  | { kind: "flate" | "lzw"; predictor: PredictorSize | undefined; earlyChange: unknown }
  | { kind: "hex" | "a85" | "runlength" };

/** A stream's decoding stages as pdf.js would apply them (an image codec at the end is left undecoded). */
interface Chain {
  stages: Stage[];
}

const decoderNames: Readonly<Record<string, "flate" | "lzw" | "hex" | "a85" | "runlength">> = {
  FlateDecode: "flate",
  Fl: "flate",
  LZWDecode: "lzw",
  LZW: "lzw",
  ASCIIHexDecode: "hex",
  AHx: "hex",
  ASCII85Decode: "a85",
  A85: "a85",
  RunLengthDecode: "runlength",
  RL: "runlength",
};
const imageCodecs = new Set(["DCTDecode", "DCT", "JPXDecode", "JPX", "CCITTFaxDecode", "CCF", "JBIG2Decode"]);

interface ObjectId {
  num: number;
  gen: number;
}

/** A value in a form fit to compare candidates by. */
function describe(value: PdfValue | undefined, depth = 0): string {
  if (depth > 8) return "…";
  if (value instanceof PdfName) return `/${value.name}`;
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfString) return `(${value.value})`;
  if (Array.isArray(value)) return `[${value.map((v) => describe(v, depth + 1)).join(" ")}]`;
  if (value instanceof Map)
    return `<<${[...value].map(([k, v]) => `/${k} ${describe(v, depth + 1)}`).join(" ")}>>`;
  return String(value);
}

const isDict = (value: unknown): value is PdfDict => value instanceof Map;

/** Decodes and counts the streams of one PDF; `run` throws Refused or PdfTooComplex when it must refuse. */
class StreamCheck {
  private total = 0;
  private readonly file: PdfSource;
  /** Raw bytes the decoders may still read, all streams together (overlapping streams cost only so much). */
  private decodeInputLeft: number;
  private objectIndex: Map<number, number[]> | undefined;
  private readonly resolved = new Map<number, PdfValue[]>();
  private starts: number[] | undefined;
  private readonly checked = new WeakMap<PdfSource, Set<number>>();
  private lastPause = performance.now();
  /** How streams are decrypted when the file opens without a password; empty when they are not encrypted. */
  private decryptors: StreamDecryptor[] = [];

  constructor(
    bytes: Uint8Array,
    private readonly limits: PdfStreamLimits,
  ) {
    this.file = new PdfSource(bytes, { left: 8 * bytes.length + 4 * MB });
    this.decodeInputLeft = 4 * bytes.length + 4 * MB;
  }

  async run(): Promise<void> {
    this.starts ??= objectStarts(this.file.bytes);
    const found: { stream: PdfStream; object: ObjectId | undefined }[] = [];
    for (const start of this.starts) {
      await this.pause();
      const object = this.objectIdBefore(start);
      for (const stream of parseObjectAt(this.file, start).streams) found.push({ stream, object });
    }
    this.decryptors = this.emptyPasswordDecryptors(found.map(({ stream }) => stream));
    for (const { stream, object } of found) await this.checkStream(this.file, stream, 0, object);
  }

  /** The `N G` of the `N G obj` that ends just before `start`, if it can be read there. */
  private objectIdBefore(start: number): ObjectId | undefined {
    const bytes = this.file.bytes;
    const head = Buffer.from(bytes.buffer, bytes.byteOffset + Math.max(0, start - 40), Math.min(40, start))
      .toString("latin1")
      .match(/(\d+)\s+(\d+)\s*obj$/);
    return head ? { num: Number(head[1]), gen: Number(head[2]) } : undefined;
  }

  // pdf.js takes /Encrypt and /ID from the trailer it reads (a `trailer` dictionary, or a cross-reference
  // stream's); every one in the file is tried here, since incremental updates can leave several.
  private emptyPasswordDecryptors(streams: PdfStream[]): StreamDecryptor[] {
    const trailers: PdfDict[] = streams
      .map(({ dict }) => dict)
      .filter((dict) =>
        this.resolve(dict.get("Type")).some((t) => t instanceof PdfName && t.name === "XRef"),
      );
    const buffer = Buffer.from(
      this.file.bytes.buffer,
      this.file.bytes.byteOffset,
      this.file.bytes.byteLength,
    );
    for (
      let at = buffer.indexOf("trailer", 0, "latin1");
      at >= 0;
      at = buffer.indexOf("trailer", at + 1, "latin1")
    ) {
      const { value } = parseObjectAt(this.file, at + "trailer".length);
      if (value instanceof Map) trailers.push(value);
    }
    const decryptors = new Map<string, StreamDecryptor>();
    for (const trailer of trailers) {
      if (!trailer.has("Encrypt")) continue;
      for (const dict of this.resolve(trailer.get("Encrypt"))) {
        if (!(dict instanceof Map)) continue;
        const key = `${describe(dict)} ${describe(trailer.get("ID"))}`;
        if (decryptors.has(key)) continue;
        const decryptor = emptyPasswordDecryptor(dict, trailer.get("ID"), (v) => this.resolve(v)[0]);
        if (typeof decryptor === "function") decryptors.set(key, decryptor);
        if (decryptors.size > maxChainVariants) throw indirectSettings();
      }
    }
    return [...decryptors.values()];
  }

  /** Lets other requests run when this check has held the thread for a slice. */
  private async pause(): Promise<void> {
    if (performance.now() - this.lastPause < sliceMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.lastPause = performance.now();
  }

  private async checkStream(
    source: PdfSource,
    stream: PdfStream,
    depth: number,
    object?: ObjectId,
  ): Promise<void> {
    const seen = this.checked.get(source) ?? new Set<number>();
    this.checked.set(source, seen);
    if (seen.has(stream.dataStart)) return;
    seen.add(stream.dataStart);

    const { dict } = stream;
    const end = this.dataEnd(source, stream);
    const isObjectStream = dict.has("N") && dict.has("First");
    const isImage = this.resolve(dict.get("Subtype")).some((s) => s instanceof PdfName && s.name === "Image");
    const cap = Math.min(
      isImage ? this.limits.maxImageStreamBytes : this.limits.maxStreamBytes,
      isObjectStream ? this.limits.maxObjectStreamBytes : Number.POSITIVE_INFINITY,
    );
    // Objects of the file itself are decrypted by pdf.js (cross-reference streams are not, and objects
    // inside object streams never are): both readings are decoded, and the larger counts.
    const raw = source.bytes.subarray(stream.dataStart, end);
    const readings = [raw];
    if (source === this.file && object)
      for (const decrypt of this.decryptors) readings.push(decrypt(object.num, object.gen, raw));
    let largest = 0;
    for (const data of readings) {
      for (const chain of this.chainsOf(dict)) {
        const { counted, content } = await this.decode(data, chain, cap, isObjectStream);
        largest = Math.max(largest, counted);
        if (content) {
          if (depth >= maxObjectStreamDepth) throw unusualChain();
          await this.checkObjectStream(content, depth + 1);
        }
      }
    }
    this.total += largest;
  }

  /** The streams an object stream's decoded data holds (pdf.js parses it with streams allowed). */
  private async checkObjectStream(content: Uint8Array, depth: number): Promise<void> {
    this.file.budget.left += 8 * content.length;
    const source = new PdfSource(content, this.file.budget);
    for (const start of dictionaryStarts(content)) {
      await this.pause();
      for (const stream of parseObjectAt(source, start).streams)
        await this.checkStream(source, stream, depth);
    }
  }

  // pdf.js ends the data at /Length when `endstream` follows there, otherwise at the first `endstream`; an
  // indirect /Length may be defined anywhere (in an object stream too). Decoders are monotonic (more input
  // never means less output), so decoding up to the furthest possible end counts at least what pdf.js gets.
  private dataEnd(source: PdfSource, stream: PdfStream): number {
    const size = source.bytes.length;
    const ends: number[] = [];
    const first = source.endstreamFrom(stream.dataStart);
    if (first >= 0) ends.push(first);
    const length = stream.dict.get("Length");
    const lengths = this.resolve(length);
    if (length instanceof PdfRef && lengths.length === 0) ends.push(size);
    for (const value of lengths) {
      if (
        typeof value === "number" &&
        Number.isInteger(value) &&
        value >= 0 &&
        stream.dataStart + value <= size
      )
        ends.push(stream.dataStart + value);
    }
    return ends.length > 0 ? Math.max(...ends) : size;
  }

  /** Every value an indirect reference may stand for in the raw file; the value itself when it is direct. */
  private resolve(value: PdfValue | undefined): PdfValue[] {
    if (value === undefined) return [];
    if (!(value instanceof PdfRef)) return [value];
    const cached = this.resolved.get(value.num);
    if (cached) return cached;
    this.objectIndex ??= this.indexObjects();
    const found = new Map<string, PdfValue>();
    for (const start of this.objectIndex.get(value.num) ?? []) {
      const parsed = parseObjectAt(this.file, start).value;
      if (parsed !== undefined && !(parsed instanceof PdfRef)) found.set(describe(parsed), parsed);
    }
    const values = [...found.values()];
    this.resolved.set(value.num, values);
    return values;
  }

  /** Object number to the offsets just after each of its `N G obj` headers in the raw file. */
  private indexObjects(): Map<number, number[]> {
    const index = new Map<number, number[]>();
    this.starts ??= objectStarts(this.file.bytes);
    for (const start of this.starts) {
      const object = this.objectIdBefore(start);
      if (object) index.set(object.num, [...(index.get(object.num) ?? []), start]);
    }
    return index;
  }

  /** Exactly one value for a setting, or a refusal when it cannot be known. */
  private single(value: PdfValue | undefined): PdfValue | undefined {
    if (value === undefined) return undefined;
    const values = this.resolve(value);
    if (values.length !== 1) throw indirectSettings();
    return values[0];
  }

  /** The filter chains pdf.js may apply: /F wins over /Filter there, but both are tried here. */
  private chainsOf(dict: PdfDict): Chain[] {
    const chains: Chain[] = [];
    const params = dict.has("DP") ? dict.get("DP") : dict.get("DecodeParms");
    for (const key of ["F", "Filter"]) {
      const raw = dict.get(key);
      if (raw === undefined) continue;
      const filters = raw instanceof PdfRef ? this.resolve(raw) : [raw];
      if (raw instanceof PdfRef && filters.length === 0) throw indirectSettings();
      for (const filter of filters) {
        const chain = this.chainFor(filter, params);
        if (chain) chains.push(chain);
        if (chains.length > maxChainVariants) throw indirectSettings();
      }
    }
    return chains.length > 0 ? chains : [{ stages: [] }];
  }

  private chainFor(filter: PdfValue, paramsValue: PdfValue | undefined): Chain | undefined {
    let names: string[];
    let params: (PdfValue | undefined)[];
    if (filter instanceof PdfName) {
      names = [filter.name];
      params = [this.single(paramsValue)];
    } else if (Array.isArray(filter)) {
      names = [];
      for (const element of filter) {
        const name = this.single(element);
        // pdf.js gives up on the whole stream at a filter that is not a name.
        if (!(name instanceof PdfName)) return undefined;
        names.push(name.name);
      }
      const list = this.single(paramsValue);
      params = names.map((_, i) =>
        Array.isArray(list) && i < list.length ? this.single(list[i]) : undefined,
      );
    } else {
      return { stages: [] };
    }
    const stages: Stage[] = [];
    for (const [i, name] of names.entries()) {
      if (name === "Crypt") continue; // pdf.js passes the data through unchanged
      if (imageCodecs.has(name)) {
        // Only drawing runs an image codec, and its output feeds nothing: anything after one is not a picture.
        if (names.slice(i + 1).some((rest) => rest !== "Crypt")) throw unusualChain();
        break;
      }
      const kind = decoderNames[name];
      if (!kind) throw unsafe(`a part of it is compressed with a method we can't check (/${name})`);
      if (kind === "flate" || kind === "lzw") {
        const p = params[i];
        const setting = (key: string) => (isDict(p) ? this.single(p.get(key)) : undefined);
        stages.push({
          kind,
          predictor: isDict(p)
            ? predictorSize({
                Predictor: setting("Predictor"),
                Colors: setting("Colors"),
                BitsPerComponent: p.has("BPC") ? setting("BPC") : setting("BitsPerComponent"),
                Columns: setting("Columns"),
              })
            : undefined,
          earlyChange: isDict(p) && p.has("EarlyChange") ? setting("EarlyChange") : 1,
        });
      } else {
        stages.push({ kind });
      }
    }
    // A predictor's output is only sized here, not computed, so nothing may decode it further.
    if (stages.slice(0, -1).some((stage) => "predictor" in stage && stage.predictor)) throw unusualChain();
    return { stages };
  }

  /**
   * Decodes one stream's data through a chain, counting every stage's output (pdf.js keeps each stage's
   * whole output in memory) against `cap` and the file's total. Keeps the final output only for an object
   * stream, whose contents are checked in turn.
   */
  private async decode(
    data: Uint8Array,
    chain: Chain,
    cap: number,
    keep: boolean,
  ): Promise<{ counted: number; content?: Uint8Array }> {
    const { stages } = chain;
    const last = stages.at(-1);
    const predictor = last && "predictor" in last ? last.predictor : undefined;
    if (keep && predictor) throw unusualChain();
    if (stages.length === 0) return keep ? { counted: 0, content: data } : { counted: 0 };

    this.decodeInputLeft -= data.length;
    if (this.decodeInputLeft < 0) throw new PdfTooComplex("decoding budget spent");
    const counter = new Counter(cap, this.limits, this.total, predictor);
    const kept: Uint8Array[] = [];
    const onFinal = (chunk: Uint8Array) => {
      counter.addFinal(chunk.length);
      if (keep) kept.push(chunk);
    };

    // A plain Flate stream (the usual case) goes through zlib, natively and off this thread. Where zlib
    // gives up, pdf.js may not: those streams are decoded again the way pdf.js reads them.
    if (stages.length === 1 && last?.kind === "flate" && (await inflateWithZlib(data, onFinal)) === "done")
      return keep ? { counted: counter.total, content: Buffer.concat(kept) } : { counted: counter.total };
    counter.reset();
    kept.length = 0;

    let source: ChunkSource | undefined;
    for (const [i, stage] of stages.entries()) {
      const input = source ? ByteReader.from(source) : ByteReader.over(data);
      const decoder = makeDecoder(stage, input);
      source = i === stages.length - 1 ? decoder : counter.counting(decoder);
    }
    if (!source) return { counted: 0 };
    for (let chunk = source.next(); chunk; chunk = source.next()) {
      onFinal(chunk);
      await this.pause();
    }
    return keep ? { counted: counter.total, content: Buffer.concat(kept) } : { counted: counter.total };
  }
}

function makeDecoder(stage: Stage, input: ByteReader): ChunkSource {
  switch (stage.kind) {
    case "flate":
      return new Inflater(input);
    case "lzw":
      return new LzwDecoder(input, stage.earlyChange);
    case "hex":
      return new AsciiHexDecoder(input);
    case "a85":
      return new Ascii85Decoder(input);
    case "runlength":
      return new RunLengthDecoder(input);
  }
}

/** Counts one stream's decoded bytes against its cap and the file's total, refusing as soon as either is passed. */
class Counter {
  total = 0;
  private final = 0;
  private predicted = 0;

  constructor(
    private readonly cap: number,
    private readonly limits: PdfStreamLimits,
    private readonly fileTotalBefore: number,
    private readonly predictor: PredictorSize | undefined,
  ) {}

  reset(): void {
    this.total = 0;
    this.final = 0;
    this.predicted = 0;
  }

  private add(bytes: number): void {
    this.total += bytes;
    if (this.total > this.cap)
      throw unsafe(`a compressed part of it expands to more than ${Math.round(this.cap / MB)} MB`);
    if (this.fileTotalBefore + this.total > this.limits.maxTotalBytes)
      throw unsafe(
        `its compressed parts together expand to more than ${Math.round(this.limits.maxTotalBytes / MB)} MB`,
      );
  }

  /** Output of the chain's last decoder, and what its predictor (if any) makes of it. */
  addFinal(bytes: number): void {
    this.final += bytes;
    const predicted = this.predictor ? this.predictor.outputFor(this.final) : 0;
    this.add(bytes + predicted - this.predicted);
    this.predicted = predicted;
  }

  /** Wraps an intermediate decoder so its output is counted as it is read. */
  counting(source: ChunkSource): ChunkSource {
    return {
      next: () => {
        const chunk = source.next();
        if (chunk) this.add(chunk.length);
        return chunk;
      },
    };
  }
}

/** Inflates with zlib, handing each piece of output to `onChunk`; "failed" where zlib finds the data broken. */
function inflateWithZlib(data: Uint8Array, onChunk: (chunk: Uint8Array) => void): Promise<"done" | "failed"> {
  return new Promise((resolve, reject) => {
    const inflater = createInflate({ chunkSize: 64 * 1024 });
    let settled = false;
    inflater.on("data", (chunk: Buffer) => {
      if (settled) return;
      try {
        onChunk(chunk);
      } catch (error) {
        settled = true;
        inflater.destroy();
        reject(error);
      }
    });
    inflater.once("end", () => {
      if (!settled) resolve("done");
      settled = true;
    });
    inflater.once("error", () => {
      if (!settled) resolve("failed");
      settled = true;
    });
    inflater.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
}

/**
 * Decodes every stream of a PDF as a reader would, within the limits; returns a problem for a stream (or the
 * streams together) that would decode past them, or for a file built so it cannot be checked.
 */
export async function checkPdfStreams(
  bytes: Uint8Array,
  limits: PdfStreamLimits = defaultPdfStreamLimits,
): Promise<Problem | undefined> {
  try {
    await new StreamCheck(bytes, limits).run();
    return undefined;
  } catch (error) {
    if (error instanceof Refused) return error.problem;
    if (error instanceof PdfTooComplex)
      return {
        code: "zip_bomb",
        detail: "its structure is built in a way that would take too long to check",
      };
    throw error;
  }
}

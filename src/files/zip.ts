// Reads a zip-based document (docx, odt) entry by entry, inflating each one as a stream and counting what
// comes out, so a bomb is stopped after at most one inflate chunk past the limit whatever its headers claim.
// Entries come from the central directory, as in every zip reader our parsers use; the parts a parser needs
// are kept and handed on re-packed, so no parser ever reads bytes this scan did not check.
import type { Readable } from "node:stream";
import { crc32, createInflateRaw } from "node:zlib";
import yauzl from "yauzl";
import { type UploadLimits, zipEntryRatioCap, zipEntryRatioFloorBytes } from "./limits.js";
import { formatBytes, type Problem } from "./refusals.js";
import { DeclarationScanner } from "./xml-guard.js";

export interface ZipEntrySummary {
  name: string;
  /** Bytes actually produced by inflation (not the header's claim). */
  size: number;
  compressedSize: number;
  /** 0 stored, 8 deflated. */
  method: number;
  localHeaderOffset: number;
}

export interface ZipScan {
  entries: ZipEntrySummary[];
  totalSize: number;
  /** Contents of the entries the caller asked to keep, by name. */
  kept: Map<string, Buffer>;
  /** Entries whose content is itself an archive; never opened, the caller decides whether to allow them. */
  nestedArchives: string[];
}

export interface ZipScanOptions {
  limits: UploadLimits;
  /** Which entries to keep in memory for a parser; everything is scanned either way. */
  keep?: (name: string) => boolean;
}

export type ZipScanResult = ({ ok: true } & ZipScan) | ({ ok: false } & Problem);

// SVG images routinely carry a DOCTYPE and are never handed to a parser (they are not kept for extraction).
const unscannedForDeclarations = /\.svg$/i;

const archiveMagics = [
  Buffer.from("PK\x03\x04", "latin1"),
  Buffer.from("PK\x05\x06", "latin1"),
  Buffer.from("PK\x07\x08", "latin1"),
  Buffer.from([0x1f, 0x8b]),
  Buffer.from("Rar!", "latin1"),
  Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
];

function isArchiveStart(head: Buffer): boolean {
  return archiveMagics.some(
    (magic) => head.length >= magic.length && head.subarray(0, magic.length).equals(magic),
  );
}

function decodeName(raw: Buffer, flags: number): string {
  // Bit 11 marks UTF-8; otherwise the name is CP437, whose ASCII half is all a real document uses.
  return raw.toString((flags & 0x800) !== 0 ? "utf8" : "latin1");
}

function nameProblem(name: string): Problem | null {
  const shown = JSON.stringify(name.slice(0, 80));
  if (name.includes("\0")) return { code: "corrupt", detail: `an internal file name contains a NUL byte` };
  const segments = name.split(/[/\\]/);
  if (
    name.startsWith("/") ||
    name.startsWith("\\") ||
    /^[a-zA-Z]:/.test(name) ||
    segments.includes("..") ||
    segments.includes(".")
  ) {
    return { code: "corrupt", detail: `an internal file name, ${shown}, points outside the document` };
  }
  return null;
}

function isEncrypted(entry: yauzl.Entry): boolean {
  // Bit 0 is traditional PKWARE encryption, bit 6 strong encryption, method 99 WinZip AES.
  return (entry.generalPurposeBitFlag & 0x41) !== 0 || entry.compressionMethod === 99;
}

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: true },
      (error, zipfile) => (error ? reject(error) : resolve(zipfile)),
    );
  });
}

function openRaw(zipfile: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zipfile.openReadStream(entry, { decodeFileData: false }, (error, stream) =>
      error ? reject(error) : resolve(stream),
    );
  });
}

function problemFromError(error: unknown): Problem {
  const text = error instanceof Error ? error.message : String(error);
  if (/end of central directory record signature not found|unexpected EOF/i.test(text)) {
    return { code: "truncated", detail: "the end of its zip archive is missing" };
  }
  return { code: "corrupt", detail: `its zip structure is invalid: ${text.slice(0, 120)}` };
}

interface EntryOutcome {
  size: number;
  kept: Buffer | null;
  nested: boolean;
}

/** Inflates every entry of a zip under the given limits, refusing hostile archives as soon as they show. */
export async function scanZip(bytes: Buffer, options: ZipScanOptions): Promise<ZipScanResult> {
  const { limits } = options;
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await openZip(bytes);
  } catch (error) {
    return { ok: false, ...problemFromError(error) };
  }
  const tooMany: Problem = {
    code: "too_many_entries",
    detail: `it holds more than ${limits.maxZipEntries.toLocaleString("en")} internal files, far more than a document has`,
  };
  // The declared count only ever refuses here; the real count is checked entry by entry below.
  if (zipfile.entryCount > limits.maxZipEntries) {
    zipfile.close();
    return { ok: false, ...tooMany };
  }

  const scan: ZipScan = { entries: [], totalSize: 0, kept: new Map(), nestedArchives: [] };
  const names = new Set<string>();
  const state = { total: 0 };
  try {
    for await (const entry of zipfile.eachEntry()) {
      if (scan.entries.length >= limits.maxZipEntries) return { ok: false, ...tooMany };
      const name = decodeName(entry.fileNameRaw, entry.generalPurposeBitFlag);
      const badName = nameProblem(name);
      if (badName) return { ok: false, ...badName };
      if (names.has(name)) {
        return {
          ok: false,
          code: "corrupt",
          detail: `it holds two internal files named ${JSON.stringify(name)}`,
        };
      }
      names.add(name);
      if (isEncrypted(entry)) {
        return {
          ok: false,
          code: "encrypted",
          detail: "is password-protected (its internal files are encrypted)",
        };
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        return {
          ok: false,
          code: "corrupt",
          detail: `it uses a zip compression method (${entry.compressionMethod}) that word processors never use`,
        };
      }
      const early = declaredSizeProblem(entry, name, state.total, limits);
      if (early) return { ok: false, ...early };

      const outcome = await readEntry(zipfile, entry, name, state, options);
      if ("code" in outcome) return { ok: false, ...outcome };
      scan.entries.push({
        name,
        size: outcome.size,
        compressedSize: entry.compressedSize,
        method: entry.compressionMethod,
        localHeaderOffset: entry.relativeOffsetOfLocalHeader,
      });
      if (outcome.kept) scan.kept.set(name, outcome.kept);
      if (outcome.nested) scan.nestedArchives.push(name);
    }
  } catch (error) {
    return { ok: false, ...problemFromError(error) };
  } finally {
    if (zipfile.isOpen) zipfile.close();
  }
  scan.totalSize = state.total;
  return { ok: true, ...scan };
}

function bombProblem(limits: UploadLimits): Problem {
  return {
    code: "zip_bomb",
    detail: `it unpacks to far more data than a document should (over ${formatBytes(limits.maxUncompressedBytes)})`,
  };
}

function ratioProblem(name: string): Problem {
  return {
    code: "zip_bomb",
    detail: `its part ${JSON.stringify(name)} expands more than ${zipEntryRatioCap}-fold, which no document part does`,
  };
}

// Header sizes are only ever used to refuse early; an honest header over the limit need not be inflated.
function declaredSizeProblem(
  entry: yauzl.Entry,
  name: string,
  total: number,
  limits: UploadLimits,
): Problem | null {
  const declared = entry.uncompressedSize;
  if (total + declared > limits.maxUncompressedBytes) return bombProblem(limits);
  if (declared > zipEntryRatioFloorBytes && declared > zipEntryRatioCap * Math.max(1, entry.compressedSize)) {
    return ratioProblem(name);
  }
  return null;
}

function readEntry(
  zipfile: yauzl.ZipFile,
  entry: yauzl.Entry,
  name: string,
  state: { total: number },
  options: ZipScanOptions,
): Promise<EntryOutcome | Problem> {
  const { limits } = options;
  const keep = options.keep?.(name) ?? false;
  const scanner = unscannedForDeclarations.test(name) ? null : new DeclarationScanner();
  return new Promise((resolve) => {
    let settled = false;
    let size = 0;
    let crc = 0;
    let head = Buffer.alloc(0);
    const chunks: Buffer[] = [];
    let raw: Readable | null = null;
    const inflate = entry.compressionMethod === 8 ? createInflateRaw() : null;

    const finish = (result: EntryOutcome | Problem) => {
      if (settled) return;
      settled = true;
      if (raw && inflate) raw.unpipe(inflate);
      raw?.destroy();
      inflate?.destroy();
      resolve(result);
    };

    const onData = (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      state.total += chunk.length;
      if (state.total > limits.maxUncompressedBytes) return finish(bombProblem(limits));
      if (size > zipEntryRatioFloorBytes && size > zipEntryRatioCap * Math.max(1, entry.compressedSize)) {
        return finish(ratioProblem(name));
      }
      if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
      scanner?.push(chunk);
      if (scanner?.found) {
        return finish({
          code: "xml_entities",
          detail: `its part ${JSON.stringify(name)} declares a DTD (${scanner.found === "entity" ? "<!ENTITY" : "<!DOCTYPE"})`,
        });
      }
      crc = crc32(chunk, crc);
      if (keep) chunks.push(chunk);
    };

    const onEnd = () => {
      if (settled) return;
      // Inflating to more than the header says is how bombs slip past size checks: refuse it as one. The
      // limits above already stopped any lie large enough to matter; this catches the small ones.
      if (size > entry.uncompressedSize) {
        return finish({
          code: "zip_bomb",
          detail: `its part ${JSON.stringify(name)} unpacks to more data than its header declares`,
        });
      }
      if (size !== entry.uncompressedSize || crc !== entry.crc32) {
        return finish({
          code: "corrupt",
          detail: `its internal file ${JSON.stringify(name)} fails its checksum`,
        });
      }
      finish({ size, kept: keep ? Buffer.concat(chunks) : null, nested: isArchiveStart(head) });
    };

    const onError = (error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      finish({
        code: "corrupt",
        detail: `its internal file ${JSON.stringify(name)} can't be unpacked (${text})`,
      });
    };

    openRaw(zipfile, entry).then((stream) => {
      raw = stream;
      if (settled) return stream.destroy();
      stream.on("error", onError);
      const source = inflate ? stream.pipe(inflate) : stream;
      if (inflate) inflate.on("error", onError);
      source.on("data", onData);
      source.on("end", onEnd);
    }, onError);
  });
}

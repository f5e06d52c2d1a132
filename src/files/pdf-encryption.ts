// Encrypted PDFs that open without a password (the empty user password, which "protected" reports often use
// to forbid editing or printing) are read by pdf.js like any other: it decrypts each stream, then decodes it.
// A check that saw only the encrypted bytes would see noise and pass the bomb inside. So, as pdf.js does when
// it is given no password, the file key is derived from the empty user password (the standard security
// handler: RC4 and AES-128 with revisions 2 to 4, AES-256 with revisions 5 and 6), and streams are decrypted
// with it before they are decoded. A file that needs a password is one pdf.js cannot read: nothing to decrypt.
import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { type PdfDict, PdfName, PdfString, type PdfValue } from "./pdf-syntax.js";

/** Decrypts the data of the stream in object `num gen`, as pdf.js would. */
export type StreamDecryptor = (num: number, gen: number, data: Uint8Array) => Uint8Array;

const passwordPadding = Buffer.from(
  "28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a",
  "hex",
);

const md5 = (...parts: Uint8Array[]) => {
  const hash = createHash("md5");
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** RC4, which OpenSSL 3 no longer offers by default. */
function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (s[i] as number) + (key[i % key.length] as number)) & 0xff;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + (s[i] as number)) & 0xff;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
    out[k] = (data[k] as number) ^ (s[((s[i] as number) + (s[j] as number)) & 0xff] as number);
  }
  return out;
}

/** AES-CBC decryption of data that starts with its 16-byte IV (padding left on: a few bytes do not matter). */
function aesDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length < 32) return new Uint8Array(0);
  const usable = data.length - ((data.length - 16) % 16);
  const decipher = createDecipheriv(
    key.length === 32 ? "aes-256-cbc" : "aes-128-cbc",
    key,
    data.subarray(0, 16),
  );
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(data.subarray(16, usable)), decipher.final()]);
}

const bytesOf = (value: PdfValue | undefined) =>
  Buffer.from(value instanceof PdfString ? value.value : "", "latin1");

/** Algorithm 2 and the user password check of revisions 2 to 4, for the empty password; undefined on failure. */
function rc4FileKey(
  dict: PdfDict,
  fileId: Buffer,
  revision: number,
  keyBits: number,
  encryptMetadata: boolean,
) {
  const owner = bytesOf(dict.get("O")).subarray(0, 32);
  const user = bytesOf(dict.get("U")).subarray(0, 32);
  const flags = dict.get("P");
  const p = typeof flags === "number" ? flags : 0;
  const flagBytes = Buffer.from([p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff, (p >>> 24) & 0xff]);
  const length = keyBits >> 3;
  let hash = md5(
    passwordPadding,
    owner,
    flagBytes,
    fileId,
    revision >= 4 && !encryptMetadata ? Buffer.from([0xff, 0xff, 0xff, 0xff]) : Buffer.alloc(0),
  );
  if (revision >= 3) for (let i = 0; i < 50; i++) hash = md5(hash.subarray(0, length));
  const key = hash.subarray(0, length);
  if (revision >= 3) {
    let check = rc4(key, md5(passwordPadding, fileId));
    for (let i = 1; i <= 19; i++)
      check = rc4(
        key.map((b) => b ^ i),
        check,
      );
    return Buffer.from(check).equals(user.subarray(0, 16)) ? key : undefined;
  }
  return Buffer.from(rc4(key, passwordPadding)).equals(user) ? key : undefined;
}

/** Algorithm 2.B (revision 6) or plain SHA-256 (revision 5), for the empty password. */
function hash20(revision: number, input: Buffer): Buffer {
  let k = createHash("sha256").update(input).digest();
  if (revision !== 6) return k;
  let e = Buffer.alloc(1);
  for (let i = 0; i < 64 || (e.at(-1) as number) > i - 32; i++) {
    const k1 = Buffer.concat(Array.from({ length: 64 }, () => k));
    const cipher = createCipheriv("aes-128-cbc", k.subarray(0, 16), k.subarray(16, 32));
    cipher.setAutoPadding(false);
    e = Buffer.concat([cipher.update(k1), cipher.final()]);
    const sum = e.subarray(0, 16).reduce((a, b) => a + b, 0) % 3;
    k = createHash(sum === 0 ? "sha256" : sum === 1 ? "sha384" : "sha512")
      .update(e)
      .digest();
  }
  return k.subarray(0, 32);
}

/** The revision 5 and 6 file key for the empty user password; undefined when that password does not open it. */
function aes256FileKey(dict: PdfDict, revision: number): Buffer | undefined {
  const user = bytesOf(dict.get("U"));
  if (!hash20(revision, user.subarray(32, 40)).equals(user.subarray(0, 32))) return undefined;
  const intermediate = hash20(revision, user.subarray(40, 48));
  const decipher = createDecipheriv("aes-256-cbc", intermediate, Buffer.alloc(16));
  decipher.setAutoPadding(false);
  const userKey = bytesOf(dict.get("UE")).subarray(0, 32);
  if (userKey.length !== 32) return undefined;
  return Buffer.concat([decipher.update(userKey), decipher.final()]);
}

function objectKey(fileKey: Uint8Array, num: number, gen: number, aes: boolean): Buffer {
  const salt = aes ? Buffer.from("sAlT", "latin1") : Buffer.alloc(0);
  const id = Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff]);
  return md5(fileKey, id, salt).subarray(0, Math.min(fileKey.length + 5, 16));
}

/**
 * How pdf.js, given no password, decrypts streams under this encryption dictionary (its values resolved):
 * a decryptor, "clear" when streams are not encrypted, or undefined when pdf.js cannot open the file at all.
 */
export function emptyPasswordDecryptor(
  dict: PdfDict,
  fileIdValue: PdfValue | undefined,
  get: (value: PdfValue | undefined) => PdfValue | undefined,
): StreamDecryptor | "clear" | undefined {
  const filter = get(dict.get("Filter"));
  const version = get(dict.get("V"));
  if (!(filter instanceof PdfName) || filter.name !== "Standard") return undefined;
  if (version !== 1 && version !== 2 && version !== 4 && version !== 5) return undefined;
  // pdf.js compares whatever /R holds: anything but a number fails every comparison, as NaN does.
  const r = get(dict.get("R"));
  const revision = typeof r === "number" ? r : Number.NaN;
  const cryptFilters = get(dict.get("CF"));
  const streamFilter = get(dict.get("StmF"));
  const handler =
    version >= 4 && cryptFilters instanceof Map && streamFilter instanceof PdfName
      ? get(cryptFilters.get(streamFilter.name))
      : undefined;
  const cfm = handler instanceof Map ? get(handler.get("CFM")) : undefined;
  let keyBits = get(dict.get("Length"));
  if (!keyBits) {
    keyBits = version <= 3 ? 40 : (handler instanceof Map ? get(handler.get("Length")) : undefined) || 128;
    if (typeof keyBits === "number" && keyBits < 40) keyBits <<= 3;
  }
  if (typeof keyBits !== "number" || !Number.isInteger(keyBits) || keyBits < 40 || keyBits % 8 !== 0)
    return undefined;
  const encryptMetadata = (version === 4 || version === 5) && get(dict.get("EncryptMetadata")) !== false;
  const idArray = get(fileIdValue);
  const fileId = bytesOf(Array.isArray(idArray) ? get(idArray[0]) : undefined);

  const fileKey =
    version === 5
      ? aes256FileKey(dict, revision)
      : rc4FileKey(dict, fileId, revision, keyBits, encryptMetadata);
  if (!fileKey) return undefined;
  if (version < 4) return (num, gen, data) => rc4(objectKey(fileKey, num, gen, false), data);
  // No crypt filter (or /Identity, or /None): streams are stored in the clear.
  if (!(cfm instanceof PdfName) || cfm.name === "None") return "clear";
  if (cfm.name === "V2") return (num, gen, data) => rc4(objectKey(fileKey, num, gen, false), data);
  if (cfm.name === "AESV2") return (num, gen, data) => aesDecrypt(objectKey(fileKey, num, gen, true), data);
  if (cfm.name === "AESV3") return (_num, _gen, data) => aesDecrypt(fileKey, data);
  // pdf.js fails on any object it fetches under an unknown method: it reads nothing.
  return undefined;
}

// Builders of encrypted PDFs (RC4 and AES, the standard security handler) for the file tests.
// Test support only: imported through test-fixtures.ts by *.test.ts files, never by the application.
import { createCipheriv, createHash } from "node:crypto";
import { pdfFile } from "./pdf-bomb-fixtures.js";

export type PdfEncryption = "rc4-128" | "aes-128" | "aes-256";

const passwordPad = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");

function arcfour(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + (s[i] as number) + (key[i % key.length] as number)) & 0xff;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
  }
  const out = Buffer.alloc(data.length);
  let i = 0;
  j = 0;
  for (let k = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + (s[i] as number)) & 0xff;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
    out[k] = (data[k] as number) ^ (s[((s[i] as number) + (s[j] as number)) & 0xff] as number);
  }
  return out;
}

const md5Of = (...parts: Buffer[]) => createHash("md5").update(Buffer.concat(parts)).digest();

/** ISO 32000-2 algorithm 2.B, the revision 6 password hash. */
function revision6Hash(password: Buffer, salt: Buffer, userData: Buffer): Buffer {
  let k = createHash("sha256")
    .update(Buffer.concat([password, salt, userData]))
    .digest();
  let e = Buffer.alloc(0);
  for (let round = 0; round < 64 || (e.at(-1) as number) > round - 32; round++) {
    const k1 = Buffer.concat(Array.from({ length: 64 }, () => Buffer.concat([password, k, userData])));
    const aes = createCipheriv("aes-128-cbc", k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false);
    e = Buffer.concat([aes.update(k1), aes.final()]);
    const mod = e.subarray(0, 16).reduce((sum, b) => sum + b, 0) % 3;
    k = createHash(["sha256", "sha384", "sha512"][mod] as string)
      .update(e)
      .digest();
  }
  return k.subarray(0, 32);
}

const aesEncrypt = (key: Buffer, data: Buffer, iv = Buffer.alloc(16, 7)) => {
  const aes = createCipheriv(key.length === 32 ? "aes-256-cbc" : "aes-128-cbc", key, iv);
  return Buffer.concat([iv, aes.update(data), aes.final()]);
};

/**
 * Like buildPdfWithContent, but encrypted with the standard security handler so that it opens without a
 * password (an empty user password, owner password "owner"), as "protected" reports often are.
 */
export function buildEncryptedPdfWithContent(
  stream: { dictionary: string; data: Buffer },
  encryption: PdfEncryption,
): Buffer {
  const fileId = Buffer.from("0123456789abcdef0123456789abcdef", "hex");
  const permissions = -3904;
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  let encrypt: string;
  let encryptData: (num: number, data: Buffer) => Buffer;
  if (encryption === "aes-256") {
    const fileKey = createHash("sha256").update("file key").digest();
    const [userValidation, userKey, ownerValidation, ownerKey] = ["uv", "uk", "ov", "ok"].map((salt) =>
      createHash("md5").update(salt).digest().subarray(0, 8),
    ) as [Buffer, Buffer, Buffer, Buffer];
    const u = Buffer.concat([
      revision6Hash(Buffer.alloc(0), userValidation, Buffer.alloc(0)),
      userValidation,
      userKey,
    ]);
    const ue = createCipheriv(
      "aes-256-cbc",
      revision6Hash(Buffer.alloc(0), userKey, Buffer.alloc(0)),
      Buffer.alloc(16),
    )
      .setAutoPadding(false)
      .update(fileKey);
    const owner = Buffer.from("owner");
    const o = Buffer.concat([revision6Hash(owner, ownerValidation, u), ownerValidation, ownerKey]);
    const oe = createCipheriv("aes-256-cbc", revision6Hash(owner, ownerKey, u), Buffer.alloc(16))
      .setAutoPadding(false)
      .update(fileKey);
    const perms = createCipheriv("aes-256-ecb", fileKey, null)
      .setAutoPadding(false)
      .update(
        Buffer.concat([p, Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from("Tadb"), Buffer.alloc(4)]),
      );
    encrypt = `<< /Filter /Standard /V 5 /R 6 /Length 256 /P ${permissions} /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF /O <${o.toString("hex")}> /U <${u.toString("hex")}> /OE <${oe.toString("hex")}> /UE <${ue.toString("hex")}> /Perms <${perms.toString("hex")}> >>`;
    encryptData = (_num, data) => aesEncrypt(fileKey, data);
  } else {
    const revision = encryption === "aes-128" ? 4 : 3;
    // Algorithm 3: /O from the owner password; algorithm 2: the file key from the empty user password.
    let ownerHash = md5Of(Buffer.concat([Buffer.from("owner"), passwordPad]).subarray(0, 32));
    for (let i = 0; i < 50; i++) ownerHash = md5Of(ownerHash);
    let o = arcfour(ownerHash, passwordPad);
    for (let i = 1; i <= 19; i++) o = arcfour(Buffer.from(ownerHash.map((b) => b ^ i)), o);
    let key = md5Of(passwordPad, o, p, fileId);
    for (let i = 0; i < 50; i++) key = md5Of(key);
    // Algorithm 5: /U.
    let u = arcfour(key, md5Of(passwordPad, fileId));
    for (let i = 1; i <= 19; i++) u = arcfour(Buffer.from(key.map((b) => b ^ i)), u);
    u = Buffer.concat([u, Buffer.alloc(16)]);
    const objectKey = (num: number, aes: boolean) =>
      md5Of(key, Buffer.from([num, 0, 0, 0, 0]), aes ? Buffer.from("sAlT") : Buffer.alloc(0));
    const common = `/R ${revision} /Length 128 /P ${permissions} /O <${o.toString("hex")}> /U <${u.toString("hex")}>`;
    if (encryption === "aes-128") {
      encrypt = `<< /Filter /Standard /V 4 ${common} /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF >>`;
      encryptData = (num, data) => aesEncrypt(objectKey(num, true), data);
    } else {
      encrypt = `<< /Filter /Standard /V 2 ${common} >>`;
      encryptData = (num, data) => arcfour(objectKey(num, false), data);
    }
  }
  const data = encryptData(4, stream.data);
  return pdfFile(
    [
      { body: Buffer.from("<< /Type /Catalog /Pages 2 0 R >>") },
      { body: Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>") },
      {
        body: Buffer.from(
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        ),
      },
      {
        body: Buffer.concat([
          Buffer.from(`<< /Length ${data.length} ${stream.dictionary} >>\nstream\n`, "latin1"),
          data,
          Buffer.from("\nendstream", "latin1"),
        ]),
      },
      {
        body: Buffer.from(
          "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ),
      },
      { body: Buffer.from(encrypt, "latin1") },
    ],
    { trailer: `/Encrypt 6 0 R /ID [<${fileId.toString("hex")}> <${fileId.toString("hex")}>]` },
  );
}

// Upload names are shown back to readers, written into Content-Disposition headers and used when files are
// saved to disk or an object store, so they are reduced to something inert in all three places.

const maxNameLength = 150;

// Windows refuses these as file names whatever the extension, and readers download to Windows.
const reservedWindowsNames = new Set([
  "con",
  "prn",
  "aux",
  "nul",
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

function isInvisibleOrControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code < 0xa0) ||
    // Bidirectional overrides and isolates turn "exe.pdf" into something that reads as "fdp.exe".
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x061c ||
    // Zero-width characters and the byte-order mark hide differences between two names that look equal.
    (code >= 0x200b && code <= 0x200d) ||
    code === 0x2060 ||
    code === 0xfeff
  );
}

/** Reduces an uploaded file name to a safe display and storage name, keeping the extension. */
export function sanitizeFileName(raw: string): string {
  // Browsers on old Windows send the full path; only the last component names the file.
  const base = raw.split(/[/\\]/).pop() ?? "";
  let name = "";
  for (const char of base.normalize("NFC")) {
    const code = char.codePointAt(0) ?? 0;
    if (isInvisibleOrControl(code)) continue;
    name += '<>:"|?*'.includes(char) ? "_" : char;
  }
  name = name
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (name === "") return "document";

  const dot = name.lastIndexOf(".");
  let stem = dot > 0 ? name.slice(0, dot) : name;
  let ext = dot > 0 ? name.slice(dot) : "";
  if (ext.length > 16) {
    stem = name;
    ext = "";
  }
  if (reservedWindowsNames.has(stem.toLowerCase().split(".")[0] ?? "")) stem = `_${stem}`;
  const room = maxNameLength - ext.length;
  if ([...stem].length > room) stem = [...stem].slice(0, room).join("").trimEnd();
  return `${stem}${ext}`;
}

/** The lower-case extension of a file name without its dot, or "" when it has none. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
}

/** Replaces (or, for an unknown suffix, appends) the extension so the name matches what the file really is. */
export function withExtension(fileName: string, ext: string, knownExtensions: ReadonlySet<string>): string {
  const current = extensionOf(fileName);
  if (current === ext) return fileName;
  if (current !== "" && knownExtensions.has(current)) return `${fileName.slice(0, -current.length)}${ext}`;
  return `${fileName}.${ext}`;
}

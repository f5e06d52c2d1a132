// A deliberately small XML parser for OpenDocument content.xml: elements, attributes, text, CDATA and the five
// predefined entities plus character references. It has no DTD support at all, so a DOCTYPE or an unknown
// entity is an error rather than something to resolve; the zip scan has already refused DTDs before this.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlError extends Error {
  override name = "XmlError";
}

// Deep nesting is how a small file makes a recursive walker overflow its stack; real content.xml stays far below.
const maxDepth = 512;

const predefined: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(raw: string, at: number): string {
  if (!raw.includes("&")) return raw;
  let out = "";
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf("&", i);
    if (amp === -1) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, amp);
    const semi = raw.indexOf(";", amp);
    if (semi === -1 || semi - amp > 12) throw new XmlError(`bare "&" near offset ${at + amp}`);
    const body = raw.slice(amp + 1, semi);
    const named = predefined[body];
    if (named !== undefined) {
      out += named;
    } else if (body.startsWith("#")) {
      const hex = body[1] === "x";
      const digits = body.slice(hex ? 2 : 1);
      const code = Number.parseInt(digits, hex ? 16 : 10);
      if (digits === "" || !Number.isFinite(code) || code <= 0 || code > 0x10ffff) {
        throw new XmlError(`bad character reference "&${body};"`);
      }
      out += String.fromCodePoint(code);
    } else {
      throw new XmlError(`undeclared entity "&${body};"`);
    }
    i = semi + 1;
  }
  return out;
}

function isNameChar(ch: string): boolean {
  return !(
    ch === "" ||
    ch === " " ||
    ch === "\t" ||
    ch === "\n" ||
    ch === "\r" ||
    ch === ">" ||
    ch === "/" ||
    ch === "="
  );
}

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r";
}

/** Parses a complete XML document into an element tree; throws XmlError on anything it does not support. */
export function parseXml(source: string): XmlElement {
  const src = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const root: XmlElement = { name: "#document", attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let i = 0;

  const current = (): XmlElement => stack[stack.length - 1] ?? root;
  const expectEnd = (marker: string, from: number, what: string): number => {
    const end = src.indexOf(marker, from);
    if (end === -1) throw new XmlError(`unterminated ${what}`);
    return end;
  };

  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const textEnd = lt === -1 ? src.length : lt;
    if (textEnd > i) {
      const text = decodeEntities(src.slice(i, textEnd), i);
      if (stack.length > 1) current().children.push(text);
      else if (text.trim() !== "") throw new XmlError("text outside the root element");
    }
    if (lt === -1) break;
    i = lt;

    if (src.startsWith("<?", i)) {
      i = expectEnd("?>", i + 2, "processing instruction") + 2;
    } else if (src.startsWith("<!--", i)) {
      i = expectEnd("-->", i + 4, "comment") + 3;
    } else if (src.startsWith("<![CDATA[", i)) {
      const end = expectEnd("]]>", i + 9, "CDATA section");
      if (stack.length === 1) throw new XmlError("CDATA outside the root element");
      current().children.push(src.slice(i + 9, end));
      i = end + 3;
    } else if (src.startsWith("<!", i)) {
      throw new XmlError("document type declarations are not accepted");
    } else if (src.startsWith("</", i)) {
      const end = expectEnd(">", i + 2, "end tag");
      const name = src.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open === root || open.name !== name) throw new XmlError(`mismatched end tag </${name}>`);
      i = end + 1;
    } else {
      i = parseStartTag(src, i + 1, stack);
    }
  }
  if (stack.length !== 1) throw new XmlError(`unclosed element <${current().name}>`);
  const element = root.children.find((child): child is XmlElement => typeof child !== "string");
  if (!element) throw new XmlError("no root element");
  return element;
}

function parseStartTag(src: string, from: number, stack: XmlElement[]): number {
  let i = from;
  while (i < src.length && isNameChar(src[i] ?? "")) i++;
  const name = src.slice(from, i);
  if (name === "") throw new XmlError(`bad start tag near offset ${from}`);
  const element: XmlElement = { name, attrs: {}, children: [] };
  for (;;) {
    while (isSpace(src[i])) i++;
    const ch = src[i];
    if (ch === undefined) throw new XmlError(`unterminated start tag <${name}>`);
    if (ch === ">" || (ch === "/" && src[i + 1] === ">")) {
      const parent = stack[stack.length - 1];
      if (!parent) throw new XmlError("parser state lost");
      if (parent.name === "#document" && parent.children.some((c) => typeof c !== "string")) {
        throw new XmlError("more than one root element");
      }
      parent.children.push(element);
      if (ch === ">") {
        if (stack.length > maxDepth) throw new XmlError("elements nested too deeply");
        stack.push(element);
        return i + 1;
      }
      return i + 2;
    }
    const attrStart = i;
    while (i < src.length && isNameChar(src[i] ?? "")) i++;
    const attrName = src.slice(attrStart, i);
    while (isSpace(src[i])) i++;
    if (attrName === "" || src[i] !== "=") throw new XmlError(`bad attribute in <${name}>`);
    i++;
    while (isSpace(src[i])) i++;
    const quote = src[i];
    if (quote !== '"' && quote !== "'") throw new XmlError(`unquoted attribute in <${name}>`);
    const end = src.indexOf(quote, i + 1);
    if (end === -1) throw new XmlError(`unterminated attribute in <${name}>`);
    const raw = src.slice(i + 1, end);
    if (raw.includes("<")) throw new XmlError(`"<" in an attribute of <${name}>`);
    element.attrs[attrName] = decodeEntities(raw, i + 1);
    i = end + 1;
  }
}

/** Child elements with the given qualified name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => typeof child !== "string" && (name === undefined || child.name === name),
  );
}

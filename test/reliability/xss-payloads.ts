// The cross-site scripting corpus: each payload, if it ever ran, would call `__xss(n)` (a binding the test
// exposes) or open a dialog; markup a payload slips into the page carries `data-xss`, and links it makes point
// at javascript:, vbscript: or data:text/html. Script tags, event handlers, javascript: links, SVG and MathML,
// Markdown links and images, unicode and entity tricks, attribute and element breaking, CSS.

const raw: ((n: number) => string)[] = [
  (n) => `<script data-xss>__xss(${n})</script>`,
  (n) => `<img data-xss src=x onerror=__xss(${n})>`,
  (n) => `<svg data-xss onload=__xss(${n})>`,
  (n) => `<svg data-xss><script>__xss(${n})</script></svg>`,
  (n) => `"><svg/onload=__xss(${n}) data-xss>`,
  (n) => `" onmouseover="__xss(${n})" data-xss="`,
  (n) => `' autofocus onfocus='__xss(${n})' data-xss='`,
  (n) => `</title><script data-xss>__xss(${n})</script>`,
  (n) => `</textarea><img data-xss src=x onerror=__xss(${n})>`,
  (n) => `</script><script data-xss>__xss(${n})</script>`,
  (n) => `<a data-xss href="javascript:__xss(${n})">click</a>`,
  (n) => `<a data-xss href="&#x6A;avascript:__xss(${n})">entity</a>`,
  (n) => `<a data-xss href="java\tscript:__xss(${n})">tab</a>`,
  (n) => `<iframe data-xss srcdoc="<script>parent.__xss(${n})</script>"></iframe>`,
  (n) => `<details data-xss open ontoggle=__xss(${n})>`,
  (n) => `<input data-xss autofocus onfocus=__xss(${n})>`,
  (n) => `<body data-xss onload=__xss(${n})>`,
  (n) => `<base data-xss href="javascript:__xss(${n})//">`,
  (n) => `<meta data-xss http-equiv="refresh" content="0;url=javascript:__xss(${n})">`,
  (n) => `<form data-xss action="javascript:__xss(${n})"><button>go</button></form>`,
  (n) => `<object data-xss data="javascript:__xss(${n})"></object>`,
  (n) => `<math><mtext><table><mglyph><style><img data-xss src=x onerror=__xss(${n})>`,
  (n) => `<noscript><p title="</noscript><img data-xss src=x onerror=__xss(${n})>">`,
  (n) => `<!--<img src="--><img data-xss src=x onerror=__xss(${n})//">`,
  (n) => `<scr<script>ipt data-xss>__xss(${n})</scr</script>ipt>`,
  (n) => `<div data-xss style="background:url(javascript:__xss(${n}))">css</div>`,
  (n) => `<style data-xss>@import 'javascript:__xss(${n})';body{background:red}</style>`,
  (n) => `<link data-xss rel=stylesheet href="javascript:__xss(${n})">`,
  (n) => `[markdown link](javascript:__xss(${n}))`,
  (n) => `[mixed case](JaVaScRiPt:__xss(${n}))`,
  (n) => `[entity](&#106;avascript:__xss(${n}))`,
  (n) => `![markdown image](javascript:__xss(${n}))`,
  (n) =>
    `[data](data:text/html;base64,${Buffer.from(`<script>parent.__xss(${n})</script>`).toString("base64")})`,
  (n) => `[vb](vbscript:__xss(${n}))`,
  (n) => `<javascript:__xss(${n})>`,
  (n) => `[reference][x${n}]\n\n[x${n}]: javascript:__xss(${n})`,
  (n) => `＜script data-xss＞__xss(${n})＜/script＞`,
  (n) => `\u202e<img data-xss src=x onerror=__xss(${n})>\u202c`,
  (n) => `java\u200bscript:__xss(${n}) \u2028<img data-xss src=x onerror=__xss(${n})>`,
  (n) => `%3Cscript%3E__xss(${n})%3C%2Fscript%3E &lt;script&gt;__xss(${n})&lt;/script&gt;`,
  (n) => `{{constructor.constructor('__xss(${n})')()}} \${__xss(${n})}`,
  (n) => `]]><script data-xss>__xss(${n})</script><![CDATA[`,
  (n) => `<a data-xss href="#" onclick="__xss(${n})">x</a><img data-xss src="x" onerror="alert(${n})">`,
];

/** The payloads, numbered from 1; `__xss(n)` names the one that ran. */
export const PAYLOADS: string[] = raw.map((make, i) => make(i + 1));

/** Every payload in one text, a paragraph each, for long fields (Markdown, bodies, summaries). */
export const ALL_PAYLOADS = PAYLOADS.join("\n\n");

/** A link a user may give (call's reading list, a docx hyperlink): a javascript: address. */
export const HOSTILE_URLS = [
  "javascript:__xss(901)",
  "JAVASCRIPT:__xss(902)",
  " javascript:__xss(903)",
  "data:text/html,<script>parent.__xss(904)</script>",
  "vbscript:__xss(905)",
];

/**
 * Run in the page: what markup or addresses a payload put into the page's DOM. The product's own pages have
 * no inline handler, no javascript: address and no script but its own files under /assets/.
 */
export function injectedInDom(): string[] {
  const found: string[] = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"];
  for (const el of Array.from(document.querySelectorAll("*"))) {
    const tag = el.tagName.toLowerCase();
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) found.push(`<${tag} ${name}="${a.value.slice(0, 40)}">`);
      if (name === "data-xss") found.push(`<${tag} data-xss>`);
      if (name === "style") found.push(`<${tag} style="${a.value.slice(0, 40)}">`);
      if (urlAttributes.includes(name)) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these from a URL's scheme.
        const v = a.value.replace(/[\u0000-\u0020\u200b]/g, "").toLowerCase();
        if (/^(javascript|vbscript|data:text\/html)/.test(v) || name === "srcdoc")
          found.push(`<${tag} ${name}="${a.value.slice(0, 40)}">`);
      }
    }
    if (tag === "script" && !(el.getAttribute("src") ?? "").startsWith("/assets/"))
      found.push("<script> inline");
    if (["iframe", "object", "embed", "base", "frame"].includes(tag)) found.push(`<${tag}>`);
    if (tag === "meta" && el.getAttribute("http-equiv")) found.push("<meta http-equiv>");
    if (tag === "style") found.push(`<style> ${el.outerHTML.slice(0, 60)}`);
  }
  return found;
}

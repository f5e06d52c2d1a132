import type { FastifyReply } from "fastify";
import { h, options, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { linkWithLang, withLang } from "../ui/i18n/lang-param.js";
import type { Locale } from "../ui/i18n/locales.js";

// A page reached with ?lang= keeps that language through its links and forms: every link inside the site gets
// ?lang= (linkWithLang: not the language switcher's), a form that posts
// elsewhere gets ?lang= on its action (and the redirect after it keeps it, see keepLangOnRedirect), a form
// that searches or filters (GET) carries it as a hidden field. Set only while one page renders (rendering
// is synchronous), so no other page sees it.
let formLang: Locale | undefined;
const earlierVnodeHook = options.vnode;
options.vnode = (vnode) => {
  if (formLang && vnode.type === "form") keepLangOnForm(vnode.props as FormProps, formLang);
  else if (formLang && vnode.type === "a") {
    const props = vnode.props as { href?: unknown };
    const href = linkWithLang(props.href, formLang);
    if (href) props.href = href;
  }
  earlierVnodeHook?.(vnode);
};

interface FormProps {
  method?: string;
  action?: string;
  children?: unknown;
}

function keepLangOnForm(props: FormProps, lang: Locale): void {
  if ((props.method ?? "get").toLowerCase() === "post") {
    if (typeof props.action === "string" && props.action.startsWith("/") && !/[?&]lang=/.test(props.action))
      props.action = withLang(props.action, lang);
  } else {
    props.children = [h("input", { type: "hidden", name: "lang", value: lang }), props.children];
  }
}

/** Renders a page component to a complete HTML document (`lang`: the ?lang= its forms keep). */
export function renderDocument<P>(page: VNode<P>, lang?: Locale): string {
  formLang = lang;
  try {
    return `<!doctype html>${renderToString(page)}`;
  } finally {
    formLang = undefined;
  }
}

/** Sends a rendered page with the given status. */
export function sendPage<P>(reply: FastifyReply, page: VNode<P>, status = 200): FastifyReply {
  const request = reply.request;
  const lang = request.localeSource === "query" ? request.locale : undefined;
  return reply.status(status).type("text/html; charset=utf-8").send(renderDocument(page, lang));
}

/** A redirect answering a form posted with ?lang= leads to a page in that language too. */
export function keepLangOnRedirect(location: string, lang: Locale | undefined): string {
  if (!lang || !location.startsWith("/") || location.startsWith("//") || /[?&]lang=/.test(location))
    return location;
  const hash = location.indexOf("#");
  return hash === -1
    ? withLang(location, lang)
    : `${withLang(location.slice(0, hash), lang)}${location.slice(hash)}`;
}

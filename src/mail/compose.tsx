// Mail bodies in the recipient's language, as plain text and as simple HTML built from the same parts.
import { renderToString } from "preact-render-to-string";
import { directionOf, type Locale } from "../ui/i18n/locales.js";

export interface MailParts {
  locale: Locale;
  subject: string;
  greeting?: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** A short code shown large, e.g. a sign-in code. */
  code?: { label: string; value: string };
  footer?: string;
}

/** Turns mail parts into subject, text and HTML bodies. */
export function composeMail(parts: MailParts): { subject: string; text: string; html: string } {
  const text = [
    parts.greeting,
    ...parts.paragraphs,
    parts.action ? `${parts.action.label}:\n${parts.action.url}` : undefined,
    parts.code ? `${parts.code.label}: ${parts.code.value}` : undefined,
    parts.footer ? `--\n${parts.footer}` : undefined,
  ]
    .filter((x): x is string => Boolean(x))
    .join("\n\n");
  const html = `<!doctype html>${renderToString(
    <html lang={parts.locale} dir={directionOf(parts.locale)}>
      <head>
        <meta charset="utf-8" />
        <title>{parts.subject}</title>
      </head>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1f24; max-width: 40rem;">
        {parts.greeting ? <p>{parts.greeting}</p> : null}
        {parts.paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
        {parts.action ? (
          <p>
            <a
              href={parts.action.url}
              style="display: inline-block; background: #0b5cad; color: #fff; padding: 0.6em 1.2em; border-radius: 6px; text-decoration: none; font-weight: 600;"
            >
              {parts.action.label}
            </a>
          </p>
        ) : null}
        {parts.code ? (
          <p>
            {parts.code.label}:{" "}
            <strong style="font-size: 1.5em; letter-spacing: 0.15em;">{parts.code.value}</strong>
          </p>
        ) : null}
        {parts.footer ? <p style="color: #505a66; font-size: 0.9em;">{parts.footer}</p> : null}
      </body>
    </html>,
  )}`;
  return { subject: parts.subject, text, html };
}

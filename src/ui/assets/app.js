// Progressive enhancement only: every page works without this file.

// Tell the server the reader's time zone once, so instants can be shown in it on the next pages.
try {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !document.cookie.split("; ").some((c) => c === `tz=${encodeURIComponent(zone)}`)) {
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser our readers use.
    document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  }
} catch {
  // Older browsers without Intl time zones simply keep UTC display.
}

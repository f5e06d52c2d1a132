// Progressive enhancement only: every page works without this file.

// Tell the server the reader's time zone once, so instants can be shown in it on the next pages.
try {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // A browser that reports plain UTC has usually not been told its zone (a fresh or headless machine):
  // saying nothing keeps times in each date's own zone instead of a "for you" line in a default.
  const unconfigured = /^(Etc\/)?(UTC|GMT|UCT|Universal|Zulu)$/i.test(zone ?? "");
  if (
    zone &&
    !unconfigured &&
    !document.cookie.split("; ").some((c) => c === `tz=${encodeURIComponent(zone)}`)
  ) {
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser our readers use.
    document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  }
} catch {
  // Older browsers without Intl time zones simply keep UTC display.
}

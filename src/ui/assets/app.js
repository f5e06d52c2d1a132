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

// A contribution form's list of links grows one field at a time. Without this script, "Add another link" asks
// the server for the form again with everything typed kept; with it, the next field appears in place.
for (const button of document.querySelectorAll("[data-add-link]")) {
  button.addEventListener("click", (event) => {
    const list = button.closest("[data-link-list]");
    const rows = list ? list.querySelectorAll(".link-row") : [];
    const max = Number(list?.getAttribute("data-max") ?? 0);
    const last = rows[rows.length - 1];
    if (!list || !last || rows.length >= max) return;
    event.preventDefault();
    const index = rows.length;
    const next = last.cloneNode(true);
    for (const element of next.querySelectorAll("[id], [for], [name]")) {
      for (const attribute of ["id", "for", "name"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(/\d+$/, String(index)));
      }
      element.removeAttribute("autofocus");
      if (element instanceof HTMLInputElement) element.value = "";
    }
    const labels = next.querySelectorAll("label");
    const templates = [list.getAttribute("data-url-label"), list.getAttribute("data-title-label")];
    labels.forEach((label, i) => {
      const template = templates[i];
      // Numbers written as the page's language writes them, as the server does.
      const number = new Intl.NumberFormat(document.documentElement.lang || undefined).format(index + 1);
      if (template) label.textContent = template.replace("{n}", number);
    });
    last.after(next);
    next.querySelector("input")?.focus();
    if (index + 1 >= max) button.hidden = true;
  });
}

// The coding page's enhancement (progressive: without it the form codes whole paragraphs). Selecting text in
// one of the contribution's texts fills the form's selection fields with the text's name and the selection's
// UTF-16 offsets in it, which the server turns into an anchor (quote, context, position).
const form = document.querySelector("[data-coding-form]");
const box = form?.querySelector("[data-selection]");

/** The offset in its whole text of a point (node, offset) inside a paragraph label, or undefined. */
function offsetOf(node, offset) {
  const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  const label = element?.closest("[data-start]");
  if (!label) return undefined;
  const start = Number(label.getAttribute("data-start"));
  if (node.nodeType === Node.TEXT_NODE) return start + offset;
  // A point between a label's children: before the first means its start, after it its end.
  return start + (offset > 0 ? (label.textContent ?? "").length : 0);
}

function update() {
  if (!form || !box) return;
  const selection = document.getSelection();
  const fields = (name) => box.querySelector(`[name="${name}"]`);
  const clear = () => {
    for (const name of ["source", "key", "start", "end", "quote"]) fields(name).value = "";
    box.hidden = true;
  };
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
  const range = selection.getRangeAt(0);
  const section = range.startContainer.parentElement?.closest("[data-source]");
  const endSection = range.endContainer.parentElement?.closest("[data-source]");
  if (!section || section !== endSection || !form.contains(section)) return clear();
  const start = offsetOf(range.startContainer, range.startOffset);
  const end = offsetOf(range.endContainer, range.endOffset);
  if (start === undefined || end === undefined || end <= start) return clear();
  fields("source").value = section.getAttribute("data-source") ?? "";
  fields("key").value = section.getAttribute("data-key") ?? "";
  fields("start").value = String(start);
  fields("end").value = String(end);
  // The quote as the page shows it; the server checks it against its own text at those offsets.
  const quote = selection.toString().replace(/\r\n?/g, "\n");
  fields("quote").value = quote;
  box.querySelector("[data-selection-quote]").textContent = quote;
  box.hidden = false;
}

if (form && box) {
  document.addEventListener("selectionchange", update);
  // Selecting inside a paragraph's label must not tick its checkbox.
  for (const label of form.querySelectorAll("[data-start]"))
    label.addEventListener("click", (event) => {
      if (!(document.getSelection()?.isCollapsed ?? true)) event.preventDefault();
    });
}

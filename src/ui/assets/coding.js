// The coding page's enhancement (progressive: without it the form codes whole paragraphs). Selecting text in
// one of the contribution's texts fills the form's selection fields with the text's name and the selection's
// UTF-16 offsets in it, which the server turns into an anchor (quote, context, position).
const form = document.querySelector("[data-coding-form]");
const box = form?.querySelector("[data-selection]");

/** Fills the selection fields: the text (source and key), the offsets in it, and the quote shown. */
function fill(section, start, end, quote) {
  const field = (name) => box.querySelector(`[name="${name}"]`);
  field("source").value = section.getAttribute("data-source") ?? "";
  field("key").value = section.getAttribute("data-key") ?? "";
  field("start").value = String(start);
  field("end").value = String(end);
  field("quote").value = quote;
  box.querySelector("[data-selection-quote]").textContent = quote;
  box.hidden = false;
}

const words =
  typeof Intl.Segmenter === "function" ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;

/**
 * The edge of the word `offset` falls inside in `text` (its start going back, its end going on): the server
 * codes whole words, so the quote shown is the one that will be saved.
 */
function wordEdge(text, offset, direction) {
  if (!words || offset <= 0 || offset >= text.length) return offset;
  for (const segment of words.segment(text)) {
    const start = segment.index;
    const end = start + segment.segment.length;
    if (start >= offset) break;
    if (offset < end) return segment.isWordLike ? (direction < 0 ? start : end) : offset;
  }
  return offset;
}

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

/** Where an offset of a text box's value (whose line breaks are all LF) falls in the original text. */
function originalOffset(original, index) {
  let seen = 0;
  for (let i = 0; i < original.length; i++) {
    if (seen === index) return i;
    if (original[i] === "\r" && original[i + 1] === "\n") continue;
    seen++;
  }
  return original.length;
}

function update() {
  if (!form || !box) return;
  // A selection inside a keyboard text box is read by the box itself.
  if (document.activeElement?.classList.contains("coding-keyboard")) return;
  const selection = document.getSelection();
  const clear = () => {
    for (const name of ["source", "key", "start", "end", "quote"])
      box.querySelector(`[name="${name}"]`).value = "";
    box.hidden = true;
  };
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
  const range = selection.getRangeAt(0).cloneRange();
  for (const [container, offset, direction, set] of [
    [range.startContainer, range.startOffset, -1, (o) => range.setStart(range.startContainer, o)],
    [range.endContainer, range.endOffset, 1, (o) => range.setEnd(range.endContainer, o)],
  ])
    if (container.nodeType === Node.TEXT_NODE) set(wordEdge(container.data, offset, direction));
  const section = range.startContainer.parentElement?.closest("[data-source]");
  const endSection = range.endContainer.parentElement?.closest("[data-source]");
  if (!section || section !== endSection || !form.contains(section)) return clear();
  const start = offsetOf(range.startContainer, range.startOffset);
  const end = offsetOf(range.endContainer, range.endOffset);
  if (start === undefined || end === undefined || end <= start) return clear();
  // The quote as the page shows it; the server checks it against its own text at those offsets.
  fill(section, start, end, range.toString().replace(/\r\n?/g, "\n"));
}

/**
 * Keyboard selection: static text cannot be selected with the keyboard, so each paragraph of a text can be
 * shown in a text box that refuses edits instead, where Shift and the arrow keys select and the offsets are read from
 * the box (which holds exactly the paragraph, so its offsets add to the paragraph's start).
 */
function keyboardSelection(button) {
  const section = button.closest("[data-source]");
  if (!section) return;
  const heading = section.querySelector("h2")?.id;
  for (const label of section.querySelectorAll("label[data-start]")) {
    const original = label.textContent ?? "";
    const area = document.createElement("textarea");
    // Not `readonly`: Chromium lets no caret move in a read-only box. Edits are refused instead.
    area.setAttribute("aria-readonly", "true");
    area.value = original;
    const shown = area.value;
    area.addEventListener("beforeinput", (event) => event.preventDefault());
    area.addEventListener("input", () => {
      area.value = shown;
    });
    area.rows = Math.min(12, Math.ceil(original.length / 80) + 1);
    area.className = "coding-keyboard";
    if (heading) area.setAttribute("aria-labelledby", heading);
    const start = Number(label.getAttribute("data-start"));
    const chosen = () => {
      if (area.selectionEnd <= area.selectionStart) return;
      const from = wordEdge(original, originalOffset(original, area.selectionStart), -1);
      const to = wordEdge(original, originalOffset(original, area.selectionEnd), 1);
      fill(section, start + from, start + to, original.slice(from, to));
    };
    area.addEventListener("select", chosen);
    area.addEventListener("keyup", chosen);
    label.classList.add("visually-hidden");
    label.after(area);
  }
  button.hidden = true;
  section.querySelector("textarea.coding-keyboard")?.focus();
}

if (form && box) {
  document.addEventListener("selectionchange", update);
  for (const button of form.querySelectorAll("[data-keyboard-select]")) {
    button.hidden = false;
    button.addEventListener("click", () => keyboardSelection(button));
  }
  // Selecting inside a paragraph's label must not tick its checkbox.
  for (const label of form.querySelectorAll("[data-start]"))
    label.addEventListener("click", (event) => {
      if (!(document.getSelection()?.isCollapsed ?? true)) event.preventDefault();
    });
}

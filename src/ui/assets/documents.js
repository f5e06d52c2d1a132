// A document page's enhancement (progressive: without it each paragraph has its own comment form). Selecting
// words inside one paragraph, with a mouse or a finger, shows a "Comment on selection" button right after that
// paragraph; it opens a small form carrying the paragraph's id, the quote and where it starts (UTF-16 offsets in
// the paragraph's text as the server reads it: footnote marks left out, line breaks as spaces). Static text
// cannot be selected from the keyboard, so "Select words with the keyboard" shows each paragraph in a box that
// refuses edits, where Shift and the arrow keys select; the button then comes next in the tab order.
const form = document.querySelector("[data-selection-form]");
const button = document.querySelector("[data-selection-button]");
const tools = document.querySelector("[data-selection-tools]");
let pending;

/** A paragraph's text as the server reads it. */
function plainText(element) {
  const copy = element.cloneNode(true);
  for (const mark of copy.querySelectorAll(".footnote-ref")) mark.remove();
  return (copy.textContent ?? "").replace(/\n/g, " ");
}

/** The offset in a paragraph's plain text of a point (node, offset) inside it. */
function offsetIn(paragraph, node, offset) {
  const range = document.createRange();
  range.setStart(paragraph, 0);
  range.setEnd(node, offset);
  const part = range.cloneContents();
  for (const mark of part.querySelectorAll(".footnote-ref")) mark.remove();
  return (part.textContent ?? "").length;
}

/** Remembers a selection of text[start, end) in a paragraph and shows the button after `after`. */
function offer(paragraphId, text, start, end, after) {
  let from = Math.min(start, end);
  let to = Math.max(start, end);
  while (from < to && /\s/.test(text[from])) from++;
  while (to > from && /\s/.test(text[to - 1])) to--;
  if (to <= from) return;
  pending = { paragraphId, start: from, quote: text.slice(from, to) };
  after.after(button);
  button.hidden = false;
}

function paragraphOf(node) {
  const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  return element?.closest("[data-paragraph]");
}

function onSelection() {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
  const range = selection.getRangeAt(0);
  const paragraph = paragraphOf(range.startContainer);
  if (!paragraph || paragraph !== paragraphOf(range.endContainer)) return;
  offer(
    paragraph.getAttribute("data-paragraph"),
    plainText(paragraph),
    offsetIn(paragraph, range.startContainer, range.startOffset),
    offsetIn(paragraph, range.endContainer, range.endOffset),
    paragraph,
  );
}

function openForm() {
  if (!pending) return;
  const field = (name) => form.querySelector(`[name="${name}"]`);
  field("paragraph_id").value = pending.paragraphId;
  field("quote").value = pending.quote;
  field("start").value = String(pending.start);
  form.querySelector("[data-selection-quote]").textContent = pending.quote;
  button.after(form);
  form.hidden = false;
  button.hidden = true;
  form.querySelector("textarea")?.focus();
}

/** Shows each paragraph (not the headings) in a box where the keyboard selects. */
function keyboardMode(trigger) {
  const label = trigger.getAttribute("data-area-label") ?? "";
  let first;
  for (const paragraph of document.querySelectorAll("[data-paragraph]")) {
    if (/^H\d$/.test(paragraph.tagName)) continue;
    const text = plainText(paragraph);
    const area = document.createElement("textarea");
    // Not `readonly`: Chromium moves no caret in a read-only box. Edits are refused instead.
    area.setAttribute("aria-readonly", "true");
    area.setAttribute("aria-label", label);
    area.className = "selection-keyboard";
    area.value = text;
    area.rows = Math.min(12, Math.ceil(text.length / 80) + 1);
    area.addEventListener("beforeinput", (event) => event.preventDefault());
    area.addEventListener("input", () => {
      area.value = text;
    });
    const chosen = () => {
      if (area.selectionEnd > area.selectionStart)
        offer(paragraph.getAttribute("data-paragraph"), text, area.selectionStart, area.selectionEnd, area);
    };
    area.addEventListener("select", chosen);
    area.addEventListener("keyup", chosen);
    area.addEventListener("mouseup", chosen);
    paragraph.hidden = true;
    paragraph.after(area);
    first ??= area;
  }
  trigger.hidden = true;
  first?.focus();
}

if (form && button) {
  document.addEventListener("selectionchange", onSelection);
  button.addEventListener("click", openForm);
  form.querySelector("[data-selection-cancel]")?.addEventListener("click", () => {
    form.hidden = true;
    pending = undefined;
  });
  if (tools) {
    tools.hidden = false;
    const trigger = tools.querySelector("[data-keyboard-select]");
    trigger?.addEventListener("click", () => keyboardMode(trigger));
  }
}

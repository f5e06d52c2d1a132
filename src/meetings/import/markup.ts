/**
 * A Markdown link: label and target ("[draft output](#)"). The label holds no bracket and both parts are
 * bounded, so a line of unclosed brackets is read in linear time rather than rescanned from each "[".
 */
export const MARKDOWN_LINK = /\[([^[\]\n]{1,500})\]\(([^)\s]{0,2000})\)/g;

/**
 * Turns the Markdown that converted reports carry into plain prose: links
 * keep their label, emphasis markers go, autolinks lose their brackets.
 */
export function stripInlineMarkup(text: string): string {
  return (
    text
      .replace(MARKDOWN_LINK, "$1")
      .replace(/\*\*(.+?)\*\*/g, "$1")
      .replace(/__(.+?)__/g, "$1")
      // Emphasis stops at the next star, so unpaired stars ("*a *b *c") cost one pass, not one per star.
      .replace(/(?<![\w*])\*(?!\s)([^*\n]{1,500}?)(?<!\s)\*(?![\w*])/g, "$1")
      .replace(/<(https?:\/\/[^>\s]+)>/gi, "$1")
  );
}

/** A Markdown link: label and target ("[draft output](#)"). */
export const MARKDOWN_LINK = /\[([^\]\n]+)\]\(([^)\s]*)\)/g;

/**
 * Turns the Markdown that converted reports carry into plain prose: links
 * keep their label, emphasis markers go, autolinks lose their brackets.
 */
export function stripInlineMarkup(text: string): string {
  return text
    .replace(MARKDOWN_LINK, "$1")
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/__(.+?)__/g, "$1")
    .replace(/(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])/g, "$1")
    .replace(/<(https?:\/\/[^>\s]+)>/gi, "$1");
}

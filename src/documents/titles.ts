// A document's title in the reader's language, where the secretariat translated it (forums' content
// translations): the pages and the exports show the same one.
import { contentTexts, type ForumRow, originalLanguage } from "../forums/index.js";

/**
 * Documents with their titles in the reader's language where the secretariat translated them (forums' content
 * translations); `titleLang` names the original's language when it stands in.
 */
export async function translatedTitles<T extends { id: string; title: string }>(
  db: Parameters<typeof contentTexts>[0],
  forum: ForumRow,
  locale: string,
  documents: T[],
): Promise<(T & { titleLang?: string })[]> {
  const texts = await contentTexts(db, {
    locale,
    original: originalLanguage(forum),
    needs: { document: documents.map((d) => d.id) },
  });
  return documents.map((d) => {
    const title = texts("document", d.id, "title", d.title);
    return { ...d, title: title.text, titleLang: title.fallback ? title.lang : undefined };
  });
}

// A selection is widened to whole words before it becomes an excerpt's anchor.
import { describe, expect, it } from "vitest";
import { wordEdges } from "./index.js";

const quoted = (text: string, start: number, end: number) => {
  const edges = wordEdges(text, start, end);
  return text.slice(edges.start, edges.end);
};

describe("wordEdges", () => {
  const text = "Strong encryption keeps people safe online.";

  it("widens a selection cut inside words to the whole words", () => {
    const start = text.indexOf("ryption");
    const end = text.indexOf("ople") + 2;
    expect(quoted(text, start, end)).toBe("encryption keeps people");
  });

  it("leaves a selection already on word edges, and one ending in spaces or punctuation, as it is", () => {
    const start = text.indexOf("keeps");
    expect(quoted(text, start, start + "keeps".length)).toBe("keeps");
    expect(quoted(text, start - 1, start + "keeps people ".length)).toBe(" keeps people ");
    expect(quoted(text, text.indexOf("online"), text.length)).toBe("online.");
  });

  it("reads words the language's way: Arabic, and Chinese without spaces", () => {
    const arabic = "التشفير القوي يحمي الناس على الإنترنت";
    expect(quoted(arabic, arabic.indexOf("قوي") + 1, arabic.indexOf("يحمي") + 2)).toBe("القوي يحمي");
    const chinese = "我们的数据需要加密保护";
    const start = chinese.indexOf("数据") + 1;
    expect(quoted(chinese, start, start + 1)).toBe("数据");
  });

  it("keeps the order of its edges and stays inside the text", () => {
    expect(wordEdges(text, 0, text.length)).toEqual({ start: 0, end: text.length });
    expect(wordEdges(text, 9, 3)).toEqual({
      start: 0,
      end: text.indexOf("encryption") + "encryption".length,
    });
  });
});

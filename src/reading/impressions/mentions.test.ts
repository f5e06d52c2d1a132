import { describe, expect, it } from "vitest";
import { mentionedIds, splitMentions } from "./mentions.js";

const people = [
  { id: "ana", name: "Ana" },
  { id: "ana-maria", name: "Ana María" },
  { id: "wei", name: "李伟" },
];

describe("mentions in an impression", () => {
  it("finds a member by full name, the longest name first, whatever the case", () => {
    expect(mentionedIds("Agree with @ana maría on CERTs; @Ana too.", people)).toEqual(["ana-maria", "ana"]);
    expect(mentionedIds("cc @李伟", people)).toEqual(["wei"]);
  });

  it("does not take an e-mail address or a longer word for a mention", () => {
    expect(mentionedIds("write to x@Ana.org or @Anabel", people)).toEqual([]);
  });

  it("keeps the text around a mention as it was typed", () => {
    expect(splitMentions("See @Ana, please.", people)).toEqual([
      { text: "See " },
      { text: "@Ana", personId: "ana" },
      { text: ", please." },
    ]);
  });
});

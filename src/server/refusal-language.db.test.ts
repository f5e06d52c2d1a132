// A Chinese or Russian reader who is refused something reads why in their language: on the error page and in
// the API's `error.message` (the `code` stays the same in every language, for programs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor.js";
import { createSession } from "../auth/sessions.js";
import { completeFields, FormVisitor, multipart, seedTestForum } from "../contributions/test-support.js";
import { closePoll, createPoll } from "../meetings/polls/service.js";
import { person, testForum } from "../meetings/test-fixtures.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";

const CSRF = "c".repeat(32);

/** The text of the error page's first paragraph: the refusal's sentence. */
function refusalOnPage(html: string): string {
  return html.match(/<h1>[^<]*<\/h1><p>([^<]*)<\/p>/)?.[1] ?? "";
}

describe.each(testEngines)("refusals in Chinese and Russian on %s", (engine) => {
  let t: TestApp;
  let member: Actor & { kind: "user" };
  let memberCookie: string;
  let closedPollId: string;
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestApp(engine);
    await seedTestForum(db(), "bpf-cyber");
    const { forum, cycle2017 } = await testForum(db(), "bpf-polls");
    const secretariat = await person(db(), forum.id, {
      email: "sec@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
    });
    member = await person(db(), forum.id, { email: "mia@example.org", name: "Mia Member", role: "member" });
    memberCookie = `session=${(await createSession(db(), { userId: member.userId, now: new Date() })).cookieValue}; csrf=${CSRF}`;
    const now = new Date("2017-10-01T00:00:00Z");
    const poll = await createPoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: {
        kind: "virtual",
        title: "Drafting call",
        duration_minutes: 60,
        time_zone: "Europe/Zurich",
        slots: ["2017-10-10 14:00", "2017-10-11 09:00"],
      },
      now,
      publicUrl: "https://bpf.example.org",
    });
    closedPollId = poll.id;
    await closePoll(db(), {
      actor: secretariat,
      pollId: poll.id,
      now,
      publicUrl: "https://bpf.example.org",
      mailFrom: "BPF <bpf@example.org>",
      forum,
      year: 2017,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const answerClosedPoll = (lang: string, accept: string) =>
    t.app.inject({
      method: "POST",
      url: `/f/bpf-polls/2017/polls/${closedPollId}/answers?lang=${lang}`,
      headers: { cookie: memberCookie, "content-type": "application/x-www-form-urlencoded", accept },
      payload: new URLSearchParams([["_csrf", CSRF]]).toString(),
    });

  it.each([
    ["zh", "此投票已关闭。"],
    ["ru", "Этот опрос закрыт."],
  ])(
    "tells a %s reader answering a closed poll that it is closed, on the page and in JSON",
    async (lang, said) => {
      const page = await answerClosedPoll(lang, "text/html");
      expect(page.statusCode).toBe(409);
      expect(page.body).toContain(`lang="${lang}"`);
      expect(refusalOnPage(page.body)).toBe(said);
      expect(page.body).not.toContain("This poll is closed.");
      const json = await answerClosedPoll(lang, "application/json");
      expect(json.statusCode).toBe(409);
      expect(json.json().error).toMatchObject({ code: "conflict", message: said });
    },
  );

  it.each([
    ["zh", "表单文字过长"],
    ["ru", "Текст формы слишком длинный"],
  ])(
    "tells a %s contributor whose text is too long, on the form's page and through the API",
    async (lang, said) => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const tooLong = "a".repeat(200 * 1024 + 1);
      const visitor = new FormVisitor(t.app);
      const page = await visitor.postForm(
        `/f/bpf-cyber/2017/contribute?lang=${lang}`,
        completeFields({ email: `long-${lang}@example.org`, body_text: tooLong }),
      );
      expect(page.statusCode).toBe(413);
      expect(refusalOnPage(page.body)).toContain(said);
      expect(page.body).not.toContain("The form's text is too long");
      const body = multipart(completeFields({ email: `api-${lang}@example.org`, text: tooLong }));
      const api = await t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
        payload: body.payload,
        headers: { ...body.headers, "accept-language": `${lang},en;q=0.5` },
      });
      expect(api.statusCode).toBe(413);
      expect(api.json().error.code).toBe("too_large");
      expect(api.json().error.message).toContain(said);
    },
  );

  it.each([
    ["zh", "没有论坛“bpf-nowhere”。"],
    ["ru", "Форума «bpf-nowhere» нет."],
  ])("tells a %s reader that a forum does not exist, on the page and in the API", async (lang, said) => {
    const page = await t.app.inject({
      method: "GET",
      url: `/f/bpf-nowhere?lang=${lang}`,
      headers: { accept: "text/html" },
    });
    expect(page.statusCode).toBe(404);
    expect(refusalOnPage(page.body)).toBe(said);
    const api = await t.app.inject({
      method: "GET",
      url: "/api/v1/forums/bpf-nowhere",
      headers: { "accept-language": lang },
    });
    expect(api.statusCode).toBe(404);
    expect(api.json().error).toMatchObject({ code: "not_found", message: said });
  });

  it("keeps English for a reader who asks for nothing else, and the generic advice for an unknown address", async () => {
    const api = await t.app.inject({ method: "GET", url: "/api/v1/forums/bpf-nowhere" });
    expect(api.json().error.message).toBe("There is no forum “bpf-nowhere”.");
    const nowhere = await t.app.inject({
      method: "GET",
      url: "/no/such/page?lang=ru",
      headers: { accept: "text/html" },
    });
    expect(refusalOnPage(nowhere.body)).toBe(
      "По этому адресу ничего нет. Проверьте адрес или начните заново с главной страницы.",
    );
  });
});

import { describe, expect, it } from "vitest";
import { checkPdfUpload, isPdfCheckThreadRunning, setPdfCheckIdleMs } from "./pdf-check.js";
import { buildPdf, buildPdfBomb } from "./test-fixtures.js";

describe("checkPdfUpload", () => {
  it("checks PDFs on its own thread, several at once, each getting its own answer", async () => {
    const [lzw, ordinary, chain] = await Promise.all([
      buildPdfBomb(200 * 1024 * 1024, "lzw").then(checkPdfUpload),
      checkPdfUpload(buildPdf([["An ordinary page."]])),
      buildPdfBomb(200 * 1024 * 1024, "hex-then-flate").then(checkPdfUpload),
    ]);
    expect(lzw).toMatchObject({
      code: "zip_bomb",
      detail: expect.stringContaining("expands to more than 32 MB"),
    });
    expect(ordinary).toBeUndefined();
    expect(chain).toMatchObject({ code: "zip_bomb" });
  });

  it("keeps this thread free while it decodes: timers still fire every few milliseconds", async () => {
    const bomb = await buildPdfBomb(200 * 1024 * 1024, "lzw");
    await checkPdfUpload(buildPdf([["Warm-up, so the thread is started."]]));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    expect(await checkPdfUpload(bomb)).toMatchObject({ code: "zip_bomb" });
    clearInterval(timer);
    // Decoding on this thread would starve the timer for the whole check.
    expect(ticks).toBeGreaterThan((performance.now() - started) / 5 / 4);
  });

  it("ends its thread after a quiet spell and starts a new one for the next PDF", async () => {
    setPdfCheckIdleMs(200);
    try {
      expect(await checkPdfUpload(buildPdf([["Before the quiet spell."]]))).toBeUndefined();
      expect(isPdfCheckThreadRunning()).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(isPdfCheckThreadRunning()).toBe(false);
      const bomb = await buildPdfBomb(200 * 1024 * 1024, "flate");
      expect(await checkPdfUpload(bomb)).toMatchObject({ code: "zip_bomb" });
      expect(await checkPdfUpload(buildPdf([["After it."]]))).toBeUndefined();
    } finally {
      setPdfCheckIdleMs(60_000);
    }
  });
});

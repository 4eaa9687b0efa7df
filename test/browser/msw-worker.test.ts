import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useChromium } from "../support/chromium.ts";
import { runPage } from "../support/run-page.ts";
import { useServedPage } from "../support/use-served-page.ts";

describe("msw's service worker in Chromium", () => {
  const browser = useChromium();
  const pageUrl = useServedPage(fileURLToPath(new URL("./page/ping-page.ts", import.meta.url)));

  it("answers a page's cross-origin fetch from a handler, with no console error", async (ctx) => {
    const { report, problems } = await runPage(browser(ctx), pageUrl());
    expect(report).toEqual({ ok: true, value: { status: 200, body: { pong: true } } });
    expect(problems).toEqual([]);
  });
});

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalogueFile } from "../../mock/core/images/built-in-images.ts";
import { useChromium } from "../support/chromium.ts";
import { runPage } from "../support/run-page.ts";
import { useServedPage } from "../support/use-served-page.ts";
import type { Exchange } from "./page/msw-sandbox-page.ts";

type Steps = Record<
  | "set"
  | "setAgain"
  | "tooLarge"
  | "sms"
  | "remove"
  | "state"
  | "reset"
  | "stateAfterReset"
  | "ownServerRefused"
  | "ownServerAllowed",
  Exchange
>;

type Conversation = { id: string; version: number; history: unknown[] };

/** conv_imessage as a `GET /__sandbox/state` answer shows it. */
function imessageIn(state: Exchange): Conversation | undefined {
  const { accounts } = state.body as { accounts: Array<{ conversations: Conversation[] }> };
  return accounts.flatMap((a) => a.conversations).find((c) => c.id === "conv_imessage");
}

describe("the sandbox's MSW handlers in Chromium", () => {
  const browser = useChromium();
  const pageUrl = useServedPage(
    fileURLToPath(new URL("./page/msw-sandbox-entry.ts", import.meta.url)),
    { "forest.png": catalogueFile("forest.png") },
  );

  it("answer a page's own fetch calls as the sandbox does, with no console error", async (ctx) => {
    const { report, problems } = await runPage<Steps>(browser(ctx), pageUrl());
    expect(problems).toEqual([]);
    if (!report.ok) throw new Error(`the page failed: ${report.error}`);
    const steps = report.value;

    expect(steps.set).toMatchObject({ status: 200, body: { changed: true, backgroundVersion: 1 } });
    expect(steps.setAgain).toMatchObject({
      status: 200,
      body: { changed: false, backgroundVersion: 1 },
    });
    expect(steps.tooLarge).toMatchObject({
      status: 422,
      body: { error: { code: "IMAGE_TOO_LARGE" } },
    });
    expect(steps.sms).toMatchObject({
      status: 400,
      body: { error: { code: "CHANNEL_NOT_SUPPORTED" } },
    });
    expect(steps.remove).toEqual({ status: 204, body: null });

    expect(steps.state.status).toBe(200);
    const before = imessageIn(steps.state);
    expect(before?.version).toBe(2);
    expect(before?.history).toHaveLength(2);

    expect(steps.reset).toEqual({ status: 204, body: null });
    expect(steps.stateAfterReset.status).toBe(200);
    expect(imessageIn(steps.stateAfterReset)?.version).toBe(0);

    // An image on the page's own http:// server: refused by default, taken with
    // allowPrivateImages, fetched by the page itself.
    expect(steps.ownServerRefused).toMatchObject({
      status: 422,
      body: { error: { code: "INVALID_IMAGE_URL" } },
    });
    expect(steps.ownServerAllowed).toMatchObject({
      status: 200,
      body: { changed: true, backgroundVersion: 1 },
    });
  });
});

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImageError, type ImageLoader } from "../../mock/core/images/image.ts";
import { parseImageUrl } from "../../mock/core/images/image-url.ts";
import { createSandbox, type RunningSandbox } from "../../mock/server.ts";
import type { SetChatBackgroundResponse } from "../../openapi/schema.ts";
import { type FakeImage, fakeImageLoader } from "../support/fake-image-loader.ts";
import { fuzzImages } from "./fuzz-bodies.ts";
import { answerProblems, conversationOf, operationOf } from "./fuzz-oracle.ts";
import { type FuzzRequest, fuzzRequestArb, sessionArb, toRaw } from "./fuzz-request.ts";
import { pollutionProblems, snapshot, transitionProblems } from "./fuzz-state.ts";
import { propertySeed } from "./property-seed.ts";
import { sendRaw } from "./raw-request.ts";

const seed = propertySeed();

/** The fuzz images from a table, after the URL check the real loader makes first. */
function fuzzLoader(): ImageLoader {
  const table: Record<string, FakeImage> = {};
  for (const [name, image] of Object.entries(fuzzImages)) {
    if ("bytes" in image) table[name] = { bytes: image.bytes };
    else if (image.fails !== "IMAGE_FETCH_FAILED") {
      table[name] = { fail: new ImageError(image.fails, "refused by the fuzz loader", "fuzz") };
    }
  }
  const load = fakeImageLoader(table);
  // The schema admits URLs that WHATWG's parser refuses: the real loader answers those
  // INVALID_IMAGE_URL, and so must this one rather than crash on them.
  return async (url, signal) => {
    parseImageUrl(url);
    return load(url, signal);
  };
}

/** The request in one line, as it went on the wire, for a failure message. */
function describeRaw(request: FuzzRequest): string {
  const raw = toRaw(request);
  const body =
    raw.body === undefined
      ? ""
      : ` body(${raw.body.length} B)=${JSON.stringify(raw.body.subarray(0, 120).toString())}`;
  return `${raw.method} ${raw.target.slice(0, 200)} ${JSON.stringify(raw.headers).slice(0, 300)}${body}`;
}

describe("fuzzing the sandbox from the spec", () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, logLevel: "silent", loadImage: fuzzLoader() });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  async function exchange(request: FuzzRequest) {
    const before = await snapshot(sandbox.store);
    const response = await sendRaw(sandbox.port, toRaw(request));
    const after = await snapshot(sandbox.store);
    const problems = [
      ...answerProblems(request, response),
      ...transitionProblems(request, response, before, after),
      ...pollutionProblems(),
    ];
    if (problems.length > 0) {
      throw new Error(
        `${describeRaw(request)}\n→ ${response.status} ${response.text.slice(0, 300)}\n${problems.join("\n")}`,
      );
    }
    return response;
  }

  it("answers 2000 requests of every kind without a 5xx, as the spec and the order of checks say", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequestArb, async (request) => {
        sandbox.control.reset();
        await exchange(request);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it("keeps each version equal to the changes its answers reported, over 150 sessions", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(sessionArb, async (session) => {
        sandbox.control.reset();
        const changes = new Map<string, number>();
        const hasBackground = new Map<string, boolean>();
        for (const request of session) {
          const response = await exchange(request);
          const id = conversationOf(request) ?? "";
          const operation = operationOf(request);
          if (operation === "setChatBackground" && response.status === 200) {
            const body = response.body as SetChatBackgroundResponse;
            if (body.changed) changes.set(id, (changes.get(id) ?? 0) + 1);
            hasBackground.set(id, body.hasBackground);
          }
          if (operation === "removeChatBackground" && response.status === 204) {
            if (hasBackground.get(id)) changes.set(id, (changes.get(id) ?? 0) + 1);
            hasBackground.set(id, false);
          }
        }
        const state = await sendRaw(sandbox.port, {
          method: "GET",
          target: "/__sandbox/state",
          headers: [],
        });
        const conversations = (
          state.body as {
            accounts: Array<{ conversations: Array<{ id: string; version: number }> }>;
          }
        ).accounts.flatMap((account) => account.conversations);
        expect(conversations).toHaveLength(6);
        for (const { id, version } of conversations) {
          expect(version, `${id}'s version`).toBe(changes.get(id) ?? 0);
        }
      }),
      { seed, numRuns: 150 },
    );
  });
});

import { AgentPhoneClient } from "agentphone";
import { afterAll, describe, expect, it } from "vitest";
import { needs } from "./needs.ts";
import { openTarget } from "./open-target.ts";

const target = await openTarget();
afterAll(() => target.close());

describe(`retries by the official SDK (${target.label})`, () => {
  const faults = [
    { given: "429 with Retry-After", fault: { rateLimitNext: 1, retryAfterSeconds: 0 } },
    { given: "503", fault: { serverErrorNext: 1 } },
  ];
  for (const { given, fault } of faults) {
    it(`ends with exactly one version bump when the first attempt gets ${given}`, async (ctx) => {
      needs(ctx, target, "faults", "controlSurface", "writes");
      const conversationId = await target.conversation();
      await target.faults?.(fault);
      const client = new AgentPhoneClient({
        token: target.apiKey,
        baseUrl: target.baseUrl,
        maxRetries: 2,
      });
      const answer = await client.conversations.setChatBackground({
        conversation_id: conversationId,
        image_url: target.images.a,
      });
      expect(answer).toMatchObject({ changed: true, backgroundVersion: 1 });
      expect(await target.state?.(conversationId)).toMatchObject({
        version: 1,
        history: [{ version: 1 }],
      });
    });
  }

  it("ends with exactly one version bump when the answer to the first attempt is lost", async (ctx) => {
    needs(ctx, target, "faults", "controlSurface", "writes");
    const conversationId = await target.conversation();
    const client = new AgentPhoneClient({
      token: target.apiKey,
      baseUrl: target.baseUrl,
      maxRetries: 2,
    });
    // The same request twice, as a client retrying after a dropped connection would send it.
    const request = { conversation_id: conversationId, image_url: target.images.a };
    const [first, second] = await Promise.all([
      client.conversations.setChatBackground(request),
      client.conversations.setChatBackground(request),
    ]);
    expect([first.changed, second.changed].sort()).toEqual([false, true]);
    expect(await target.state?.(conversationId)).toMatchObject({ version: 1 });
  });
});

import { afterAll, describe, expect, it } from "vitest";
import {
  differs,
  errorCode,
  errorShape,
  expectSandboxCode,
  removeBackground,
  setBackground,
} from "./call.ts";
import { needs, needsValue, observe } from "./needs.ts";
import { openTarget } from "./open-target.ts";

const target = await openTarget();
afterAll(() => target.close());

const unknownId = "conv_contract_does_not_exist_0000";

/**
 * Probes a conversation that must be refused. A read-only run sends an image that cannot be
 * fetched and no DELETE, so even an API that wrongly accepts the conversation changes nothing.
 */
async function probe(conversationId: string) {
  const writes = target.capabilities.writes;
  const image_url = writes ? target.images.a : "https://images.sandbox.test/missing.png";
  const set = await setBackground(target, { conversationId, body: { image_url } });
  const remove = writes ? await removeBackground(target, { conversationId }) : undefined;
  return { set, remove };
}

describe(`conversations (${target.label})`, () => {
  it("answers 404 CONVERSATION_NOT_FOUND for an unknown conversation", async (ctx) => {
    needs(ctx, target, "knowsConversations");
    const { set, remove } = await probe(unknownId);
    expect([set.status, remove?.status ?? 404]).toEqual([404, 404]);
    observe(ctx, "404 body", errorShape(set));
    expectSandboxCode(target, set, "CONVERSATION_NOT_FOUND");
  });

  it("answers 404 for another account's conversation, exactly as for an unknown one", async (ctx) => {
    needs(ctx, target, "knowsConversations");
    const conversationId = needsValue(
      ctx,
      target.ids.otherAccount,
      `${target.name} has no other account's conversation: set CONTRACT_OTHER_CONVERSATION_ID`,
    );
    const { set, remove } = await probe(conversationId);
    expect([set.status, remove?.status ?? 404]).toEqual([404, 404]);
    expectSandboxCode(target, set, "CONVERSATION_NOT_FOUND");
  });

  it("refuses an SMS conversation, set or remove: 400 CHANNEL_NOT_SUPPORTED in the sandbox", async (ctx) => {
    needs(ctx, target, "knowsConversations");
    const conversationId = needsValue(
      ctx,
      target.ids.sms,
      `${target.name} has no SMS conversation: set CONTRACT_SMS_CONVERSATION_ID`,
    );
    const { set, remove } = await probe(conversationId);
    observe(
      ctx,
      "non-iMessage conversation",
      `set ${set.status} ${errorCode(set) ?? errorShape(set)}, remove ${remove?.status ?? "not sent (read-only)"}`,
    );
    if (target.profile === "sandbox") {
      expect([set.status, remove?.status ?? 400]).toEqual([400, 400]);
      expect(errorCode(set)).toBe("CHANNEL_NOT_SUPPORTED");
      return;
    }
    // The documents say only "iMessage only": refused with 400 or 422, or accepted and
    // dropped as iMessage-only message options are, is theirs to choose. Report which.
    for (const [operation, response] of [
      ["set", set],
      ["remove", remove],
    ] as const) {
      if (response === undefined) continue;
      expect([200, 204, 400, 422], `${operation} on SMS`).toContain(response.status);
      if (response.status < 300)
        differs(
          `an SMS ${operation} was accepted (${response.status}) where the sandbox refuses it`,
        );
      else expectSandboxCode(target, response, "CHANNEL_NOT_SUPPORTED");
    }
  });
});

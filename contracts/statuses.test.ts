import type { TestContext } from "vitest";
import { afterAll, describe, expect, it } from "vitest";
import { type CallOptions, removeBackground, setBackground } from "./call.ts";
import { needs, needsValue } from "./needs.ts";
import { openTarget } from "./open-target.ts";
import { documentedStatuses, type OperationId, type SeenResponse } from "./validate-response.ts";

const target = await openTarget();
afterAll(() => target.close());

/**
 * The sandbox's per-request fault: this one request answers `fault` (a status, or a failure
 * such as `provider`). Only sandbox targets get it; the live API never sees the header.
 */
function faulted(ctx: TestContext, fault: string): Record<string, string> {
  needs(ctx, target, "faults");
  return { "x-sandbox-fault": fault };
}

const call = (operation: OperationId, options: CallOptions) =>
  operation === "setChatBackground"
    ? setBackground(target, options)
    : removeBackground(target, options);

/** How each status is provoked by one plain request, given the operation. */
const provoke: Record<string, (ctx: TestContext, operation: OperationId) => Promise<SeenResponse>> =
  {
    async "200"(ctx) {
      needs(ctx, target, "writes");
      const conversationId = await target.conversation();
      return setBackground(target, { conversationId, body: { image_url: target.images.a } });
    },
    async "204"(ctx) {
      needs(ctx, target, "writes");
      return removeBackground(target, { conversationId: await target.conversation() });
    },
    async "400"(ctx, operation) {
      needs(ctx, target, "knowsConversations");
      if (operation === "removeChatBackground") needs(ctx, target, "writes");
      const sms = needsValue(
        ctx,
        target.ids.sms,
        `${target.name} has no SMS conversation: set CONTRACT_SMS_CONVERSATION_ID`,
      );
      // An image that cannot be fetched: even an API that wrongly takes SMS changes nothing.
      return call(operation, {
        conversationId: sms,
        body: { image_url: "https://images.sandbox.test/missing.png" },
      });
    },
    async "401"(ctx, operation) {
      needs(ctx, target, "knowsKeys");
      const conversationId = await target.conversation();
      return call(operation, {
        conversationId,
        authorization: "Bearer sk_contract_unknown_key",
        body: {},
      });
    },
    async "403"(ctx, operation) {
      const conversationId = await target.conversation();
      if (target.profile === "documents") {
        // What the documents say may answer 403: a request without a key.
        const response = await call(operation, { conversationId, authorization: null, body: {} });
        if (response.status !== 403) {
          ctx.skip(
            `${target.name} answers ${response.status} without a key; nothing else provokes 403`,
          );
        }
        return response;
      }
      return call(operation, { conversationId, body: {}, headers: faulted(ctx, "403") });
    },
    async "404"(ctx, operation) {
      needs(ctx, target, "knowsConversations");
      return call(operation, {
        conversationId: "conv_contract_does_not_exist_0000",
        body: { image_url: "https://images.sandbox.test/missing.png" },
      });
    },
    async "422"(ctx, operation) {
      const conversationId = await target.conversation();
      if (operation === "setChatBackground") {
        return setBackground(target, { conversationId, body: { image_url: 42 } });
      }
      // Nothing in a DELETE is the client's to get wrong; the sandbox answers it when asked.
      return removeBackground(target, { conversationId, headers: faulted(ctx, "422") });
    },
  };

/** Statuses only a sandbox's fault can provoke on demand, before any work is done. */
for (const status of ["408", "429", "500", "502", "503", "504"]) {
  provoke[status] = async (ctx, operation) => {
    const headers = faulted(ctx, status);
    const conversationId = await target.conversation();
    return call(operation, { conversationId, body: { image_url: target.images.a }, headers });
  };
}

describe(`every status and header the spec lists, provoked by a plain request (${target.label})`, () => {
  for (const operation of ["setChatBackground", "removeChatBackground"] as const) {
    for (const status of documentedStatuses(operation)) {
      const headers =
        status === "401" ? " with WWW-Authenticate" : status === "429" ? " with Retry-After" : "";
      it(`${operation} answers ${status}${headers} as the spec says`, async (ctx) => {
        const make = provoke[status];
        if (!make) throw new Error(`the suite does not know how to provoke ${status}`);
        const response = await make(ctx, operation);
        // The answer's body and headers are held to the spec (and a sandbox's to its profile)
        // by the call itself; here, that it is the status asked for.
        expect(response.status).toBe(Number(status));
        if (status === "401") expect(response.headers.get("www-authenticate")).not.toBeNull();
        if (status === "429") expect(response.headers.get("retry-after")).not.toBeNull();
      });
    }
  }

  it("answers 502 when the provider fails, and changes nothing: set", async (ctx) => {
    needs(ctx, target, "faults", "controlSurface", "writes");
    const conversationId = await target.conversation();
    const before = await target.state?.(conversationId);
    const response = await setBackground(target, {
      conversationId,
      body: { image_url: target.images.a },
      headers: faulted(ctx, "provider-failure"),
    });
    expect(response.status).toBe(502);
    expect(await target.state?.(conversationId)).toEqual(before);
  });

  it("answers 502 when the provider fails, and changes nothing: remove", async (ctx) => {
    needs(ctx, target, "faults", "controlSurface", "writes");
    const conversationId = await target.conversation();
    const set = await setBackground(target, {
      conversationId,
      body: { image_url: target.images.a },
    });
    expect(set.status).toBe(200);
    const before = await target.state?.(conversationId);
    const response = await removeBackground(target, {
      conversationId,
      headers: faulted(ctx, "provider-failure"),
    });
    expect(response.status).toBe(502);
    expect(await target.state?.(conversationId)).toEqual(before);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { differs, errorShape, expectSandboxCode, removeBackground, setBackground } from "./call.ts";
import { needs, observe } from "./needs.ts";
import { openTarget } from "./open-target.ts";
import type { SeenResponse } from "./validate-response.ts";

const target = await openTarget();
afterAll(() => target.close());

/**
 * The sandbox answers 401; the documents allow 403 too (FastAPI's `HTTPBearer` before 2025),
 * which a target held to the documents may send, reported as a difference.
 */
function expectRefused(response: SeenResponse, given: string): void {
  if (target.profile === "sandbox") {
    expect(response.status).toBe(401);
    return;
  }
  expect([401, 403]).toContain(response.status);
  if (response.status === 403) differs(`${given}: 403 where the sandbox answers 401`);
}

describe(`authentication (${target.label})`, () => {
  const cases = [
    { given: "no Authorization header", authorization: null, needs: [] as const },
    { given: "a Basic credential", authorization: "Basic c2tfdGVzdDo=", needs: [] as const },
    {
      given: "an unknown key",
      authorization: "Bearer sk_contract_unknown_key",
      needs: ["knowsKeys"] as const,
    },
  ];
  for (const { given, authorization, needs: capabilities } of cases) {
    it(`refuses a set with ${given}: 401 (or 403, as the documents allow)`, async (ctx) => {
      needs(ctx, target, ...capabilities);
      const conversationId = await target.conversation();
      // A body that would be invalid too: authentication is checked first.
      const response = await setBackground(target, {
        conversationId,
        body: { image_url: 42 },
        authorization,
      });
      expectRefused(response, given);
      observe(ctx, `${response.status} body`, errorShape(response));
      if (authorization === null) {
        observe(ctx, "no key", `${response.status} ${errorShape(response)}`);
      }
      if (response.status === 401) expectSandboxCode(target, response, "UNAUTHORIZED");
    });

    it(`refuses a remove with ${given}: 401 (or 403, as the documents allow)`, async (ctx) => {
      needs(ctx, target, ...capabilities);
      const conversationId = await target.conversation();
      const response = await removeBackground(target, { conversationId, authorization });
      expectRefused(response, given);
    });
  }
});

import { afterAll, describe, expect, it } from "vitest";
import { errorCode, errorShape, removeBackground, setBackground } from "./call.ts";
import { needs, observe } from "./needs.ts";
import { openTarget } from "./open-target.ts";

const target = await openTarget();
afterAll(() => target.close());

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
    it(`answers 401 to a set with ${given}`, async (ctx) => {
      needs(ctx, target, ...capabilities);
      const conversationId = await target.conversation();
      // A body that would be invalid too: authentication is checked first.
      const response = await setBackground(target, {
        conversationId,
        body: { image_url: 42 },
        authorization,
      });
      expect(response.status).toBe(401);
      observe(ctx, "401 body", errorShape(response));
      if (errorShape(response) === "envelope") expect(errorCode(response)).toBe("UNAUTHORIZED");
    });

    it(`answers 401 to a remove with ${given}`, async (ctx) => {
      needs(ctx, target, ...capabilities);
      const conversationId = await target.conversation();
      const response = await removeBackground(target, { conversationId, authorization });
      expect(response.status).toBe(401);
    });
  }
});

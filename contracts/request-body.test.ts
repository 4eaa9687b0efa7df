import { afterAll, describe, expect, it } from "vitest";
import { errorCode, errorShape, setBackground } from "./call.ts";
import { needs, observe } from "./needs.ts";
import { openTarget } from "./open-target.ts";

const target = await openTarget();
afterAll(() => target.close());

describe(`the set request's body (${target.label})`, () => {
  const invalid = [
    { given: "an empty object", body: {} },
    { given: "a number for image_url", body: { image_url: 42 } },
    { given: "null for image_url", body: { image_url: null } },
    { given: "an array of URLs", body: { image_url: ["https://images.sandbox.test/forest.png"] } },
    { given: "an http: URL", body: { image_url: "http://images.sandbox.test/forest.png" } },
    { given: "a relative URL", body: { image_url: "/forest.png" } },
    {
      given: "a URL of 2049 characters",
      body: { image_url: `https://images.sandbox.test/${"a".repeat(2049 - 28)}` },
    },
  ];
  for (const { given, body } of invalid) {
    it(`answers 422 to ${given}`, async (ctx) => {
      const conversationId = await target.conversation();
      const response = await setBackground(target, { conversationId, body });
      expect(response.status).toBe(422);
      observe(ctx, "422 body", errorShape(response));
    });
  }

  it("answers 422 to a body that is not JSON", async (ctx) => {
    needs(ctx, target, "knowsConversations");
    const conversationId = await target.conversation();
    const response = await setBackground(target, {
      conversationId,
      rawBody: '{"image_url": "https://',
    });
    expect(response.status).toBe(422);
  });

  it("names image_url in the details of a documented 422", async (ctx) => {
    const conversationId = await target.conversation();
    const response = await setBackground(target, {
      conversationId,
      body: { image_url: "ftp://x/y.png" },
    });
    if (errorShape(response) !== "envelope")
      ctx.skip(`${target.name} answers 422 in another shape`);
    const details =
      (response.body as { error: { details?: Array<{ field: string }> } }).error.details ?? [];
    expect(details.map((d) => d.field)).toContain("image_url");
    if (target.profile === "sandbox") {
      expect(["VALIDATION_ERROR", "INVALID_IMAGE_URL"]).toContain(errorCode(response));
    }
  });

  it("ignores fields it does not know", async (ctx) => {
    needs(ctx, target, "writes");
    const conversationId = await target.conversation();
    const response = await setBackground(target, {
      conversationId,
      body: { image_url: target.images.a, note: "an extra field" },
    });
    expect(response.status).toBe(200);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import type { SetChatBackgroundResponse } from "../openapi/schema.ts";
import { expectSandboxCode, setBackground } from "./call.ts";
import { needs } from "./needs.ts";
import { openTarget } from "./open-target.ts";

const target = await openTarget();
afterAll(() => target.close());

const magic = (name: string) => `https://images.sandbox.test/${name}`;

describe(`the image behind image_url (${target.label})`, () => {
  const accepted = [
    { name: "forest.png", type: "a PNG" },
    { name: "photo.jpg", type: "a JPEG" },
    { name: "anim.gif", type: "an animated GIF" },
    { name: "photo.webp", type: "a WebP" },
    { name: "photo.heic", type: "a HEIC" },
    { name: "exactly-10mib.png", type: "a PNG of exactly 10 MiB" },
    { name: "wrong-content-type.png", type: "a PNG served as text/plain" },
    { name: "redirect-forest.png", type: "a PNG behind a redirect" },
  ];
  for (const { name, type } of accepted) {
    it(`accepts ${type}`, async (ctx) => {
      needs(ctx, target, "catalogue", "writes");
      const conversationId = await target.conversation();
      const response = await setBackground(target, {
        conversationId,
        body: { image_url: magic(name) },
      });
      expect(response.status).toBe(200);
      expect((response.body as SetChatBackgroundResponse).changed).toBe(true);
    });
  }

  const refused = [
    { name: "too-large.png", given: "an image of 10 MiB + 1 byte", code: "IMAGE_TOO_LARGE" },
    { name: "bitmap.bmp", given: "a BMP", code: "UNSUPPORTED_IMAGE_TYPE" },
    { name: "not-an-image.png", given: "a text file named .png", code: "UNSUPPORTED_IMAGE_TYPE" },
    { name: "missing.png", given: "a URL that answers 404", code: "IMAGE_FETCH_FAILED" },
    { name: "slow.png", given: "an image that never finishes", code: "IMAGE_FETCH_TIMEOUT" },
    {
      name: "redirect-private.png",
      given: "a redirect to a private address",
      code: "IMAGE_ADDRESS_BLOCKED",
    },
    {
      name: "redirect-metadata.png",
      given: "a redirect to the metadata service",
      code: "IMAGE_ADDRESS_BLOCKED",
    },
    { name: "redirect-loop.png", given: "a redirect loop", code: "IMAGE_FETCH_FAILED" },
  ];
  for (const { name, given, code } of refused) {
    it(`refuses ${given} with 422 ${code} and changes nothing`, async (ctx) => {
      needs(ctx, target, "catalogue", "fetchesImages", "controlSurface");
      const conversationId = await target.conversation();
      const response = await setBackground(target, {
        conversationId,
        body: { image_url: magic(name) },
      });
      expect(response.status).toBe(422);
      expectSandboxCode(target, response, code);
      expect(await target.state?.(conversationId)).toMatchObject({ version: 0, background: null });
    });
  }

  it("refuses a URL whose host is a private address, before any download", async (ctx) => {
    needs(ctx, target, "fetchesImages", "writes");
    const conversationId = await target.conversation();
    const response = await setBackground(target, {
      conversationId,
      body: { image_url: "https://10.0.0.5/x.png" },
    });
    expect(response.status).toBe(422);
  });
});

import { describe, expect, it } from "vitest";
import { catalogueFile } from "../../../mock/core/images/built-in-images.ts";
import { recogniseImage } from "../../../mock/core/images/recognise-image.ts";
import { sha256Hex } from "../../../mock/core/images/sha256-hex.ts";
import { rejectionOf } from "./support.ts";

describe("recogniseImage", () => {
  it("sniffs and hashes the bytes", async () => {
    const forest = catalogueFile("forest.png");
    expect(await recogniseImage(forest)).toEqual({
      sniffed: { contentType: "image/png", extension: "png" },
      sha256: await sha256Hex(forest),
    });
  });

  it("recognises a catalogue file once: the same array gets the very same answer", async () => {
    expect(catalogueFile("ocean.png")).toBe(catalogueFile("ocean.png"));
    const first = await recogniseImage(catalogueFile("ocean.png"));
    expect(await recogniseImage(catalogueFile("ocean.png"))).toBe(first);
    expect(await recogniseImage(new Uint8Array(catalogueFile("ocean.png")))).not.toBe(first);
  });

  it("refuses bytes of no accepted type", async () => {
    expect(await rejectionOf(recogniseImage(catalogueFile("bitmap.bmp")))).toMatchObject({
      code: "UNSUPPORTED_IMAGE_TYPE",
    });
  });
});

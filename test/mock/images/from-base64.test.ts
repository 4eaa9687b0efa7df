import { describe, expect, it } from "vitest";
import { fromBase64 } from "../../../mock/core/images/from-base64.ts";

describe("fromBase64", () => {
  const known = [
    { given: "", want: [] },
    { given: "SUVORA==", want: [73, 69, 78, 68] },
    { given: "/wA=", want: [255, 0] },
  ];
  for (const { given, want } of known) {
    it(`decodes "${given}" to ${JSON.stringify(want)}`, () => {
      expect(fromBase64(given)).toEqual(new Uint8Array(want));
    });
  }

  it("decodes every byte value as Node's decoder does", () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, n) => n));
    expect(Buffer.from(fromBase64(all.toString("base64"))).equals(all)).toBe(true);
  });
});

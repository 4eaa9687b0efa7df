import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../../mock/core/images/sha256-hex.ts";
import { catalogueFile } from "./support.ts";

describe("sha256Hex", () => {
  const known = [
    { given: "", want: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { given: "abc", want: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  ];
  for (const { given, want } of known) {
    it(`gives the published digest of "${given}"`, async () => {
      expect(await sha256Hex(new TextEncoder().encode(given))).toBe(want);
    });
  }

  it("hashes only the bytes a view shows, as Node's own hash does", async () => {
    const forest = catalogueFile("forest.png");
    const view = forest.subarray(8, 100);
    expect(await sha256Hex(view)).toBe(createHash("sha256").update(view).digest("hex"));
  });
});

import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { catalogueFile } from "../../../mock/core/images/built-in-images.ts";
import {
  catalogueDataPath,
  catalogueFolder,
  generateCatalogueData,
} from "../../../mock/images/generate-catalogue-data.ts";

describe("the catalogue's files, bundled as data", () => {
  it("match a fresh generation from the folder", async () => {
    const committed = await readFile(catalogueDataPath, "utf8");
    expect(
      committed === (await generateCatalogueData()),
      "mock/core/images/catalogue-data.ts is stale: run `npm run generate` and commit it",
    ).toBe(true);
  });

  it("decode to the very bytes of each file", async () => {
    for (const name of ["forest.png", "photo.heic", "not-an-image.png"]) {
      const file = await readFile(`${catalogueFolder}/${name}`);
      expect(Buffer.from(catalogueFile(name)).equals(file), name).toBe(true);
    }
  });
});

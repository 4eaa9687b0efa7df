import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  documentPath,
  generateDocument,
  generateTypes,
  typesPath,
} from "../../openapi/generate-types.ts";
import { specPath } from "../../openapi/spec.ts";

describe("generated types", () => {
  it("match a fresh generation from the spec", async () => {
    const committed = await readFile(typesPath, "utf8");
    const fresh = await generateTypes();
    expect(
      committed === fresh,
      "openapi/schema.ts is stale: run `npm run generate` and commit openapi/schema.ts",
    ).toBe(true);
  });

  it("change when the spec changes, so a stale file cannot pass", async () => {
    const dir = await mkdtemp(join(tmpdir(), "spec-"));
    try {
      const edited = join(dir, "openapi.yaml");
      await copyFile(specPath, edited);
      const spec = await readFile(edited, "utf8");
      await writeFile(edited, spec.replace("hasBackground:\n", "hasWallpaper:\n"));
      const fromEdited = await generateTypes(edited);
      expect(fromEdited).toContain("hasWallpaper");
      expect(fromEdited).not.toBe(await generateTypes());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("include the parsed spec as data, matching a fresh generation", async () => {
    const committed = await readFile(documentPath, "utf8");
    expect(
      committed === (await generateDocument()),
      "openapi/spec-document.ts is stale: run `npm run generate` and commit it",
    ).toBe(true);
  });

  it("carry the do-not-edit header", async () => {
    const committed = await readFile(typesPath, "utf8");
    expect(committed.split("\n")[1]).toMatch(
      /Generated from openapi\/openapi\.yaml .* Do not edit/,
    );
  });
});

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandboxImageLoader } from "../../../mock/images/sandbox-images.ts";
import { catalogueFile, publicAddress, recordingTransport } from "./support.ts";

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "sandbox-images-test-"));
  await writeFile(join(folder, "mine.webp"), catalogueFile("photo.webp"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("createSandboxImageLoader", () => {
  it("serves the user's folder on images.sandbox.test and lists it", async () => {
    const images = createSandboxImageLoader({ imagesDir: folder });
    const image = await images.loadImage("https://images.sandbox.test/mine.webp");
    expect(image.contentType).toBe("image/webp");
    expect((await images.list()).map((entry) => entry.name)).toContain("mine.webp");
  });

  it("hands every other host to the seams it was given", async () => {
    const transport = recordingTransport();
    const images = createSandboxImageLoader({
      resolve: async () => [{ address: publicAddress, family: 4 }],
      transport,
    });
    await images.loadImage("https://images.example.com/a.png");
    expect(transport.dials.map((dial) => dial.address)).toEqual([publicAddress]);
  });

  it("without a folder, lists the built-in names only", async () => {
    const names = (await createSandboxImageLoader().list()).map((entry) => entry.name);
    expect(names).toContain("forest.png");
    expect(names).not.toContain("mine.webp");
  });
});

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxOptions } from "../../mock/build-sandbox.ts";
import { ImageError } from "../../mock/core/images/image.ts";
import { createSandbox, type RunningSandbox } from "../../mock/server.ts";
import { type FakeImage, fakeImageLoader } from "../support/fake-image-loader.ts";
import { modelProperty } from "./background-commands.ts";
import { modelImages } from "./background-model.ts";
import { propertySeed } from "./property-seed.ts";

const seed = propertySeed();

/** The model's images from a table: missing.png is absent, so the loader answers it 404. */
function modelLoader() {
  const table: Record<string, FakeImage> = {};
  for (const [name, image] of Object.entries(modelImages)) {
    if ("bytes" in image) table[name] = { bytes: image.bytes };
    else if (image.fails !== "IMAGE_FETCH_FAILED") {
      table[name] = { fail: new ImageError(image.fails, "refused by the model's loader", "model") };
    }
  }
  return fakeImageLoader(table);
}

/** A sandbox with the model's images and ids that count up, so every run is the same. */
function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  let n = 0;
  return createSandbox({
    port: 0,
    logLevel: "silent",
    loadImage: modelLoader(),
    newBackgroundId: () => `bg_${(++n).toString(16).padStart(15, "0")}`,
    ...options,
  });
}

describe("the sandbox as a state machine, against a reference model", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("agrees with the model over 150 random sequences of sets, removals, bursts, faults and resets", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(modelProperty({ url: sandbox.url }), { seed, numRuns: 150 });
  });

  it("catches a sandbox that answers changed: true to a no-op, and prints the seed and the commands", {
    timeout: 60_000,
  }, async () => {
    const broken = await startSandbox({
      wrapService: (service) => ({
        ...service,
        setBackground: async (...args) => ({
          ...(await service.setBackground(...args)),
          changed: true,
        }),
      }),
    });
    try {
      const error = await fc
        .assert(modelProperty({ url: broken.url }), { seed, numRuns: 150 })
        .then(
          () => undefined,
          (thrown: Error) => thrown,
        );
      expect(error?.message).toMatch(/\{ seed: -?\d+, path: "[\d:]+"/);
      expect(error?.message).toMatch(/Counterexample: \[.*sets (forest|ocean|same-as-forest)/);
      expect((error?.cause as Error | undefined)?.message).toMatch(/so 200 changed: false/);
    } finally {
      await broken.close();
    }
  });
});

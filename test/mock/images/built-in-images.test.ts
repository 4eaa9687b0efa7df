import { describe, expect, it } from "vitest";
import { builtInImages } from "../../../mock/core/images/built-in-images.ts";
import type { HostResponse } from "../../../mock/core/images/host-response.ts";
import { type FetchedImage, maxImageBytes } from "../../../mock/core/images/image.ts";
import { createImageLoader } from "../../../mock/core/images/image-loader.ts";
import { guardedHop } from "../../../mock/images/guarded-hop.ts";
import { recordingTransport, rejectionOf, tableResolver } from "./support.ts";

// What each name must do, written out here rather than read from the entries, so that an
// entry whose `outcome` drifts from its behaviour fails.
const want: Record<string, { type?: string; code?: string; size?: number }> = {
  "forest.png": { type: "image/png" },
  "ocean.png": { type: "image/png" },
  "same-as-forest.png": { type: "image/png" },
  "photo.jpg": { type: "image/jpeg" },
  "anim.gif": { type: "image/gif" },
  "photo.webp": { type: "image/webp" },
  "photo.heic": { type: "image/heic" },
  "wrong-content-type.png": { type: "image/png" },
  "exactly-10mib.png": { type: "image/png", size: 10_485_760 },
  "too-large.png": { code: "IMAGE_TOO_LARGE" },
  "bitmap.bmp": { code: "UNSUPPORTED_IMAGE_TYPE" },
  "not-an-image.png": { code: "UNSUPPORTED_IMAGE_TYPE" },
  "missing.png": { code: "IMAGE_FETCH_FAILED" },
  "slow.png": { code: "IMAGE_FETCH_TIMEOUT" },
  "redirect-forest.png": { type: "image/png" },
  "redirect-private.png": { code: "IMAGE_ADDRESS_BLOCKED" },
  "redirect-metadata.png": { code: "IMAGE_ADDRESS_BLOCKED" },
  "redirect-loop.png": { code: "IMAGE_FETCH_FAILED" },
};

const transport = recordingTransport();
const resolve = tableResolver({});
const load = createImageLoader({ fetchHop: guardedHop({ transport, resolve }), deadlineMs: 150 });
const url = (name: string) => `https://images.sandbox.test/${name}`;

async function bodyOf(response: HostResponse): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function entry(name: string) {
  const found = builtInImages.find((image) => image.name === name);
  if (!found) throw new Error(`no built-in image ${name}`);
  return found;
}

describe("the built-in images", () => {
  it("lists every name the design asks for, each once, with a description", () => {
    expect(builtInImages.map((image) => image.name).sort()).toEqual(Object.keys(want).sort());
    for (const image of builtInImages) expect(image.description).toMatch(/^[A-Z].+\.$/);
  });

  for (const [name, { type, code, size }] of Object.entries(want)) {
    const outcome = type ? `accepted (${type})` : (code as string);
    it(`${name}: ${outcome}, with no lookup and no dial`, async () => {
      expect(entry(name).outcome).toBe(outcome);
      if (type) {
        const image = await load(url(name));
        expect(image.contentType).toBe(type);
        if (size !== undefined) expect(image.size).toBe(size);
      } else {
        expect(await rejectionOf(load(url(name)))).toMatchObject({ code });
      }
      expect(resolve.asked).toEqual([]);
      expect(transport.dials).toEqual([]);
    });
  }

  it("makes too-large.png exactly one byte over 10 MiB", async () => {
    const bytes = await bodyOf(entry("too-large.png").answer(new AbortController().signal));
    expect(bytes.length).toBe(maxImageBytes + 1);
    expect(bytes.subarray(0, 8).toString("latin1")).toBe("\x89PNG\r\n\x1a\n");
  });

  it("makes the 10 MiB file once and serves the same bytes after", async () => {
    const signal = new AbortController().signal;
    const first = await bodyOf(entry("exactly-10mib.png").answer(signal));
    const again = await bodyOf(entry("exactly-10mib.png").answer(signal));
    expect(again.equals(first)).toBe(true);
  });

  it("gives same-as-forest.png the identity of forest.png, and ocean.png another", async () => {
    const [forest, same, ocean] = (await Promise.all(
      ["forest.png", "same-as-forest.png", "ocean.png"].map((name) => load(url(name))),
    )) as [FetchedImage, FetchedImage, FetchedImage];
    expect(same.sha256).toBe(forest.sha256);
    expect(ocean.sha256).not.toBe(forest.sha256);
  });

  it("serves wrong-content-type.png as text/plain, though it is a PNG", () => {
    const response = entry("wrong-content-type.png").answer(new AbortController().signal);
    expect(response.headers["content-type"]).toBe("text/plain");
  });

  it("ends slow.png's body with the signal's reason once the signal aborts", async () => {
    const controller = new AbortController();
    const iterator = entry("slow.png").answer(controller.signal).body[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    const pending = iterator.next();
    const reason = new Error("deadline");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  const messages = [
    { name: "missing.png", message: "the image host answered HTTP 404" },
    { name: "slow.png", message: "the image did not download within 150 ms" },
    {
      name: "redirect-private.png",
      message:
        "the host is a non-public address (10.0.0.5: private), after a redirect to https://10.0.0.5/x.png",
    },
    {
      name: "redirect-loop.png",
      message:
        "the image host redirected more than 3 times, after a redirect to https://images.sandbox.test/redirect-loop.png",
    },
  ];
  for (const { name, message } of messages) {
    it(`explains ${name} as "${message}"`, async () => {
      expect(await rejectionOf(load(url(name)))).toMatchObject({ message });
    });
  }

  it("ends redirect-forest.png at forest.png", async () => {
    expect((await load(url("redirect-forest.png"))).finalUrl).toBe(url("forest.png"));
  });
});

import { describe, expect, it } from "vitest";
import { builtInImages } from "../../../mock/core/images/built-in-images.ts";
import { createCatalogue, imagesFromMap } from "../../../mock/core/images/catalogue.ts";
import type { HostResponse } from "../../../mock/core/images/host-response.ts";
import { createImageLoader, pageFetchHop } from "../../../mock/core/images/image-loader.ts";
import { catalogueFile, fetchAnswering, rejectionOf } from "./support.ts";

const signal = new AbortController().signal;
const refuseAll = fetchAnswering(() => new Response(null, { status: 500 }));

async function bodyOf(response: HostResponse | null): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of response?.body ?? []) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

describe("imagesFromMap", () => {
  it("serves bytes by name as application/octet-stream, from memory", async () => {
    const mine = imagesFromMap({ "mine.png": catalogueFile("ocean.png") });
    const response = await mine.answer("mine.png", signal);
    expect(response?.status).toBe(200);
    expect(response?.headers["content-type"]).toBe("application/octet-stream");
    expect(await bodyOf(response)).toEqual(new Uint8Array(catalogueFile("ocean.png")));
    expect(await mine.answer("other.png", signal)).toBeNull();
    expect(mine.inMemory).toBe(true);
  });

  it("takes an ArrayBuffer, and keeps its own copy of what it is given", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const mine = imagesFromMap({ "a.bin": bytes, "b.bin": bytes.buffer });
    bytes.fill(9);
    expect(await bodyOf(await mine.answer("a.bin", signal))).toEqual(new Uint8Array([1, 2, 3]));
    expect(await bodyOf(await mine.answer("b.bin", signal))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("fetches a URL with the fetch it is given, as a download rather than from memory", async () => {
    const fetchImpl = fetchAnswering(() => new Response(catalogueFile("photo.jpg")));
    const mine = imagesFromMap({ "hero.jpg": "/assets/hero.jpg" }, fetchImpl);
    expect(mine.inMemory).toBe(false);
    const load = createImageLoader({
      fetchHop: pageFetchHop(refuseAll),
      catalogue: createCatalogue({ extra: mine }),
    });
    expect((await load("https://images.sandbox.test/hero.jpg")).contentType).toBe("image/jpeg");
    expect(fetchImpl.sent.map((sent) => sent.input)).toEqual(["/assets/hero.jpg"]);
  });

  it("passes on the status of a URL that does not answer 200", async () => {
    const fetchImpl = fetchAnswering(() => new Response("gone", { status: 404 }));
    const load = createImageLoader({
      fetchHop: pageFetchHop(refuseAll),
      catalogue: createCatalogue({ extra: imagesFromMap({ "hero.jpg": "/x.jpg" }, fetchImpl) }),
    });
    expect(await rejectionOf(load("https://images.sandbox.test/hero.jpg"))).toMatchObject({
      code: "IMAGE_FETCH_FAILED",
      message: "the image host answered HTTP 404",
    });
  });

  it("lists its names after the built-in ones, which win a clash", async () => {
    const catalogue = createCatalogue({
      extra: imagesFromMap({ "b.png": new Uint8Array(), "forest.png": new Uint8Array() }),
    });
    const listed = await catalogue.list();
    expect(listed.slice(builtInImages.length)).toEqual([
      {
        name: "b.png",
        url: "https://images.sandbox.test/b.png",
        description: "One of your images.",
        outcome: "depends on the file",
      },
    ]);
    const forest = await catalogue.answer(
      new URL("https://images.sandbox.test/forest.png"),
      signal,
    );
    expect(await bodyOf(forest)).toEqual(new Uint8Array(catalogueFile("forest.png")));
  });
});

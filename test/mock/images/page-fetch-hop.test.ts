import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../mock/core/errors/api-error.ts";
import { maxImageBytes } from "../../../mock/core/images/image.ts";
import { createImageLoader, pageFetchHop } from "../../../mock/core/images/image-loader.ts";
import {
  catalogueFile,
  endlessBody,
  fetchAnswering,
  redirectedTo,
  rejectionOf,
} from "./support.ts";

const forest = catalogueFile("forest.png");
const url = "https://cdn.example.com/a.png";

/** A body that hands over 1 MiB each time it is read, for ever, noting when it is cancelled. */
function floodBody() {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(new Uint8Array(1024 * 1024));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return Object.assign(state, { stream });
}

describe("the image loader over the page's fetch", () => {
  it("downloads, sniffs and hashes an image as the Node host does", async () => {
    const load = createImageLoader({
      fetchHop: pageFetchHop(fetchAnswering(() => new Response(forest))),
    });
    expect(await load(url)).toEqual({
      bytes: new Uint8Array(forest),
      contentType: "image/png",
      extension: "png",
      sha256: createHash("sha256").update(forest).digest("hex"),
      size: forest.length,
      sourceUrl: url,
      finalUrl: url,
    });
  });

  it("gives the URL the browser's redirects ended at as the final URL", async () => {
    const final = "https://cdn.example.com/b.png";
    const fetchImpl = fetchAnswering(() => redirectedTo(final, forest));
    const image = await createImageLoader({ fetchHop: pageFetchHop(fetchImpl) })(url);
    expect(image.finalUrl).toBe(final);
  });

  it("refuses an image the browser's redirects fetched over plain http, and ends its body", async () => {
    const body = endlessBody([forest]);
    const fetchImpl = fetchAnswering(() =>
      redirectedTo("http://cdn.example.com/b.png", body.stream),
    );
    const error = await rejectionOf(createImageLoader({ fetchHop: pageFetchHop(fetchImpl) })(url));
    expect(error).toMatchObject({
      code: "IMAGE_FETCH_FAILED",
      message: "the image host redirected to a non-https URL (http://cdn.example.com/b.png)",
    });
    expect(body.cancelled).toBe(true);
  });

  it("cuts off a body that streams past 10 MiB, and ends it", async () => {
    const body = floodBody();
    const load = createImageLoader({
      fetchHop: pageFetchHop(fetchAnswering(() => new Response(body.stream))),
    });
    expect(await rejectionOf(load(url))).toMatchObject({
      code: "IMAGE_TOO_LARGE",
      message: `the image is larger than ${maxImageBytes} bytes`,
    });
    expect(body.cancelled).toBe(true);
  });

  it("waits for a download slot before it fetches, and answers 503 when the queue is full", async () => {
    const bodies: Array<ReturnType<typeof endlessBody>> = [];
    const fetchImpl = fetchAnswering(() => {
      const body = endlessBody([]);
      bodies.push(body);
      return new Response(body.stream);
    });
    const load = createImageLoader({
      fetchHop: pageFetchHop(fetchImpl),
      maxImageDownloads: 1,
      deadlineMs: 60_000,
    });
    const holding = new AbortController();
    const first = load(url, holding.signal).catch((error: unknown) => error);
    const second = new AbortController();
    const waiting = load(url, second.signal).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fetchImpl.sent).toHaveLength(1);
    expect(await rejectionOf(load(url))).toBeInstanceOf(ApiError);

    holding.abort(new Error("the client hung up"));
    await first;
    expect(bodies[0]?.cancelled).toBe(true);
    second.abort(new Error("the client hung up"));
    await waiting;
  });

  it("answers the catalogue's names without the page's fetch", async () => {
    const fetchImpl = fetchAnswering(() => new Response(null, { status: 500 }));
    const load = createImageLoader({ fetchHop: pageFetchHop(fetchImpl) });
    expect((await load("https://images.sandbox.test/forest.png")).contentType).toBe("image/png");
    expect(fetchImpl.sent).toEqual([]);
  });
});

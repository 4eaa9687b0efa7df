import { describe, expect, it } from "vitest";
import { pageFetch } from "../../../mock/core/images/page-fetch.ts";
import { endlessBody, fetchAnswering, redirectedTo, rejectionOf } from "./support.ts";

const url = "https://cdn.example.com/a.png";
const open = () => new AbortController().signal;

describe("pageFetch", () => {
  it("sends a GET as a page would: redirects followed, no cookies, the caller's signal", async () => {
    const fetchImpl = fetchAnswering(() => new Response("x"));
    const signal = open();
    await pageFetch(fetchImpl, url, signal);
    expect(fetchImpl.sent).toEqual([
      { input: url, init: { signal, redirect: "follow", credentials: "omit" } },
    ]);
  });

  it("answers the status, the headers in lower case and the body as it streams", async () => {
    const body = endlessBody([new Uint8Array([1, 2]), new Uint8Array([3])]);
    const fetchImpl = fetchAnswering(
      () => new Response(body.stream, { status: 203, headers: { "Content-Type": "image/png" } }),
    );
    const response = await pageFetch(fetchImpl, url, open());
    expect(response.status).toBe(203);
    expect(response.headers).toEqual({ "content-type": "image/png" });
    expect(response.url).toBeUndefined();
    const iterator = response.body[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(new Uint8Array([1, 2]));
    expect((await iterator.next()).value).toEqual(new Uint8Array([3]));
  });

  it("ends the body on close, even while a read waits for more", async () => {
    const body = endlessBody([]);
    const response = await pageFetch(
      fetchAnswering(() => new Response(body.stream)),
      url,
      open(),
    );
    const pending = response.body[Symbol.asyncIterator]().next();
    response.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(body.cancelled).toBe(true);
  });

  it("says where the browser ended when it followed redirects", async () => {
    const final = "https://cdn.example.com/b.png";
    const response = await pageFetch(
      fetchAnswering(() => redirectedTo(final)),
      url,
      open(),
    );
    expect(response.url).toBe(final);
  });

  it("turns a refused fetch (CORS, network) into IMAGE_FETCH_FAILED", async () => {
    const fetchImpl: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    expect(await rejectionOf(pageFetch(fetchImpl, url, open()))).toMatchObject({
      code: "IMAGE_FETCH_FAILED",
      detailType: "fetch_failed",
      message:
        "the browser refused the request or could not reach the image host (CORS, or the network: Failed to fetch)",
    });
  });

  it("throws the signal's reason when the caller aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("deadline");
    const fetchImpl: typeof fetch = async () => {
      controller.abort(reason);
      throw new DOMException("The operation was aborted.", "AbortError");
    };
    expect(await rejectionOf(pageFetch(fetchImpl, url, controller.signal))).toBe(reason);
  });
});

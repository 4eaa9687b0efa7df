import request from "supertest";
import { describe, expect, it } from "vitest";
import { buildSandbox, type SandboxOptions } from "../../../mock/build-sandbox.ts";
import type { ImageLoader } from "../../../mock/core/images/image.ts";
import { createSandbox } from "../../../mock/server.ts";
import { conversationIn } from "../../support/conversation-in.ts";
import { fakeImageLoader } from "../../support/fake-image-loader.ts";

const auth = { authorization: "Bearer sk_sandbox_alice" };
const path = (id: string) => `/v1/conversations/${id}/background`;
const forest = { image_url: "https://img.test/forest.png" };
const images = fakeImageLoader({
  "forest.png": { bytes: "forest" },
  "ocean.png": { bytes: "ocean" },
});

function sandbox(options: SandboxOptions = {}) {
  const built = buildSandbox({ logLevel: "silent", loadImage: images, ...options });
  const api = request(built.app);
  const health = async () => (await api.get("/__sandbox/health")).body as { inFlight: number };
  const reset = () => api.post("/__sandbox/reset").type("json");
  /** Resolves once `n` API calls are being answered. */
  const untilInFlight = async (n: number) => {
    while ((await health()).inFlight < n) await new Promise((r) => setTimeout(r, 5));
  };
  return { ...built, api, reset, untilInFlight };
}

/** A provider whose calls wait for `release()`, and which says when one has begun. */
function gatedProvider() {
  let reached = () => {};
  const called = new Promise<void>((resolve) => (reached = resolve));
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const wait = async () => {
    reached();
    await gate;
  };
  return { provider: { setBackground: wait, clearBackground: wait }, called, release };
}

/** A download that takes `ms` unless aborted first, and which says when it has begun. */
function slowLoader(ms: number) {
  let started = () => {};
  const downloading = new Promise<void>((resolve) => (started = resolve));
  const loadImage: ImageLoader = (url, signal) =>
    new Promise((resolve, reject) => {
      started();
      const timer = setTimeout(() => resolve(images(url)), ms);
      signal?.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  return { loadImage, downloading };
}

describe("a reset while API calls are in flight", () => {
  it("answers a call still in its latency 503, and leaves it out of the fresh journal", async () => {
    const { api, reset, untilInFlight, control, store } = sandbox();
    await api.post(path("conv_imessage")).set(auth).send(forest);
    await control.faults({ latencyMs: 1500 });
    const pending = api
      .delete(path("conv_imessage"))
      .set(auth)
      .then((r) => r);
    await untilInFlight(1);
    expect((await reset()).status).toBe(204);
    const answer = await pending;
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("1");
    expect((await control.journal()).entries).toEqual([]);
    expect(await conversationIn(store, "conv_imessage")).toMatchObject({ version: 0 });
  });

  it("never logs as ok an upload that a reset kept from being committed", async () => {
    const gated = gatedProvider();
    const { api, reset, control, store } = sandbox({ provider: gated.provider });
    const pending = api
      .post(path("conv_imessage"))
      .set(auth)
      .send(forest)
      .then((r) => r);
    await gated.called;
    expect((await reset()).status).toBe(204);
    gated.release();
    expect((await pending).status).toBe(503);
    expect((await control.providerLog()).entries).toEqual([]);
    expect((await control.journal()).entries).toEqual([]);
    expect(await conversationIn(store, "conv_imessage")).toMatchObject({
      version: 0,
      background: null,
    });
  });

  it("stops a download in flight, so no provider call follows the reset", async () => {
    const { loadImage: slow, downloading } = slowLoader(1500);
    const { api, reset, control, store } = sandbox({ loadImage: slow });
    const pending = api
      .post(path("conv_imessage"))
      .set(auth)
      .send(forest)
      .then((r) => r);
    await downloading;
    await reset();
    const answer = await pending;
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect((await control.providerLog()).entries).toEqual([]);
    expect(await conversationIn(store, "conv_imessage")).toMatchObject({ version: 0 });
  });

  it("journals and logs the calls that arrive after the reset", async () => {
    const { api, reset, control } = sandbox();
    await api.post(path("conv_imessage")).set(auth).send(forest);
    await reset();
    await api.post(path("conv_imessage")).set(auth).send(forest);
    expect((await control.journal()).entries).toHaveLength(1);
    expect((await control.providerLog()).entries).toMatchObject([{ action: "upload", ok: true }]);
  });
});

describe("closing a listening sandbox while an API call is in flight", () => {
  it("stops the call's work when the grace ends, so nothing reaches the provider after its 503", async () => {
    const { loadImage: slow, downloading } = slowLoader(300);
    const sandbox = await createSandbox({ port: 0, logLevel: "silent", loadImage: slow });
    const pending = fetch(`${sandbox.url}${path("conv_imessage")}`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(forest),
    });
    await downloading;
    const closed = sandbox.close(50);
    const answer = await pending;
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("1");
    await closed;
    // Past the moment the download would have finished on its own.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await sandbox.providerLog.page()).entries).toEqual([]);
    expect(await conversationIn(sandbox.store, "conv_imessage")).toMatchObject({
      version: 0,
      background: null,
    });
  });
});

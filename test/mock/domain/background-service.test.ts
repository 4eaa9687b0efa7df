import { describe, expect, it } from "vitest";
import { withBackground } from "../../../mock/core/domain/background.ts";
import { createBackgroundService } from "../../../mock/core/domain/background-service.ts";
import { ApiError } from "../../../mock/core/errors/api-error.ts";
import { ImageError } from "../../../mock/core/images/image.ts";
import { createFakeProvider } from "../../../mock/core/provider/fake-provider.ts";
import {
  type Provider,
  ProviderError,
  type ProviderUpload,
} from "../../../mock/core/provider/provider.ts";
import {
  createProviderLog,
  recordingProvider,
} from "../../../mock/core/provider/recording-provider.ts";
import { createMemoryStore } from "../../../mock/core/store/memory-store.ts";
import type { Conversation } from "../../../mock/core/store/records.ts";
import { defaultSeed, loadSeed } from "../../../mock/core/store/seed.ts";
import type { Store } from "../../../mock/core/store/store.ts";
import { conversationIn } from "../../support/conversation-in.ts";
import { fakeImageLoader } from "../../support/fake-image-loader.ts";

const alice = "acct_alice";
const img = (name: string) => `https://img.test/${name}`;

function setup(options: { failProvider?: () => boolean } = {}) {
  const store = createMemoryStore();
  loadSeed(store, defaultSeed, new Date("2026-01-01T00:00:00Z"));
  const uploads: ProviderUpload[] = [];
  const clears: string[] = [];
  const provider: Provider = {
    async setBackground(upload) {
      await new Promise((resolve) => setImmediate(resolve));
      if (options.failProvider?.()) throw new ProviderError("provider answered HTTP 500");
      uploads.push(upload);
    },
    async clearBackground(clear) {
      if (options.failProvider?.()) throw new ProviderError("provider answered HTTP 500");
      clears.push(clear.conversationId);
    },
  };
  let ids = 0;
  const loadImage = fakeImageLoader({
    "forest.png": { bytes: "forest" },
    "forest-copy.png": { bytes: "forest" },
    "ocean.png": { bytes: "ocean" },
    "big.png": {
      fail: new ImageError(
        "IMAGE_TOO_LARGE",
        "the image is larger than 10485760 bytes.",
        "too_large",
      ),
    },
  });
  const service = createBackgroundService({
    store,
    loadImage,
    provider,
    newBackgroundId: () => `bg_${String(++ids).padStart(15, "0")}`,
    now: () => new Date("2026-01-02T00:00:00Z"),
  });
  return { store, service, uploads, clears, loadImage };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("the background service", () => {
  it("commits a new background's bytes with it, and lets them go once it is removed", async () => {
    const { service, store, loadImage } = setup();
    await service.setBackground(alice, "conv_imessage", img("forest.png"));
    const forest = await loadImage(img("forest.png"));
    const kept = await store.readImage(forest.sha256);
    expect(kept?.contentType).toBe("image/png");
    expect(new TextDecoder().decode(kept?.bytes)).toBe("forest");
    await service.removeBackground(alice, "conv_imessage");
    expect(await store.readImage(forest.sha256)).toBeUndefined();
  });

  it("walks a conversation through set, no-op, replace, remove and set again", async () => {
    const { service, uploads, clears, store } = setup();
    const first = await service.setBackground(alice, "conv_imessage", img("forest.png"));
    expect(first).toEqual({
      conversationId: "conv_imessage",
      channel: "iMessage",
      hasBackground: true,
      changed: true,
      backgroundId: "bg_000000000000001",
      backgroundVersion: 1,
    });
    const again = await service.setBackground(alice, "conv_imessage", img("forest.png"));
    expect(again).toEqual({ ...first, changed: false });
    const copy = await service.setBackground(alice, "conv_imessage", img("forest-copy.png"));
    expect(copy).toEqual({ ...first, changed: false });
    const ocean = await service.setBackground(alice, "conv_imessage", img("ocean.png"));
    expect(ocean).toMatchObject({
      changed: true,
      backgroundId: "bg_000000000000002",
      backgroundVersion: 2,
    });
    await service.removeBackground(alice, "conv_imessage");
    await service.removeBackground(alice, "conv_imessage");
    expect(await conversationIn(store, "conv_imessage")).toMatchObject({
      version: 3,
      background: null,
    });
    const after = await service.setBackground(alice, "conv_imessage", img("forest.png"));
    expect(after).toMatchObject({
      changed: true,
      backgroundId: "bg_000000000000003",
      backgroundVersion: 4,
    });
    expect(uploads.map((u) => u.image.sha256.slice(0, 8))).toHaveLength(3);
    expect(clears).toEqual(["conv_imessage"]);
    expect(
      (await conversationIn(store, "conv_imessage"))?.history.map((h) => [h.version, h.action]),
    ).toEqual([
      [1, "set"],
      [2, "set"],
      [3, "remove"],
      [4, "set"],
    ]);
  });

  it("sends the provider the bytes, sniffed type, a filename and the recipient's iOS version", async () => {
    const { service, uploads } = setup();
    await service.setBackground(alice, "conv_imessage_ios17", img("forest.png"));
    expect(uploads[0]).toMatchObject({
      conversationId: "conv_imessage_ios17",
      recipientIosVersion: 17,
      image: { contentType: "image/png", filename: "background.png", size: 6 },
    });
    expect(uploads[0]?.image.bytes.toString()).toBe("forest");
  });

  const refusals = [
    {
      given: "another account's conversation",
      id: "conv_bob",
      url: "forest.png",
      code: "CONVERSATION_NOT_FOUND",
      status: 404,
    },
    {
      given: "an unknown conversation",
      id: "conv_nope",
      url: "forest.png",
      code: "CONVERSATION_NOT_FOUND",
      status: 404,
    },
    {
      given: "an SMS conversation",
      id: "conv_sms",
      url: "forest.png",
      code: "CHANNEL_NOT_SUPPORTED",
      status: 400,
    },
    {
      given: "an image that is too large",
      id: "conv_imessage",
      url: "big.png",
      code: "IMAGE_TOO_LARGE",
      status: 422,
    },
    {
      given: "an image that cannot be fetched",
      id: "conv_imessage",
      url: "gone.png",
      code: "IMAGE_FETCH_FAILED",
      status: 422,
    },
  ];
  for (const { given, id, url, code, status } of refusals) {
    it(`refuses to set on ${given} with ${status} ${code}`, async () => {
      const { service, uploads } = setup();
      const error = await rejection(service.setBackground(alice, id, img(url)));
      expect([error.status, error.code]).toEqual([status, code]);
      expect(uploads).toEqual([]);
    });
  }

  it("names image_url in the details of an image failure", async () => {
    const { service } = setup();
    const error = await rejection(service.setBackground(alice, "conv_imessage", img("big.png")));
    expect(error.details).toEqual([
      {
        field: "image_url",
        message: "the image is larger than 10485760 bytes.",
        type: "too_large",
      },
    ]);
  });

  it("does not download the image for a conversation it will refuse", async () => {
    const { service, loadImage } = setup();
    await rejection(service.setBackground(alice, "conv_sms", img("forest.png")));
    await rejection(service.setBackground(alice, "conv_bob", img("forest.png")));
    expect(loadImage.loads).toBe(0);
  });

  it("refuses to remove on another account's or an SMS conversation", async () => {
    const { service } = setup();
    expect((await rejection(service.removeBackground(alice, "conv_bob"))).status).toBe(404);
    expect((await rejection(service.removeBackground(alice, "conv_sms"))).status).toBe(400);
  });

  it("answers 502 and changes nothing when the provider fails a set or a remove", async () => {
    let fail = false;
    const { service, store } = setup({ failProvider: () => fail });
    await service.setBackground(alice, "conv_imessage", img("forest.png"));
    const before = structuredClone(await conversationIn(store, "conv_imessage"));
    fail = true;
    expect(
      (await rejection(service.setBackground(alice, "conv_imessage", img("ocean.png")))).code,
    ).toBe("PROVIDER_ERROR");
    expect((await rejection(service.removeBackground(alice, "conv_imessage"))).code).toBe(
      "PROVIDER_ERROR",
    );
    expect(await conversationIn(store, "conv_imessage")).toEqual(before);
  });

  it("answers 503 and keeps the fresh state when a reset lands while the provider is called", async () => {
    const store = createMemoryStore();
    loadSeed(store, defaultSeed, new Date(0));
    let reached = () => {};
    const atProvider = new Promise<void>((resolve) => (reached = resolve));
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const service = createBackgroundService({
      store,
      loadImage: fakeImageLoader({ "forest.png": { bytes: "forest" } }),
      provider: {
        setBackground: async () => {
          reached();
          await gate;
        },
        clearBackground: async () => {},
      },
      newBackgroundId: () => "bg_000000000000001",
      now: () => new Date(0),
    });
    const pending = rejection(service.setBackground(alice, "conv_imessage", img("forest.png")));
    await atProvider;
    loadSeed(store, defaultSeed, new Date(0));
    release();
    expect((await pending).status).toBe(503);
    expect(await conversationIn(store, "conv_imessage")).toMatchObject({
      version: 0,
      background: null,
    });
  });

  it("serialises 50 concurrent sets so versions have no gap or duplicate", async () => {
    const { service, uploads, store } = setup();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        service.setBackground(
          alice,
          "conv_imessage",
          img(i % 2 === 0 ? "forest.png" : "ocean.png"),
        ),
      ),
    );
    const changed = answers.filter((a) => a.changed);
    const history = (await conversationIn(store, "conv_imessage"))?.history ?? [];
    expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i + 1));
    expect(changed.map((a) => a.backgroundVersion)).toEqual(history.map((h) => h.version));
    expect(uploads).toHaveLength(changed.length);
    expect(new Set(changed.map((a) => a.backgroundId)).size).toBe(changed.length);
  });
});

describe("a commit that loses to another writer on a shared store", () => {
  /**
   * A store shared with another process: just before this service's next commit lands,
   * the other process commits `theirs` to the same conversation.
   */
  function raced(theirs: (current: Conversation) => Conversation) {
    const inner = createMemoryStore();
    let armed = true;
    const store: Store = {
      ...inner,
      async commit(snapshot, next) {
        if (armed) {
          armed = false;
          const other = await inner.readConversation(next.id);
          if (other) await inner.commit(other, theirs(other.conversation));
        }
        return inner.commit(snapshot, next);
      },
    };
    return { store, inner };
  }

  function serviceOn(store: Store) {
    const log = createProviderLog();
    const provider = recordingProvider(createFakeProvider(), log);
    let ids = 0;
    const service = createBackgroundService({
      store,
      loadImage: fakeImageLoader({
        "forest.png": { bytes: "forest" },
        "ocean.png": { bytes: "ocean" },
      }),
      provider,
      newBackgroundId: () => `bg_${String(++ids).padStart(15, "0")}`,
      now: () => new Date("2026-01-02T00:00:00Z"),
    });
    return { service, log };
  }

  const background = (sha: string) => ({
    id: "bg_other000000000",
    sha256: sha,
    contentType: "image/png" as const,
    size: 6,
    sourceUrl: "https://img.test/other.png",
    setAt: "2026-01-02T00:00:00.000Z",
  });

  it("answers a no-op when the winner set the same bytes, and marks its own upload superseded", async () => {
    const forestSha = (await fakeImageLoader({ "f.png": { bytes: "forest" } })(img("f.png")))
      .sha256;
    const { store, inner } = raced((c) => withBackground(c, background(forestSha)));
    await loadSeed(store, defaultSeed, new Date(0));
    const { service, log } = serviceOn(store);
    const answer = await service.setBackground(alice, "conv_imessage", img("forest.png"));
    expect(answer).toMatchObject({
      changed: false,
      backgroundVersion: 1,
      backgroundId: "bg_other000000000",
    });
    expect(await conversationIn(inner, "conv_imessage")).toMatchObject({ version: 1 });
    expect((await log.page()).entries).toMatchObject([
      { action: "upload", ok: true, superseded: true },
    ]);
  });

  it("tries again from the winner's version when it set other bytes: versions stay gapless", async () => {
    const { store, inner } = raced((c) => withBackground(c, background("0".repeat(64))));
    await loadSeed(store, defaultSeed, new Date(0));
    const { service, log } = serviceOn(store);
    const answer = await service.setBackground(alice, "conv_imessage", img("ocean.png"));
    expect(answer).toMatchObject({ changed: true, backgroundVersion: 2 });
    const conversation = await conversationIn(inner, "conv_imessage");
    expect(conversation?.history.map((h) => h.version)).toEqual([1, 2]);
    expect((await log.page()).entries.map((e) => e.superseded ?? false)).toEqual([true, false]);
  });

  it("answers 503, writing nothing, when the store was reset since the read", async () => {
    const inner = createMemoryStore();
    await loadSeed(inner, defaultSeed, new Date(0));
    const store: Store = {
      ...inner,
      async commit(snapshot, next) {
        await loadSeed(inner, defaultSeed, new Date(0));
        return inner.commit(snapshot, next);
      },
    };
    const { service } = serviceOn(store);
    const error = await rejection(service.setBackground(alice, "conv_imessage", img("ocean.png")));
    expect(error.status).toBe(503);
    expect(error.headers["Retry-After"]).toBe("1");
    expect(await conversationIn(inner, "conv_imessage")).toMatchObject({ version: 0 });
  });

  it("gives up with a retry-safe 503 when another writer wins every time", async () => {
    const inner = createMemoryStore();
    await loadSeed(inner, defaultSeed, new Date(0));
    const store: Store = { ...inner, commit: async () => "conflict" };
    const { service, log } = serviceOn(store);
    const error = await rejection(service.setBackground(alice, "conv_imessage", img("ocean.png")));
    expect(error.status).toBe(503);
    expect(error.message).toContain("kept changing");
    expect((await log.page()).entries).toHaveLength(5);
    expect((await log.page()).entries.every((e) => e.superseded === true)).toBe(true);
  });
});

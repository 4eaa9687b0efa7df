import { describe, expect, it } from "vitest";
import { withBackground, withoutBackground } from "../../../mock/core/domain/background.ts";
import { createMemoryStore } from "../../../mock/core/store/memory-store.ts";
import type { Background } from "../../../mock/core/store/records.ts";
import { defaultSeed, loadSeed } from "../../../mock/core/store/seed.ts";
import type { Store, StoredImage } from "../../../mock/core/store/store.ts";

const at = new Date("2026-01-02T00:00:00Z");

function image(fill: number, size = 4): StoredImage {
  return {
    sha256: String(fill).repeat(64).slice(0, 64),
    contentType: "image/png",
    bytes: new Uint8Array(size).fill(fill),
  };
}

function background(kept: StoredImage): Background {
  return {
    id: `bg_${kept.sha256.slice(0, 15)}`,
    sha256: kept.sha256,
    contentType: kept.contentType,
    size: kept.bytes.length,
    sourceUrl: "https://img.test/x.png",
    setAt: at.toISOString(),
  };
}

/** Sets `kept` as the background of `id`, committed with its bytes. */
async function set(store: Store, id: string, kept: StoredImage) {
  const snapshot = await store.readConversation(id);
  if (!snapshot) throw new Error(`no ${id}`);
  return store.commit(snapshot, withBackground(snapshot.conversation, background(kept)), kept);
}

async function remove(store: Store, id: string) {
  const snapshot = await store.readConversation(id);
  if (!snapshot) throw new Error(`no ${id}`);
  return store.commit(snapshot, withoutBackground(snapshot.conversation, at));
}

async function seeded(options: Parameters<typeof createMemoryStore>[0] = {}) {
  const store = createMemoryStore(options);
  await loadSeed(store, defaultSeed, at);
  return store;
}

describe("the memory store's images", () => {
  it("keeps the bytes of a background committed with its conversation, by their SHA-256", async () => {
    const store = await seeded();
    const one = image(1);
    expect(await set(store, "conv_imessage", one)).toBe("committed");
    expect(await store.readImage(one.sha256)).toEqual(one);
  });

  it("keeps one copy for two conversations with the same bytes, until neither has it", async () => {
    const store = await seeded();
    const one = image(1);
    await set(store, "conv_imessage", one);
    await set(store, "conv_bob", one);
    await remove(store, "conv_imessage");
    expect(await store.readImage(one.sha256)).toEqual(one);
    await set(store, "conv_bob", image(2));
    expect(await store.readImage(one.sha256)).toBeUndefined();
    expect(await store.readImage(image(2).sha256)).toEqual(image(2));
  });

  it("lets a removed conversation's bytes go, unless another conversation has the same", async () => {
    const store = createMemoryStore();
    await loadSeed(store, defaultSeed, at);
    const shared = image(7);
    const own = image(8);
    await set(store, "conv_imessage", shared);
    await set(store, "conv_bob", shared);
    await set(store, "conv_imessage_group", own);
    expect(await store.removeConversation("conv_imessage")).toBe(true);
    expect(await store.removeConversation("conv_imessage_group")).toBe(true);
    expect(await store.readImage(shared.sha256)).toEqual(shared);
    expect(await store.readImage(own.sha256)).toBeUndefined();
    expect(await store.readConversation("conv_imessage")).toBeUndefined();
    expect(await store.removeConversation("conv_imessage")).toBe(false);
  });

  it("keeps nothing for a commit that lost", async () => {
    const store = await seeded();
    const stale = await store.readConversation("conv_imessage");
    await set(store, "conv_imessage", image(1));
    if (!stale) throw new Error("no conv_imessage");
    const lost = await store.commit(
      stale,
      withBackground(stale.conversation, background(image(2))),
      image(2),
    );
    expect(lost).toBe("conflict");
    expect(await store.readImage(image(2).sha256)).toBeUndefined();
  });

  it("drops every image on reset", async () => {
    const store = await seeded();
    await set(store, "conv_imessage", image(1));
    await loadSeed(store, defaultSeed, at);
    expect(await store.readImage(image(1).sha256)).toBeUndefined();
  });

  it("lets the least recently set bytes go past its limit, and the background stays", async () => {
    const store = await seeded({ maxKeptImageBytes: 10 });
    await set(store, "conv_imessage", image(1, 4));
    await set(store, "conv_imessage_group", image(2, 4));
    await set(store, "conv_bob", image(3, 4));
    expect(await store.readImage(image(1, 4).sha256)).toBeUndefined();
    expect(await store.readImage(image(2, 4).sha256)).toBeDefined();
    expect(await store.readImage(image(3, 4).sha256)).toBeDefined();
    expect((await store.readConversation("conv_imessage"))?.conversation.background?.sha256).toBe(
      image(1, 4).sha256,
    );
  });

  it("keeps no bytes larger than its whole limit", async () => {
    const store = await seeded({ maxKeptImageBytes: 3 });
    await set(store, "conv_imessage", image(1, 4));
    expect(await store.readImage(image(1, 4).sha256)).toBeUndefined();
  });
});

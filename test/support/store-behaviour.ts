import { beforeEach, describe, expect, it } from "vitest";
import { withBackground, withoutBackground } from "../../mock/core/domain/background.ts";
import type { JournalEntry } from "../../mock/core/http/journal.ts";
import { defaultFaultSettings } from "../../mock/core/sandbox/faults.ts";
import type { Background } from "../../mock/core/store/records.ts";
import {
  conversationFromSeed,
  defaultSeed,
  loadSeed,
  seedRecords,
} from "../../mock/core/store/seed.ts";
import { type Store, type StoredImage, StoreRefusal } from "../../mock/core/store/store.ts";

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

/** Makes a fresh, empty store of the kind under test, keeping at most `maxKeptImageBytes`. */
export type MakeStore = (maxKeptImageBytes?: number) => Promise<Store>;

/**
 * What every {@link Store} must do, whatever keeps its state: the same tests run against the
 * memory store and the Redis store. With `skip`, each test is skipped with that reason.
 */
export function describeStoreBehaviour(label: string, make: MakeStore, skip?: string): void {
  // A store whose server is missing skips each test with how to install it.
  beforeEach((ctx) => {
    if (skip !== undefined) ctx.skip(skip);
  });
  async function seeded(maxKeptImageBytes?: number) {
    const store = await make(maxKeptImageBytes);
    await loadSeed(store, defaultSeed, at);
    return store;
  }

  describe(`the ${label} store's images`, () => {
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
      const store = await seeded();
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
      const store = await seeded(10);
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
      const store = await seeded(3);
      await set(store, "conv_imessage", image(1, 4));
      expect(await store.readImage(image(1, 4).sha256)).toBeUndefined();
    });
  });

  describe(`the ${label} store's conversations`, () => {
    it("commits by compare-and-set: a snapshot whose version moved on conflicts, one from before a reset is refused", async () => {
      const store = await seeded();
      const first = await store.readConversation("conv_imessage");
      if (!first) throw new Error("no conv_imessage");
      expect(await set(store, "conv_imessage", image(1))).toBe("committed");
      const next = withBackground(first.conversation, background(image(2)));
      expect(await store.commit(first, next, image(2))).toBe("conflict");
      const before = await store.readConversation("conv_imessage");
      if (!before) throw new Error("no conv_imessage");
      await loadSeed(store, defaultSeed, at);
      const late = withBackground(before.conversation, background(image(3)));
      expect(await store.commit(before, late, image(3))).toBe("reset");
      expect((await store.readConversation("conv_imessage"))?.conversation.version).toBe(0);
    });

    it("reads what was committed, version, background and history", async () => {
      const store = await seeded();
      await set(store, "conv_imessage", image(1));
      await remove(store, "conv_imessage");
      const read = await store.readConversation("conv_imessage");
      expect(read?.conversation.version).toBe(2);
      expect(read?.conversation.background).toBeNull();
      expect(read?.conversation.history.map((entry) => entry.action)).toEqual(["set", "remove"]);
    });

    it("finds accounts by key and id, and lists accounts and conversations in seed order", async () => {
      const store = await seeded();
      expect((await store.findAccountByKey("sk_sandbox_alice"))?.id).toBe("acct_alice");
      expect((await store.findAccount("acct_bob"))?.apiKey).toBe("sk_sandbox_bob");
      expect(await store.findAccountByKey("sk_nobody")).toBeUndefined();
      expect((await store.accounts()).map((account) => account.id)).toEqual(
        defaultSeed.accounts.map((account) => account.id),
      );
      const seededIds = defaultSeed.accounts.flatMap((account) =>
        account.conversations.map((conversation) => conversation.id),
      );
      expect((await store.conversations()).map((c) => c.id)).toEqual(seededIds);
      expect(await store.countConversations()).toBe(seededIds.length);
    });

    it("adds a conversation last, and refuses a taken id, an unknown account and one past the limit", async () => {
      const store = await seeded();
      const count = await store.countConversations();
      const fresh = conversationFromSeed({ id: "conv_new", channel: "imessage" }, "acct_alice", at);
      await store.addConversation(fresh, count + 1);
      expect((await store.conversations()).at(-1)?.id).toBe("conv_new");
      await expect(store.addConversation(fresh, 100)).rejects.toThrow(StoreRefusal);
      const stranger = conversationFromSeed({ id: "conv_x", channel: "sms" }, "acct_nobody", at);
      await expect(store.addConversation(stranger, 100)).rejects.toThrow(/acct_nobody/);
      const over = conversationFromSeed({ id: "conv_y", channel: "sms" }, "acct_alice", at);
      await expect(store.addConversation(over, count + 1)).rejects.toThrow(/limit/);
    });

    it("refuses a seed with two accounts of one key, and keeps what it held", async () => {
      const store = await seeded();
      const twice = [
        { id: "acct_a", name: "A", apiKey: "sk_same_key" },
        { id: "acct_b", name: "B", apiKey: "sk_same_key" },
      ];
      await expect(store.reset(twice, [])).rejects.toThrow(StoreRefusal);
    });

    it("keeps its state when opened again, and is seeded when opened empty", async () => {
      const store = await make();
      const { accounts, conversations } = seedRecords(defaultSeed, at);
      expect(await store.open(accounts, conversations)).toBe("seeded");
      expect(await store.epoch()).toBeGreaterThan(0);
      await set(store, "conv_imessage", image(1));
      const kept = await store.open(accounts, conversations);
      if (label === "memory") {
        // Memory has nothing to keep from one process to the next: it is seeded every time.
        expect(kept).toBe("seeded");
      } else {
        expect(kept).toBe("kept");
        expect((await store.readConversation("conv_imessage"))?.conversation.version).toBe(1);
      }
    });
  });

  describe(`the ${label} store's logs and faults`, () => {
    const entry = (path: string): Omit<JournalEntry, "seq"> => ({
      at: at.toISOString(),
      method: "POST",
      path,
      status: 200,
      durationMs: 1,
      accountId: "acct_alice",
      code: null,
      imageUrl: null,
      fault: null,
    });

    it("numbers entries, keeps the newest within the limit and counts the dropped", async () => {
      const store = await seeded();
      const log = store.log<JournalEntry>("journal", 2);
      for (const path of ["/a", "/b", "/c"]) await log.append(entry(path));
      const page = await log.page();
      expect(page.entries.map((e) => [e.seq, e.path])).toEqual([
        [2, "/b"],
        [3, "/c"],
      ]);
      expect([page.dropped, page.limit]).toEqual([1, 2]);
      expect(Object.isFrozen(page.entries[0])).toBe(true);
    });

    it("appends nothing for an event begun before a reset, empties on reset and never reuses a seq", async () => {
      const store = await seeded();
      const log = store.log<JournalEntry>("journal", 10);
      const before = await log.epoch();
      await log.append(entry("/a"), before);
      await loadSeed(store, defaultSeed, at);
      expect(await log.append(entry("/late"), before)).toBeUndefined();
      expect((await log.page()).entries).toEqual([]);
      const next = await log.append(entry("/b"), await log.epoch());
      expect(next?.seq).toBe(2);
    });

    it("replaces a kept entry by its seq, and nothing once it was dropped", async () => {
      const store = await seeded();
      const log = store.log<JournalEntry>("journal", 1);
      const first = await log.append(entry("/a"));
      if (!first) throw new Error("not appended");
      await log.replace({ ...first, status: 503 });
      expect((await log.page()).entries[0]?.status).toBe(503);
      await log.append(entry("/b"));
      await log.replace({ ...first, status: 418 });
      expect((await log.page()).entries.map((e) => [e.path, e.status])).toEqual([["/b", 200]]);
    });

    it("keeps armed faults, uses each up once, and forgets them on reset", async () => {
      const store = await seeded();
      const base = { ...defaultFaultSettings, rateLimitNext: 1 };
      await store.faults.write({ serverErrorNext: 1, retryAfterSeconds: 9 });
      const keys = ["rateLimitNext", "serverErrorNext"] as const;
      const taken = [];
      for (let i = 0; i < 3; i += 1) taken.push((await store.faults.take(keys, base)).taken);
      expect(taken).toEqual(["rateLimitNext", "serverErrorNext", undefined]);
      expect(await store.faults.read()).toEqual({
        rateLimitNext: 0,
        serverErrorNext: 0,
        retryAfterSeconds: 9,
      });
      await loadSeed(store, defaultSeed, at);
      expect(await store.faults.read()).toEqual({});
    });
  });
}

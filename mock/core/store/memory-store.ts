import { type BoundedLog, createBoundedLog } from "../sandbox/bounded-log.ts";
import type { FaultSettings } from "../sandbox/faults.ts";
import { createKeptImages, defaultMaxKeptImageBytes } from "./kept-images.ts";
import type { Account, Conversation } from "./records.ts";
import { type EntryLog, type FaultKey, type Store, StoreRefusal } from "./store.ts";

/** Options for {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * How many bytes of background images it keeps, one copy per distinct image; past it the
   * least recently set are let go. Default 128 MiB.
   */
  maxKeptImageBytes?: number;
}

/**
 * A {@link Store} in memory: what a sandbox needs, and gone when the process ends. Its
 * compare-and-set is a comparison, since nothing else can write between two awaits of one
 * call. It keeps the bytes of current backgrounds up to `maxKeptImageBytes`.
 *
 * @example
 * const store = createMemoryStore();
 * await store.reset([{ id: "acct_alice", name: "Alice", apiKey: "sk_sandbox_alice" }], []);
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const accountsById = new Map<string, Account>();
  const accountsByKey = new Map<string, Account>();
  const conversations = new Map<string, Conversation>();
  const images = createKeptImages(options.maxKeptImageBytes ?? defaultMaxKeptImageBytes);
  let epoch = 0;
  let faults: Partial<FaultSettings> = {};
  // Each log, and the bounded list under it that a reset empties.
  const logs = new Map<string, { log: unknown; clear(): void }>();

  function entryLog<T extends { seq: number }>(
    limit: number,
  ): { log: EntryLog<T>; bounded: BoundedLog<T> } {
    const bounded = createBoundedLog<T>(limit);
    const log: EntryLog<T> = {
      limit,
      async append(entry, since) {
        if (since !== undefined && since !== epoch) return undefined;
        return bounded.append(entry);
      },
      replace: async (entry) => bounded.replace(entry),
      page: async () => ({ entries: bounded.entries(), dropped: bounded.dropped, limit }),
      epoch: async () => epoch,
    };
    return { log, bounded };
  }

  function addAccount(account: Account): void {
    if (accountsById.has(account.id))
      throw new StoreRefusal(`account ${account.id} exists already`);
    if (accountsByKey.has(account.apiKey)) {
      throw new StoreRefusal(`API key of ${account.id} is taken`);
    }
    accountsById.set(account.id, account);
    accountsByKey.set(account.apiKey, account);
  }

  function addConversation(conversation: Conversation): void {
    if (conversations.has(conversation.id)) {
      throw new StoreRefusal(`Conversation ${conversation.id} exists already.`);
    }
    if (!accountsById.has(conversation.accountId)) {
      throw new StoreRefusal(`No account has the accountId ${conversation.accountId}.`);
    }
    conversations.set(conversation.id, conversation);
  }

  function fill(accounts: Account[], seeded: Conversation[]): void {
    epoch += 1;
    accountsById.clear();
    accountsByKey.clear();
    conversations.clear();
    images.clear();
    faults = {};
    for (const kept of logs.values()) kept.clear();
    for (const account of accounts) addAccount(account);
    for (const conversation of seeded) addConversation(conversation);
  }

  return {
    description: "memory",
    epoch: async () => epoch,
    log<T extends { seq: number }>(name: string, limit: number): EntryLog<T> {
      const known = logs.get(name);
      if (known) return known.log as EntryLog<T>;
      const { log, bounded } = entryLog<T>(limit);
      logs.set(name, { log, clear: () => bounded.clear() });
      return log;
    },
    faults: {
      read: async () => ({ ...faults }),
      async write(changes) {
        faults = { ...faults, ...changes };
        return { ...faults };
      },
      async take(keys, base) {
        const taken = keys.find((key: FaultKey) => (faults[key] ?? base[key]) > 0);
        if (taken !== undefined) faults[taken] = (faults[taken] ?? base[taken]) - 1;
        return { taken, changes: { ...faults } };
      },
    },
    findAccountByKey: async (apiKey) => accountsByKey.get(apiKey),
    findAccount: async (id) => accountsById.get(id),
    async readConversation(id) {
      const conversation = conversations.get(id);
      return conversation === undefined ? undefined : { conversation, epoch };
    },
    async commit(snapshot, next, image) {
      if (snapshot.epoch !== epoch) return "reset";
      const current = conversations.get(next.id);
      if (
        current === undefined ||
        current.version !== snapshot.conversation.version ||
        next.id !== snapshot.conversation.id
      ) {
        return "conflict";
      }
      conversations.set(next.id, next);
      const before = current.background?.sha256;
      const after = next.background?.sha256;
      if (before !== after) {
        if (after !== undefined) images.use(after, image);
        if (before !== undefined) images.release(before);
      }
      return "committed";
    },
    readImage: async (sha256) => images.read(sha256),
    async addConversation(conversation, limit) {
      if (!conversations.has(conversation.id) && conversations.size >= limit) {
        throw new StoreRefusal(
          `The sandbox holds ${limit} conversations, its limit; reset it to start again.`,
        );
      }
      addConversation(conversation);
    },
    async removeConversation(id) {
      const conversation = conversations.get(id);
      if (conversation === undefined) return false;
      conversations.delete(id);
      // Its background's bytes go with it unless another conversation has the same image.
      if (conversation.background) images.release(conversation.background.sha256);
      return true;
    },
    accounts: async () => [...accountsById.values()],
    conversations: async () => [...conversations.values()],
    countConversations: async () => conversations.size,
    reset: async (accounts, seeded) => fill(accounts, seeded),
    async open(accounts, seeded) {
      // Memory starts empty every time: there is never state to keep.
      fill(accounts, seeded);
      return "seeded";
    },
  };
}

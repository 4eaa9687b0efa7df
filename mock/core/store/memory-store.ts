import { createKeptImages, defaultMaxKeptImageBytes } from "./kept-images.ts";
import type { Account, Conversation } from "./records.ts";
import { type Store, StoreRefusal } from "./store.ts";

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

  return {
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
    async reset(accounts, seeded) {
      epoch += 1;
      accountsById.clear();
      accountsByKey.clear();
      conversations.clear();
      images.clear();
      for (const account of accounts) addAccount(account);
      for (const conversation of seeded) addConversation(conversation);
    },
  };
}

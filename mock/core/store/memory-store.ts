import type { Account, Conversation } from "./records.ts";
import type { Store } from "./store.ts";

/**
 * A {@link Store} in memory: what a sandbox needs, and gone when the process ends.
 *
 * @example
 * const store = createMemoryStore();
 * store.addAccount({ id: "acct_alice", name: "Alice", apiKey: "sk_sandbox_alice" });
 */
export function createMemoryStore(): Store {
  const accountsById = new Map<string, Account>();
  const accountsByKey = new Map<string, Account>();
  const conversations = new Map<string, Conversation>();

  return {
    findAccountByKey: (apiKey) => accountsByKey.get(apiKey),
    findConversation: (id) => conversations.get(id),
    addAccount(account) {
      if (accountsById.has(account.id)) throw new Error(`account ${account.id} exists already`);
      if (accountsByKey.has(account.apiKey)) throw new Error(`API key of ${account.id} is taken`);
      accountsById.set(account.id, account);
      accountsByKey.set(account.apiKey, account);
    },
    addConversation(conversation) {
      if (conversations.has(conversation.id)) {
        throw new Error(`conversation ${conversation.id} exists already`);
      }
      if (!accountsById.has(conversation.accountId)) {
        throw new Error(`account ${conversation.accountId} does not exist`);
      }
      conversations.set(conversation.id, conversation);
    },
    saveConversation(conversation) {
      if (!conversations.has(conversation.id)) {
        throw new Error(`conversation ${conversation.id} does not exist`);
      }
      conversations.set(conversation.id, conversation);
    },
    accounts: () => [...accountsById.values()],
    conversations: () => [...conversations.values()],
    clear() {
      accountsById.clear();
      accountsByKey.clear();
      conversations.clear();
    },
  };
}

import type { Account, Conversation } from "./records.ts";

/** Accounts and conversations, as one sandbox sees them. */
export interface Store {
  /** The account whose API key this is. */
  findAccountByKey(apiKey: string): Account | undefined;
  /** Any account's conversation with this id. */
  findConversation(id: string): Conversation | undefined;
  /** Adds an account; throws when its id or key is taken. */
  addAccount(account: Account): void;
  /** Adds a conversation; throws when its id is taken or its account is unknown. */
  addConversation(conversation: Conversation): void;
  /** Replaces a conversation that exists. */
  saveConversation(conversation: Conversation): void;
  accounts(): Account[];
  conversations(): Conversation[];
  /** Forgets everything. */
  clear(): void;
}

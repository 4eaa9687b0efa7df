import type { Account, Conversation } from "./records.ts";

/** A conversation as read, with what a later compare-and-set checks it against. */
export interface ConversationSnapshot {
  conversation: Conversation;
  /** How many resets the store had seen when it was read. */
  epoch: number;
}

/**
 * How a compare-and-set ended: saved; lost to another writer (the version moved on); or
 * refused because the store was reset since the read.
 */
export type CommitResult = "committed" | "conflict" | "reset";

/** What {@link Store.addConversation} refuses. */
export class StoreRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreRefusal";
  }
}

/**
 * Accounts and conversations, as one sandbox (or several sharing one store) sees them.
 * Every call is asynchronous, so a store may live outside the process; a change is saved
 * only by {@link Store.commit}, a compare-and-set on the conversation's version.
 */
export interface Store {
  /** The account whose API key this is. */
  findAccountByKey(apiKey: string): Promise<Account | undefined>;
  /** The account with this id. */
  findAccount(id: string): Promise<Account | undefined>;
  /** Any account's conversation with this id, with the snapshot a commit needs. */
  readConversation(id: string): Promise<ConversationSnapshot | undefined>;
  /**
   * Saves `next` in place of the snapshot's conversation if, and only if, the store still
   * holds that conversation at that version and has not been reset since it was read;
   * otherwise saves nothing and says why.
   */
  commit(snapshot: ConversationSnapshot, next: Conversation): Promise<CommitResult>;
  /**
   * Adds a conversation to an existing account; throws {@link StoreRefusal} when its id
   * is taken, its account unknown, or the store already holds `limit` conversations.
   */
  addConversation(conversation: Conversation, limit: number): Promise<void>;
  accounts(): Promise<Account[]>;
  /** Every conversation, in the order they were added. */
  conversations(): Promise<Conversation[]>;
  /** How many conversations there are. */
  countConversations(): Promise<number>;
  /**
   * Replaces everything with these accounts and conversations and starts a new epoch, so
   * no snapshot read before can commit.
   */
  reset(accounts: Account[], conversations: Conversation[]): Promise<void>;
}

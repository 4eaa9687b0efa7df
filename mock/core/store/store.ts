import type { ImageType } from "../images/image.ts";
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

/** The bytes of a background image, as a store keeps them: one copy per SHA-256. */
export interface StoredImage {
  /** Lowercase hex SHA-256 of `bytes`: the key the image is kept under. */
  sha256: string;
  /** Decided from the bytes. */
  contentType: ImageType;
  bytes: Uint8Array;
}

/** What {@link Store.addConversation} refuses. */
export class StoreRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreRefusal";
  }
}

/**
 * Accounts and conversations, as one sandbox (or several sharing one store) sees them, and
 * the bytes of every conversation's current background. Every call is asynchronous, so a
 * store may live outside the process; a change is saved only by {@link Store.commit}, a
 * compare-and-set on the conversation's version that saves the new background's bytes in
 * the same step.
 *
 * Images are content-addressed: one copy per SHA-256, however many conversations have it
 * as their background, kept only while at least one does. A store may keep fewer (past a
 * memory limit it documents); the backgrounds themselves are never affected.
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
   * otherwise saves nothing and says why. `image` holds the bytes of `next.background`
   * when it has bytes the conversation did not have before; they are kept together with
   * the commit (and only if it commits), and the bytes of a background it replaced or
   * removed are let go once no conversation has them.
   */
  commit(
    snapshot: ConversationSnapshot,
    next: Conversation,
    image?: StoredImage,
  ): Promise<CommitResult>;
  /**
   * The bytes of a current background, by their SHA-256; undefined when no conversation
   * has them now, or when the store let them go to stay within its limit.
   */
  readImage(sha256: string): Promise<StoredImage | undefined>;
  /**
   * Adds a conversation to an existing account; throws {@link StoreRefusal} when its id
   * is taken, its account unknown, or the store already holds `limit` conversations.
   */
  addConversation(conversation: Conversation, limit: number): Promise<void>;
  /**
   * Removes a conversation, and with it its background and history; resolves false when
   * there was none. A commit read before the removal then resolves "conflict".
   */
  removeConversation(id: string): Promise<boolean>;
  accounts(): Promise<Account[]>;
  /** Every conversation, in the order they were added. */
  conversations(): Promise<Conversation[]>;
  /** How many conversations there are. */
  countConversations(): Promise<number>;
  /**
   * Replaces everything with these accounts and conversations (and no images) and starts a
   * new epoch, so no snapshot read before can commit.
   */
  reset(accounts: Account[], conversations: Conversation[]): Promise<void>;
}

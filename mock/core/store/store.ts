import type { KeyedLock } from "../domain/keyed-lock.ts";
import type { ImageType } from "../images/image.ts";
import type { Unnumbered } from "../sandbox/bounded-log.ts";
import type { FaultSettings } from "../sandbox/faults.ts";
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
 * Thrown by a store that cannot reach where it keeps state (a Redis that went away): the
 * request answers 503 with `Retry-After`, and can be sent again.
 */
export class StoreUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreUnavailable";
  }
}

/** One page of a bounded log: the kept entries, oldest first, and how many were dropped. */
export interface EntryPage<T> {
  entries: T[];
  /** How many older entries were dropped to stay within the limit since the last reset. */
  dropped: number;
  limit: number;
}

/**
 * An append-only log kept with the state (the request journal, the provider log): it keeps
 * the newest `limit` entries, numbers each with a `seq` that is never reused, and is
 * emptied by {@link Store.reset}.
 */
export interface EntryLog<T extends { seq: number }> {
  readonly limit: number;
  /**
   * Appends an entry, numbering it, and drops the oldest past the limit. Given the
   * {@link Store.epoch} read when the entry's event began, it appends nothing (and resolves
   * undefined) if the store was reset since: that event belongs to before the reset.
   */
  append(entry: Unnumbered<T>, since?: number): Promise<T | undefined>;
  /**
   * Puts `entry` in place of the kept entry with the same `seq` (to amend what became known
   * later); does nothing when that entry was dropped or the log emptied.
   */
  replace(entry: T): Promise<void>;
  page(): Promise<EntryPage<T>>;
  /** The store's epoch, to pass to `append` once the event ends. */
  epoch(): Promise<number>;
}

/** A numeric fault setting. */
export type FaultKey = keyof FaultSettings;

/**
 * The fault settings armed since the last reset, kept with the state so that a fault armed
 * through one sandbox strikes the next call on any sandbox that shares the store. Each
 * sandbox keeps its own starting settings (its `--latency`); the store keeps changes only.
 */
export interface FaultStore {
  /** The settings changed since the last reset. */
  read(): Promise<Partial<FaultSettings>>;
  /** Changes the named settings; resolves all the changes since the last reset. */
  write(changes: Partial<FaultSettings>): Promise<Partial<FaultSettings>>;
  /**
   * Uses up one of the first of `keys` whose count (the stored one, else `base`'s) is above
   * zero, in one atomic step; resolves which, with the changes since the last reset after it.
   */
  take(
    keys: readonly FaultKey[],
    base: FaultSettings,
  ): Promise<{ taken: FaultKey | undefined; changes: Partial<FaultSettings> }>;
}

/**
 * The events of every sandbox sharing a store, for each one's `GET /__sandbox/events`: what
 * one sandbox publishes, the others' listeners get.
 */
export interface EventChannel {
  /** Hands an event to the other sandboxes that listen; costs nothing when none does. */
  publish(event: unknown): void;
  /** Whether another sandbox on the store listens now, as last learnt. */
  readonly listened: boolean;
  /** Calls `listener` with every event another sandbox publishes, until the returned function is called. */
  listen(listener: (event: unknown) => void): () => void;
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
   * Replaces everything with these accounts and conversations (no images, empty logs, no
   * armed faults) in one step, and starts a new epoch, so no snapshot read before can
   * commit and no log entry of an event begun before is appended.
   */
  reset(accounts: Account[], conversations: Conversation[]): Promise<void>;
  /**
   * Fills the store as {@link Store.reset} does, unless it already holds a sandbox's state
   * (a durable store a sandbox restarts on): then it keeps that state and resolves "kept".
   */
  open(accounts: Account[], conversations: Conversation[]): Promise<"seeded" | "kept">;
  /**
   * How many resets the store has seen: what a snapshot and a log append are checked
   * against. 0 when it holds no sandbox's state (never opened, or emptied from outside).
   */
  epoch(): Promise<number>;
  /** The bounded log of this name, created on first use with this limit. */
  log<T extends { seq: number }>(name: "journal" | "provider", limit: number): EntryLog<T>;
  /** The faults armed since the last reset. */
  faults: FaultStore;
  /**
   * A lock per conversation that holds across every sandbox sharing the store, so that only
   * one of them calls the provider for a change; absent, a lock within the process is used.
   */
  lock?: KeyedLock;
  /** Events shared with the other sandboxes on the store; absent when it is not shared. */
  events?: EventChannel;
  /** Where the store keeps state, for logs and the health route ("memory", "redis://…"). */
  readonly description: string;
  /** Lets go of connections; the state stays where it is kept. */
  close?(): Promise<void>;
}

import type { JournalEntry } from "../http/journal.ts";
import type { ProviderLogEntry } from "../provider/recording-provider.ts";
import type { EntryLog, Store } from "../store/store.ts";
import type { EventFeed } from "./event-feed.ts";
import type { FaultSettings, Faults } from "./faults.ts";

/** What `GET /__sandbox/events` reports, one event per change. */
export type SandboxEvent =
  /** A conversation's background or history changed, or it was created or removed. */
  | { type: "change"; conversationId: string }
  /** An API call was answered (what `GET /__sandbox/requests` adds). */
  | { type: "journal"; entry: JournalEntry }
  /** A provider call was made or amended (what `GET /__sandbox/provider` adds or changes). */
  | { type: "provider"; entry: ProviderLogEntry }
  /** The faults were armed, cleared or used up: their settings now. */
  | { type: "faults"; faults: FaultSettings }
  /** The sandbox went back to its seed: everything above is as at the start. */
  | { type: "reset" };

/** The parts of a sandbox whose changes are events. */
export interface Observed {
  store: Store;
  faults: Faults;
  journal: EntryLog<JournalEntry>;
  providerLog: EntryLog<ProviderLogEntry>;
}

/** A log that publishes every entry it appends or replaces. */
function observeLog<T extends { seq: number }>(
  log: EntryLog<T>,
  publish: (entry: T) => void,
): EntryLog<T> {
  return {
    limit: log.limit,
    page: () => log.page(),
    epoch: () => log.epoch(),
    async append(entry, since) {
      const full = await log.append(entry, since);
      if (full !== undefined) publish(full);
      return full;
    },
    async replace(entry) {
      await log.replace(entry);
      publish(entry);
    },
  };
}

/**
 * Wraps the store, the faults and the two logs so that each change publishes a
 * {@link SandboxEvent} on `feed`: a committed background, a conversation created or
 * removed, a journal or provider log entry, a fault armed or used up. A reset is one event
 * of its own, which its caller publishes.
 *
 * @example
 * const observed = observeSandbox({ store, faults, journal, providerLog }, feed);
 */
export function observeSandbox(parts: Observed, feed: EventFeed<SandboxEvent>): Observed {
  const { store, faults } = parts;
  const changed = (conversationId: string) => feed.publish({ type: "change", conversationId });
  const faultsNow = (settings: FaultSettings) => feed.publish({ type: "faults", faults: settings });
  return {
    store: {
      findAccountByKey: (apiKey) => store.findAccountByKey(apiKey),
      findAccount: (id) => store.findAccount(id),
      readConversation: (id) => store.readConversation(id),
      readImage: (sha256) => store.readImage(sha256),
      accounts: () => store.accounts(),
      conversations: () => store.conversations(),
      countConversations: () => store.countConversations(),
      reset: (accounts, conversations) => store.reset(accounts, conversations),
      open: (accounts, conversations) => store.open(accounts, conversations),
      epoch: () => store.epoch(),
      log: (name, limit) => store.log(name, limit),
      faults: store.faults,
      ...(store.lock === undefined ? {} : { lock: store.lock }),
      ...(store.events === undefined ? {} : { events: store.events }),
      description: store.description,
      ...(store.close === undefined ? {} : { close: () => store.close?.() ?? Promise.resolve() }),
      async commit(snapshot, next, image) {
        const result = await store.commit(snapshot, next, image);
        if (result === "committed") changed(next.id);
        return result;
      },
      async addConversation(conversation, limit) {
        await store.addConversation(conversation, limit);
        changed(conversation.id);
      },
      async removeConversation(id) {
        const removed = await store.removeConversation(id);
        if (removed) changed(id);
        return removed;
      },
    },
    faults: {
      current: () => faults.current(),
      async update(changes) {
        const settings = await faults.update(changes);
        faultsNow(settings);
        return settings;
      },
      async takeProviderFailure() {
        const taken = await faults.takeProviderFailure();
        if (taken && feed.size > 0) faultsNow(await faults.current());
        return taken;
      },
      async takeCallFault() {
        const taken = await faults.takeCallFault();
        if (taken.kind !== undefined) faultsNow(taken.settings);
        return taken;
      },
    },
    journal: observeLog(parts.journal, (entry) => feed.publish({ type: "journal", entry })),
    providerLog: observeLog(parts.providerLog, (entry) =>
      feed.publish({ type: "provider", entry }),
    ),
  };
}

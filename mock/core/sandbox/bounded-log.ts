/** An entry without its `seq`, kept apart per member of a union. */
export type Unnumbered<T> = T extends unknown ? Omit<T, "seq"> : never;

/** An append-only log that keeps the newest entries and counts the ones it dropped. */
export interface BoundedLog<T> {
  /**
   * Appends an entry, numbering it, and drops the oldest past the limit. Given the
   * {@link BoundedLog.epoch} read when the entry's event began, it appends nothing (and
   * returns undefined) if the log was cleared since: that event belongs to before the clear.
   */
  append(entry: Unnumbered<T>, since?: number): T | undefined;
  /**
   * Puts `entry` in place of the kept entry with the same `seq` (to amend what became
   * known later); does nothing when that entry was dropped or the log cleared.
   */
  replace(entry: T): void;
  /** The kept entries, oldest first. */
  entries(): T[];
  /** How many entries are kept now. */
  readonly size: number;
  /** How many entries were dropped to stay within the limit since the last clear. */
  readonly dropped: number;
  readonly limit: number;
  /** How many times the log was cleared: read it when an event begins, pass it to `append`. */
  readonly epoch: number;
  clear(): void;
}

/**
 * Creates a {@link BoundedLog}; every entry gets a `seq` that keeps counting across drops.
 *
 * @example
 * const journal = createBoundedLog<{ seq: number; path: string }>(500);
 * journal.append({ path: "/v1/conversations/conv_imessage/background" });
 */
export function createBoundedLog<T extends { seq: number }>(limit: number): BoundedLog<T> {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`a log's limit must be a whole number >= 0, got ${limit}`);
  }
  let items: T[] = [];
  let start = 0;
  let seq = 0;
  let dropped = 0;
  let epoch = 0;
  return {
    append(entry, since) {
      if (since !== undefined && since !== epoch) return undefined;
      seq += 1;
      // Frozen: what a caller reads from the log can never change what it holds.
      const full = Object.freeze({ ...entry, seq }) as unknown as T;
      items.push(full);
      // Trim in batches so a long run stays O(1) per append without a ring buffer's bookkeeping.
      if (items.length - start > limit) {
        start += 1;
        dropped += 1;
        if (start >= limit) {
          items = items.slice(start);
          start = 0;
        }
      }
      return full;
    },
    replace(entry) {
      const first = items[start]?.seq;
      if (first === undefined) return;
      const at = start + entry.seq - first;
      if (at < start || at >= items.length || items[at]?.seq !== entry.seq) return;
      items[at] = Object.freeze({ ...entry });
    },
    entries: () => items.slice(start),
    get size() {
      return items.length - start;
    },
    get dropped() {
      return dropped;
    },
    limit,
    get epoch() {
      return epoch;
    },
    clear() {
      epoch += 1;
      items = [];
      start = 0;
      dropped = 0;
    },
  };
}

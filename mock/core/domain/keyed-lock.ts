/** Runs tasks one at a time per key. */
export interface KeyedLock {
  /**
   * Runs `task` once every earlier task for `key` has settled. A lock that must wait on
   * others outside the process stops waiting when `signal` aborts.
   */
  run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** How many keys have work queued or running (0 when idle: nothing is kept). */
  readonly size: number;
}

/**
 * A per-key mutex built on promise chains: tasks for one key run in arrival order, tasks
 * for different keys run concurrently, and a failed task does not block the next.
 *
 * @example
 * const lock = createKeyedLock();
 * await lock.run("conv_imessage", async () => commit());
 */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}

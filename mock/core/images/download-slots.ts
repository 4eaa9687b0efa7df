import { ApiError } from "../errors/api-error.ts";

/** How many image downloads may be in flight at once, unless told otherwise. */
export const defaultMaxImageDownloads = 16;

/** A limit on downloads in flight, with a queue of bounded length for the ones that wait. */
export interface DownloadSlots {
  /**
   * Resolves, once a slot is free, with the function that frees it again (calling it more
   * than once frees it once). Throws {@link ApiError} `SERVICE_UNAVAILABLE` (503, with
   * `Retry-After`) at once when the queue is full, and `signal`'s reason when it aborts
   * first; either way the caller holds no slot and no place in the queue.
   */
  acquire(signal: AbortSignal): Promise<() => void>;
}

/**
 * Lets `limit` downloads run at once and `queueLength` more wait for them, first come
 * first served. A freed slot passes straight to the first one waiting.
 *
 * @example
 * const slots = createDownloadSlots(16);
 * const release = await slots.acquire(signal);
 * try { await download(); } finally { release(); }
 */
export function createDownloadSlots(limit: number, queueLength = limit): DownloadSlots {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new TypeError(`maxImageDownloads must be a whole number of at least 1, got ${limit}.`);
  }
  let inFlight = 0;
  // A Set keeps the order of arrival and lets an aborted caller leave from anywhere in it.
  const waiting = new Set<() => void>();

  function releaser(): () => void {
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const [next] = waiting;
      if (next) {
        waiting.delete(next);
        next();
      } else {
        inFlight -= 1;
      }
    };
  }

  function busy(): ApiError {
    return new ApiError(
      "SERVICE_UNAVAILABLE",
      `The sandbox is downloading as many images as it allows (${limit}) and ${queueLength} more are waiting; retry the request.`,
      [],
      { "Retry-After": "1" },
    );
  }

  return {
    acquire(signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (inFlight < limit) {
        inFlight += 1;
        return Promise.resolve(releaser());
      }
      if (waiting.size >= queueLength) return Promise.reject(busy());
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          waiting.delete(grant);
          reject(signal.reason);
        };
        const grant = () => {
          signal.removeEventListener("abort", onAbort);
          resolve(releaser());
        };
        waiting.add(grant);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}

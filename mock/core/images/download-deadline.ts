/** A download's deadline, which can stop counting while the download waits its turn. */
export interface DownloadDeadline {
  /** Stops the clock, keeping the time left. */
  pause(): void;
  /** Starts the clock again with the time that was left. */
  resume(): void;
  /** Stops it for good. */
  clear(): void;
}

/**
 * Calls `onExpire` once `ms` of running time have passed: time between `pause()` and
 * `resume()` does not count, so a download that queued for a slot still gets all of it.
 *
 * @example
 * const deadline = startDeadline(10_000, () => controller.abort(timedOut));
 * deadline.pause(); // waiting for a slot
 * deadline.resume();
 */
export function startDeadline(ms: number, onExpire: () => void): DownloadDeadline {
  let left = ms;
  let since = performance.now();
  let over = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    since = performance.now();
    timer = setTimeout(() => {
      over = true;
      onExpire();
    }, left);
  };
  run();
  return {
    pause() {
      if (over || timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      left = Math.max(0, left - (performance.now() - since));
    },
    resume() {
      if (!over && timer === undefined) run();
    },
    clear() {
      over = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

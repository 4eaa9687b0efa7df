import type { Writable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";

/** A pino destination that never blocks the event loop and never holds much in memory. */
export interface BoundedDestination {
  /** Writes one line, or drops and counts it while too much output is already pending. */
  write(line: string): void;
  /** How many lines were dropped since it was created. */
  readonly droppedLines: number;
  /**
   * Resolves once pending output is written (reporting lines dropped on the way) or once
   * `deadlineMs` has passed, whichever is first.
   */
  flush(deadlineMs: number): Promise<void>;
}

/** How a {@link BoundedDestination} behaves when its reader falls behind. */
export interface BoundedDestinationOptions {
  /** Output pending in the stream, in characters, past which lines are dropped. Default 1 MiB. */
  maxPending?: number;
  /** Called when output moves again after lines were dropped, with how many were. */
  onResume?: (dropped: number) => void;
}

/**
 * Writes log lines to `stream` only while it keeps up. On Linux, `process.stdout` on a pipe
 * is asynchronous: what the reader does not take waits in `writableLength`, for ever and
 * without limit, and pino's own destination then retries at exit for ever. Past
 * `maxPending`, this drops lines and counts them instead; it never throws, and a reader
 * that went away (EPIPE) only stops the output.
 *
 * @example
 * const destination = createBoundedDestination(process.stdout, {
 *   onResume: (dropped) => logger.warn({ droppedLines: dropped }, "log lines dropped"),
 * });
 * const logger = pino({ level: "info" }, destination);
 */
export function createBoundedDestination(
  stream: Writable,
  options: BoundedDestinationOptions = {},
): BoundedDestination {
  const maxPending = options.maxPending ?? 1024 * 1024;
  let dropped = 0;
  let unreported = 0;
  let broken = false;
  // Without a listener, an 'error' (EPIPE once the reader has gone) would end the process.
  stream.on("error", () => {
    broken = true;
  });
  const closed = () => broken || stream.destroyed || !stream.writable;
  const idle = () => closed() || stream.writableLength === 0;
  const report = () => {
    const count = unreported;
    unreported = 0;
    options.onResume?.(count);
  };
  const waitForIdle = async (until: number) => {
    while (!idle() && Date.now() < until) await delay(10);
  };

  return {
    write(line) {
      if (closed() || stream.writableLength >= maxPending) {
        dropped++;
        if (!closed()) unreported++;
        return;
      }
      if (unreported > 0) report();
      stream.write(line);
    },
    get droppedLines() {
      return dropped;
    },
    async flush(deadlineMs) {
      const until = Date.now() + deadlineMs;
      await waitForIdle(until);
      if (unreported > 0 && !closed() && idle()) {
        report();
        await waitForIdle(until);
      }
    },
  };
}

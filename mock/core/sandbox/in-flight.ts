import { ApiError } from "../errors/api-error.ts";

/** The API calls being answered now, so that a reset can stop every one of them. */
export interface InFlight {
  /** Registers a call; its signal aborts when the caller leaves or the sandbox is reset. */
  begin(): { signal: AbortSignal; end(): void; abort(reason?: unknown): void };
  /**
   * Aborts every call in flight with a retry-safe 503, so none of them writes anything: they
   * belong to the state before a reset, or to a sandbox shutting down.
   */
  abortAll(why?: string): void;
  /** How many calls are in flight. */
  readonly size: number;
}

/**
 * Creates the registry of API calls in flight.
 *
 * @example
 * const inFlight = createInFlight();
 * const call = inFlight.begin();
 * await service.removeBackground("acct_alice", "conv_imessage", call.signal);
 * call.end();
 */
export function createInFlight(): InFlight {
  const calls = new Set<AbortController>();
  return {
    begin() {
      const controller = new AbortController();
      calls.add(controller);
      return {
        signal: controller.signal,
        end: () => calls.delete(controller),
        abort: (reason?: unknown) => controller.abort(reason),
      };
    },
    abortAll(why = "The sandbox was reset while this request was in flight") {
      const reason = new ApiError("SERVICE_UNAVAILABLE", `${why}; retry the request.`, [], {
        "Retry-After": "1",
      });
      for (const controller of calls) controller.abort(reason);
      calls.clear();
    },
    get size() {
      return calls.size;
    },
  };
}

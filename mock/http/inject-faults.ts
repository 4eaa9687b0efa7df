import { setTimeout as delay } from "node:timers/promises";
import type { RequestHandler } from "express";
import { ApiError } from "../core/errors/api-error.ts";
import type { Faults } from "../core/sandbox/faults.ts";
import { signalOf } from "./track-call.ts";

/** Delays each API call by the configured latency; a reset or a client hang-up cuts it short. */
export function injectLatency(faults: Faults): RequestHandler {
  return async (_req, res, next) => {
    const { latencyMs } = faults.current();
    const signal = signalOf(res);
    if (latencyMs > 0) {
      // The timer's own AbortError says nothing; the signal's reason says why (a reset: 503).
      await delay(latencyMs, undefined, { signal }).catch(() => signal.throwIfAborted());
    }
    next();
  };
}

/** Answers 429 or 503 while such faults are armed, using one up per call. */
export function injectFailures(faults: Faults): RequestHandler {
  return (_req, _res, next) => {
    if (faults.takeRateLimit()) {
      const seconds = faults.current().retryAfterSeconds;
      throw new ApiError(
        "RATE_LIMIT_EXCEEDED",
        `Rate limit exceeded. Retry after ${seconds} second${seconds === 1 ? "" : "s"}.`,
        [],
        { "Retry-After": String(seconds) },
      );
    }
    if (faults.takeServerError()) {
      throw new ApiError(
        "SERVICE_UNAVAILABLE",
        "The service is briefly unavailable. Retry the request.",
      );
    }
    next();
  };
}

import { setTimeout as delay } from "node:timers/promises";
import type { RequestHandler } from "express";
import { ApiError } from "../errors/api-error.ts";
import type { Faults } from "../sandbox/faults.ts";

/** Delays each API call by the configured latency. */
export function injectLatency(faults: Faults): RequestHandler {
  return async (_req, _res, next) => {
    const { latencyMs } = faults.current();
    if (latencyMs > 0) await delay(latencyMs);
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

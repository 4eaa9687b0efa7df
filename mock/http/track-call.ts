import type { RequestHandler, Response } from "express";
import type { InFlight } from "../core/sandbox/in-flight.ts";

/**
 * Registers each API call as in flight and leaves its signal on `res.locals.signal`: it
 * aborts when the client hangs up (no work for an answer nobody reads) or when the sandbox
 * is reset (the call belongs to the state before, and answers 503).
 */
export function trackCall(inFlight: InFlight): RequestHandler {
  return (_req, res, next) => {
    const call = inFlight.begin();
    res.locals.signal = call.signal;
    res.once("close", () => {
      // "close" follows every answer too; only a client that left early stops the work.
      if (!res.writableFinished) call.abort();
      call.end();
    });
    next();
  };
}

/** The signal {@link trackCall} left for this call. */
export function signalOf(res: Response): AbortSignal {
  return res.locals.signal as AbortSignal;
}

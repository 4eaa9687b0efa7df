import type { RequestHandler } from "express";
import type { Logger } from "pino";
import type { BoundedLog } from "../core/sandbox/bounded-log.ts";
import type { Account } from "../core/store/records.ts";

/** One API call, as `GET /__sandbox/requests` shows it. */
export interface JournalEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** The account the API key belongs to, or null when it was missing or unknown. */
  accountId: string | null;
  /** The error code answered, or null on success. */
  code: string | null;
  /** The `image_url` sent, if any. */
  imageUrl: string | null;
}

/**
 * Logs every request as one structured line and, for API calls, appends it to the journal
 * once the answer is sent.
 */
export function recordRequests(
  journal: BoundedLog<JournalEntry>,
  logger: Logger,
  now: () => Date,
): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const at = now().toISOString();
    // A call that began before a reset is not journalled after it: the journal shows what
    // happened since the reset, and such a call answered 503 or acted on the old state.
    const epoch = journal.epoch;
    res.once("finish", () => {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const code = (res.locals.errorCode as string | undefined) ?? null;
      const account = res.locals.account as Account | undefined;
      const api = req.path.startsWith("/v1/");
      const line = { method: req.method, path: req.path, status: res.statusCode, durationMs, code };
      if (api) logger.info(line, "request");
      else logger.debug(line, "request");
      if (!api) return;
      const body = req.body as { image_url?: unknown } | undefined;
      journal.append(
        {
          at,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          durationMs,
          accountId: account?.id ?? null,
          code,
          imageUrl: typeof body?.image_url === "string" ? body.image_url.slice(0, 2048) : null,
        },
        epoch,
      );
    });
    next();
  };
}

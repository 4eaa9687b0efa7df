import { ApiError } from "../errors/api-error.ts";
import { type FaultKind, redirectedMark } from "../sandbox/fault-kinds.ts";
import { type CoreResponse, empty } from "./exchange.ts";

/** What a fault's answer is made from. */
export interface FaultContext {
  /** The request's path and query, as sent. */
  pathname: string;
  search: string;
  retryAfterSeconds: number;
  stallMs: number;
  now: () => Date;
}

/** The body of a `not-json` answer: what a proxy or a captive portal sends with a 200. */
const notJsonPage =
  "<!doctype html>\n<html><head><title>Welcome</title></head><body><p>Sign in to continue.</p></body></html>\n";

/**
 * The answer of a fault that strikes before the work (throws for those answered as an
 * error), so nothing changes: a reset, an empty reply, a 307 back to the same path, or a
 * 429 or 503.
 */
export function beforeWorkAnswer(kind: FaultKind, context: FaultContext): CoreResponse {
  switch (kind) {
    case "reset":
    case "empty-reply":
      // No status is sent; the journal shows 0, as a browser does for a network error.
      return { ...empty(0), fault: { kind } };
    case "redirect": {
      const query =
        context.search === "" ? `?${redirectedMark}` : `${context.search}&${redirectedMark}`;
      const answer = empty(307);
      answer.headers.location = `${context.pathname}${query}`;
      return answer;
    }
    case "rate-limit": {
      const seconds = context.retryAfterSeconds;
      throw new ApiError(
        "RATE_LIMIT_EXCEEDED",
        `Rate limit exceeded. Retry after ${seconds} second${seconds === 1 ? "" : "s"}.`,
        [],
        { "Retry-After": String(seconds) },
      );
    }
    case "rate-limit-reset": {
      // Epoch seconds, as GitHub and others send it: the client works out the wait.
      const reset = Math.ceil(context.now().getTime() / 1000) + context.retryAfterSeconds;
      throw new ApiError(
        "RATE_LIMIT_EXCEEDED",
        `Rate limit exceeded. Retry after ${new Date(reset * 1000).toISOString()}.`,
        [],
        { "X-RateLimit-Reset": String(reset) },
      );
    }
    case "server-error":
      throw new ApiError(
        "SERVICE_UNAVAILABLE",
        "The service is briefly unavailable. Retry the request.",
      );
    default:
      throw new Error(`${kind} does not strike before the work`);
  }
}

/**
 * The answer of a fault that strikes after the work (committed, or refused): the answer
 * replaced by an HTML page, or cut short, or stalled half-way. An answer with no body (a
 * 204) has nothing to cut: `truncated` then closes the connection with no answer, and
 * `stall` sends nothing at all.
 */
export function afterWorkAnswer(
  kind: FaultKind,
  answer: CoreResponse,
  context: FaultContext,
): CoreResponse {
  if (kind === "not-json") {
    return {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: notJsonPage,
      code: null,
    };
  }
  const body =
    typeof answer.body === "string" ? new TextEncoder().encode(answer.body) : answer.body;
  if (body === undefined || body.byteLength === 0) {
    // No status is sent: the journal shows 0.
    const none = { ...answer, status: 0, headers: {} };
    return kind === "truncated"
      ? { ...none, fault: { kind: "empty-reply" } }
      : { ...none, fault: { kind: "stall", sent: null, stallMs: context.stallMs } };
  }
  const headers = { ...answer.headers, "content-length": String(body.byteLength) };
  const sent = body.subarray(0, Math.floor(body.byteLength / 2));
  return kind === "truncated"
    ? { ...answer, headers, body, fault: { kind, sent } }
    : { ...answer, headers, body, fault: { kind: "stall", sent, stallMs: context.stallMs } };
}

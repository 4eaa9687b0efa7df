import { ApiError } from "../errors/api-error.ts";
import { StoreUnavailable } from "../store/store.ts";

/**
 * A request as every host hands it to the core: the HTTP server, MSW in a browser tab,
 * MSW in a test runner. Nothing here is tied to one runtime.
 */
export interface CoreRequest {
  /** Upper case: `POST`. */
  method: string;
  /** The path and query as sent: `/v1/conversations/conv_1/background?x=1`. */
  url: string;
  /** Header names in lower case; a repeated header joined with ", ". */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body's bytes, decoded from any Content-Encoding; undefined when there is none. */
  body?: Uint8Array | undefined;
  /** Why the host could not read the body (too large, bad encoding…); it is then absent. */
  bodyError?: string | undefined;
  /** Aborts when the client has gone, so no work is done for an answer nobody reads. */
  signal?: AbortSignal | undefined;
  /**
   * Whether the host has already answered by itself (a request timeout, a shutdown): the
   * core's answer is then never sent, and the host journals what it sent instead.
   */
  answered?: (() => boolean) | undefined;
}

/**
 * A fault of the connection, which each host expresses on its wire (or refuses, when it
 * cannot: see `HostFaults`).
 */
export type WireFault =
  /** Reset the connection; send nothing. */
  | { kind: "reset" }
  /** Close the connection; send nothing. */
  | { kind: "empty-reply" }
  /**
   * Send the status and headers (a Content-Length of the whole body) and `sent`, part of
   * the body; then close the connection (`truncated`), or send nothing more until the
   * client leaves, `stallMs` pass or the host shuts down (`stall`). A `stall` whose `sent`
   * is null sends nothing at all, not even the headers: the answer had no body to cut.
   */
  | { kind: "truncated"; sent: Uint8Array }
  | { kind: "stall"; sent: Uint8Array | null; stallMs: number };

/** What the core answers; the host writes it as it is. */
export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON text, an image's bytes, or nothing (204, or a {@link CoreResponse.stream}). */
  body: string | Uint8Array | undefined;
  /**
   * A body that goes on until the client leaves (the event stream): the host sends each
   * chunk as it comes and cancels the stream once the connection closes.
   */
  stream?: ReadableStream<Uint8Array> | undefined;
  /** The error code answered, or null: for the host's request log. */
  code: string | null;
  /** A fault the host expresses instead of writing the answer as it is. */
  fault?: WireFault | undefined;
}

/**
 * A JSON answer, as Express's `res.json` writes it.
 *
 * @example
 * json(200, { status: "ok" });
 */
export function json(status: number, value: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    headers: { ...headers, "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(value),
    code: null,
  } satisfies CoreResponse;
}

/**
 * An answer of bytes, typed: an image the control surface shows. Never cached, since a
 * conversation's background changes under the same path.
 *
 * @example
 * bytes(200, "image/png", png);
 */
export function bytes(status: number, contentType: string, body: Uint8Array): CoreResponse {
  return {
    status,
    headers: {
      "content-type": contentType,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
    body,
    code: null,
  };
}

/** An answer with no body. */
export function empty(status: number): CoreResponse {
  return { status, headers: {}, body: undefined, code: null };
}

/** The error's answer in the documented envelope, its headers (`Retry-After`…) included. */
export function errorResponse(error: ApiError): CoreResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.headers)) headers[name.toLowerCase()] = value;
  return { ...json(error.status, error.toEnvelope(), headers), code: error.code };
}

/** Anything thrown, as an {@link ApiError}: what is not one is a bug, answered 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailable) {
    return new ApiError(
      "SERVICE_UNAVAILABLE",
      `The sandbox's store cannot be reached (${error.message}); retry the request.`,
      [],
      { "Retry-After": "1" },
    );
  }
  return new ApiError(
    "INTERNAL_ERROR",
    "The sandbox failed unexpectedly; this is a bug in the sandbox.",
  );
}

/**
 * The path of a request target, and its query: absolute-form targets reduced to the path,
 * and a fragment (which no client should send) dropped, as Node's URL parsing does.
 */
export function splitTarget(url: string): { pathname: string; search: string } {
  const hash = url.indexOf("#");
  let target = hash === -1 ? url : url.slice(0, hash);
  if (!target.startsWith("/")) {
    try {
      const parsed = new URL(target);
      target = `${parsed.pathname}${parsed.search}`;
    } catch {
      return { pathname: target, search: "" };
    }
  }
  const query = target.indexOf("?");
  return query === -1
    ? { pathname: target, search: "" }
    : { pathname: target.slice(0, query), search: target.slice(query) };
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

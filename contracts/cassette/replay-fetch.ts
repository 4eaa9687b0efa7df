import {
  bodyText,
  type Cassette,
  describePlace,
  type Exchange,
  type RecordedError,
  type RecordedResponse,
  requestKey,
} from "./cassette.ts";
import { currentPlace } from "./current-place.ts";

/** Statuses whose answer has no body: a Response refuses one. */
const bodiless = new Set([101, 103, 204, 205, 304]);

/** Requests this worker asked for that the cassette does not have, not yet reported. */
const misses: string[] = [];

/** Takes the misses noted since the last call, so the test that made them can fail. */
export function takeMisses(): string[] {
  return misses.splice(0);
}

/** The error a client saw, made again: a `TypeError` keeps its cause and that cause's code. */
function errorFrom(recorded: RecordedError): Error {
  const cause = recorded.cause && Object.assign(new Error(recorded.cause.message), recorded.cause);
  const error =
    recorded.name === "TypeError"
      ? new TypeError(recorded.message, cause ? { cause } : {})
      : new Error(recorded.message, cause ? { cause } : {});
  if (error.name !== recorded.name) error.name = recorded.name;
  return error;
}

/** Settles once the client gives up on the request, with what fetch would reject with. */
function whenAborted(signal: AbortSignal | null | undefined): Promise<never> {
  return new Promise((_, reject) => {
    const abort = () =>
      reject(signal?.reason ?? new DOMException("This operation was aborted", "AbortError"));
    if (signal?.aborted) abort();
    else signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * The recorded body as it arrived: whole; cut short by an error; or, when the client
 * aborted it or it never ended, what arrived and then nothing until the client aborts.
 */
function body(
  recorded: RecordedResponse,
  signal: AbortSignal | null | undefined,
): Uint8Array | ReadableStream<Uint8Array> {
  // Bytes, not a string: a string body would add a Content-Type the answer did not have.
  const bytes = new TextEncoder().encode(bodyText(recorded));
  const { bodyError, bodyStalled } = recorded;
  if (!bodyError && !bodyStalled) return bytes;
  let sent = bytes.length === 0;
  return new ReadableStream({
    // What arrived is read first; only the read after it meets the error or the stall.
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(bytes);
      } else if (bodyError && !bodyError.aborted) {
        // A turn later, as a socket's close follows its last data: an error empties a
        // stream's queue, and a copy of the body (a recorder's) may not have read it yet.
        return new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
          controller.error(errorFrom(bodyError)),
        );
      } else {
        return whenAborted(signal).catch((reason) => controller.error(reason));
      }
    },
  });
}

function answer(
  request: Request,
  recorded: RecordedResponse,
  signal: AbortSignal | null | undefined,
): Response {
  return new Response(
    bodiless.has(recorded.status) || request.method === "HEAD" ? null : body(recorded, signal),
    {
      status: recorded.status,
      ...(recorded.statusText === undefined ? {} : { statusText: recorded.statusText }),
      headers: recorded.headers,
    },
  );
}

/**
 * A `fetch` that answers from a cassette and sends nothing: each request is looked up by
 * its contract file, its test, method, path, body and how many identical ones came before
 * it. A request the cassette does not have rejects at once, naming it and its test.
 *
 * @example
 * globalThis.fetch = replayFetch(readCassette("live.cassette.json"));
 */
export function replayFetch(cassette: Cassette): typeof fetch {
  const index = new Map<string, Exchange[]>();
  for (const exchange of cassette.exchanges) {
    const { file, test, request } = exchange;
    const key = requestKey(file, test, request.method, request.path, bodyText(request));
    const list = index.get(key) ?? [];
    list[exchange.occurrence] = exchange;
    index.set(key, list);
  }
  const label = cassette.target?.label;
  const used = new Map<string, number>();

  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.text();
    // The caller's own signal: the Request's copy follows it only while the Request lives.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const url = new URL(request.url);
    const path = url.pathname + url.search;
    const place = currentPlace();
    const test = label && place.test ? place.test.replaceAll(label, "{target}") : place.test;
    const key = requestKey(place.file, test, request.method, path, text);
    const occurrence = used.get(key) ?? 0;
    used.set(key, occurrence + 1);
    const recorded = index.get(key)?.[occurrence];
    if (!recorded) {
      const times = index.get(key)?.length ?? 0;
      const message =
        `not in the cassette: ${request.method} ${path} in ${describePlace(place.file, test)}` +
        (times > 0 ? ` (call ${occurrence + 1}; the cassette has ${times})` : "");
      misses.push(message);
      throw new Error(message);
    }
    const { response } = recorded;
    if (!("error" in response)) return answer(request, response, signal);
    // An abort ends the request when the client gives up, as it did when recorded.
    if (response.error.aborted) return whenAborted(signal);
    throw errorFrom(response.error);
  };
}

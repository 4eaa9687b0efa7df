import {
  bodyText,
  type Cassette,
  describePlace,
  type Exchange,
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

function answer(request: Request, recorded: RecordedResponse): Response {
  const text = bodyText(recorded);
  // Bytes, not a string: a string body would add a Content-Type the answer did not have.
  const body =
    bodiless.has(recorded.status) || request.method === "HEAD"
      ? null
      : new TextEncoder().encode(text);
  return new Response(body, {
    status: recorded.status,
    ...(recorded.statusText === undefined ? {} : { statusText: recorded.statusText }),
    headers: recorded.headers,
  });
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
    if ("error" in recorded.response) throw new TypeError(recorded.response.error);
    return answer(request, recorded.response);
  };
}

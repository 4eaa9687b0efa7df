import type { HostResponse } from "./host-response.ts";
import { ImageError } from "./image.ts";

async function* chunks(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
): AsyncGenerator<Uint8Array> {
  if (!reader) return;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/**
 * `GET url` through `fetchImpl` as a page sends it, its answer as a {@link HostResponse}
 * whose body streams. The browser follows redirects itself (`url` is then where it ended)
 * and sends no cookies. A fetch that throws is `IMAGE_FETCH_FAILED`: the browser refused
 * it (CORS, mixed content) or could not reach the host; an abort throws `signal`'s reason.
 *
 * @example
 * const response = await pageFetch(fetch, "https://cdn.example.com/a.png", signal);
 */
export async function pageFetch(
  fetchImpl: typeof fetch,
  url: string,
  signal: AbortSignal,
): Promise<HostResponse> {
  let response: Response;
  try {
    // Not "manual": a browser gives a page no redirect's status or Location (an opaque
    // answer with status 0), so only the browser can follow them.
    response = await fetchImpl(url, { signal, redirect: "follow", credentials: "omit" });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const why = error instanceof Error ? error.message : String(error);
    throw new ImageError(
      "IMAGE_FETCH_FAILED",
      `the browser refused the request or could not reach the image host (CORS, or the network: ${why})`,
      "fetch_failed",
    );
  }
  const headers: Record<string, string> = {};
  // Headers hands over lower-case names, repeated ones joined with ", ", as HostResponse wants.
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const reader = response.body?.getReader();
  return {
    status: response.status,
    headers,
    body: chunks(reader),
    ...(response.redirected ? { url: response.url } : {}),
    // Through the reader, which holds the stream's lock: it also ends a read in progress.
    close: () => {
      reader?.cancel().catch(() => {});
    },
  };
}

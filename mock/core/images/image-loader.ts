import { ApiError } from "../errors/api-error.ts";
import { builtInCatalogue, type Catalogue } from "./catalogue.ts";
import { startDeadline } from "./download-deadline.ts";
import { createDownloadSlots, defaultMaxImageDownloads } from "./download-slots.ts";
import { duration } from "./duration.ts";
import type { HostResponse } from "./host-response.ts";
import { type FetchedImage, ImageError, type ImageLoader, maxImageBytes } from "./image.ts";
import { parseImageUrl, redirectTarget } from "./image-url.ts";
import { networkFailure } from "./network-error.ts";
import { pageFetch } from "./page-fetch.ts";
import { readCapped, tooLarge } from "./read-capped.ts";
import { recogniseImage } from "./recognise-image.ts";

/**
 * Asks one host, not the catalogue, for `url` and resolves with its answer's head; the body
 * streams. The loader follows redirects, checking each hop, unless the hop followed them
 * itself (a browser's fetch, which then reports where it ended). Before it touches the
 * network a hop awaits `claim()`, which waits for a download slot (the deadline stops
 * meanwhile) and throws `SERVICE_UNAVAILABLE` when the queue is full; checks that need no
 * network (the Node host's address guard) go first, so a refusal never waits for a slot.
 * Aborting `signal` must end both the request and the body.
 */
export type FetchHop = (
  url: URL,
  signal: AbortSignal,
  claim: () => Promise<void>,
) => Promise<HostResponse>;

/** What {@link createImageLoader} is given: how to reach hosts, and its limits. */
export interface ImageLoaderOptions {
  /** Reaches every host but the catalogue: the Node host's guarded hop, or {@link pageFetchHop}. */
  fetchHop: FetchHop;
  /** Answers `images.sandbox.test`. Default: the built-in catalogue. */
  catalogue?: Catalogue;
  /** The whole download, redirects included, in ms; time queued for a slot not counted. Default 10 000. */
  deadlineMs?: number;
  /**
   * How many downloads may be in flight at once; as many again may wait, and any more get
   * 503 `SERVICE_UNAVAILABLE` with `Retry-After`. Catalogue images answered from memory
   * are not counted. Default 16.
   */
  maxImageDownloads?: number;
  /**
   * Also fetch `http:` URLs, and follow redirects to them: for a developer's own image
   * server, beside a hop that allows private addresses. Default false.
   */
  allowHttp?: boolean;
}

const maxRedirects = 3;
const redirects = new Set([301, 302, 303, 307, 308]);

function fetchFailed(message: string): ImageError {
  return new ImageError("IMAGE_FETCH_FAILED", message, "fetch_failed");
}

// Says which hop failed when it was not the URL the caller sent.
function onHop(error: unknown, url: URL, hop: number): unknown {
  if (!(error instanceof ImageError) || hop === 0) return error;
  return new ImageError(
    error.code,
    `${error.message}, after a redirect to ${url.href}`,
    error.detailType,
  );
}

/**
 * Builds the image pipeline every host shares: the catalogue answered in process, every
 * other host through `fetchHop`; at most 3 redirects, each hop held to the URL rules;
 * then the body, cut off past 10 MiB, sniffed and hashed. At most `maxImageDownloads`
 * downloads that are not in memory run at once. Throws {@link ImageError};
 * {@link ApiError} `SERVICE_UNAVAILABLE` when no slot is free and the queue is full; the
 * signal's reason when the caller aborts.
 *
 * @example
 * const load = createImageLoader({ fetchHop: pageFetchHop() });
 * const image = await load("https://images.sandbox.test/forest.png");
 * image.contentType; // "image/png"
 */
export function createImageLoader(options: ImageLoaderOptions): ImageLoader {
  const catalogue = options.catalogue ?? builtInCatalogue;
  const deadlineMs = options.deadlineMs ?? 10_000;
  const allowHttp = options.allowHttp ?? false;
  const slots = createDownloadSlots(options.maxImageDownloads ?? defaultMaxImageDownloads);

  // `claim` takes a download slot the first time a hop needs one; the download keeps it.
  async function ask(
    url: URL,
    signal: AbortSignal,
    claim: () => Promise<void>,
  ): Promise<HostResponse> {
    // A trailing dot names the same host; it must not slip past the catalogue either way.
    if (url.hostname.replace(/\.$/, "") === catalogue.host) {
      if (!catalogue.fromMemory(url)) await claim();
      return catalogue.answer(url, signal);
    }
    return options.fetchHop(url, signal, claim);
  }

  // One request: the next URL to try when it redirects, else the body and where it came from.
  async function hopOnce(
    url: URL,
    hop: number,
    signal: AbortSignal,
    claim: () => Promise<void>,
  ): Promise<URL | { bytes: Uint8Array; finalUrl: string }> {
    const response = await ask(url, signal, claim);
    try {
      if (redirects.has(response.status)) {
        if (hop === maxRedirects) {
          throw fetchFailed(`the image host redirected more than ${maxRedirects} times`);
        }
        const location = response.headers.location;
        if (!location) {
          throw fetchFailed(`the image host answered HTTP ${response.status} with no Location`);
        }
        return redirectTarget(location, url, allowHttp);
      }
      if (response.status < 200 || response.status > 299) {
        throw fetchFailed(`the image host answered HTTP ${response.status}`);
      }
      // A declared size over the cap is refused unread; a smaller one is not trusted.
      if (Number(response.headers["content-length"]) > maxImageBytes) throw tooLarge(maxImageBytes);
      const finalUrl = response.url ?? url.href;
      if (response.whole) {
        if (response.whole.length > maxImageBytes) throw tooLarge(maxImageBytes);
        return { bytes: response.whole, finalUrl };
      }
      return { bytes: await readCapped(response.body, maxImageBytes, signal), finalUrl };
    } finally {
      response.close();
    }
  }

  async function download(sourceUrl: string, signal: AbortSignal, claim: () => Promise<void>) {
    let url = parseImageUrl(sourceUrl, allowHttp);
    for (let hop = 0; ; hop++) {
      let next: URL | { bytes: Uint8Array; finalUrl: string };
      try {
        next = await hopOnce(url, hop, signal, claim);
      } catch (error) {
        throw onHop(error, url, hop);
      }
      if (!(next instanceof URL)) return next;
      url = next;
    }
  }

  return async (sourceUrl, outer, asked) => {
    outer?.throwIfAborted();
    const controller = new AbortController();
    const ms = Math.min(deadlineMs, asked?.deadlineMs ?? deadlineMs);
    const deadline = startDeadline(ms, () => {
      const why = `the image did not download within ${duration(ms)}`;
      controller.abort(new ImageError("IMAGE_FETCH_TIMEOUT", why, "timeout"));
    });
    let release: (() => void) | undefined;
    // Time spent queued is the sandbox's, not the image's: the deadline waits too.
    const claim = async () => {
      if (release) return;
      deadline.pause();
      try {
        release = await slots.acquire(controller.signal);
      } finally {
        deadline.resume();
      }
    };
    const onOuterAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener("abort", onOuterAbort, { once: true });
    try {
      const { bytes, finalUrl } = await download(sourceUrl, controller.signal, claim);
      const { sniffed, sha256 } = await recogniseImage(bytes);
      const image: FetchedImage = {
        bytes,
        ...sniffed,
        sha256,
        size: bytes.length,
        sourceUrl,
        finalUrl,
      };
      return image;
    } catch (error) {
      // Whatever broke when the deadline or the caller aborted, that is the reason.
      if (controller.signal.aborted) throw controller.signal.reason;
      // No slot free: a 503 for the caller to retry, not a fault of the image.
      if (error instanceof ApiError) throw error;
      // An extra source that vanished, a hop that throws plain errors: still the image's
      // fault, a 422, never a 500.
      throw networkFailure(error);
    } finally {
      deadline.clear();
      release?.();
      outer?.removeEventListener("abort", onOuterAbort);
    }
  };
}

/**
 * The browser host's hop: the page's own `fetch`, so the browser decides what the page may
 * reach (CORS, mixed content). It follows redirects itself, up to its own limit rather
 * than 3; where it ended must still be `https:`. A refusal or a network failure is
 * `IMAGE_FETCH_FAILED`. There is no address guard: the page can reach only what its user can.
 *
 * @example
 * const load = createImageLoader({ fetchHop: pageFetchHop() });
 */
export function pageFetchHop(fetchImpl: typeof fetch = (...args) => fetch(...args)): FetchHop {
  return async (url, signal, claim) => {
    await claim();
    const response = await pageFetch(fetchImpl, url.href, signal);
    if (response.url !== undefined) {
      try {
        redirectTarget(response.url, url);
      } catch (error) {
        response.close();
        throw error;
      }
    }
    return response;
  };
}

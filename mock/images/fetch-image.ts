import { createHash } from "node:crypto";
import { ApiError } from "../core/errors/api-error.ts";
import { builtInCatalogue, type Catalogue } from "../core/images/catalogue.ts";
import { startDeadline } from "../core/images/download-deadline.ts";
import { createDownloadSlots, defaultMaxImageDownloads } from "../core/images/download-slots.ts";
import { duration } from "../core/images/duration.ts";
import type { HostResponse } from "../core/images/host-response.ts";
import {
  type FetchedImage,
  ImageError,
  type ImageLoader,
  maxImageBytes,
} from "../core/images/image.ts";
import { parseImageUrl, redirectTarget } from "../core/images/image-url.ts";
import { networkFailure } from "../core/images/network-error.ts";
import { readCapped, tooLarge } from "../core/images/read-capped.ts";
import { sniffImage } from "../core/images/sniff-image.ts";
import { checkedAddress, type Resolver, systemResolver } from "./checked-address.ts";
import { httpsTransport, type Transport } from "./transport.ts";

/** What {@link createImageLoader} can be given; every part has a production default. */
export interface ImageLoaderOptions {
  /** Looks host names up. Default: the system resolver (`dns.lookup`, every address). */
  resolve?: Resolver;
  /** Connects to a checked address. Default: {@link httpsTransport}. */
  transport?: Transport;
  /** Answers `images.sandbox.test`. Default: the built-in catalogue. */
  catalogue?: Catalogue;
  /** How long TCP and TLS may take, per hop, in ms. Default 5 000. */
  connectTimeoutMs?: number;
  /** The whole download, redirects included, in ms; time queued for a slot not counted. Default 10 000. */
  deadlineMs?: number;
  /**
   * How many downloads may be in flight at once; as many again may wait, and any more get
   * 503 `SERVICE_UNAVAILABLE` with `Retry-After`. Built-in images, answered from memory,
   * are not counted. Default 16.
   */
  maxImageDownloads?: number;
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

// Catalogue images are the same buffers every time: sniff and hash each one once.
const recognised = new WeakMap<
  Buffer,
  { sniffed: Awaited<ReturnType<typeof sniffImage>>; sha256: string }
>();

async function recognise(bytes: Buffer) {
  const known = recognised.get(bytes);
  if (known) return known;
  const result = {
    sniffed: await sniffImage(bytes),
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
  recognised.set(bytes, result);
  return result;
}

/**
 * Builds the image pipeline: the only code in the kit that makes outbound HTTP. For each
 * hop: `https:` only, the host's addresses all public (else `IMAGE_ADDRESS_BLOCKED`,
 * before any connection), a connection to exactly the address checked, at most 3
 * redirects; then the body, cut off past 10 MiB, sniffed and hashed. At most
 * `maxImageDownloads` downloads from the network or the user's folder run at once.
 * Throws {@link ImageError}; {@link ApiError} `SERVICE_UNAVAILABLE` when no slot is free
 * and the queue is full; the signal's reason when the caller aborts.
 *
 * @example
 * const load = createImageLoader();
 * const image = await load("https://images.sandbox.test/forest.png");
 * image.contentType; // "image/png"
 */
export function createImageLoader(options: ImageLoaderOptions = {}): ImageLoader {
  const resolve = options.resolve ?? systemResolver;
  const transport = options.transport ?? httpsTransport;
  const catalogue = options.catalogue ?? builtInCatalogue;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const deadlineMs = options.deadlineMs ?? 10_000;

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
    // After the check, so a blocked address is refused without waiting for a slot.
    const target = await checkedAddress(url.hostname, resolve, signal);
    await claim();
    return transport({
      ...target,
      port: url.port === "" ? 443 : Number(url.port),
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      host: url.host,
      path: `${url.pathname}${url.search}`,
      connectTimeoutMs,
      signal,
    });
  }

  // One request: the next URL to try when it redirects, else the body.
  async function hopOnce(
    url: URL,
    hop: number,
    signal: AbortSignal,
    claim: () => Promise<void>,
  ): Promise<URL | Buffer> {
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
        return redirectTarget(location, url);
      }
      if (response.status < 200 || response.status > 299) {
        throw fetchFailed(`the image host answered HTTP ${response.status}`);
      }
      // A declared size over the cap is refused unread; a smaller one is not trusted.
      if (Number(response.headers["content-length"]) > maxImageBytes) throw tooLarge(maxImageBytes);
      if (response.whole) {
        if (response.whole.length > maxImageBytes) throw tooLarge(maxImageBytes);
        return response.whole;
      }
      return await readCapped(response.body, maxImageBytes, signal);
    } finally {
      response.close();
    }
  }

  async function download(sourceUrl: string, signal: AbortSignal, claim: () => Promise<void>) {
    let url = parseImageUrl(sourceUrl);
    for (let hop = 0; ; hop++) {
      let next: URL | Buffer;
      try {
        next = await hopOnce(url, hop, signal, claim);
      } catch (error) {
        throw onHop(error, url, hop);
      }
      if (Buffer.isBuffer(next)) return { bytes: next, finalUrl: url.href };
      url = next;
    }
  }

  return async (sourceUrl, outer) => {
    outer?.throwIfAborted();
    const controller = new AbortController();
    const deadline = startDeadline(deadlineMs, () => {
      const why = `the image did not download within ${duration(deadlineMs)}`;
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
      const { sniffed, sha256 } = await recognise(bytes);
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
      // A catalogue folder that vanished, a transport that throws plain errors: still the
      // image's fault, a 422, never a 500.
      throw networkFailure(error);
    } finally {
      deadline.clear();
      release?.();
      outer?.removeEventListener("abort", onOuterAbort);
    }
  };
}

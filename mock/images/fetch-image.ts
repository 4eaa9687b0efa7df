import type { Catalogue } from "../core/images/catalogue.ts";
import type { ImageLoader } from "../core/images/image.ts";
import {
  createImageLoader as createCoreImageLoader,
  type FetchHop,
} from "../core/images/image-loader.ts";
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

/**
 * The Node host's hop: the host's addresses must all be public (else
 * `IMAGE_ADDRESS_BLOCKED`, before any connection and without waiting for a slot), and the
 * connection goes to exactly the address checked, so DNS cannot change its answer between
 * the check and the connection.
 *
 * @example
 * createCoreImageLoader({ fetchHop: guardedHop({ resolve: systemResolver, transport: httpsTransport }) });
 */
export function guardedHop(options: {
  resolve: Resolver;
  transport: Transport;
  connectTimeoutMs: number;
}): FetchHop {
  return async (url, signal, claim) => {
    const target = await checkedAddress(url.hostname, options.resolve, signal);
    await claim();
    return options.transport({
      ...target,
      port: url.port === "" ? 443 : Number(url.port),
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      host: url.host,
      path: `${url.pathname}${url.search}`,
      connectTimeoutMs: options.connectTimeoutMs,
      signal,
    });
  };
}

/**
 * Builds the Node host's image pipeline: the only code in the kit that makes outbound
 * HTTP. The catalogue is answered in process; every other host through {@link guardedHop}
 * (`https:` only, public addresses only, the connection pinned to the address checked);
 * redirects, deadline, size cap, sniffing and hashing are the core's
 * (`mock/core/images/image-loader.ts`).
 *
 * @example
 * const load = createImageLoader();
 * const image = await load("https://images.sandbox.test/forest.png");
 * image.contentType; // "image/png"
 */
export function createImageLoader(options: ImageLoaderOptions = {}): ImageLoader {
  return createCoreImageLoader({
    fetchHop: guardedHop({
      resolve: options.resolve ?? systemResolver,
      transport: options.transport ?? httpsTransport,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    }),
    ...(options.catalogue === undefined ? {} : { catalogue: options.catalogue }),
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
    ...(options.maxImageDownloads === undefined
      ? {}
      : { maxImageDownloads: options.maxImageDownloads }),
  });
}

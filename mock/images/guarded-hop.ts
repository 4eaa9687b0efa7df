import type { FetchHop } from "../core/images/image-loader.ts";
import { checkedAddress, type Resolver, systemResolver } from "./checked-address.ts";
import { httpsTransport, httpTransport, type Transport } from "./transport.ts";

/** What {@link guardedHop} can be given; every part has a production default. */
export interface GuardedHopOptions {
  /** Looks host names up. Default: the system resolver (`dns.lookup`, every address). */
  resolve?: Resolver;
  /**
   * Connects to a checked address. Default: {@link httpsTransport}, and
   * {@link httpTransport} for an `http:` URL.
   */
  transport?: Transport;
  /**
   * Also allow loopback and private addresses (a developer's own image server); every
   * other range stays refused. Default false.
   */
  allowPrivate?: boolean;
  /** How long TCP and TLS may take, per hop, in ms. Default 5 000. */
  connectTimeoutMs?: number;
}

/**
 * The Node host's hop, the only code in the kit that makes outbound HTTP: the host's
 * addresses must all be public (else `IMAGE_ADDRESS_BLOCKED`, before any connection and
 * without waiting for a download slot), and the connection goes to exactly the address
 * checked, so DNS cannot change its answer between the check and the connection.
 *
 * @example
 * const load = createImageLoader({ fetchHop: guardedHop() });
 * await load("https://images.example.com/beach.jpg");
 */
export function guardedHop(options: GuardedHopOptions = {}): FetchHop {
  const resolve = options.resolve ?? systemResolver;
  const allowPrivate = options.allowPrivate ?? false;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  return async (url, signal, claim) => {
    const target = await checkedAddress(url.hostname, resolve, signal, allowPrivate);
    await claim();
    const plain = url.protocol === "http:";
    const transport = options.transport ?? (plain ? httpTransport : httpsTransport);
    return transport({
      ...target,
      port: url.port === "" ? (plain ? 80 : 443) : Number(url.port),
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      host: url.host,
      path: `${url.pathname}${url.search}`,
      connectTimeoutMs,
      signal,
    });
  };
}

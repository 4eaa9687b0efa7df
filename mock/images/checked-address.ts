import { lookup } from "node:dns/promises";
import { ImageError } from "../core/images/image.ts";
import { networkFailure } from "../core/images/network-error.ts";
import { blockedRange, parseHostAsIp, privateUseRanges } from "./address-guard.ts";

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Looks a host name up; the seam tests use instead of real DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * The system's resolver (`getaddrinfo`, so `/etc/hosts` counts), every address it knows.
 *
 * @example
 * await systemResolver("localhost"); // [{ address: "127.0.0.1", family: 4 }, …]
 */
export const systemResolver: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

function blocked(message: string): ImageError {
  return new ImageError("IMAGE_ADDRESS_BLOCKED", message, "address_blocked");
}

function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/**
 * The address to connect to for `hostname` (a URL's hostname, brackets and all): the IP
 * itself for a literal, else the first address `resolve` gives, provided EVERY address it
 * gives is public (or, with `allowPrivate`, loopback or private). Throws
 * {@link ImageError} `IMAGE_ADDRESS_BLOCKED` or `IMAGE_FETCH_FAILED`.
 *
 * @example
 * await checkedAddress("[::1]", systemResolver, signal); // throws: "the host is a non-public address (::1: loopback)"
 */
export async function checkedAddress(
  hostname: string,
  resolve: Resolver,
  signal: AbortSignal,
  allowPrivate = false,
): Promise<ResolvedAddress> {
  const refusal = (address: string) => {
    const why = blockedRange(address);
    return why !== null && allowPrivate && privateUseRanges.has(why) ? null : why;
  };
  const literal = parseHostAsIp(hostname);
  if (literal) {
    const why = refusal(literal.address);
    if (why !== null)
      throw blocked(`the host is a non-public address (${literal.address}: ${why})`);
    return literal;
  }

  let addresses: ResolvedAddress[];
  const aborted = whenAborted(signal);
  aborted.catch(() => {});
  try {
    // getaddrinfo cannot be cancelled; the deadline still ends the wait.
    addresses = await Promise.race([resolve(hostname), aborted]);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw networkFailure(error);
  }
  const first = addresses[0];
  if (!first) {
    throw new ImageError("IMAGE_FETCH_FAILED", "the host name has no address", "fetch_failed");
  }
  // One private answer among public ones is enough to refuse: a client may pick any of them.
  for (const { address } of addresses) {
    const why = refusal(address);
    if (why !== null)
      throw blocked(`the host resolves to a non-public address (${address}: ${why})`);
  }
  return { address: first.address, family: first.family };
}

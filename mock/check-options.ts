import type { SandboxOptions } from "./build-sandbox.ts";

/** A bind address as it appears in a URL's host: IPv6 in brackets. */
export function bracketed(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * The host a client on this machine can reach a bind address at, as it appears in a URL: the
 * loopback address of the same family for an unspecified one (every interface), which no
 * client can connect to by that name everywhere.
 *
 * @example
 * clientHost("0.0.0.0"); // "127.0.0.1"
 * clientHost("::"); // "[::1]"
 * clientHost("192.168.1.10"); // "192.168.1.10"
 */
export function clientHost(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  if (/^0+(\.0+){3}$/.test(bare)) return "127.0.0.1";
  if (/^[0:]+$/.test(bare) && bare.includes("::")) return "[::1]";
  return bracketed(bare);
}

/** Whether a token can be sent in an HTTP header by any client: printable ASCII, no space. */
export const sendableToken = /^[\x21-\x7e]{1,256}$/;

/**
 * Refuses options that would quietly mean something else: an empty admin token (which
 * would match an absent header), a token no client can send, an empty host (every
 * interface), an empty images folder (the working directory) or provider URL, a limit that
 * is not a whole number. Throws a TypeError naming the option.
 *
 * @example
 * checkOptions({ adminToken: "" }); // throws: adminToken must be 1 to 256 printable ASCII characters…
 */
export function checkOptions(options: SandboxOptions): void {
  if (options.adminToken !== undefined && !sendableToken.test(options.adminToken)) {
    throw new TypeError(
      "adminToken must be 1 to 256 printable ASCII characters without spaces, so that clients can send it in X-Sandbox-Token; leave it out to have one made up.",
    );
  }
  for (const name of ["host", "imagesDir", "providerUrl"] as const) {
    const value = options[name];
    if (value !== undefined && value.trim() === "") {
      throw new TypeError(`${name} must not be empty; leave it out for the default.`);
    }
  }
  const max = options.maxConversations;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new TypeError(`maxConversations must be a whole number of at least 1, got ${max}.`);
  }
}

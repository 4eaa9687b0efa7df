import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { TLSSocket } from "node:tls";
import { duration } from "../core/images/duration.ts";
import type { HostResponse } from "../core/images/host-response.ts";
import { ImageError } from "../core/images/image.ts";
import { networkFailure } from "../core/images/network-error.ts";

/** One connection the loader asks for, after the address guard passed it. */
export interface Dial {
  /** The checked address: the only one a transport may connect to. Never a name. */
  address: string;
  family: 4 | 6;
  port: number;
  /** The URL's host without brackets: TLS SNI and the certificate are checked against it. */
  hostname: string;
  /** The Host header: the URL's host, with the port when it is not 443. */
  host: string;
  /** Path and query string. */
  path: string;
  /** How long TCP and TLS may take to be ready for the request. */
  connectTimeoutMs: number;
  /** Aborted at the download's deadline or when the caller gives up. */
  signal: AbortSignal;
}

/**
 * Sends `GET` for one {@link Dial} and resolves with the answer's head; the body streams.
 * Throws {@link ImageError}. The seam tests use to record dials or reach a loopback server.
 */
export type Transport = (dial: Dial) => Promise<HostResponse>;

type Send = (options: https.RequestOptions) => http.ClientRequest;

// Node would look the host name up again when it connects; this lookup can only answer the
// address that was checked, so a name that resolves differently the second time (DNS
// rebinding) still reaches the checked address.
function pinned(address: string, family: 4 | 6): LookupFunction {
  return (_name, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function flatten(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function nodeTransport(send: Send, to?: { host: string; port: number }): Transport {
  return (dial) =>
    new Promise((resolve, reject) => {
      const host = to?.host ?? dial.address;
      const options: https.RequestOptions = {
        host,
        port: to?.port ?? dial.port,
        family: isIP(host),
        lookup: pinned(host, isIP(host) === 6 ? 6 : 4),
        path: dial.path,
        method: "GET",
        headers: {
          host: dial.host,
          accept: "image/*",
          "accept-encoding": "identity",
          "user-agent": "agentphone-sandbox-image-fetch",
        },
        // A fresh agent per request: no pooled socket outlives the download.
        agent: false,
        signal: dial.signal,
      };
      // SNI carries names only (RFC 6066); for an IP literal Node checks the certificate's IP.
      if (isIP(dial.hostname) === 0) options.servername = dial.hostname;
      const request = send(options);

      request.once("socket", (socket) => {
        const timer = setTimeout(() => {
          const why = `the image host did not accept a connection within ${duration(dial.connectTimeoutMs)}`;
          request.destroy(new ImageError("IMAGE_FETCH_TIMEOUT", why, "timeout"));
        }, dial.connectTimeoutMs);
        socket.once(socket instanceof TLSSocket ? "secureConnect" : "connect", () => {
          clearTimeout(timer);
        });
        socket.once("close", () => clearTimeout(timer));
      });
      request.once("response", (response) => {
        resolve({
          status: response.statusCode ?? 0,
          headers: flatten(response.headers),
          body: response,
          close: () => {
            response.destroy();
            request.destroy();
          },
        });
      });
      // Stays attached after the answer came, so a late socket error is never unhandled.
      request.on("error", (error) => reject(networkFailure(error)));
      request.end();
    });
}

/**
 * The default transport: HTTPS to the checked address, with SNI, certificate check and
 * Host for the URL's host name. It never resolves a name itself.
 *
 * @example
 * const loader = createImageLoader({ transport: httpsTransport });
 */
export const httpsTransport: Transport = nodeTransport(https.request);

/**
 * Plain HTTP to the checked address, for `http:` URLs, which only `--allow-private-images`
 * lets through. It never resolves a name itself.
 *
 * @example
 * const hop = guardedHop({ allowPrivate: true }); // dials http: URLs with httpTransport
 */
export const httpTransport: Transport = nodeTransport(http.request);

/**
 * A transport that sends every request as plain HTTP to `127.0.0.1:port`, whatever address
 * was checked: for tests that stand a loopback server in for a public host.
 *
 * @example
 * const loader = createImageLoader({
 *   resolve: async () => [{ address: "93.184.215.14", family: 4 }],
 *   transport: loopbackTransport(server.port),
 * });
 */
export function loopbackTransport(port: number): Transport {
  return nodeTransport(http.request, { host: "127.0.0.1", port });
}

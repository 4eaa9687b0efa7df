// Shared by the image pipeline's tests: loopback servers and seams that record.
import { readFileSync } from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { bytesResponse, type HostResponse } from "../../../mock/core/images/host-response.ts";
import { createImageLoader } from "../../../mock/core/images/image-loader.ts";
import type { ResolvedAddress, Resolver } from "../../../mock/images/checked-address.ts";
import { guardedHop } from "../../../mock/images/guarded-hop.ts";
import type { Dial, Transport } from "../../../mock/images/transport.ts";

/** The catalogue's committed files, for tests that need real image bytes. */
export function catalogueFile(name: string): Buffer {
  return readFileSync(new URL(`../../../mock/core/images/catalogue/${name}`, import.meta.url));
}

/** A public address no test ever dials: the seams stand in for it. */
export const publicAddress = "93.184.215.14";

/** A plain-HTTP server on a free loopback port. */
export interface LoopbackServer {
  port: number;
  /** Every request it received, in order. */
  requests: http.IncomingMessage[];
  /** Resolves once every connection it accepted has closed. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 at a port the system picks. */
export async function startServer(handler: http.RequestListener): Promise<LoopbackServer> {
  const requests: http.IncomingMessage[] = [];
  const sockets = new Set<net.Socket>();
  let onIdle = () => {};
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0) onIdle();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    allClosed: () =>
      sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onIdle = resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP listener that only counts who connects to it. */
export interface Canary {
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** Starts a {@link Canary} on `host` (127.0.0.1 or ::1) at a free port. */
export async function startCanary(host: string): Promise<Canary> {
  const canary = { port: 0, connections: 0, close: async () => {} };
  const server = net.createServer((socket) => {
    canary.connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  canary.port = (server.address() as AddressInfo).port;
  canary.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return canary;
}

/** A transport that dials nothing: it records each {@link Dial} and answers from `answer`. */
export function recordingTransport(
  answer: (dial: Dial) => HostResponse = () =>
    bytesResponse(200, "image/png", catalogueFile("forest.png")),
): Transport & { dials: Dial[] } {
  const dials: Dial[] = [];
  const transport = async (dial: Dial) => {
    dials.push(dial);
    return answer(dial);
  };
  return Object.assign(transport, { dials });
}

/** A resolver that answers from a table (unknown names: ENOTFOUND) and logs each question. */
export function tableResolver(
  table: Record<string, ResolvedAddress[] | (() => ResolvedAddress[])>,
): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const answer = table[hostname];
    if (answer === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    }
    return typeof answer === "function" ? answer() : answer;
  };
  return Object.assign(resolve, { asked });
}

/** Wraps a transport to count the body bytes the loader actually pulled. */
export function countingTransport(inner: Transport): Transport & { bytesRead: () => number } {
  let read = 0;
  const transport = async (dial: Dial): Promise<HostResponse> => {
    const response = await inner(dial);
    async function* counted() {
      for await (const chunk of response.body) {
        read += chunk.byteLength;
        yield chunk;
      }
    }
    return { ...response, body: counted() };
  };
  return Object.assign(transport, { bytesRead: () => read });
}

/**
 * A loader whose resolver knows a few names (public, private, mixed, IPv4-mapped, empty)
 * and whose transport records every dial and answers with `answer` (default: forest.png).
 */
export function loaderWithSeams(answer?: (dial: Dial) => HostResponse) {
  const v4 = (address: string) => ({ address, family: 4 as const });
  const v6 = (address: string) => ({ address, family: 6 as const });
  const resolve = tableResolver({
    "images.example.com": [v4(publicAddress)],
    "cdn.example.com": [v6("2606:4700::1111"), v4(publicAddress)],
    "intranet.example.com": [v4("192.168.0.10")],
    "mixed.example.com": [v4(publicAddress), v4("10.0.0.5")],
    "mapped.example.com": [v6("::ffff:127.0.0.1")],
    "empty.example.com": [],
  });
  const transport = recordingTransport(answer);
  const load = createImageLoader({
    fetchHop: guardedHop({ resolve, transport }),
    deadlineMs: 1_000,
  });
  return { resolve, transport, load };
}

// Seams for the page's fetch: Responses as a browser's fetch gives them.

/** A fetch that records what it was sent and answers `response`. */
export function fetchAnswering(response: () => Response) {
  const sent: Array<{ input: unknown; init: RequestInit | undefined }> = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    sent.push({ input, init });
    return response();
  };
  return Object.assign(fetchImpl, { sent });
}

/** A body that yields `pieces`, then waits until cancelled, noting that it was. */
export function endlessBody(pieces: Uint8Array[]) {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return Object.assign(state, { stream });
}

/** A response as fetch gives it after following redirects to `finalUrl`. */
export function redirectedTo(
  finalUrl: string,
  body: ConstructorParameters<typeof Response>[0] = null,
): Response {
  const response = new Response(body);
  Object.defineProperty(response, "redirected", { value: true });
  Object.defineProperty(response, "url", { value: finalUrl });
  return response;
}

/** The rejection of `promise`, or a failure if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type BuiltSandbox, buildSandbox, type SandboxOptions } from "./build-sandbox.ts";
import { ApiError } from "./errors/api-error.ts";

/** A sandbox that is listening. */
export interface RunningSandbox extends BuiltSandbox {
  /** Base URL from the address actually bound, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  host: string;
  /** The control surface's token, when one is required. */
  adminToken: string | undefined;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then resolves. */
  close(graceMs?: number): Promise<void>;
}

/** Whether a bind address keeps the sandbox on this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Starts a sandbox: the only place in the kit that listens. Resolves once it accepts
 * connections; rejects (EADDRINUSE, EACCES…) if it cannot bind.
 *
 * @example
 * const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
 * console.log(sandbox.url); // http://127.0.0.1:43567
 * await sandbox.close();
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? "127.0.0.1";
  // The control surface can reset state and inject faults: beyond loopback it needs a token.
  const adminToken =
    options.adminToken ?? (isLoopbackHost(host) ? undefined : randomBytes(16).toString("hex"));
  const built = buildSandbox({ ...options, ...(adminToken === undefined ? {} : { adminToken }) });
  const server = createServer(built.app);
  server.on("clientError", answerClientError);
  // Keep-alive sockets idle longer than a browser's would otherwise linger after close().
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 60_000;
  await listen(server, options.port ?? 4010, host);
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    ...built,
    url: `http://${urlHost}:${port}`,
    port,
    host,
    adminToken,
    close: (graceMs = 10_000) => close(server, graceMs),
  };
}

/**
 * Node answers a request it cannot parse (headers over 16 KiB, a raw non-ASCII byte in the
 * path) by itself, with an empty body; this answers in the documented envelope instead.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
  const message = tooLarge
    ? "The request's headers are larger than 16 KiB."
    : "The request could not be parsed as HTTP.";
  const body = JSON.stringify(new ApiError("INVALID_REQUEST", message).toEnvelope());
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets would hold close() open until they time out: drop each one as
    // soon as it is idle, while in-flight requests finish; past the grace, drop them all.
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

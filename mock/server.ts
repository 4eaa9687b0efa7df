import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type BuiltSandbox, buildSandbox, type SandboxOptions } from "./build-sandbox.ts";

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

import { randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type BuiltSandbox, buildSandbox, type SandboxOptions } from "./build-sandbox.ts";
import { clientHost } from "./check-options.ts";
import { ApiError } from "./core/errors/api-error.ts";

/** A sandbox that is listening. */
export interface RunningSandbox extends BuiltSandbox {
  /**
   * Base URL from the port actually bound, at an address a client here can use, e.g.
   * `http://127.0.0.1:4010` (also when bound to 0.0.0.0; `http://[::1]:4010` for `::`).
   */
  url: string;
  port: number;
  host: string;
  /** The control surface's token, when one is required. */
  adminToken: string | undefined;
  /** Whether the store was seeded at start, or kept the state a durable store held. */
  opened: "seeded" | "kept";
  /**
   * Stops accepting and lets in-flight requests finish for up to `graceMs` (default 10 000);
   * any still running then is answered 503 `SERVICE_UNAVAILABLE` with `Retry-After: 1`.
   * Resolves once every connection has closed.
   */
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
  let opened: "seeded" | "kept";
  try {
    // Seeded, or holding what a durable store kept: before the first request, not during it.
    opened = await built.core.ready;
  } catch (error) {
    if (built.ownsStore) await built.store.close?.();
    throw new Error(`The sandbox cannot open its store: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const server = createServer({
    requestTimeout: requestTimeoutMs,
    headersTimeout: requestTimeoutMs,
    // How often Node looks for requests past those timeouts. Its default, 30 s, let a 60 s
    // timeout strike anywhere up to 90 s.
    connectionsCheckingInterval: Math.ceil(Math.min(1_000, Math.max(10, requestTimeoutMs / 10))),
    // Keep-alive sockets idle longer than a browser's would otherwise linger after close().
    keepAliveTimeout: 5_000,
    // Node would answer a request without Host by itself, with an empty body: see serve().
    requireHostHeader: false,
  });
  // Requests whose answer is not sent yet, for a timeout or a shutdown to answer instead.
  const inFlight = new Set<ServerResponse>();
  server.on("request", (req, res) => {
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
    serve(built, req, res);
  });
  // RFC 9110 lets a server ignore an expectation it does not know, where Node would answer a
  // bare 417 by itself: served as any other request, it gets the API's own answer.
  server.on("checkExpectation", (req, res) => server.emit("request", req, res));
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket, inFlight, requestTimeoutMs),
  );
  try {
    await listen(server, options.port ?? 4010, host);
  } catch (error) {
    if (built.ownsStore) await built.store.close?.();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    ...built,
    url: `http://${clientHost(host)}:${port}`,
    port,
    host,
    adminToken,
    opened,
    async close(graceMs = 10_000) {
      await close(server, built, inFlight, graceMs);
      if (built.ownsStore) await built.store.close?.();
    },
  };
}

/** Hands a request to the app, unless it is one Node would otherwise answer by itself. */
function serve(built: BuiltSandbox, req: IncomingMessage, res: ServerResponse): void {
  // RFC 9112 section 3.2: an HTTP/1.1 request without Host is answered 400.
  if (req.httpVersion === "1.1" && req.headers.host === undefined) {
    answer(res, new ApiError("INVALID_REQUEST", "An HTTP/1.1 request must carry a Host header."));
    return;
  }
  built.app(req, res);
}

/**
 * Node answers a request it cannot parse (headers over 16 KiB, a raw non-ASCII byte in the
 * path) or that arrives too slowly by itself, with an empty body; this answers in the
 * documented envelope instead, through the app's response when the request reached it.
 */
function answerClientError(
  error: NodeJS.ErrnoException,
  socket: Duplex,
  inFlight: Set<ServerResponse>,
  requestTimeoutMs: number,
): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const [status, apiError] =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? [
          408,
          new ApiError(
            "REQUEST_TIMEOUT",
            `The request did not arrive in full within ${requestTimeoutMs} ms; send it again, whole.`,
          ),
        ]
      : error.code === "HPE_HEADER_OVERFLOW"
        ? [431, new ApiError("INVALID_REQUEST", "The request line and headers exceed 16 KiB.")]
        : [400, new ApiError("INVALID_REQUEST", "The request could not be parsed as HTTP.")];
  // A body too slow or malformed: its headers reached the app, which holds the response.
  const held = [...inFlight].find((res) => res.req.socket === socket);
  if (held) {
    answer(held, apiError, status);
    return;
  }
  const body = JSON.stringify(apiError.toEnvelope());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Answers in the envelope through a response the app still holds, and closes the connection
 * after it: headers already set (CORS) stay, and the journal records the code.
 */
function answer(res: ServerResponse, error: ApiError, status = error.status): void {
  if (res.headersSent) {
    // Another answer is already on the wire: cutting it short is all that is left.
    res.destroy();
    return;
  }
  const locals = (res as ServerResponse & { locals?: Record<string, unknown> }).locals;
  if (locals) locals.errorCode = error.code;
  const body = JSON.stringify(error.toEnvelope());
  res.writeHead(status, {
    ...error.headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  });
  res.end(body);
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

/**
 * Ends every answer a `stall` fault is holding open, and every event stream (the app marks
 * both): neither has anything left to finish, and either would hold the server open.
 */
function endStalls(inFlight: Set<ServerResponse>): void {
  for (const res of inFlight) {
    const locals = (res as ServerResponse & { locals?: Record<string, unknown> }).locals;
    if (locals?.stalled || locals?.streaming) res.destroy();
  }
}

function close(
  server: Server,
  built: BuiltSandbox,
  inFlight: Set<ServerResponse>,
  graceMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets would hold close() open until they time out: drop each one as
    // soon as it is idle, while in-flight requests finish. A stalled answer (a fault) has
    // nothing left to finish: it ends at once.
    const sweep = setInterval(() => {
      server.closeIdleConnections();
      endStalls(inFlight);
    }, 25);
    endStalls(inFlight);
    let backstop: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      // Past the grace, the work of each call stops where it is (nothing is committed after
      // its client was told 503), and the client hears so rather than a hang-up.
      built.abortCalls("The sandbox is shutting down");
      const error = new ApiError(
        "SERVICE_UNAVAILABLE",
        "The sandbox is shutting down; retry the request.",
        [],
        { "Retry-After": "1" },
      );
      for (const res of inFlight) answer(res, error);
      // Each answer closes its connection once sent; drop what is left (a request still
      // arriving, a client that does not read) soon after.
      backstop = setTimeout(() => server.closeAllConnections(), 1_000);
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      clearTimeout(backstop);
      resolve();
    });
    server.closeIdleConnections();
  });
}

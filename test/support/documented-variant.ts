import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A promise the documents make that a variant can be told to break. */
export type BrokenPromise = "401 without WWW-Authenticate" | "an unlisted status for SMS";

/** A running variant: where it listens, and how to stop it. */
export interface DocumentedVariant {
  url: string;
  close(): Promise<void>;
}

interface Envelope {
  error: { message: string; code: string; type: string; details?: unknown[] };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(text === "" ? {} : { "content-type": "application/json" }),
  });
  res.end(text);
}

/**
 * What an API built as the documents describe might answer instead of the sandbox, on the
 * same state: FastAPI's bodies (`{"detail": "…"}`, and `{"detail": [...]}` on 422), 403
 * `Not authenticated` to a request without a key (FastAPI's `HTTPBearer` before 2025), the
 * guide's `CARRIER_ERROR` on 502, `Retry-After` as an HTTP date, and `channel` in lower
 * case as the messages API spells it.
 */
function rewrite(
  req: IncomingMessage,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  broken: readonly BrokenPromise[],
): { status: number; body: unknown; headers: Record<string, string> } {
  if (status === 200 && req.method === "POST") {
    return { status, body: { ...(body as object), channel: "imessage" }, headers };
  }
  if (status < 400) return { status, body, headers };
  const { message, code, details } = (body as Envelope).error;
  if (status === 401) {
    if (req.headers.authorization === undefined) {
      return { status: 403, body: { detail: "Not authenticated" }, headers: {} };
    }
    const challenge: Record<string, string> = broken.includes("401 without WWW-Authenticate")
      ? {}
      : { "WWW-Authenticate": "Bearer" };
    return { status, body: { detail: "Invalid authentication credentials" }, headers: challenge };
  }
  if (
    status === 400 &&
    code === "CHANNEL_NOT_SUPPORTED" &&
    broken.includes("an unlisted status for SMS")
  ) {
    return { status: 418, body: { detail: message }, headers: {} };
  }
  if (status === 422) {
    const loc = ["body", "image_url"];
    const type = (details?.[0] as { type?: string } | undefined)?.type ?? "value_error";
    return { status, body: { detail: [{ loc, msg: message, type }] }, headers: {} };
  }
  if (status === 502) {
    const error = {
      message: "Upstream carrier error.",
      code: "CARRIER_ERROR",
      type: "upstream_error",
    };
    return { status, body: { error }, headers: {} };
  }
  if (status === 429) {
    const seconds = Number(headers["retry-after"] ?? "0");
    const retryAfter =
      seconds > 0 ? new Date(Date.now() + seconds * 1000).toUTCString() : String(seconds);
    return { status, body, headers: { "Retry-After": retryAfter } };
  }
  return { status, body: { detail: message }, headers: {} };
}

/**
 * Starts, on loopback, a server in front of a running sandbox that answers the API as the
 * documents allow but differently from the sandbox (see `rewrite`), or, with `broken`, that
 * also breaks those documented promises. Its `/__sandbox` surface is the sandbox's, so the
 * contract suite can make conversations and arm faults through it.
 *
 * @example
 * const variant = await startDocumentedVariant(sandbox.url);
 * await runContracts(["--target", "http", "--base-url", variant.url], { CONTRACT_PROFILE: "documents" });
 */
export async function startDocumentedVariant(
  upstream: string,
  broken: readonly BrokenPromise[] = [],
): Promise<DocumentedVariant> {
  const { hostname, port: upstreamPort } = new URL(upstream);
  const server = createServer((req, res) => {
    // What a network fault does to the wire (the sandbox's X-Sandbox-Fault: reset, stall…)
    // is relayed as it is; only the API's own answers are rewritten.
    const fault = req.headers["x-sandbox-fault"];
    const relay =
      !req.url?.startsWith("/v1/") || (typeof fault === "string" && !/^\d{3}$/.test(fault.trim()));
    const headers = { ...req.headers };
    delete headers.host;
    const out = request(
      { host: hostname, port: upstreamPort, method: req.method, path: req.url, headers },
      async (answer) => {
        const status = answer.statusCode ?? 502;
        const type = String(answer.headers["content-type"] ?? "");
        if (relay || !type.includes("json")) {
          const { connection: _c, "keep-alive": _k, ...kept } = answer.headers;
          res.writeHead(status, kept);
          answer.pipe(res);
          answer.once("aborted", () => res.destroy());
          answer.once("error", () => res.destroy());
          return;
        }
        try {
          const text = (await readBody(answer)).toString("utf8");
          const kept: Record<string, string> = {};
          for (const name of ["retry-after", "www-authenticate", "allow"]) {
            const value = answer.headers[name];
            if (typeof value === "string") kept[name] = value;
          }
          const changed = rewrite(req, status, JSON.parse(text), kept, broken);
          send(res, changed.status, changed.body, changed.headers);
        } catch {
          res.destroy();
        }
      },
    );
    // The sandbox hung up (a reset, an empty reply): so does the variant.
    out.once("error", () => req.socket.destroy());
    res.once("close", () => out.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

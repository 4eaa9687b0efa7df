import cors from "cors";
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import type { Logger } from "pino";
import { specText } from "../openapi/spec.ts";
import type { CoreRequest, CoreResponse, WireFault } from "./core/http/exchange.ts";
import { maxBodyBytes } from "./core/http/json-body.ts";
import type { SandboxCore } from "./core/sandbox-core.ts";

/** What the app is built from; {@link createApp} never creates any of it itself. */
export interface AppDeps {
  /** The sandbox itself: every API and control answer comes from it. */
  core: SandboxCore;
  logger: Logger;
  /** Origins allowed by CORS: `"*"` (the default) or a list. */
  corsOrigins?: "*" | string[];
}

/** Why body-parser could not read a body, in words for the answer's message. */
const bodyReasons: Record<string, string> = {
  "entity.too.large": `the body is larger than ${maxBodyBytes} bytes`,
  "encoding.unsupported": "the body's Content-Encoding is not supported",
  "request.aborted": "the body was not sent in full",
  "request.size.invalid": "the body's length does not match Content-Length",
};

// A JSON body's bytes, inflated from any Content-Encoding; the core decides what they mean.
// A body of another type is never read (the core would ignore it), as Express's JSON parser
// leaves it: a request answered before its body is not held up reading it.
const readBody = express.raw({
  type: (req) =>
    req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() === "application/json",
  limit: maxBodyBytes,
  inflate: true,
});

function coreRequest(req: Request, signal: AbortSignal, bodyError?: string): CoreRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const body = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : undefined;
  // The server answers a request that timed out or outlived a shutdown by itself.
  const answered = () => req.res?.headersSent === true;
  return { method: req.method, url: req.originalUrl, headers, body, bodyError, signal, answered };
}

/**
 * Expresses a fault of the connection on the socket itself, as a real network would fail:
 * a reset (RST), a close with no answer (FIN), or the headers and part of the body, then a
 * close or nothing more. A stall ends when the client leaves, after `stallMs`, or when the
 * server shuts down (`server.ts` ends every stalled answer at once).
 */
function expressFault(res: Response, answer: CoreResponse, fault: WireFault): void {
  const socket = res.req.socket;
  if (fault.kind === "reset") {
    socket.resetAndDestroy();
    return;
  }
  if (fault.kind === "empty-reply") {
    socket.destroy();
    return;
  }
  if (fault.sent !== null) {
    res.status(answer.status);
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    // Once the part is on the wire: destroying sooner would drop it with the socket.
    res.write(fault.sent, () => {
      if (fault.kind === "truncated") res.destroy();
    });
  }
  if (fault.kind === "stall") {
    res.locals.stalled = true;
    const timer = setTimeout(() => res.destroy(), fault.stallMs);
    res.once("close", () => clearTimeout(timer));
  }
}

/** Resolves once the client has taken what was written, or has gone. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/**
 * Sends a body that goes on until the client leaves (the event stream), chunk by chunk as
 * the core makes them, waiting for the client to take each; ends it once the connection
 * closes, and the stream once the core ends it. `server.ts` ends every such answer at once
 * when the server shuts down.
 */
function sendStream(res: Response, stream: ReadableStream<Uint8Array>): void {
  res.locals.streaming = true;
  res.flushHeaders();
  const reader = stream.getReader();
  res.once("close", () => {
    reader.cancel().catch(() => {});
  });
  const pump = async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drainedOrClosed(res);
    }
    res.end();
  };
  // A stream the core ended with an error (a client too far behind): the client reconnects.
  pump().catch(() => res.destroy());
}

/** Hands every request to the core and writes its answer. */
function serveCore(core: SandboxCore): RequestHandler {
  const serve: RequestHandler = async (req, res) => {
    const controller = new AbortController();
    // "close" follows every answer too; only a client that left early stops the work.
    res.once("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    // Answered already (a request timeout while its body was read): nothing left to do.
    if (res.headersSent) return;
    const bodyError = res.locals.bodyError as string | undefined;
    const answer = await core.handle(coreRequest(req, controller.signal, bodyError));
    // The client hung up (and so stopped the work): nobody is left to answer.
    if (controller.signal.aborted || res.headersSent) return;
    res.locals.byCore = true;
    res.locals.errorCode = answer.code;
    if (answer.fault) {
      res.locals.fault = answer.fault.kind;
      expressFault(res, answer, answer.fault);
      return;
    }
    res.status(answer.status);
    // As the core wrote them: Express's res.set would add a charset to a text type.
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    if (answer.stream) {
      if (req.method === "HEAD") {
        answer.stream.cancel().catch(() => {});
        res.end();
      } else sendStream(res, answer.stream);
      return;
    }
    res.end(answer.body);
  };
  const unreadable: ErrorRequestHandler = (error, req, res, next) => {
    const type = (error as { type?: string }).type ?? "";
    const status = (error as { status?: unknown }).status;
    if (typeof status !== "number" || status >= 500) return next(error);
    res.locals.bodyError =
      bodyReasons[type] ?? `the body could not be read (${(error as Error).message})`;
    serve(req, res, next);
  };
  return express.Router().use(readBody, serve, unreadable);
}

/**
 * Logs each request as one structured line once its answer is sent, and journals the API
 * calls answered without the core (a timeout, a shutdown, a CORS preflight).
 */
function logRequests(core: SandboxCore, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const at = new Date();
    const epoch = core.knownEpoch();
    const logged = () => {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const code = (res.locals.errorCode as string | null | undefined) ?? null;
      if (!res.locals.byCore) {
        const { method, originalUrl: url } = req;
        const status = res.statusCode;
        core.journalHostAnswer({ method, url, status, code, at, durationMs, epoch });
      }
      const fault = res.locals.fault as string | undefined;
      const status = fault !== undefined && !res.headersSent ? 0 : res.statusCode;
      const line = {
        method: req.method,
        path: req.path,
        status,
        durationMs,
        code,
        ...(fault === undefined ? {} : { fault }),
      };
      if (req.path.startsWith("/v1/")) logger.info(line, "request");
      else logger.debug(line, "request");
    };
    res.once("finish", logged);
    // An answer a fault cut short never finishes: it is logged when its connection ends.
    res.once("close", () => {
      if (res.locals.fault !== undefined && !res.writableFinished) logged();
    });
    next();
  };
}

/** The last resort: a fault in this host itself is a bug, logged and answered 500. */
function lastResort(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    logger.error({ err: error, method: req.method, url: req.originalUrl }, "unhandled error");
    if (res.headersSent || req.socket.destroyed) return;
    res.locals.errorCode = "INTERNAL_ERROR";
    res.status(500).json({
      error: {
        message: "The sandbox failed unexpectedly; this is a bug in the sandbox.",
        code: "INTERNAL_ERROR",
        type: "api_error",
        details: [],
      },
    });
  };
}

/**
 * The HTTP host: an Express app over the sandbox's core. It adds what only HTTP has (CORS,
 * reading and inflating bodies, the spec as a file, request logs); every answer of the API
 * and the control surface comes from the core. It never listens: `server.ts` does.
 *
 * @example
 * const app = createApp({ core, logger });
 * await request(app).delete("/v1/conversations/conv_imessage/background").auth("sk_sandbox_alice", { type: "bearer" });
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", false);
  // The API documents no ETags; computing one for every answer is wasted work.
  app.set("etag", false);
  // The API's paths are lower case; /V1/… is another path, as it is for the real API's router.
  app.set("case sensitive routing", true);
  app.use(logRequests(deps.core, deps.logger));
  const core = serveCore(deps.core);
  // Before CORS: no other origin may read the control surface (its errors included).
  app.use((req, res, next) => {
    if (req.path === "/__sandbox" || req.path.startsWith("/__sandbox/")) core(req, res, next);
    else next();
  });
  // The API and the spec stay open to every origin, as browser apps need.
  app.use(
    cors({
      origin: deps.corsOrigins === undefined || deps.corsOrigins === "*" ? "*" : deps.corsOrigins,
      exposedHeaders: ["Retry-After", "WWW-Authenticate", "X-RateLimit-Reset"],
      maxAge: 600,
    }),
  );
  app.get("/openapi.yaml", (_req, res) => {
    res.type("application/yaml").send(specText);
  });
  app.use(core);
  app.use(lastResort(deps.logger));
  return app;
}

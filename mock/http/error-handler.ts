import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { ApiError } from "../core/errors/api-error.ts";

/** Answers any path no route claims with 404 in the envelope. */
export const notFound: RequestHandler = (req) => {
  throw new ApiError("NOT_FOUND", `No route for ${req.method} ${req.path}.`);
};

/** Answers a known path called with the wrong method with 405 and `Allow`. */
export function methodNotAllowed(allow: string[]): RequestHandler {
  return (req) => {
    throw new ApiError(
      "METHOD_NOT_ALLOWED",
      `${req.method} is not allowed here; use ${allow.join(" or ")}.`,
      [],
      {
        Allow: allow.join(", "),
      },
    );
  };
}

/**
 * Turns every error into the documented envelope. An {@link ApiError} keeps its status;
 * Express's own 4xx (a malformed path, say) becomes INVALID_REQUEST; anything else is a
 * bug, logged, and answered 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    // The client hung up (and so stopped the download): nobody is left to answer.
    if (req.socket.destroyed) return;
    const apiError = toApiError(error);
    if (apiError.status >= 500 && apiError.code === "INTERNAL_ERROR") {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, "unhandled error");
    }
    res.locals.errorCode = apiError.code;
    if (res.headersSent) return;
    res.status(apiError.status).set(apiError.headers).json(apiError.toEnvelope());
  };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new ApiError(
      "INVALID_REQUEST",
      `The request could not be read: ${(error as Error).message}.`,
    );
  }
  return new ApiError(
    "INTERNAL_ERROR",
    "The sandbox failed unexpectedly; this is a bug in the sandbox.",
  );
}

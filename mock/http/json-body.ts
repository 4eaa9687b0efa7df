import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { ApiError } from "../core/errors/api-error.ts";

/** The largest JSON body accepted; a valid one is far smaller (`image_url` ≤ 2048 characters). */
export const maxBodyBytes = 16 * 1024;

const parse = express.json({ limit: maxBodyBytes, strict: false });

/** Why body-parser refused a body, in words for the 422's message. */
const reasons: Record<string, string> = {
  "entity.parse.failed": "the body is not valid JSON",
  "entity.too.large": `the body is larger than ${maxBodyBytes} bytes`,
  "encoding.unsupported": "the body's Content-Encoding is not supported",
  "charset.unsupported": "the body's charset is not supported",
  "request.aborted": "the body was not sent in full",
  "request.size.invalid": "the body's length does not match Content-Length",
};

const toValidationError: ErrorRequestHandler = (error, _req, _res, next) => {
  // Errors from the steps before the parser (401, 429…) pass through untouched.
  if (error instanceof ApiError) return next(error);
  const status = (error as { status?: unknown }).status;
  if (typeof status !== "number" || status >= 500) return next(error);
  // FastAPI answers an unreadable body with 422, and so does the documented API: whatever
  // body-parser disliked (bad JSON, size, charset, a Content-Encoding that will not inflate).
  const reason =
    reasons[(error as { type?: string }).type ?? ""] ??
    `the body could not be read (${(error as Error).message})`;
  next(
    new ApiError("VALIDATION_ERROR", `${reason}.`, [
      { field: "body", message: `${reason}.`, type: "json_invalid" },
    ]),
  );
};

/** Parses a JSON body; every way a body can be broken becomes a 422, never a 4xx of its own. */
export const jsonBody: Array<RequestHandler | ErrorRequestHandler> = [parse, toValidationError];

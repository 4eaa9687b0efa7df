import type { ErrorDetail, ErrorEnvelope } from "../../../openapi/schema.ts";
import { type AnyErrorCode, errorCodes } from "./error-codes.ts";

/**
 * An error the API answers with, in the documented envelope. Its status and `type` come
 * from the code table, so a code always means the same thing.
 *
 * @example
 * throw new ApiError("CONVERSATION_NOT_FOUND", "Conversation conv_x was not found.");
 */
export class ApiError extends Error {
  readonly code: AnyErrorCode;
  readonly status: number;
  readonly type: string;
  readonly details: ErrorDetail[];
  /** Headers to send with the error, such as `Retry-After`. */
  readonly headers: Record<string, string>;

  constructor(
    code: AnyErrorCode,
    message: string,
    details: ErrorDetail[] = [],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
    this.headers = headers;
    this.status = errorCodes[code].status;
    this.type = errorCodes[code].type;
  }

  /** The body to send. */
  toEnvelope(): ErrorEnvelope {
    return {
      error: {
        message: this.message,
        code: this.code as ErrorEnvelope["error"]["code"],
        type: this.type,
        details: this.details,
      },
    };
  }
}

/**
 * A 422 about one field, with the message repeated in `details`.
 *
 * @example
 * fieldError("IMAGE_TOO_LARGE", "image_url", "the image is larger than 10485760 bytes.", "too_large");
 */
export function fieldError(
  code: AnyErrorCode,
  field: string,
  message: string,
  type: string,
): ApiError {
  const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
  return new ApiError(code, `${field}: ${sentence}`, [{ field, message: sentence, type }]);
}

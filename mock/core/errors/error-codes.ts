/**
 * The codes the sandbox sends on the API's two operations: its profile. The spec's
 * `ErrorCode` is an open string (the live API may send others) whose description and
 * `examples` list each of these; `test/mock/errors/error-codes.test.ts` keeps them in step.
 */
export type ApiErrorCode =
  | "INVALID_REQUEST"
  | "CHANNEL_NOT_SUPPORTED"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "CONVERSATION_NOT_FOUND"
  | "REQUEST_TIMEOUT"
  | "VALIDATION_ERROR"
  | "INVALID_IMAGE_URL"
  | "IMAGE_FETCH_FAILED"
  | "IMAGE_FETCH_TIMEOUT"
  | "IMAGE_ADDRESS_BLOCKED"
  | "IMAGE_TOO_LARGE"
  | "UNSUPPORTED_IMAGE_TYPE"
  | "RATE_LIMIT_EXCEEDED"
  | "INTERNAL_ERROR"
  | "PROVIDER_ERROR"
  | "SERVICE_UNAVAILABLE"
  | "GATEWAY_TIMEOUT";

/** Codes only the sandbox's own surface uses (unknown paths, the control surface). */
export type SandboxErrorCode =
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "SANDBOX_INVALID_REQUEST"
  | "SANDBOX_FORBIDDEN"
  | "SANDBOX_UNSUPPORTED_MEDIA_TYPE";

/** Every code an error envelope can carry. */
export type AnyErrorCode = ApiErrorCode | SandboxErrorCode;

/** What each code means on the wire. */
export interface ErrorCodeInfo {
  status: number;
  type: string;
}

/**
 * The one table of stable error codes: the HTTP status and `type` of each.
 * `satisfies` makes the compiler insist on an entry for every code.
 */
export const errorCodes = {
  INVALID_REQUEST: { status: 400, type: "invalid_request_error" },
  CHANNEL_NOT_SUPPORTED: { status: 400, type: "invalid_request_error" },
  UNAUTHORIZED: { status: 401, type: "authentication_error" },
  FORBIDDEN: { status: 403, type: "authentication_error" },
  CONVERSATION_NOT_FOUND: { status: 404, type: "not_found_error" },
  VALIDATION_ERROR: { status: 422, type: "validation_error" },
  INVALID_IMAGE_URL: { status: 422, type: "validation_error" },
  IMAGE_FETCH_FAILED: { status: 422, type: "validation_error" },
  IMAGE_FETCH_TIMEOUT: { status: 422, type: "validation_error" },
  IMAGE_ADDRESS_BLOCKED: { status: 422, type: "validation_error" },
  IMAGE_TOO_LARGE: { status: 422, type: "validation_error" },
  UNSUPPORTED_IMAGE_TYPE: { status: 422, type: "validation_error" },
  RATE_LIMIT_EXCEEDED: { status: 429, type: "rate_limit_error" },
  PROVIDER_ERROR: { status: 502, type: "upstream_error" },
  SERVICE_UNAVAILABLE: { status: 503, type: "api_error" },
  GATEWAY_TIMEOUT: { status: 504, type: "api_error" },
  NOT_FOUND: { status: 404, type: "not_found_error" },
  METHOD_NOT_ALLOWED: { status: 405, type: "invalid_request_error" },
  SANDBOX_INVALID_REQUEST: { status: 400, type: "invalid_request_error" },
  SANDBOX_FORBIDDEN: { status: 403, type: "authentication_error" },
  REQUEST_TIMEOUT: { status: 408, type: "invalid_request_error" },
  SANDBOX_UNSUPPORTED_MEDIA_TYPE: { status: 415, type: "invalid_request_error" },
  INTERNAL_ERROR: { status: 500, type: "api_error" },
} as const satisfies Record<AnyErrorCode, ErrorCodeInfo>;

import { type ApiErrorCode, errorCodes } from "../mock/core/errors/error-codes.ts";
import type { OperationId, SeenResponse } from "./validate-response.ts";

/**
 * Which promises a target is held to: `documents`, what the spec admits (what the live API
 * may answer); `sandbox`, that and the sandbox's own profile on top.
 */
export type Profile = "documents" | "sandbox";

// The codes of the sandbox's table that it sends on the API (the others are its own surface's).
const sandboxOnly = new Set(["NOT_FOUND", "METHOD_NOT_ALLOWED"]);
const isApiCode = (code: string): code is ApiErrorCode =>
  Object.hasOwn(errorCodes, code) && !sandboxOnly.has(code) && !code.startsWith("SANDBOX_");

const backgroundId = /^bg_[0-9a-f]{15}$/;

function errorDepartures(response: SeenResponse): string[] {
  const body = response.body as { error?: Record<string, unknown> } | undefined;
  const error = body?.error;
  if (typeof error !== "object" || error === null) {
    return [`${response.status}: the body is not the documented envelope`];
  }
  const { code, type, message, details } = error;
  const departures: string[] = [];
  if (typeof message !== "string" || message === "")
    departures.push(`${response.status}: no message`);
  if (!Array.isArray(details)) departures.push(`${response.status}: no details array`);
  if (typeof code !== "string" || !isApiCode(code)) {
    departures.push(`${response.status}: code ${JSON.stringify(code)} is none of the sandbox's`);
    return departures;
  }
  const expected = errorCodes[code];
  if (expected.status !== response.status) {
    departures.push(`${response.status}: code ${code} belongs to ${expected.status}`);
  }
  if (type !== expected.type) {
    departures.push(
      `${response.status}: code ${code} has type ${JSON.stringify(type)}, not ${expected.type}`,
    );
  }
  return departures;
}

/**
 * Every way an answer departs from what the sandbox promises beyond the spec: the envelope
 * on every error with a code of its table (and that code's status and `type`),
 * `WWW-Authenticate: Bearer` on 401, `Retry-After` in whole seconds on 429, and on a set
 * `channel` spelled `iMessage`, a `bg_` id and a version. Empty when the answer keeps them.
 * A target held to the documents only is not checked against it; what it does differently
 * is reported instead.
 *
 * @example
 * expect(sandboxProfileDepartures("setChatBackground", response)).toEqual([]);
 */
export function sandboxProfileDepartures(operation: OperationId, response: SeenResponse): string[] {
  const { status } = response;
  if (status >= 400) {
    const departures = errorDepartures(response);
    if (status === 401 && response.headers.get("www-authenticate") !== "Bearer") {
      departures.push(
        `401: WWW-Authenticate is ${JSON.stringify(response.headers.get("www-authenticate"))}, not "Bearer"`,
      );
    }
    if (status === 429 && !/^\d+$/.test(response.headers.get("retry-after") ?? "")) {
      departures.push(
        `429: Retry-After ${JSON.stringify(response.headers.get("retry-after"))} is not whole seconds`,
      );
    }
    return departures;
  }
  if (operation !== "setChatBackground" || status !== 200) return [];
  const body = response.body as Record<string, unknown> | undefined;
  const departures: string[] = [];
  if (body?.channel !== "iMessage") {
    departures.push(`200: channel ${JSON.stringify(body?.channel)}, not "iMessage"`);
  }
  if (typeof body?.backgroundId !== "string" || !backgroundId.test(body.backgroundId)) {
    departures.push(
      `200: backgroundId ${JSON.stringify(body?.backgroundId)} is not bg_ and 15 hex digits`,
    );
  }
  if (!Number.isInteger(body?.backgroundVersion)) {
    departures.push(
      `200: backgroundVersion ${JSON.stringify(body?.backgroundVersion)} is not a number`,
    );
  }
  if (body?.hasBackground !== true) departures.push("200: hasBackground is not true after a set");
  return departures;
}

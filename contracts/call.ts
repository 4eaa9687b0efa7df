import { expect, TestRunner } from "vitest";
import { sandboxProfileDepartures } from "./sandbox-profile.ts";
import type { Target } from "./target.ts";
import { type OperationId, type SeenResponse, specViolations } from "./validate-response.ts";

/** One call to an operation, as a test describes it. */
export interface CallOptions {
  conversationId: string;
  /** A JSON body (set only); serialised unless `rawBody` is given. */
  body?: unknown;
  /** A body sent exactly as given. */
  rawBody?: string;
  contentType?: string;
  /** The Authorization header; default `Bearer <the target's key>`; null sends none. */
  authorization?: string | null;
  /** More request headers. */
  headers?: Record<string, string>;
}

async function call(
  target: Target,
  operation: OperationId,
  options: CallOptions,
): Promise<SeenResponse> {
  const headers: Record<string, string> = { ...target.sandboxHeaders, ...options.headers };
  const authorization =
    options.authorization === undefined ? `Bearer ${target.apiKey}` : options.authorization;
  if (authorization !== null) headers.authorization = authorization;
  let body: string | undefined;
  if (operation === "setChatBackground") {
    body = options.rawBody ?? JSON.stringify(options.body ?? {});
    headers["content-type"] = options.contentType ?? "application/json";
  }
  const path = `/v1/conversations/${encodeURIComponent(options.conversationId)}/background`;
  const response = await fetch(`${target.baseUrl}${path}`, {
    method: operation === "setChatBackground" ? "POST" : "DELETE",
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  const seen = { status: response.status, headers: response.headers, body: parsed, text };
  if (operation === "setChatBackground" && response.ok) target.touched.add(options.conversationId);
  // Every answer is held to the spec, whatever the test goes on to check.
  expect
    .soft(specViolations(operation, seen), `${operation} answer departs from the spec`)
    .toEqual([]);
  // And a sandbox's to its own profile; where any other target departs from it, it differs
  // from the sandbox in a way the documents allow, and the report says how.
  const departures = sandboxProfileDepartures(operation, seen);
  if (target.profile === "sandbox") {
    expect.soft(departures, `${operation} answer departs from the sandbox's profile`).toEqual([]);
  } else {
    for (const departure of departures) differs(`${operation} ${departure}`);
  }
  const code = errorCode(seen);
  if (code !== undefined) observeCode(code);
  return seen;
}

/** Notes, for the report, how the running test's target differs from the sandbox. */
export function differs(difference: string): void {
  const meta = TestRunner.getCurrentTest()?.meta;
  if (meta) meta.differences = [...new Set([...(meta.differences ?? []), difference])];
}

function observeCode(code: string): void {
  const meta = TestRunner.getCurrentTest()?.meta;
  if (meta) meta.codes = [...new Set([...(meta.codes ?? []), code])];
}

/**
 * Expects the sandbox's error code: on a target held to the sandbox's profile it must be
 * `code`; on any other, a different code (or shape) is reported as a difference, since the
 * documents leave codes open.
 *
 * @example
 * expectSandboxCode(target, response, "CONVERSATION_NOT_FOUND");
 */
export function expectSandboxCode(target: Target, response: SeenResponse, code: string): void {
  const got = errorCode(response);
  if (target.profile === "sandbox") {
    expect(got, `error code of a ${response.status}`).toBe(code);
  } else if (got !== code) {
    differs(
      `${response.status} answered ${got ?? `in ${errorShape(response)} shape`} where the sandbox sends ${code}`,
    );
  }
}

/** `POST …/background` through the target; the answer is checked against the spec. */
export function setBackground(target: Target, options: CallOptions): Promise<SeenResponse> {
  return call(target, "setChatBackground", options);
}

/** `DELETE …/background` through the target; the answer is checked against the spec. */
export function removeBackground(target: Target, options: CallOptions): Promise<SeenResponse> {
  return call(target, "removeChatBackground", options);
}

/** The `error.code` of a documented envelope, or undefined for any other body. */
export function errorCode(response: SeenResponse): string | undefined {
  const body = response.body as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === "string" ? body.error.code : undefined;
}

/** Which error shape a body has: the documented envelope, one of FastAPI's, or neither. */
export function errorShape(
  response: SeenResponse,
): "envelope" | "fastapi" | "fastapi-string" | "other" {
  const body = response.body as Record<string, unknown> | undefined;
  if (body && typeof body.error === "object" && body.error !== null) return "envelope";
  if (body && Array.isArray(body.detail)) return "fastapi";
  if (body && typeof body.detail === "string") return "fastapi-string";
  return "other";
}

import { expect } from "vitest";
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
}

async function call(
  target: Target,
  operation: OperationId,
  options: CallOptions,
): Promise<SeenResponse> {
  const headers: Record<string, string> = { ...target.sandboxHeaders };
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
  return seen;
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

/** Which error shape a body has: the documented envelope, FastAPI's, or neither. */
export function errorShape(response: SeenResponse): "envelope" | "fastapi" | "other" {
  const body = response.body as Record<string, unknown> | undefined;
  if (body && typeof body.error === "object" && body.error !== null) return "envelope";
  if (body && Array.isArray(body.detail)) return "fastapi";
  return "other";
}

import type { CoreRequest } from "./exchange.ts";

/** The largest JSON body accepted; a valid one is far smaller (`image_url` ≤ 2048 characters). */
export const maxBodyBytes = 16 * 1024;

/** A body read as JSON: its value, absent (not JSON by its type, or no body), or why not. */
export type JsonBody = { value: unknown } | { absent: true } | { error: string };

/** Whether the request says its body is JSON (`application/json`, any parameters). */
export function isJsonType(request: CoreRequest): boolean {
  const type = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

function charsetOf(contentType: string): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return (match?.[1] ?? "utf-8").toLowerCase();
}

/**
 * Reads the body as JSON the way Express's JSON parser does, with any JSON value allowed
 * at the top: only when the Content-Type is `application/json`, in a UTF charset, at most
 * {@link maxBodyBytes}; an empty body is `{}`.
 *
 * @example
 * readJsonBody({ method: "POST", url: "/", headers: { "content-type": "application/json" }, body: bytes });
 */
export function readJsonBody(request: CoreRequest): JsonBody {
  // A body of another type is not read at all, as Express's JSON parser leaves it.
  if (!isJsonType(request)) return { absent: true };
  if (request.bodyError !== undefined) return { error: request.bodyError };
  if (request.body === undefined) return { absent: true };
  if (request.body.byteLength > maxBodyBytes) {
    return { error: `the body is larger than ${maxBodyBytes} bytes` };
  }
  const charset = charsetOf(request.headers["content-type"] ?? "");
  if (!charset.startsWith("utf-")) {
    return { error: "the body's charset is not supported" };
  }
  let text: string;
  try {
    text = new TextDecoder(charset).decode(request.body);
  } catch {
    return { error: "the body's charset is not supported" };
  }
  if (text.length === 0) return { value: {} };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: "the body is not valid JSON" };
  }
}

import type { OperationId, SeenResponse } from "../../contracts/validate-response.ts";
import { specViolations } from "../../contracts/validate-response.ts";
import { maxBodyBytes } from "../../mock/core/http/json-body.ts";
import { fuzzImages, imageUrl, renderBody } from "./fuzz-bodies.ts";
import type { FuzzRequest } from "./fuzz-request.ts";
import { decodedId } from "./fuzz-targets.ts";
import { apiKeys, type Caller, type SeededId, seededConversations } from "./seeded-sandbox.ts";

type ImageName = keyof typeof fuzzImages;

/** What a body amounts to: refused before the conversation is looked up, a set of a known image, or unclear. */
export type BodyVerdict =
  | { kind: "broken" }
  | { kind: "valid"; image: ImageName }
  | { kind: "unclear" };

const byUrl = new Map(
  Object.keys(fuzzImages).map((name) => [imageUrl(name as ImageName), name as ImageName]),
);

/** The README's step 2 for this request's body: 422 unless it is a JSON object with a good `image_url`. */
export function bodyVerdict(request: FuzzRequest): BodyVerdict {
  const { encoding } = request;
  const bytes = renderBody(request.body);
  // A body that does not inflate under its Content-Encoding is as broken as bad JSON.
  if (encoding !== undefined && encoding.name !== "identity" && encoding.name !== "x-unknown") {
    if (!encoding.encoded || bytes === undefined) return { kind: "broken" };
  }
  const contentType = request.contentType[0];
  if (contentType === undefined || contentType.json === false) return { kind: "broken" };
  if (contentType.json === undefined) return { kind: "unclear" };
  if (encoding?.name === "x-unknown") return { kind: "broken" };
  if (bytes === undefined || bytes.length > maxBodyBytes) return { kind: "broken" };
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, ""));
  } catch {
    return { kind: "broken" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { kind: "broken" };
  if (!Object.hasOwn(value, "image_url")) return { kind: "broken" };
  const url = (value as { image_url: unknown }).image_url;
  if (typeof url !== "string") return { kind: "broken" };
  const image = byUrl.get(url);
  if (image !== undefined) return { kind: "valid", image };
  if (!url.startsWith("https://") || [...url].length > 2048) return { kind: "broken" };
  return { kind: "unclear" };
}

/** The operation a request calls: POST or DELETE on the background route. */
export function operationOf(request: FuzzRequest): OperationId | undefined {
  // Paths are case-sensitive: a shouted path is not the route.
  if (request.target.kind !== "route" || request.target.upperCase) return undefined;
  if (request.method === "POST") return "setChatBackground";
  if (request.method === "DELETE") return "removeChatBackground";
  return undefined;
}

/** The conversation a route request names, once decoded. */
export function conversationOf(request: FuzzRequest): string | undefined {
  return request.target.kind === "route" ? decodedId(request.target.segment) : undefined;
}

/** The accounts whose key appears in the Authorization header the server reads (the first). */
export function presentedCallers(request: FuzzRequest): Caller[] {
  const first = request.auth[0]?.value ?? "";
  return (Object.keys(apiKeys) as Caller[]).filter((caller) => first.includes(apiKeys[caller]));
}

/** A status and the codes allowed with it. */
export interface Expected {
  status: number;
  codes?: string[];
}

/**
 * What the control surface answers a path it does not serve: 403 to another origin's page,
 * 415 to a state change that is not JSON, else 404 (the README's security section).
 */
function controlAnswer(request: FuzzRequest): Expected {
  // The fuzzer's Origin is never the sandbox's own.
  if (request.extraHeaders.some(([name]) => name === "origin")) {
    return { status: 403, codes: ["SANDBOX_FORBIDDEN"] };
  }
  const type = request.contentType[0]?.value.split(";")[0]?.trim().toLowerCase();
  if (!["GET", "HEAD", "OPTIONS"].includes(request.method) && type !== "application/json") {
    return { status: 415, codes: ["SANDBOX_UNSUPPORTED_MEDIA_TYPE"] };
  }
  return { status: 404, codes: ["NOT_FOUND"] };
}

/**
 * The answer the README's order of checks gives, from a freshly seeded sandbox (where
 * conv_provider_down never gets a background); undefined when the documents leave it open.
 */
export function expectedAnswer(request: FuzzRequest): Expected | undefined {
  const { target } = request;
  if (target.kind === "other" && /^\/__sandbox(\/|$)/.test(target.path)) {
    return controlAnswer(request);
  }
  if (request.method === "OPTIONS") return { status: 204 };
  if (target.kind === "other") return { status: 404, codes: ["NOT_FOUND"] };
  if (target.upperCase) return { status: 404, codes: ["NOT_FOUND"] };
  const id = decodedId(target.segment);
  if (id === undefined) return { status: 400, codes: ["INVALID_REQUEST"] };
  if (request.method !== "POST" && request.method !== "DELETE") {
    return { status: 405, codes: ["METHOD_NOT_ALLOWED"] };
  }
  const caller = request.auth.length === 0 ? null : request.auth[0]?.caller;
  if (caller === undefined) return undefined;
  if (caller === null) return { status: 401, codes: ["UNAUTHORIZED"] };
  const verdict = request.method === "POST" ? bodyVerdict(request) : undefined;
  if (verdict?.kind === "broken") {
    return { status: 422, codes: ["VALIDATION_ERROR", "INVALID_IMAGE_URL"] };
  }
  if (verdict?.kind === "unclear") return undefined;
  const conversation = Object.hasOwn(seededConversations, id)
    ? seededConversations[id as SeededId]
    : undefined;
  if (conversation?.owner !== caller) return { status: 404, codes: ["CONVERSATION_NOT_FOUND"] };
  if (!conversation.imessage) return { status: 400, codes: ["CHANNEL_NOT_SUPPORTED"] };
  if (verdict === undefined) return { status: 204 };
  const image = fuzzImages[verdict.image];
  if ("fails" in image) return { status: 422, codes: [image.fails] };
  if (conversation.providerDown) return { status: 502, codes: ["PROVIDER_ERROR"] };
  return { status: 200 };
}

const errorCode = (response: SeenResponse) =>
  (response.body as { error?: { code?: unknown } } | undefined)?.error?.code;

function isEnvelope(body: unknown): boolean {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  return (
    typeof error === "object" &&
    error !== null &&
    ["code", "message", "type"].every((field) => typeof error[field] === "string")
  );
}

/** Everything wrong with one answer, judged on its own: 5xx, spec, envelope, expected status. */
export function answerProblems(request: FuzzRequest, response: SeenResponse): string[] {
  const problems: string[] = [];
  const { status } = response;
  const seededFailure =
    status === 502 &&
    errorCode(response) === "PROVIDER_ERROR" &&
    conversationOf(request) === "conv_provider_down";
  if (status >= 500 && !seededFailure) problems.push(`a ${status}: ${response.text.slice(0, 200)}`);
  const operation = operationOf(request);
  if (operation !== undefined) {
    problems.push(...specViolations(operation, response));
  } else if (request.method === "OPTIONS") {
    if (status !== 204 || response.text !== "") problems.push(`OPTIONS answered ${status}`);
  } else {
    if (status < 400 || status > 499) problems.push(`status ${status} where a 4xx belongs`);
    if (request.method === "HEAD" ? response.text !== "" : !isEnvelope(response.body)) {
      problems.push(`not the error envelope: ${response.text.slice(0, 200)}`);
    }
  }
  const expected = expectedAnswer(request);
  if (expected !== undefined) {
    const code = errorCode(response);
    const codeOk =
      expected.codes === undefined ||
      request.method === "HEAD" ||
      expected.codes.includes(String(code));
    if (status !== expected.status || !codeOk) {
      const want = `${expected.status} ${expected.codes?.join(" or ") ?? ""}`.trim();
      problems.push(`answered ${status} ${code ?? ""}, the README's order of checks says ${want}`);
    }
  }
  return problems;
}

import type { SetChatBackgroundRequest } from "../../../openapi/schema.ts";
import type { BackgroundService } from "../domain/background-service.ts";
import { ApiError } from "../errors/api-error.ts";
import {
  askedFault,
  askedStatus,
  type FaultKind,
  faultStage,
  type HostFaults,
  redirectedMark,
  type StatusFault,
} from "../sandbox/fault-kinds.ts";
import type { FaultSettings, Faults } from "../sandbox/faults.ts";
import type { Account } from "../store/records.ts";
import type { Store } from "../store/store.ts";
import {
  type CoreRequest,
  type CoreResponse,
  empty,
  json,
  sleep,
  splitTarget,
} from "./exchange.ts";
import { beforeWorkAnswer } from "./fault-answers.ts";
import { readJsonBody } from "./json-body.ts";
import { validateSetRequest } from "./validate-set-request.ts";

/** The path both operations share. */
export const backgroundRoute = /^\/v1\/conversations\/([^/]+)\/background\/?$/;

/** What one API call learnt on its way, for the request journal. */
export interface CallRecord {
  account?: Account;
  imageUrl?: string;
  /** The fault injected into the call, by its header or as one armed for the next calls. */
  fault?: FaultKind | StatusFault;
  /** The fault settings as the call read them, for a fault that strikes after the work. */
  settings?: FaultSettings;
}

/** What the API's two operations are answered from. */
export interface ApiDeps {
  store: Store;
  service: BackgroundService;
  faults: Faults;
  /** Take `http:` image URLs too, for a sandbox that fetches from private addresses. */
  allowHttpImageUrls?: boolean;
  /** The faults the host cannot express. Default: none. */
  hostFaults?: HostFaults;
  now?: () => Date;
}

const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** 401 unless `Authorization: Bearer <key>` names a known account. */
async function authenticate(store: Store, request: CoreRequest): Promise<Account> {
  const header = request.headers.authorization;
  const key = bearer.exec(header ?? "")?.[1];
  const account = key === undefined ? undefined : await store.findAccountByKey(key);
  if (!account) {
    const message = header
      ? "Invalid API key. Send Authorization: Bearer followed by a valid key."
      : "Missing API key. Send Authorization: Bearer followed by your key.";
    throw new ApiError("UNAUTHORIZED", message, [], { "WWW-Authenticate": "Bearer" });
  }
  return account;
}

/**
 * The fault this call gets: the one its `X-Sandbox-Fault` names (which uses up none of those
 * armed), else the first armed for the next calls. A request sent back by a `redirect`
 * fault gets none, or it would be sent back for ever.
 */
async function callFault(
  deps: ApiDeps,
  request: CoreRequest,
  settings: FaultSettings,
): Promise<{ kind: FaultKind | undefined; settings: FaultSettings }> {
  const asked = askedFault(request.headers, deps.hostFaults ?? { host: "http", cannot: {} });
  if (splitTarget(request.url).search.includes(redirectedMark)) {
    return { kind: undefined, settings };
  }
  return asked === undefined ? deps.faults.takeCallFault() : { kind: asked, settings };
}

/** The set request's body: 422 for every way it can be unreadable or invalid. */
function setRequestBody(
  request: CoreRequest,
  record: CallRecord,
  allowHttp: boolean,
): SetChatBackgroundRequest {
  const read = readJsonBody(request);
  if ("error" in read) {
    // FastAPI answers an unreadable body with 422, and so does the documented API.
    throw new ApiError("VALIDATION_ERROR", `${read.error}.`, [
      { field: "body", message: `${read.error}.`, type: "json_invalid" },
    ]);
  }
  const body = "value" in read ? read.value : undefined;
  const imageUrl = (body as { image_url?: unknown } | null | undefined)?.image_url;
  if (typeof imageUrl === "string") record.imageUrl = imageUrl.slice(0, 2048);
  validateSetRequest(body, { allowHttp });
  return body as SetChatBackgroundRequest;
}

/** The header with which a caller (the contract suite) shortens this download's deadline. */
export const imageDeadlineHeader = "x-sandbox-image-timeout-ms";

/**
 * The shorter image deadline a request asks for in {@link imageDeadlineHeader}, in ms: a
 * sandbox-only header (the live API ignores it), which can only shorten the sandbox's own.
 */
function askedImageDeadline(request: CoreRequest): number | undefined {
  const text = request.headers[imageDeadlineHeader];
  if (text === undefined) return undefined;
  const ms = /^\d{1,7}$/.test(text.trim()) ? Number(text) : 0;
  if (ms < 1) {
    throw new ApiError(
      "SANDBOX_INVALID_REQUEST",
      `X-Sandbox-Image-Timeout-Ms must be a whole number of milliseconds from 1 to 9999999, not ${JSON.stringify(text)}.`,
    );
  }
  return ms;
}

/**
 * Answers a request on the API's path, in DESIGN.md's order: 400 for an id that does not
 * decode, 405 for another method, then for `POST` and `DELETE` the latency, 401, the
 * faults that strike before the work (a bad `X-Sandbox-Fault` is a 400), the body's 422,
 * and the service's 404, 400, image 422s and 502. Throws {@link ApiError}; `signal` aborts
 * on a reset, a shutdown or a client that left. A fault that strikes after the work is
 * left in `record` for the caller to apply to whatever this answers. `epoch` is the store's
 * epoch when the call began: a reset since (by any sandbox on the store) answers 503.
 */
export async function answerApi(
  deps: ApiDeps,
  request: CoreRequest,
  pathname: string,
  signal: AbortSignal,
  record: CallRecord,
  epoch?: number,
): Promise<CoreResponse> {
  const match = backgroundRoute.exec(pathname);
  if (!match) throw new ApiError("NOT_FOUND", `No route for ${request.method} ${pathname}.`);
  const raw = match[1] ?? "";
  let conversationId: string;
  try {
    conversationId = decodeURIComponent(raw);
  } catch {
    throw new ApiError(
      "INVALID_REQUEST",
      `The request could not be read: Failed to decode param '${raw}'.`,
    );
  }
  if (request.method !== "POST" && request.method !== "DELETE") {
    throw new ApiError(
      "METHOD_NOT_ALLOWED",
      `${request.method} is not allowed here; use POST or DELETE.`,
      [],
      { Allow: "POST, DELETE" },
    );
  }
  const before = await deps.faults.current();
  if (before.latencyMs > 0) await sleep(before.latencyMs, signal);
  const account = await authenticate(deps.store, request);
  record.account = account;
  const status = askedStatus(request.headers, () => before.retryAfterSeconds);
  if (status !== undefined) {
    record.fault = String(status.status) as StatusFault;
    throw status;
  }
  const { kind: fault, settings } = await callFault(deps, request, before);
  record.settings = settings;
  if (fault !== undefined) record.fault = fault;
  if (fault !== undefined && faultStage[fault] === "before") {
    const { retryAfterSeconds, stallMs } = settings;
    const { search } = splitTarget(request.url);
    const now = deps.now ?? (() => new Date());
    return beforeWorkAnswer(fault, { pathname, search, retryAfterSeconds, stallMs, now });
  }
  const call = {
    ...(fault === "provider-failure" ? { providerFailure: "injected provider failure" } : {}),
    ...(epoch === undefined ? {} : { epoch }),
  };
  if (request.method === "POST") {
    const { image_url } = setRequestBody(request, record, deps.allowHttpImageUrls ?? false);
    const deadlineMs = askedImageDeadline(request);
    const answer = await deps.service.setBackground(
      account.id,
      conversationId,
      image_url,
      signal,
      deadlineMs === undefined ? {} : { deadlineMs },
      call,
    );
    return json(200, answer);
  }
  await deps.service.removeBackground(account.id, conversationId, signal, call);
  return empty(204);
}

import { ApiError } from "../errors/api-error.ts";
import type { FaultSettings } from "../sandbox/faults.ts";
import type { SandboxControlApi } from "./control.ts";
import {
  answerDashboardFile,
  type DashboardFileReader,
  isDashboardFile,
} from "./dashboard-files.ts";
import { type EventStreamOptions, eventStream } from "./event-stream.ts";
import { bytes, type CoreRequest, type CoreResponse, empty, json } from "./exchange.ts";
import { type ControlGuardOptions, guardControl, guardDashboard } from "./guard-control.ts";
import { readJsonBody } from "./json-body.ts";

/** The JSON body of a control call: absent is `undefined`; unreadable is a 400. */
function body(request: CoreRequest): unknown {
  const read = readJsonBody(request);
  if ("error" in read) {
    throw new ApiError("SANDBOX_INVALID_REQUEST", `The body could not be read: ${read.error}.`);
  }
  return "value" in read ? read.value : undefined;
}

/** A path segment, percent-decoded; a 400 when it does not decode. */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalid(`${raw} in the path is not valid percent-encoding.`);
  }
}

function invalid(message: string): ApiError {
  return new ApiError("SANDBOX_INVALID_REQUEST", message);
}

/** `?limit=N&after=ID` of `GET /state`, checked. */
function pageQuery(search: string): { limit: number; after?: string } {
  const query = new URLSearchParams(search);
  const limitText = query.get("limit");
  const after = query.get("after");
  let limit: number | undefined;
  if (limitText !== null) {
    limit = /^\d+$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!Number.isInteger(limit)) throw invalid("limit must be a whole number from 1 to 1000.");
  }
  return { ...(limit === undefined ? {} : { limit }), ...(after === null ? {} : { after }) } as {
    limit: number;
    after?: string;
  };
}

/** What the control surface serves beyond the control API itself. */
export interface ControlExtras {
  /** The dashboard's files, where the host serves the page. */
  readDashboard?: DashboardFileReader | undefined;
  events?: EventStreamOptions | undefined;
}

/**
 * Answers a call under `/__sandbox`: the guard first (unless the host has no other page to
 * keep out: MSW in a page or a test runner), then the dashboard's files, health, reset,
 * state, conversations, the provider log, the request journal, the event stream, faults,
 * the image catalogue and the bytes of its images and of backgrounds. `sub` is the path
 * after the prefix, `/` for the prefix itself.
 */
export async function answerControl(
  control: SandboxControlApi,
  guard: ControlGuardOptions | null,
  request: CoreRequest,
  sub: string,
  search: string,
  extras: ControlExtras = {},
): Promise<CoreResponse> {
  const route = sub.length > 1 ? sub.replace(/\/$/, "") : sub;
  const read = request.method === "GET" || request.method === "HEAD";
  if (read && isDashboardFile(route)) {
    if (guard) guardDashboard(guard, request);
    return answerDashboardFile(extras.readDashboard, route);
  }
  if (guard) guardControl(guard, request);
  const write = request.method === "POST";
  if (read && route === "/health") return json(200, await control.health());
  if (write && route === "/reset") {
    await control.reset();
    return empty(204);
  }
  if (read && route === "/state") return json(200, await control.state(pageQuery(search)));
  if (write && route === "/conversations") {
    return json(201, await control.createConversation(body(request)));
  }
  const one = /^\/conversations\/([^/]+)$/.exec(route);
  if (request.method === "DELETE" && one) {
    let id: string;
    try {
      id = decodeURIComponent(one[1] ?? "");
    } catch {
      throw invalid(`The conversation id in ${sub} is not valid percent-encoding.`);
    }
    await control.removeConversation(id);
    return empty(204);
  }
  if (read && route === "/provider") return json(200, await control.providerLog());
  if (read && route === "/requests") return json(200, await control.journal());
  if (request.method === "GET" && route === "/events") {
    return eventStream((listener) => control.subscribe(listener), extras.events);
  }
  if (read && route === "/faults") return json(200, await control.faults());
  if (write && route === "/faults") {
    // No body at all is a bad request, not a read.
    const changes = body(request) ?? null;
    return json(200, await control.faults(changes as Partial<FaultSettings>));
  }
  if (read && route === "/images") return json(200, { images: await control.images() });
  const catalogueName = /^\/images\/([^/]+)$/.exec(route)?.[1];
  if (read && catalogueName !== undefined) {
    const image = await control.catalogueImage(segment(catalogueName));
    return bytes(200, image.contentType, image.bytes);
  }
  const backgroundOf = /^\/conversations\/([^/]+)\/background$/.exec(route)?.[1];
  if (read && backgroundOf !== undefined) {
    const image = await control.backgroundImage(segment(backgroundOf));
    return bytes(200, image.contentType, image.bytes);
  }
  const kept = /^\/backgrounds\/([^/]+)$/.exec(route)?.[1];
  if (read && kept !== undefined) {
    const image = await control.keptImage(segment(kept));
    return bytes(200, image.contentType, image.bytes);
  }
  throw new ApiError("NOT_FOUND", `No route for ${request.method} /__sandbox${sub}.`);
}

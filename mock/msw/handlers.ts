import { HttpResponse, http, type RequestHandler } from "msw";
import type { SandboxControlApi } from "../core/http/control.ts";
import type { CoreRequest } from "../core/http/exchange.ts";
import { isJsonType, maxBodyBytes } from "../core/http/json-body.ts";
import type { CatalogueListing } from "../core/images/catalogue.ts";
import type { ImageLoader } from "../core/images/image.ts";
import {
  createSandboxCore,
  type SandboxCore,
  type SandboxCoreOptions,
} from "../core/sandbox-core.ts";
import { faultResponse, mswFaults } from "./fault-response.ts";

/** AgentPhone's API, which an app's unchanged SDK calls. */
export const defaultBaseUrl = "https://api.agentphone.ai";

/** Options every MSW host takes; each is optional. */
export interface SandboxHandlersOptions
  extends Partial<Omit<SandboxCoreOptions, "loadImage" | "images" | "guard" | "onBug">> {
  /** Where the API is answered. Default `https://api.agentphone.ai`. */
  baseUrl?: string;
  /**
   * Your own images, served at `https://images.sandbox.test/<name>` beside the built-in
   * ones (which win): bytes, or a URL the host fetches them from (e.g. an asset of your app).
   */
  images?: Record<string, Uint8Array | ArrayBuffer | string>;
  /** How long a download of a URL outside the catalogue may take, in ms. Default 10 000. */
  imageTimeoutMs?: number;
  /**
   * Also takes image URLs on loopback and private addresses, over `http:` too: your own dev
   * server, or an image server your test starts. Every other guard stays (metadata and
   * link-local addresses, redirects, size, type, deadline). Default false.
   */
  allowPrivateImages?: boolean;
  /** Replaces the image pipeline altogether. */
  loadImage?: ImageLoader;
}

/** The sandbox as MSW handlers, with its control surface in hand. */
export interface SandboxHandlers {
  /** Both API operations and the `/__sandbox` control surface, under the base URL. */
  handlers: RequestHandler[];
  /** The control surface as functions: the same state the `/__sandbox` fetches see. */
  control: SandboxControlApi;
  /** The sandbox's core itself. */
  core: SandboxCore;
  /** The base URL the handlers answer, without a trailing slash. */
  baseUrl: string;
}

/** How a host gives the MSW handlers their images. */
export interface HostImages {
  loadImage: ImageLoader;
  list(): Promise<CatalogueListing[]>;
}

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "Retry-After,WWW-Authenticate,X-RateLimit-Reset",
};

/** What a body's bytes are after reading at most `limit` of them: all, or too many. */
type Capped = { bytes: Uint8Array } | { over: true };

/** Reads a stream to its end, or stops (and cancels it) as soon as it passes `limit` bytes. */
async function readAtMost(stream: ReadableStream<Uint8Array>, limit: number): Promise<Capped> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      reader.cancel().catch(() => {});
      return { over: true };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes };
}

// The encodings the HTTP host inflates (Express's body parser) that every runtime can: a
// browser's DecompressionStream has no brotli, so `br` is refused here (see the README).
const formats: Readonly<Record<string, "gzip" | "deflate">> = { gzip: "gzip", deflate: "deflate" };

const tooLarge = { bodyError: `the body is larger than ${maxBodyBytes} bytes` };

/**
 * The body as the core takes it: read only when it is JSON (as the HTTP host does),
 * inflated from gzip or deflate, and never read or inflated past the limit, so a small
 * compressed body cannot fill memory.
 */
async function bodyOf(
  request: Request,
  core: CoreRequest,
): Promise<Pick<CoreRequest, "body" | "bodyError">> {
  if (request.body === null || !isJsonType(core)) return {};
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding === "identity") {
    const read = await readAtMost(request.body, maxBodyBytes);
    return "over" in read ? tooLarge : { body: read.bytes };
  }
  const format = formats[encoding];
  if (format === undefined) {
    // Not awaited: a body that is never read must not hold up the answer.
    request.body.cancel().catch(() => {});
    return { bodyError: "the body's Content-Encoding is not supported" };
  }
  try {
    const inflated = request.body.pipeThrough(new DecompressionStream(format));
    const read = await readAtMost(inflated, maxBodyBytes);
    return "over" in read ? tooLarge : { body: read.bytes };
  } catch {
    return { bodyError: `the body could not be read (it does not inflate as ${encoding})` };
  }
}

/**
 * Builds the MSW handlers over a fresh sandbox core. Every host (browser, Node) passes its
 * own image pipeline; use `createSandboxHandlers` from the entry for your runtime.
 */
export function sandboxHandlers(
  options: SandboxHandlersOptions,
  images: HostImages,
): SandboxHandlers {
  const baseUrl = new URL(options.baseUrl ?? defaultBaseUrl).href.replace(/\/$/, "");
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  const {
    baseUrl: _b,
    images: _i,
    imageTimeoutMs: _t,
    loadImage: _l,
    allowPrivateImages,
    ...coreOptions
  } = options;
  const core = createSandboxCore({
    ...coreOptions,
    ...(allowPrivateImages ? { allowHttpImageUrls: true } : {}),
    loadImage: options.loadImage ?? images.loadImage,
    images: () => images.list(),
    // Only the page (or the test) that made these handlers can reach them.
    guard: null,
    hostFaults: mswFaults,
    onBug: (error) => console.error("agentphone sandbox: a bug answered 500:", error),
  });

  const answer = async ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const path = url.pathname.slice(basePath.length) || "/";
    const isApi = !path.startsWith("/__sandbox");
    // What the HTTP host's CORS answers a preflight; MSW in a page sees none, others might.
    if (isApi && request.method === "OPTIONS") {
      const at = new Date();
      const epoch = core.knownEpoch();
      const allowHeaders = request.headers.get("access-control-request-headers");
      core.journalHostAnswer({
        method: "OPTIONS",
        url: `${path}${url.search}`,
        status: 204,
        code: null,
        at,
        durationMs: 0,
        epoch,
      });
      return new HttpResponse(null, {
        status: 204,
        headers: {
          ...corsHeaders,
          "access-control-allow-methods": "GET,HEAD,PUT,PATCH,POST,DELETE",
          "access-control-max-age": "600",
          vary: "Access-Control-Request-Headers",
          ...(allowHeaders === null ? {} : { "access-control-allow-headers": allowHeaders }),
        },
      });
    }
    const coreRequest: CoreRequest = {
      method: request.method,
      url: `${path}${url.search}`,
      headers,
      signal: request.signal,
    };
    Object.assign(coreRequest, await bodyOf(request, coreRequest));
    const response = await core.handle(coreRequest);
    const sent = isApi ? { ...corsHeaders, ...response.headers } : response.headers;
    if (response.fault) return faultResponse(response, response.fault, sent, request);
    // The event stream goes on in the page as over HTTP, until the page cancels its read.
    const body = response.stream ?? response.body;
    const noBody = request.method === "HEAD" || body === undefined;
    if (noBody) response.stream?.cancel().catch(() => {});
    return new HttpResponse(noBody ? null : body, {
      status: response.status,
      headers: sent,
    });
  };

  return {
    handlers: [
      http.all(`${baseUrl}/v1/conversations/:conversationId/background`, answer),
      http.all(`${baseUrl}/__sandbox`, answer),
      http.all(`${baseUrl}/__sandbox/*`, answer),
    ],
    control: core.control,
    core,
    baseUrl,
  };
}

import { ApiError } from "../errors/api-error.ts";
import type { CoreRequest } from "./exchange.ts";

/** What {@link guardControl} checks a control call against. */
export interface ControlGuardOptions {
  /** When set, every control call must send it in `X-Sandbox-Token`, and nothing else is asked. */
  adminToken?: string | undefined;
  /**
   * The sandbox is bound to loopback: only requests addressed to a loopback name
   * (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`) reach the control surface.
   */
  loopbackOnly: boolean;
}

/** Host names that can only ever mean this machine, so no DNS answer can point them elsewhere. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return (
    name === "localhost" ||
    name.endsWith(".localhost") ||
    name === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

/** The host name of a `Host` header, without its port: `[::1]:4010` → `[::1]`. */
function hostnameOf(host: string): string {
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d*$/, "");
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function forbidden(message: string): ApiError {
  return new ApiError("SANDBOX_FORBIDDEN", message);
}

function sentToken(req: CoreRequest, token: string): boolean {
  const sent = req.headers["x-sandbox-token"];
  if (sent === undefined || sent.length !== token.length) return false;
  // In constant time: how far a guess matches must not show in how long the answer takes.
  let difference = 0;
  for (let i = 0; i < token.length; i++) difference |= sent.charCodeAt(i) ^ token.charCodeAt(i);
  return difference === 0;
}

// A page on another site can make a browser send a request without asking first (a
// "simple" request: a form post, text/plain, no body). Every state change needs JSON,
// which a browser sends cross-origin only after a preflight that the sandbox never grants.
function isJson(req: CoreRequest): boolean {
  const type = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

/**
 * Keeps other web pages away from `/__sandbox`. With an admin token, the token alone
 * decides (a page cannot send that header to another origin without a preflight, which is
 * never granted). Without one (loopback only), a call must be addressed to a loopback name
 * (so a DNS-rebinding page is refused), come from no browser page or from the sandbox's
 * own origin, and, when it changes anything, be JSON. The control surface sends no CORS headers,
 * so no other origin can read an answer either.
 */
export function guardControl(options: ControlGuardOptions, req: CoreRequest): void {
  if (options.adminToken !== undefined) {
    if (!sentToken(req, options.adminToken)) {
      throw forbidden("The sandbox control surface needs the admin token in X-Sandbox-Token.");
    }
  } else {
    const host = req.headers.host;
    if (options.loopbackOnly && host !== undefined && !isLoopbackName(hostnameOf(host))) {
      throw forbidden(
        `The control surface answers only requests addressed to localhost, 127.0.0.1 or [::1], not ${JSON.stringify(host)}: a page that points its own host name at this machine is refused.`,
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) {
      throw forbidden(
        `The control surface answers only the sandbox's own pages, not a page from ${JSON.stringify(origin)}.`,
      );
    }
    // Sent by browsers even where they send no Origin (an <img> or <script> of another site).
    const site = req.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none") {
      throw forbidden(`The control surface answers only the sandbox's own pages (${site}).`);
    }
    if (!safeMethods.has(req.method) && !isJson(req)) {
      throw new ApiError(
        "SANDBOX_UNSUPPORTED_MEDIA_TYPE",
        `${req.method} ${req.url} changes state, so it needs Content-Type: application/json (an empty body is fine).`,
      );
    }
  }
}

/**
 * Keeps other web pages from loading the dashboard's own files (its page, script and
 * style): as {@link guardControl} on loopback; with an admin token, anyone may load them,
 * since a browser cannot send the token with a page load and the files hold nothing
 * secret: the page then asks for the token, and everything it does needs it.
 */
export function guardDashboard(options: ControlGuardOptions, req: CoreRequest): void {
  if (options.adminToken === undefined) guardControl(options, req);
}

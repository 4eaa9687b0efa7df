import { ApiError } from "../errors/api-error.ts";
import { type ApiErrorCode, errorCodes } from "../errors/error-codes.ts";

/**
 * The header that arms one fault for the request carrying it, and for nothing else: tests
 * sharing a sandbox need no shared state. A sandbox-only header (the live API ignores it).
 */
export const faultHeader = "x-sandbox-fault";

/** The query a `redirect` fault's `Location` adds, so the request it sends back proceeds. */
export const redirectedMark = "sandbox_redirected=1";

/** Every fault the sandbox injects, by the name `X-Sandbox-Fault` takes. */
export const faultKinds = [
  "reset",
  "empty-reply",
  "redirect",
  "rate-limit",
  "rate-limit-reset",
  "server-error",
  "provider-failure",
  "not-json",
  "truncated",
  "stall",
] as const;

/** One fault the sandbox injects. */
export type FaultKind = (typeof faultKinds)[number];

/** An error status asked for by `X-Sandbox-Fault: <status>`, as the journal shows it. */
export type StatusFault = `${number}`;

/** Whether a journalled fault is one of {@link faultKinds}, not a status asked for. */
export const isFaultKind = (fault: FaultKind | StatusFault): fault is FaultKind =>
  (faultKinds as readonly string[]).includes(fault);

/**
 * When each fault strikes: `before` the work (nothing changes), at the `provider` call
 * (which fails, so nothing changes), or `after` the work is committed (the answer is lost).
 */
export const faultStage: Readonly<Record<FaultKind, "before" | "provider" | "after">> = {
  reset: "before",
  "empty-reply": "before",
  redirect: "before",
  "rate-limit": "before",
  "rate-limit-reset": "before",
  "server-error": "before",
  "provider-failure": "provider",
  "not-json": "after",
  truncated: "after",
  stall: "after",
};

/** Faults a host cannot express, each with why, as the host tells the core. */
export interface HostFaults {
  /** The host's name in refusals: `msw`. */
  host: string;
  cannot: Partial<Record<FaultKind, string>>;
}

/** A 400 naming the fault and the host, rather than a fault silently turned into another. */
export function unsupportedFault(kind: FaultKind, hostFaults: HostFaults): ApiError {
  return new ApiError(
    "SANDBOX_INVALID_REQUEST",
    `The ${hostFaults.host} host cannot inject the ${kind} fault: ${hostFaults.cannot[kind]}.`,
  );
}

/**
 * The fault `X-Sandbox-Fault` asks for, or undefined when the header is absent: a 400
 * (`SANDBOX_INVALID_REQUEST`) for a name it does not know or the host cannot express.
 *
 * @example
 * askedFault({ "x-sandbox-fault": "reset" }, { host: "http", cannot: {} }); // "reset"
 */
export function askedFault(
  headers: Readonly<Record<string, string | undefined>>,
  hostFaults: HostFaults,
): FaultKind | undefined {
  const text = headers[faultHeader];
  if (text === undefined || statusFaultPattern.test(text.trim())) return undefined;
  const kind = faultKinds.find((known) => known === text.trim().toLowerCase());
  if (kind === undefined) {
    throw new ApiError(
      "SANDBOX_INVALID_REQUEST",
      `X-Sandbox-Fault must be one of ${faultKinds.join(", ")}, or an error status the spec lists (${statusFaults.join(", ")}), not ${JSON.stringify(text)}.`,
    );
  }
  if (hostFaults.cannot[kind] !== undefined) throw unsupportedFault(kind, hostFaults);
  return kind;
}

const statusFaultPattern = /^\d{3}$/;

/**
 * The error status each code of the API answers with, the first code of the table for each:
 * what `X-Sandbox-Fault: <status>` answers.
 */
const codeForStatus = new Map<number, ApiErrorCode>();
for (const [code, { status }] of Object.entries(errorCodes)) {
  const onTheApi =
    !code.startsWith("SANDBOX_") && code !== "NOT_FOUND" && code !== "METHOD_NOT_ALLOWED";
  if (onTheApi && !codeForStatus.has(status)) codeForStatus.set(status, code as ApiErrorCode);
}

/** The error statuses `X-Sandbox-Fault` may name: every one the sandbox's API answers. */
export const statusFaults = [...codeForStatus.keys()].sort((a, b) => a - b);

/**
 * The error `X-Sandbox-Fault: <status>` asks for, or undefined when it names no status:
 * that status, in the envelope with the sandbox's code for it (and `WWW-Authenticate` on
 * 401, `Retry-After` on 429), before any work, so that a contract test can observe every
 * status the spec lists on demand. A status the API never answers is a 400.
 *
 * @example
 * askedStatus({ "x-sandbox-fault": "504" }, () => 1); // ApiError GATEWAY_TIMEOUT, 504
 */
export function askedStatus(
  headers: Readonly<Record<string, string | undefined>>,
  retryAfterSeconds: () => number,
): ApiError | undefined {
  const text = headers[faultHeader]?.trim();
  if (text === undefined || !statusFaultPattern.test(text)) return undefined;
  const code = codeForStatus.get(Number(text));
  if (code === undefined) {
    throw new ApiError(
      "SANDBOX_INVALID_REQUEST",
      `X-Sandbox-Fault can ask for ${statusFaults.join(", ")}, the error statuses the API answers, not ${text}.`,
    );
  }
  const extra: Record<string, string> =
    code === "UNAUTHORIZED"
      ? { "WWW-Authenticate": "Bearer" }
      : code === "RATE_LIMIT_EXCEEDED"
        ? { "Retry-After": String(retryAfterSeconds()) }
        : {};
  return new ApiError(code, `Answered ${text} because X-Sandbox-Fault asked for it.`, [], extra);
}

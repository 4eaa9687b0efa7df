import { ApiError } from "../errors/api-error.ts";

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
  if (text === undefined) return undefined;
  const kind = faultKinds.find((known) => known === text.trim().toLowerCase());
  if (kind === undefined) {
    throw new ApiError(
      "SANDBOX_INVALID_REQUEST",
      `X-Sandbox-Fault must be one of ${faultKinds.join(", ")}, not ${JSON.stringify(text)}.`,
    );
  }
  if (hostFaults.cannot[kind] !== undefined) throw unsupportedFault(kind, hostFaults);
  return kind;
}

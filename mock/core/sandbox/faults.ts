import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { schemaErrorMessage } from "../errors/schema-error-message.ts";

/** Faults the sandbox injects until they are used up or reset. */
export interface FaultSettings {
  /** Added to every API call, in ms. */
  latencyMs: number;
  /** The next N provider calls fail (the API answers 502). */
  providerFailNext: number;
  /** The next N API calls answer 429 with `Retry-After`. */
  rateLimitNext: number;
  /** The `Retry-After` of those 429s, in seconds. */
  retryAfterSeconds: number;
  /** The next N API calls answer 503. */
  serverErrorNext: number;
}

/** The faults, shared by the API's middleware, the provider and the control surface. */
export interface Faults {
  current(): FaultSettings;
  /** Changes the named settings; throws an Error naming the first bad field. */
  update(changes: unknown): FaultSettings;
  /** Back to the settings the sandbox started with. */
  reset(): void;
  /** Uses up one of each kind, if any is left; true when the caller must fail. */
  takeRateLimit(): boolean;
  takeServerError(): boolean;
  takeProviderFailure(): boolean;
}

const faultsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    latencyMs: { type: "integer", minimum: 0, maximum: 60_000 },
    providerFailNext: { type: "integer", minimum: 0, maximum: 1_000_000 },
    rateLimitNext: { type: "integer", minimum: 0, maximum: 1_000_000 },
    retryAfterSeconds: { type: "integer", minimum: 0, maximum: 3600 },
    serverErrorNext: { type: "integer", minimum: 0, maximum: 1_000_000 },
  },
} as const;

// Compiled on first use: Ajv's compile is a noticeable part of the sandbox's start-up.
let validateFaults: ValidateFunction | undefined;

/**
 * Creates the fault settings, starting from `initial` (the CLI's `--latency`, say), which
 * {@link Faults.reset} returns to.
 *
 * @example
 * const faults = createFaults({ latencyMs: 200 });
 * faults.update({ rateLimitNext: 1, retryAfterSeconds: 1 });
 */
export function createFaults(initial: Partial<FaultSettings> = {}): Faults {
  const base: FaultSettings = {
    latencyMs: 0,
    providerFailNext: 0,
    rateLimitNext: 0,
    retryAfterSeconds: 1,
    serverErrorNext: 0,
    ...initial,
  };
  let settings = { ...base };
  const take = (key: "providerFailNext" | "rateLimitNext" | "serverErrorNext") => {
    if (settings[key] <= 0) return false;
    settings[key] -= 1;
    return true;
  };
  return {
    current: () => ({ ...settings }),
    update(changes) {
      validateFaults ??= new Ajv2020().compile(faultsSchema);
      if (!validateFaults(changes)) {
        throw new Error(schemaErrorMessage(validateFaults.errors?.[0]));
      }
      settings = { ...settings, ...(changes as Partial<FaultSettings>) };
      return { ...settings };
    },
    reset() {
      settings = { ...base };
    },
    takeRateLimit: () => take("rateLimitNext"),
    takeServerError: () => take("serverErrorNext"),
    takeProviderFailure: () => take("providerFailNext"),
  };
}

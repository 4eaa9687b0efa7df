import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { schemaErrorMessage } from "../errors/schema-error-message.ts";
import type { FaultStore } from "../store/store.ts";
import { type FaultKind, faultStage, type HostFaults } from "./fault-kinds.ts";

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
  /** The next N API calls have their connection reset, with no answer. */
  resetNext: number;
  /** The next N API calls have their connection closed, with no answer. */
  emptyReplyNext: number;
  /** The next N API calls answer 307 to the same path. */
  redirectNext: number;
  /** The next N API calls answer 429 with `X-RateLimit-Reset` instead of `Retry-After`. */
  rateLimitResetNext: number;
  /** The next N API calls do their work, then answer 200 with an HTML page. */
  notJsonNext: number;
  /** The next N API calls do their work, then send half their answer's body and close. */
  truncatedNext: number;
  /** The next N API calls do their work, then send half their answer's body and stall. */
  stallNext: number;
  /** How long a stall lasts before the sandbox closes the connection, in ms. */
  stallMs: number;
}

/** The setting that arms each fault for the next N calls. */
export const faultSetting = {
  "rate-limit": "rateLimitNext",
  "server-error": "serverErrorNext",
  "provider-failure": "providerFailNext",
  reset: "resetNext",
  "empty-reply": "emptyReplyNext",
  redirect: "redirectNext",
  "rate-limit-reset": "rateLimitResetNext",
  "not-json": "notJsonNext",
  truncated: "truncatedNext",
  stall: "stallNext",
} as const satisfies Record<FaultKind, keyof FaultSettings>;

// The order in which armed API-call faults are used when several are: the 429 and 503
// that came first keep their place.
const callFaults = (Object.keys(faultSetting) as FaultKind[]).filter(
  (kind) => faultStage[kind] !== "provider",
);

/** A change to the fault settings that is refused: its message names the first bad field. */
export class InvalidFaults extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidFaults";
  }
}

/** The faults, shared by the API's middleware, the provider and the control surface. */
export interface Faults {
  /** The settings now: this sandbox's starting ones, with what was armed since the reset. */
  current(): Promise<FaultSettings>;
  /** Changes the named settings; rejects with an Error naming the first bad field. */
  update(changes: unknown): Promise<FaultSettings>;
  /** Uses up one provider failure, if any is armed; true when the provider call must fail. */
  takeProviderFailure(): Promise<boolean>;
  /**
   * Uses up the first armed fault of an API call (all but the provider's), in the order
   * of {@link faultSetting}; `kind` is undefined when none is armed. `settings` are the
   * settings after it, read in the same step.
   */
  takeCallFault(): Promise<{ kind: FaultKind | undefined; settings: FaultSettings }>;
}

const upTo = (maximum: number) => ({ type: "integer", minimum: 0, maximum }) as const;

const faultsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    latencyMs: upTo(60_000),
    retryAfterSeconds: upTo(3600),
    stallMs: upTo(300_000),
    ...Object.fromEntries(Object.values(faultSetting).map((key) => [key, upTo(1_000_000)])),
  },
} as const;

// Compiled on first use: Ajv's compile is a noticeable part of the sandbox's start-up.
let validateFaults: ValidateFunction | undefined;

const callFaultKeys = callFaults.map((kind) => faultSetting[kind]);
const kindOfKey = new Map(
  (Object.entries(faultSetting) as Array<[FaultKind, keyof FaultSettings]>).map(([k, v]) => [v, k]),
);

/** The settings every sandbox starts from, before `initial`. */
export const defaultFaultSettings: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  providerFailNext: 0,
  rateLimitNext: 0,
  retryAfterSeconds: 1,
  serverErrorNext: 0,
  resetNext: 0,
  emptyReplyNext: 0,
  redirectNext: 0,
  rateLimitResetNext: 0,
  notJsonNext: 0,
  truncatedNext: 0,
  stallNext: 0,
  stallMs: 30_000,
});

/**
 * Creates the fault settings over `store` (where armed faults are kept, so that every
 * sandbox sharing it sees them), starting from `initial` (the CLI's `--latency`, say),
 * which a reset returns to. Arming a fault the host cannot express is refused.
 *
 * @example
 * const faults = createFaults(createMemoryStore().faults, { latencyMs: 200 });
 * await faults.update({ rateLimitNext: 1, retryAfterSeconds: 1 });
 */
export function createFaults(
  store: FaultStore,
  initial: Partial<FaultSettings> = {},
  hostFaults: HostFaults = { host: "http", cannot: {} },
): Faults {
  const base: FaultSettings = { ...defaultFaultSettings, ...initial };
  const withBase = (changes: Partial<FaultSettings>): FaultSettings => ({ ...base, ...changes });
  return {
    current: async () => withBase(await store.read()),
    async update(changes) {
      validateFaults ??= new Ajv2020().compile(faultsSchema);
      if (!validateFaults(changes)) {
        throw new InvalidFaults(schemaErrorMessage(validateFaults.errors?.[0]));
      }
      for (const [kind, why] of Object.entries(hostFaults.cannot)) {
        const key = faultSetting[kind as FaultKind];
        if (((changes as Partial<FaultSettings>)[key] ?? 0) > 0) {
          throw new InvalidFaults(
            `The ${hostFaults.host} host cannot inject the ${kind} fault (${key}): ${why}`,
          );
        }
      }
      return withBase(await store.write(changes as Partial<FaultSettings>));
    },
    async takeProviderFailure() {
      return (await store.take(["providerFailNext"], base)).taken !== undefined;
    },
    async takeCallFault() {
      const { taken, changes } = await store.take(callFaultKeys, base);
      return {
        kind: taken === undefined ? undefined : kindOfKey.get(taken),
        settings: withBase(changes),
      };
    },
  };
}

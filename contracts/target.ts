import type { FaultKind } from "../mock/core/sandbox/fault-kinds.ts";
import type { Profile } from "./sandbox-profile.ts";

/** Where the contract suite runs. */
export type TargetName = "fake" | "msw" | "http" | "prism" | "live";

/** What a target can do; a test that needs more is skipped with the reason. */
export interface Capabilities {
  /** Keeps backgrounds and counts versions. */
  stateful: boolean;
  /** Tells a valid API key from an unknown one. */
  knowsKeys: boolean;
  /** Answers 404 for a conversation that does not exist. */
  knowsConversations: boolean;
  /** Downloads `image_url` and checks the bytes. */
  fetchesImages: boolean;
  /** Serves the magic images of `https://images.sandbox.test/`. */
  catalogue: boolean;
  /** Has the sandbox's `/__sandbox` control surface. */
  controlSurface: boolean;
  /** Can make the next calls fail (429, 503, provider failure). */
  faults: boolean;
  /** May change state: the live API only with `CONTRACT_ALLOW_WRITES=1`. */
  writes: boolean;
}

/** The fault settings the sandbox's control surface takes. */
export interface FaultRequest {
  latencyMs?: number;
  providerFailNext?: number;
  rateLimitNext?: number;
  retryAfterSeconds?: number;
  serverErrorNext?: number;
}

/** A running target, as the tests see it: nothing here names a particular one. */
export interface Target {
  name: TargetName;
  /** A short description for reports: the URL, and the mutation when there is one. */
  label: string;
  baseUrl: string;
  apiKey: string;
  capabilities: Capabilities;
  /**
   * What its answers are held to: `documents` (the spec: what the live API may answer) or
   * `sandbox` (the spec and the sandbox's own profile); a `documents` target's differences
   * from the sandbox's profile are reported, not failed.
   */
  profile: Profile;
  /** An iMessage conversation the key owns, fresh for the caller when the target can make one. */
  conversation(): Promise<string>;
  /** Conversation ids for the refusal tests; absent when the target has none. */
  ids: {
    /** An SMS conversation the key owns. */
    sms?: string | undefined;
    /** A conversation of another account. */
    otherAccount?: string | undefined;
  };
  /** Two different accepted images, and (when known) the first's bytes under another URL. */
  images: { a: string; b: string; sameAsA?: string | undefined };
  /** Arms faults; only with `capabilities.faults`. */
  faults?(settings: FaultRequest): Promise<void>;
  /** The sandbox's state of one conversation; only with `capabilities.controlSurface`. */
  state?(
    conversationId: string,
  ): Promise<{ version: number; background: unknown; history: unknown[] }>;
  /**
   * Headers only a sandbox understands, sent with every API call (e.g. a shorter image
   * deadline); never set for the live API.
   */
  sandboxHeaders?: Record<string, string>;
  /**
   * The faults one request can ask for in `X-Sandbox-Fault` (a sandbox-only header, never
   * sent to the live API); absent where no such header is understood.
   */
  faultHeader?: { kinds: readonly FaultKind[] };
  /** Conversations a set changed; a target that shares state with people cleans them on close. */
  touched: Set<string>;
  /** Stops what the target started (and, for the live API, removes the backgrounds the run set). */
  close(): Promise<void>;
}

/** A target's environment variable, missing or wrong. */
export class TargetConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetConfigError";
  }
}

import { type FaultKind, faultKinds } from "../../mock/core/sandbox/fault-kinds.ts";
import type { Profile } from "../sandbox-profile.ts";
import type { Capabilities, FaultRequest, Target, TargetName } from "../target.ts";

/** Everything a sandbox-backed target needs to know. */
export interface SandboxTargetOptions {
  name: TargetName;
  label: string;
  baseUrl: string;
  apiKey: string;
  adminToken?: string | undefined;
  /**
   * The image deadline this run asks of the sandbox, in ms, so `slow.png` need not wait the
   * sandbox's own (10 s by default). Default 1000.
   */
  imageTimeoutMs?: number;
  /** What its answers are held to; default `sandbox`, its own profile. */
  profile?: Profile;
  /** The faults this sandbox's host cannot express (MSW has no wire to reset). Default: none. */
  cannotFault?: readonly FaultKind[];
  close(): Promise<void>;
}

const everything: Capabilities = {
  stateful: true,
  knowsKeys: true,
  knowsConversations: true,
  fetchesImages: true,
  catalogue: true,
  controlSurface: true,
  faults: true,
  writes: true,
};

const catalogue = (name: string) => `https://images.sandbox.test/${name}`;

/**
 * A target backed by this kit's sandbox (in process or its CLI): each test gets a fresh
 * conversation from the control surface, so tests never see each other's state.
 */
export function sandboxTarget(options: SandboxTargetOptions): Target {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.adminToken) headers["x-sandbox-token"] = options.adminToken;

  async function control(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${options.baseUrl}/__sandbox/${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(
        `${method} /__sandbox/${path} answered ${response.status}: ${await response.text()}`,
      );
    return response.status === 204 ? undefined : response.json();
  }

  // What this run creates it removes, and the faults it finds it leaves: a sandbox a team
  // shares is left as it was found.
  const created: string[] = [];
  let faultsFound: Promise<unknown> | undefined;

  return {
    sandboxHeaders: { "x-sandbox-image-timeout-ms": String(options.imageTimeoutMs ?? 1000) },
    faultHeader: {
      kinds: faultKinds.filter((kind) => !options.cannotFault?.includes(kind)),
    },
    name: options.name,
    label: options.label,
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    capabilities: everything,
    profile: options.profile ?? "sandbox",
    async conversation() {
      const made = (await control("POST", "conversations", {
        apiKey: options.apiKey,
        channel: "imessage",
        recipientIosVersion: 18,
      })) as { id: string };
      created.push(made.id);
      return made.id;
    },
    ids: { sms: "conv_sms", otherAccount: "conv_bob" },
    images: {
      a: catalogue("forest.png"),
      b: catalogue("ocean.png"),
      sameAsA: catalogue("same-as-forest.png"),
    },
    async faults(settings: FaultRequest) {
      faultsFound ??= control("GET", "faults");
      await faultsFound;
      await control("POST", "faults", settings);
    },
    async state(conversationId) {
      const state = (await control("GET", "state")) as {
        accounts: Array<{
          conversations: Array<{
            id: string;
            version: number;
            background: unknown;
            history: unknown[];
          }>;
        }>;
      };
      const found = state.accounts
        .flatMap((a) => a.conversations)
        .find((c) => c.id === conversationId);
      if (!found) throw new Error(`the sandbox has no conversation ${conversationId}`);
      return found;
    },
    touched: new Set(),
    async close() {
      try {
        if (faultsFound) await control("POST", "faults", await faultsFound);
        for (const id of created.splice(0)) {
          await control("DELETE", `conversations/${encodeURIComponent(id)}`);
        }
      } finally {
        await options.close();
      }
    },
  };
}

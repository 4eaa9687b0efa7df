import type { Capabilities, FaultRequest, Target, TargetName } from "../target.ts";

/** Everything a sandbox-backed target needs to know. */
export interface SandboxTargetOptions {
  name: TargetName;
  label: string;
  baseUrl: string;
  apiKey: string;
  adminToken?: string | undefined;
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

  return {
    name: options.name,
    label: options.label,
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    capabilities: everything,
    async conversation() {
      const created = (await control("POST", "conversations", {
        apiKey: options.apiKey,
        channel: "imessage",
        recipientIosVersion: 18,
      })) as { id: string };
      return created.id;
    },
    ids: { sms: "conv_sms", otherAccount: "conv_bob" },
    images: {
      a: catalogue("forest.png"),
      b: catalogue("ocean.png"),
      sameAsA: catalogue("same-as-forest.png"),
    },
    async faults(settings: FaultRequest) {
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
    close: options.close,
  };
}

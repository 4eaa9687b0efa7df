import { expect, it } from "vitest";
import type { SandboxControlApi } from "../../mock/core/http/control.ts";
import type { FaultKind } from "../../mock/core/sandbox/fault-kinds.ts";

/** A host of the sandbox as the fault tests drive it. */
export interface FaultHost {
  baseUrl: string;
  control: SandboxControlApi;
}

/** One fault, as a plain `fetch` sees it on a host: `want`, and the versions it leaves. */
export interface FaultCase {
  kind: FaultKind;
  /** The settings that arm it for the next call. */
  armed: object;
  want: string;
  versions: number;
}

/** A fresh iMessage conversation of Alice's, so each case starts at version 0. */
export async function freshConversation(host: FaultHost): Promise<string> {
  return (await host.control.createConversation({ channel: "imessage" })).id;
}

export async function versionOf(host: FaultHost, conversationId: string): Promise<number> {
  const { accounts } = await host.control.state({ limit: 1000 });
  const found = accounts.flatMap((a) => a.conversations).find((c) => c.id === conversationId);
  return found?.version ?? Number.NaN;
}

function described(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  const text = `${(error as Error).name}: ${(error as Error).message}`;
  return typeof code === "string" ? `${text} (${code})` : text;
}

/** What `fetch` makes of a call: its error (and the cause's code), or status and body. */
export async function seen(call: Promise<Response>): Promise<string> {
  let response: Response;
  try {
    response = await call;
  } catch (error) {
    return described(error);
  }
  try {
    const text = await response.text();
    return `${response.status} ${text.startsWith("{") ? "JSON" : text.slice(0, 15)}`;
  } catch (error) {
    return `${response.status}, then body ${described(error)}`;
  }
}

/** An API call to the host as Alice: a set of forest.png, or a removal. */
export function callApi(
  host: FaultHost,
  method: "POST" | "DELETE",
  conversationId: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${host.baseUrl}/v1/conversations/${conversationId}/background`, {
    method,
    headers: {
      authorization: "Bearer sk_sandbox_alice",
      "content-type": "application/json",
      ...headers,
    },
    ...(method === "POST"
      ? { body: JSON.stringify({ image_url: "https://images.sandbox.test/forest.png" }) }
      : {}),
    ...(signal === undefined ? {} : { signal }),
  });
}

/** Two tests per case: the fault asked for by `X-Sandbox-Fault`, and armed for the next call. */
export function itInjectsEachFault(host: () => FaultHost, cases: FaultCase[]): void {
  for (const { kind, armed, want, versions } of cases) {
    it(`answers X-Sandbox-Fault: ${kind} as a client sees it, "${want}", with ${versions} new versions`, async () => {
      const conversationId = await freshConversation(host());
      expect(await seen(callApi(host(), "POST", conversationId, { "x-sandbox-fault": kind }))).toBe(
        want,
      );
      expect(await versionOf(host(), conversationId)).toBe(versions);
      // A redirect's own entry comes before the one of the request sent back.
      const { entries } = await host().control.journal();
      expect(entries.slice(-2).map((entry) => entry.fault)).toContain(kind);
    });

    it(`answers the call after ${JSON.stringify(armed)} alike, and the one after that as usual`, async () => {
      const conversationId = await freshConversation(host());
      await host().control.faults(armed);
      expect(await seen(callApi(host(), "POST", conversationId))).toBe(want);
      expect(await versionOf(host(), conversationId)).toBe(versions);
      expect(await seen(callApi(host(), "POST", conversationId))).toBe("200 JSON");
      expect(await versionOf(host(), conversationId)).toBe(1);
    });
  }
}

/**
 * The stall's three tests: a client that gives up, the sandbox's own bound (`stallMs`), and
 * a removal with no body to cut; `cutShort` is what the client sees at the bound.
 */
export function itStalls(host: () => FaultHost, cutShort: string): void {
  const stall = { "x-sandbox-fault": "stall" };

  it("stalls half-way through the body until the client gives up, with the work done", async () => {
    const conversationId = await freshConversation(host());
    const started = performance.now();
    const stalled = callApi(host(), "POST", conversationId, stall, AbortSignal.timeout(300));
    expect(await seen(stalled)).toBe(
      "200, then body TimeoutError: The operation was aborted due to timeout",
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(await versionOf(host(), conversationId)).toBe(1);
    expect((await host().control.journal()).entries.at(-1)).toMatchObject({ fault: "stall" });
  });

  it("ends a stall after stallMs, as a connection closed half-way", async () => {
    await host().control.faults({ stallMs: 100 });
    const conversationId = await freshConversation(host());
    const outcome = await seen(callApi(host(), "POST", conversationId, stall));
    await host().control.faults({ stallMs: 30_000 });
    expect(outcome).toBe(cutShort);
  });

  it("stalls a removal, which has no body to cut, before it sends anything", async () => {
    const conversationId = await freshConversation(host());
    const removal = callApi(host(), "DELETE", conversationId, stall, AbortSignal.timeout(200));
    expect(await seen(removal)).toBe("TimeoutError: The operation was aborted due to timeout");
  });

  it("lets a browser app send X-Sandbox-Fault: the preflight allows it", async () => {
    const response = await fetch(`${host().baseUrl}/v1/conversations/conv_imessage/background`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,x-sandbox-fault",
      },
    });
    expect(response.headers.get("access-control-allow-headers")).toContain("x-sandbox-fault");
  });
}

import { AgentPhoneClient, AgentPhoneError } from "agentphone";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandboxHandlers } from "../../mock/msw/node.ts";

const sandbox = createSandboxHandlers();
const server = setupServer(...sandbox.handlers);
const forest = "https://images.sandbox.test/forest.png";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  server.resetHandlers();
  await sandbox.control.reset();
});
afterAll(() => server.close());

/** What a `/__sandbox` fetch answers, as JSON. */
async function fetched(path: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(`${sandbox.baseUrl}/__sandbox/${path}`, init);
  expect(response.ok, `${path} answered ${response.status}`).toBe(true);
  return response.json();
}

/** The control object's answer as it crosses the wire (dates as strings). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("createSandboxHandlers under setupServer", () => {
  it("answers the official SDK at its default base URL: set, set again, remove", async () => {
    expect(sandbox.baseUrl).toBe("https://api.agentphone.ai");
    const { conversations } = new AgentPhoneClient({ token: "sk_sandbox_alice", maxRetries: 0 });
    const first = await conversations.setChatBackground({
      conversation_id: "conv_imessage",
      image_url: forest,
    });
    expect(first).toMatchObject({ changed: true, backgroundVersion: 1, channel: "iMessage" });
    const again = await conversations.setChatBackground({
      conversation_id: "conv_imessage",
      image_url: forest,
    });
    expect(again).toMatchObject({
      changed: false,
      backgroundVersion: 1,
      backgroundId: first.backgroundId,
    });
    await expect(
      conversations.removeChatBackground({ conversation_id: "conv_imessage" }),
    ).resolves.toBeUndefined();
    const { accounts } = await sandbox.control.state();
    const conversation = accounts
      .flatMap((account) => account.conversations)
      .find((c) => c.id === "conv_imessage");
    expect(conversation).toMatchObject({ version: 2, background: null });
  });

  it("shows the control object and the /__sandbox fetches the same state", async () => {
    const created = await fetched("conversations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey: "sk_sandbox_alice", channel: "imessage" }),
    });
    const { id } = created as { id: string };
    const client = new AgentPhoneClient({ token: "sk_sandbox_alice", maxRetries: 0 });
    await client.conversations.setChatBackground({ conversation_id: id, image_url: forest });
    await sandbox.control.faults({ providerFailNext: 2 });

    expect(await fetched("state")).toEqual(asJson(await sandbox.control.state()));
    expect(await fetched("provider")).toEqual(asJson(await sandbox.control.providerLog()));
    expect(await fetched("requests")).toEqual(asJson(await sandbox.control.journal()));
    expect(await fetched("faults")).toEqual(asJson(await sandbox.control.faults()));
    expect((await sandbox.control.providerLog()).entries).toHaveLength(1);
    expect((await sandbox.control.journal()).entries).toMatchObject([
      { method: "POST", path: `/v1/conversations/${id}/background`, status: 200 },
    ]);
  });

  it("answers the next call 429 with Retry-After once control.faults arms it", async () => {
    await sandbox.control.faults({ rateLimitNext: 1, retryAfterSeconds: 7 });
    const client = new AgentPhoneClient({ token: "sk_sandbox_alice", maxRetries: 0 });
    const error = await client.conversations
      .removeChatBackground({ conversation_id: "conv_imessage" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentPhoneError);
    expect(error).toMatchObject({ statusCode: 429 });
    expect((error as AgentPhoneError).rawResponse?.headers.get("retry-after")).toBe("7");
    // Only the next call: the one after it goes through.
    await expect(
      client.conversations.removeChatBackground({ conversation_id: "conv_imessage" }),
    ).resolves.toBeUndefined();
  });

  it("answers under the base URL it is given, path prefix included, and nowhere else", async () => {
    const elsewhere = createSandboxHandlers({ baseUrl: "http://localhost:9999/api/" });
    expect(elsewhere.baseUrl).toBe("http://localhost:9999/api");
    server.use(...elsewhere.handlers);
    const client = new AgentPhoneClient({
      token: "sk_sandbox_alice",
      baseUrl: elsewhere.baseUrl,
      maxRetries: 0,
    });
    await expect(
      client.conversations.setChatBackground({
        conversation_id: "conv_imessage",
        image_url: forest,
      }),
    ).resolves.toMatchObject({ changed: true, backgroundVersion: 1 });
    const health = await fetch("http://localhost:9999/api/__sandbox/health");
    expect(await health.json()).toMatchObject({ status: "ok" });
    // Each set of handlers is a sandbox of its own: the default one saw nothing.
    expect((await elsewhere.control.journal()).entries).toHaveLength(1);
    expect((await sandbox.control.journal()).entries).toHaveLength(0);

    const unhandled = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(
      fetch("http://localhost:9999/v1/conversations/conv_imessage/background", {
        method: "DELETE",
      }),
    ).rejects.toThrow();
    expect(unhandled.mock.calls.join(" ")).toMatch(/without a matching request handler/);
    unhandled.mockRestore();
  });
});

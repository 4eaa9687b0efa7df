import { describe, expect, it } from "vitest";
import { buildSandbox } from "../../../mock/build-sandbox.ts";
import type { SandboxEvent } from "../../../mock/core/sandbox/sandbox-event.ts";

const background = "/v1/conversations/conv_imessage/background";
const auth = { authorization: "Bearer sk_sandbox_alice" };

/** A sandbox with one subscriber that keeps every event. */
function watched() {
  const sandbox = buildSandbox({ logLevel: "silent" });
  const events: SandboxEvent[] = [];
  const stop = sandbox.control.subscribe((event) => events.push(event));
  const call = (method: string, url: string, json?: unknown) =>
    sandbox.core.handle({
      method,
      url,
      headers: { ...auth, ...(json === undefined ? {} : { "content-type": "application/json" }) },
      body: json === undefined ? undefined : new TextEncoder().encode(JSON.stringify(json)),
    });
  return { sandbox, events, stop, call, types: () => events.map((event) => event.type) };
}

describe("the sandbox's events", () => {
  it("reports a set: the provider call, the change and the journal entry", async () => {
    const { events, call } = watched();
    const answer = await call("POST", background, {
      image_url: "https://images.sandbox.test/forest.png",
    });
    expect(answer.status).toBe(200);
    expect(events).toEqual([
      { type: "provider", entry: expect.objectContaining({ action: "upload", ok: true }) },
      { type: "change", conversationId: "conv_imessage" },
      { type: "journal", entry: expect.objectContaining({ path: background, status: 200 }) },
    ]);
  });

  it("reports a refused call in the journal alone: nothing changed", async () => {
    const { events, call } = watched();
    await call("DELETE", "/v1/conversations/conv_sms/background");
    expect(events).toEqual([{ type: "journal", entry: expect.objectContaining({ status: 400 }) }]);
  });

  it("reports a remove, and a provider failure without a change", async () => {
    const { call, types } = watched();
    await call("POST", background, { image_url: "https://images.sandbox.test/forest.png" });
    await call("DELETE", background);
    await call("DELETE", "/v1/conversations/conv_provider_down/background");
    await call("POST", "/v1/conversations/conv_provider_down/background", {
      image_url: "https://images.sandbox.test/forest.png",
    });
    expect(types()).toEqual([
      ...["provider", "change", "journal"],
      ...["provider", "change", "journal"],
      // A removal with no background is a no-op: no provider call, no change.
      "journal",
      ...["provider", "journal"],
    ]);
  });

  it("reports each fault armed and each one used up, with the settings now", async () => {
    const { sandbox, events, call } = watched();
    await sandbox.control.faults({ rateLimitNext: 1 });
    await call("DELETE", background);
    expect(events).toEqual([
      { type: "faults", faults: expect.objectContaining({ rateLimitNext: 1 }) },
      { type: "faults", faults: expect.objectContaining({ rateLimitNext: 0 }) },
      { type: "journal", entry: expect.objectContaining({ status: 429 }) },
    ]);
  });

  it("reports a conversation created and removed, and a reset", async () => {
    const { sandbox, events } = watched();
    await sandbox.control.createConversation({ id: "conv_new", channel: "imessage" });
    await sandbox.control.removeConversation("conv_new");
    await sandbox.control.reset();
    expect(events).toEqual([
      { type: "change", conversationId: "conv_new" },
      { type: "change", conversationId: "conv_new" },
      { type: "reset" },
    ]);
  });

  it("stops reporting to a subscriber that left", async () => {
    const { sandbox, events, stop, call } = watched();
    stop?.();
    expect(sandbox.core.events.size).toBe(0);
    await call("DELETE", background);
    await sandbox.control.faults({ serverErrorNext: 1 });
    expect(events).toEqual([]);
  });
});

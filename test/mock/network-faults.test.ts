import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "../../mock/server.ts";
import {
  callApi,
  type FaultHost,
  freshConversation,
  itInjectsEachFault,
  itStalls,
  versionOf,
} from "../support/fault-calls.ts";

let sandbox: RunningSandbox;
const host = (): FaultHost => ({ baseUrl: sandbox.url, control: sandbox.control });

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, logLevel: "silent" });
});

afterAll(async () => {
  await sandbox?.close();
});

describe("network faults on the HTTP sandbox, as undici's fetch sees them", () => {
  itInjectsEachFault(host, [
    {
      kind: "reset",
      armed: { resetNext: 1 },
      want: "TypeError: fetch failed (ECONNRESET)",
      versions: 0,
    },
    {
      kind: "empty-reply",
      armed: { emptyReplyNext: 1 },
      want: "TypeError: fetch failed (UND_ERR_SOCKET)",
      versions: 0,
    },
    { kind: "redirect", armed: { redirectNext: 1 }, want: "200 JSON", versions: 1 },
    { kind: "rate-limit", armed: { rateLimitNext: 1 }, want: "429 JSON", versions: 0 },
    { kind: "rate-limit-reset", armed: { rateLimitResetNext: 1 }, want: "429 JSON", versions: 0 },
    { kind: "server-error", armed: { serverErrorNext: 1 }, want: "503 JSON", versions: 0 },
    { kind: "provider-failure", armed: { providerFailNext: 1 }, want: "502 JSON", versions: 0 },
    { kind: "not-json", armed: { notJsonNext: 1 }, want: "200 <!doctype html>", versions: 1 },
    {
      kind: "truncated",
      armed: { truncatedNext: 1 },
      want: "200, then body TypeError: terminated (UND_ERR_SOCKET)",
      versions: 1,
    },
  ]);

  it("sends a redirect back to the same path, marked so that the request it sends back proceeds", async () => {
    const conversationId = await freshConversation(host());
    const response = await fetch(`${sandbox.url}/v1/conversations/${conversationId}/background`, {
      method: "DELETE",
      headers: { authorization: "Bearer sk_sandbox_alice", "x-sandbox-fault": "redirect" },
      redirect: "manual",
    });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(
      `/v1/conversations/${conversationId}/background?sandbox_redirected=1`,
    );
    const { entries } = await sandbox.control.journal();
    expect(entries.at(-1)).toMatchObject({ status: 307, fault: "redirect" });
  });

  it("puts the reset time in X-RateLimit-Reset, in epoch seconds, and sends no Retry-After", async () => {
    await sandbox.control.faults({ retryAfterSeconds: 2 });
    const conversationId = await freshConversation(host());
    const response = await callApi(host(), "POST", conversationId, {
      "x-sandbox-fault": "rate-limit-reset",
    });
    await sandbox.control.faults({ retryAfterSeconds: 1 });
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    expect(reset - Date.now() / 1000).toBeGreaterThan(1);
    expect(reset - Date.now() / 1000).toBeLessThanOrEqual(3);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(response.headers.get("access-control-expose-headers")).toContain("X-RateLimit-Reset");
  });

  itStalls(host, "200, then body TypeError: terminated (UND_ERR_SOCKET)");

  it("ends every stall at once when the sandbox shuts down", async () => {
    const own = await createSandbox({ port: 0, logLevel: "silent" });
    const response = await callApi(
      { baseUrl: own.url, control: own.control },
      "POST",
      "conv_imessage",
      {
        "x-sandbox-fault": "stall",
      },
    );
    const body = response.text().then(
      () => "read",
      (error: Error) => error.message,
    );
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await body).toBe("terminated");
  });

  it("answers a fault name it does not know 400 in the envelope, and changes nothing", async () => {
    const conversationId = await freshConversation(host());
    const response = await callApi(host(), "POST", conversationId, { "x-sandbox-fault": "meteor" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: "SANDBOX_INVALID_REQUEST",
        message: expect.stringMatching(/^X-Sandbox-Fault must be one of reset, .*"meteor"/),
      },
    });
    expect(await versionOf(host(), conversationId)).toBe(0);
  });
});

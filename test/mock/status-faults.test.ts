import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "../../mock/server.ts";
import { callApi, type FaultHost, freshConversation, versionOf } from "../support/fault-calls.ts";

let sandbox: RunningSandbox;
const host = (): FaultHost => ({ baseUrl: sandbox.url, control: sandbox.control });

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, logLevel: "silent" });
});

afterAll(async () => {
  await sandbox?.close();
});

describe("X-Sandbox-Fault: <status>", () => {
  const table = [
    { status: 400, code: "INVALID_REQUEST", type: "invalid_request_error" },
    { status: 401, code: "UNAUTHORIZED", type: "authentication_error", header: "www-authenticate" },
    { status: 403, code: "FORBIDDEN", type: "authentication_error" },
    { status: 404, code: "CONVERSATION_NOT_FOUND", type: "not_found_error" },
    { status: 408, code: "REQUEST_TIMEOUT", type: "invalid_request_error" },
    { status: 422, code: "VALIDATION_ERROR", type: "validation_error" },
    { status: 429, code: "RATE_LIMIT_EXCEEDED", type: "rate_limit_error", header: "retry-after" },
    { status: 500, code: "INTERNAL_ERROR", type: "api_error" },
    { status: 502, code: "PROVIDER_ERROR", type: "upstream_error" },
    { status: 503, code: "SERVICE_UNAVAILABLE", type: "api_error" },
    { status: 504, code: "GATEWAY_TIMEOUT", type: "api_error" },
  ];
  for (const { status, code, type, header } of table) {
    it(`answers ${status} ${code} to a set, in the envelope, before any work`, async () => {
      const conversationId = await freshConversation(host());
      const response = await callApi(host(), "POST", conversationId, {
        "x-sandbox-fault": String(status),
      });
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        error: {
          message: `Answered ${status} because X-Sandbox-Fault asked for it.`,
          code,
          type,
          details: [],
        },
      });
      if (header) expect(response.headers.get(header)).not.toBeNull();
      expect(await versionOf(host(), conversationId)).toBe(0);
    });
  }

  it("answers a removal too, and the journal names the fault", async () => {
    const conversationId = await freshConversation(host());
    const response = await callApi(host(), "DELETE", conversationId, { "x-sandbox-fault": "504" });
    expect(response.status).toBe(504);
    const { entries } = await sandbox.control.journal();
    expect(entries.find((e) => e.path.includes(conversationId))).toMatchObject({
      status: 504,
      code: "GATEWAY_TIMEOUT",
      fault: "504",
    });
  });

  it("refuses a status the API never answers with a 400 that lists those it can", async () => {
    for (const asked of ["418", "200", "405"]) {
      const conversationId = await freshConversation(host());
      const response = await callApi(host(), "POST", conversationId, { "x-sandbox-fault": asked });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("SANDBOX_INVALID_REQUEST");
      expect(body.error.message).toContain(`not ${asked}`);
      expect(body.error.message).toContain("400, 401, 403, 404, 408, 422, 429, 500, 502, 503, 504");
      expect(await versionOf(host(), conversationId)).toBe(0);
    }
  });

  it("checks the key first: a bad key gets its 401, not the status asked for", async () => {
    const response = await fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, {
      method: "DELETE",
      headers: { authorization: "Bearer sk_unknown", "x-sandbox-fault": "504" },
    });
    expect(response.status).toBe(401);
  });
});

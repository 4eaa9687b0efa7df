import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandboxHandlers } from "../../mock/msw/node.ts";
import {
  callApi,
  type FaultHost,
  freshConversation,
  itInjectsEachFault,
  itStalls,
  versionOf,
} from "../support/fault-calls.ts";

const sandbox = createSandboxHandlers();
const server = setupServer(...sandbox.handlers);
const host = (): FaultHost => sandbox;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe("network faults on the MSW handlers, as fetch sees them", () => {
  itInjectsEachFault(host, [
    { kind: "reset", armed: { resetNext: 1 }, want: "TypeError: Failed to fetch", versions: 0 },
    { kind: "rate-limit", armed: { rateLimitNext: 1 }, want: "429 JSON", versions: 0 },
    { kind: "rate-limit-reset", armed: { rateLimitResetNext: 1 }, want: "429 JSON", versions: 0 },
    { kind: "server-error", armed: { serverErrorNext: 1 }, want: "503 JSON", versions: 0 },
    { kind: "provider-failure", armed: { providerFailNext: 1 }, want: "502 JSON", versions: 0 },
    { kind: "not-json", armed: { notJsonNext: 1 }, want: "200 <!doctype html>", versions: 1 },
    {
      kind: "truncated",
      armed: { truncatedNext: 1 },
      want: "200, then body TypeError: terminated",
      versions: 1,
    },
  ]);

  itStalls(host, "200, then body TypeError: terminated");

  for (const [kind, setting] of [
    ["empty-reply", "emptyReplyNext"],
    ["redirect", "redirectNext"],
  ] as const) {
    it(`refuses ${kind}, which MSW cannot express, by header and when armed, naming the fault and the host`, async () => {
      const conversationId = await freshConversation(host());
      const response = await callApi(host(), "POST", conversationId, { "x-sandbox-fault": kind });
      expect(response.status).toBe(400);
      const refusal = new RegExp(`^The msw host cannot inject the ${kind} fault`);
      expect(await response.json()).toMatchObject({
        error: { code: "SANDBOX_INVALID_REQUEST", message: expect.stringMatching(refusal) },
      });
      expect(await versionOf(host(), conversationId)).toBe(0);
      await expect(sandbox.control.faults({ [setting]: 1 })).rejects.toMatchObject({
        code: "SANDBOX_INVALID_REQUEST",
        message: expect.stringMatching(refusal),
      });
      expect((await sandbox.control.faults())[setting]).toBe(0);
    });
  }
});

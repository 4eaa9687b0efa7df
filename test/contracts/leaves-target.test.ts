import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "../../mock/server.ts";
import { runContracts } from "./run-contracts.ts";

/** What a team's sandbox holds that a run of the suite must not change. */
async function snapshot(sandbox: RunningSandbox) {
  const state = await sandbox.control.state({ limit: 1000 });
  const conversations = state.accounts
    .flatMap((account) => account.conversations)
    .map(({ id, version, background }) => ({ id, version, backgroundId: background?.id ?? null }));
  return { conversations, faults: await sandbox.control.faults() };
}

describe("the contract suite against someone's running sandbox", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    // A sandbox in use: a background already set, a fault of its own armed, the default
    // 10 s image deadline.
    sandbox = await createSandbox({ port: 0, logLevel: "silent", latencyMs: 0 });
    await fetch(`${sandbox.url}/v1/conversations/conv_bob/background`, {
      method: "POST",
      headers: { authorization: "Bearer sk_sandbox_bob", "content-type": "application/json" },
      body: JSON.stringify({ image_url: "https://images.sandbox.test/ocean.png" }),
    });
    await sandbox.control.faults({ retryAfterSeconds: 7 });
  });
  afterAll(() => sandbox.close());

  it("passes and leaves it as it found it: no conversation, version or fault changed", async () => {
    const before = await snapshot(sandbox);
    const run = await runContracts(["--target", "http", "--base-url", sandbox.url]);
    expect(run.code, run.output).toBe(0);
    expect(await snapshot(sandbox)).toEqual(before);
  }, 120_000);

  it("asks for a shorter image deadline than the sandbox's own, which the sandbox honours", async () => {
    const response = await fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, {
      method: "POST",
      headers: {
        authorization: "Bearer sk_sandbox_alice",
        "content-type": "application/json",
        "x-sandbox-image-timeout-ms": "200",
      },
      body: JSON.stringify({ image_url: "https://images.sandbox.test/slow.png" }),
    });
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(response.status).toBe(422);
    expect(body.error).toMatchObject({ code: "IMAGE_FETCH_TIMEOUT" });
    expect(body.error.message).toContain("within 200 ms");
  });

  it("refuses a deadline header that is not a whole number of milliseconds", async () => {
    for (const value of ["0", "-5", "1.5", "soon"]) {
      const response = await fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, {
        method: "POST",
        headers: {
          authorization: "Bearer sk_sandbox_alice",
          "content-type": "application/json",
          "x-sandbox-image-timeout-ms": value,
        },
        body: JSON.stringify({ image_url: "https://images.sandbox.test/forest.png" }),
      });
      expect(response.status, value).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        "SANDBOX_INVALID_REQUEST",
      );
    }
  });
});

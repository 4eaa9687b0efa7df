import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Cassette, writeCassette } from "../../../contracts/cassette/cassette.ts";
import { redactCassette } from "../../../contracts/cassette/redact-cassette.ts";

// Recognisable fake secrets, one of each kind a recording can hold.
const apiKey = "sk_live_FAKE4f9c2b7e1d0a";
const bearer = "eyJhbGciOiJIUzI1NiJ9.FAKE-bearer-token.c2lnbmF0dXJl";
const sandboxToken = "sbx_FAKE_admin_7d1e9a";
const envSecret = "FAKE-env-only-secret-31";
const cookie = "session=FAKEsession0042; HttpOnly";
const conversationId = "conv_FAKE9f8b7c6d5e4a";
const backgroundId = "bg_5f0c1d2e3a4b6c7";
const accountId = "acct_FAKEcustomer";

function recording(): Cassette {
  const path = `/v1/conversations/${conversationId}/background`;
  return {
    version: 1,
    kit: "0.1.0",
    recordedAt: "2026-01-01T00:00:00.000Z",
    target: {
      entry: "live",
      name: "live",
      label: "live (https://api.agentphone.ai)",
      baseUrl: "https://api.agentphone.ai",
      apiKey,
      capabilities: {
        stateful: true,
        knowsKeys: true,
        knowsConversations: true,
        fetchesImages: true,
        catalogue: false,
        controlSurface: false,
        faults: false,
        writes: true,
      },
      profile: "documents",
      conversation: conversationId,
      ids: {},
      images: { a: "https://cdn.example/a.png", b: "https://cdn.example/b.png" },
    },
    exchanges: [
      {
        file: "set-background",
        test: `setting a background ({target}) > sets ${conversationId}`,
        occurrence: 0,
        request: {
          method: "POST",
          path,
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: { image_url: "https://cdn.example/a.png" },
        },
        response: {
          status: 200,
          headers: { "content-type": "application/json", "set-cookie": cookie },
          body: {
            conversationId,
            backgroundId,
            accountId,
            channel: "iMessage",
            note: `key ${apiKey} set ${backgroundId}`,
          },
        },
      },
      {
        file: "authentication",
        test: "authentication ({target}) > refuses a token",
        occurrence: 0,
        request: {
          method: "DELETE",
          path: `/v1/conversations/${encodeURIComponent(conversationId)}/background?token=${bearer}`,
          headers: {
            authorization: `Bearer ${bearer}`,
            "x-sandbox-token": sandboxToken,
            "x-note": `forwarded ${envSecret}`,
          },
        },
        response: {
          status: 401,
          headers: { "content-type": "application/json" },
          bodyText: `bad token ${bearer} for ${conversationId}`,
        },
      },
      {
        file: "conversations",
        test: null,
        occurrence: 0,
        request: {
          method: "POST",
          path: "/__sandbox/conversations",
          headers: { "x-sandbox-token": sandboxToken },
          body: { apiKey, adminToken: sandboxToken, channel: "imessage" },
        },
        response: {
          error: {
            name: "TypeError",
            message: `fetch failed for ${accountId}`,
            cause: { name: "Error", message: `refused ${apiKey}`, code: "ECONNREFUSED" },
          },
        },
      },
    ],
  };
}

describe("redactCassette", () => {
  it("leaves no secret and no id of the account anywhere in the written file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "redact-"));
    try {
      const file = join(dir, "cassette.json");
      writeCassette(file, redactCassette(recording(), [envSecret]));
      const text = await readFile(file, "utf8");
      for (const secret of [
        apiKey,
        bearer,
        sandboxToken,
        envSecret,
        "FAKEsession0042",
        conversationId,
        encodeURIComponent(conversationId),
        backgroundId,
        accountId,
        "FAKE",
      ]) {
        expect(text, secret).not.toContain(secret);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("gives each value one placeholder, the same in paths, headers, bodies and test names", () => {
    const { target, exchanges } = redactCassette(recording(), [envSecret]);
    const [set, refusal, control] = exchanges;
    // An id keeps its prefix, length and alphabet, so a check of its format still passes.
    const conversation = "conv_0000000000000001";
    expect(target?.apiKey).toBe("secret_1");
    expect(target?.conversation).toBe(conversation);
    expect(set?.test).toBe(`setting a background ({target}) > sets ${conversation}`);
    expect(set?.request.path).toBe(`/v1/conversations/${conversation}/background`);
    expect(set?.request.headers.authorization).toBe("Bearer secret_1");
    expect(set?.response).toMatchObject({
      headers: { "set-cookie": "secret_3" },
      body: {
        conversationId: conversation,
        backgroundId: "bg_000000000000001",
        accountId: "acct_000000000001",
        note: "key secret_1 set bg_000000000000001",
      },
    });
    expect(refusal?.request.path).toBe(
      `/v1/conversations/${conversation}/background?token=secret_4`,
    );
    expect(refusal?.request.headers).toEqual({
      authorization: "Bearer secret_4",
      "x-sandbox-token": "secret_5",
      "x-note": "forwarded secret_2",
    });
    expect(refusal?.response).toMatchObject({ bodyText: `bad token secret_4 for ${conversation}` });
    expect(control?.request.body).toEqual({
      apiKey: "secret_1",
      adminToken: "secret_5",
      channel: "imessage",
    });
    expect(control?.response).toEqual({
      error: {
        name: "TypeError",
        message: "fetch failed for acct_000000000001",
        cause: { name: "Error", message: "refused secret_1", code: "ECONNREFUSED" },
      },
    });
  });

  it("keeps what is neither, and skips a placeholder the recording already uses", () => {
    const cassette = recording();
    const first = cassette.exchanges[0] as Cassette["exchanges"][number];
    first.request.headers["x-literal"] = "secret_1";
    const redacted = redactCassette(cassette);
    expect(redacted.target?.apiKey).toBe("secret_2");
    expect(redacted.exchanges[0]?.request.headers["x-literal"]).toBe("secret_1");
    expect(redacted.exchanges[0]?.request.body).toEqual({ image_url: "https://cdn.example/a.png" });
    expect(redacted.target?.label).toBe("live (https://api.agentphone.ai)");
  });
});

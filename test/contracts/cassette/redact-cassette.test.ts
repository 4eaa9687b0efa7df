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

describe("redactCassette on URLs", () => {
  // A presigned S3 URL, as a live run's CONTRACT_IMAGE_URL_A often is: its credential names
  // an access key, and its signature lets anyone fetch the object until it expires.
  const accessKey = "AKIAFAKEEXAMPLE7Q";
  const credentialParam = `${accessKey}%2F20261204%2Fus-east-1%2Fs3%2Faws4_request`;
  const signature = "FAKEsig0d2c8b9a7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";
  const sessionToken = "FQoGZXIvYXdzEFAKE%2Btoken%3D%3D";
  const s3 =
    `https://bucket.s3.amazonaws.com/a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256` +
    `&X-Amz-Credential=${credentialParam}&X-Amz-Date=20261204T000000Z&X-Amz-Expires=3600` +
    `&X-Amz-SignedHeaders=host&X-Amz-Security-Token=${sessionToken}&X-Amz-Signature=${signature}`;
  const azureSig = "FAKEazure%2Bsig%3D";
  const azure = `https://acct.blob.core.windows.net/c/b.png?sv=2024-01-01&se=2026-12-05&sp=r&sig=${azureSig}`;
  const password = "FAKE-p%40ss";
  const withUser = `https://images-user:${password}@cdn.example/copy.png`;

  function signedRecording(): Cassette {
    const cassette = recording();
    if (cassette.target) cassette.target.images = { a: s3, b: azure, sameAsA: withUser };
    const [set] = cassette.exchanges;
    if (set) {
      set.request.body = { image_url: s3 };
      set.response = {
        status: 400,
        headers: { "content-type": "application/json" },
        body: { error: { message: `image_url: ${decodeURIComponent(s3)} answered 403.` } },
      };
    }
    return cassette;
  }

  it("replaces a signed URL's credentials, a URL's password, and nothing else of them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "redact-"));
    try {
      const file = join(dir, "cassette.json");
      writeCassette(file, redactCassette(signedRecording()));
      const text = await readFile(file, "utf8");
      for (const secret of [accessKey, signature, "FQoGZXIvYXdzE", "FAKEazure", "p%40ss", "p@ss"]) {
        expect(text, secret).not.toContain(secret);
      }
      // What says where the image is and how it was signed stays, for a reader of the file.
      for (const kept of [
        "https://bucket.s3.amazonaws.com/a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256",
        "X-Amz-Date=20261204T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host",
        "https://acct.blob.core.windows.net/c/b.png?sv=2024-01-01&se=2026-12-05&sp=r&sig=",
        "@cdn.example/copy.png",
      ]) {
        expect(text, kept).toContain(kept);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("gives a credential one placeholder however the URL spells it, so the replay sends what it reads", () => {
    const { target, exchanges } = redactCassette(signedRecording());
    const image = target?.images.a ?? "";
    expect(image).toMatch(/X-Amz-Credential=secret_\d+&/);
    expect(image).toMatch(/X-Amz-Signature=secret_\d+$/);
    // The replay sends the target's image URL: it must be the one the request recorded.
    expect(exchanges[0]?.request.body).toEqual({ image_url: image });
    // The message quoted the URL decoded; its credential has the same placeholder.
    const credential = /X-Amz-Credential=(secret_\d+)/.exec(image)?.[1];
    const message = JSON.stringify(exchanges[0]?.response);
    expect(message).toContain(`X-Amz-Credential=${credential}&`);
    expect(message).toMatch(/X-Amz-Signature=secret_\d+ answered 403\."/);
    expect(target?.images.sameAsA).toMatch(
      /^https:\/\/secret_\d+:secret_\d+@cdn\.example\/copy\.png$/,
    );
  });

  it("keeps a short query value, which no credential is, rather than replace it everywhere", () => {
    const cassette = recording();
    if (cassette.target) cassette.target.images.a = "https://cdn.example/a.png?key=1&auth=true";
    const redacted = redactCassette(cassette);
    expect(redacted.target?.images.a).toBe("https://cdn.example/a.png?key=1&auth=true");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPrism, startPrism } from "../../mock/prism.ts";
import type { ErrorEnvelope, SetChatBackgroundResponse } from "../../openapi/schema.ts";
import { takenPort } from "../support/taken-port.ts";

let prism: RunningPrism;
const published = "conv_9f8b7c6d5e4a3b2c1d0e";
const image = "https://cdn.agentphone.ai/backgrounds/chat-wallpaper-forest.png";

beforeAll(async () => {
  prism = await startPrism({ port: 0 });
});

afterAll(async () => {
  await prism?.stop();
});

function background(id = published): string {
  return `${prism.url}/v1/conversations/${id}/background`;
}

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(background(), {
    method: "POST",
    headers: { authorization: "Bearer sk_test", "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("the Prism mock", () => {
  it("listens on the free port it was given, on loopback", () => {
    expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(prism.url).not.toMatch(/:4011$/);
  });

  it("answers a valid POST with the published example", async () => {
    const response = await post({ image_url: image });
    expect(response.status).toBe(200);
    expect((await response.json()) as SetChatBackgroundResponse).toEqual({
      conversationId: published,
      channel: "iMessage",
      hasBackground: true,
      changed: true,
      backgroundId: "bg_123456789abcdef",
      backgroundVersion: 3,
    });
  });

  const invalid = [
    { given: "no image_url", body: {} },
    { given: "an http: image_url", body: { image_url: "http://example.com/a.png" } },
    { given: "a relative image_url", body: { image_url: "/a.png" } },
    {
      given: "an image_url of 2049 characters",
      body: { image_url: `https://a.io/${"a".repeat(2036)}` },
    },
    { given: "a number for image_url", body: { image_url: 42 } },
  ];
  for (const { given, body } of invalid) {
    it(`rejects ${given} with 422 in the documented envelope`, async () => {
      const response = await post(body);
      expect(response.status).toBe(422);
      const envelope = (await response.json()) as ErrorEnvelope;
      expect(envelope.error.code).toBe("VALIDATION_ERROR");
    });
  }

  it("answers 401 to a request without Authorization", async () => {
    const response = await fetch(background(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ image_url: image }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorEnvelope).error.code).toBe("UNAUTHORIZED");
  });

  it("honours Prefer: code=404", async () => {
    const response = await post({ image_url: image }, { prefer: "code=404" });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorEnvelope).error.code).toBe("CONVERSATION_NOT_FOUND");
  });

  it("honours Prefer: example= with a named example", async () => {
    const response = await post({ image_url: image }, { prefer: "example=unchanged" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as SetChatBackgroundResponse;
    expect(body.changed).toBe(false);
    expect(body.backgroundVersion).toBe(1);
  });

  it("serves 429 with Retry-After when asked", async () => {
    const response = await post({ image_url: image }, { prefer: "code=429" });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("answers DELETE with 204 and no body", async () => {
    const response = await fetch(background(), {
      method: "DELETE",
      headers: { authorization: "Bearer sk_test" },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });
});

describe("starting Prism on a port that is taken", () => {
  it("rejects with one line that names the address, not Prism's help", async () => {
    const { port, server } = await takenPort();
    try {
      const error = await startPrism({ port }).then(
        () => new Error("it started"),
        (reason: Error) => reason,
      );
      expect(error.message).toBe(
        `127.0.0.1:${port} is in use; stop what runs there or pass --port 0 for any free port.`,
      );
    } finally {
      server.close();
    }
  });
});

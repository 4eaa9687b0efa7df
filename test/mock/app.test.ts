import request from "supertest";
import { describe, expect, it } from "vitest";
import { buildSandbox, type SandboxOptions } from "../../mock/build-sandbox.ts";
import { conversationIn } from "../support/conversation-in.ts";
import { fakeImageLoader } from "../support/fake-image-loader.ts";

const alice = "sk_sandbox_alice";
const path = (id: string) => `/v1/conversations/${id}/background`;

function sandbox(options: SandboxOptions = {}) {
  let n = 0;
  const built = buildSandbox({
    logLevel: "silent",
    loadImage: fakeImageLoader({
      "forest.png": { bytes: "forest" },
      "ocean.png": { bytes: "ocean" },
    }),
    newBackgroundId: () => `bg_${String(++n).padStart(15, "0")}`,
    ...options,
  });
  const api = request(built.app);
  const set = (id: string, body: unknown, key = alice) =>
    api
      .post(path(id))
      .set("authorization", `Bearer ${key}`)
      .send(body as object);
  const remove = (id: string, key = alice) =>
    api.delete(path(id)).set("authorization", `Bearer ${key}`);
  return { ...built, api, set, remove };
}

const forest = { image_url: "https://img.test/forest.png" };
const ocean = { image_url: "https://img.test/ocean.png" };

describe("the sandbox's API over HTTP", () => {
  it("sets, repeats, replaces and removes a background with versions counting", async () => {
    const { set, remove } = sandbox();
    expect((await set("conv_imessage", forest)).body).toMatchObject({
      changed: true,
      backgroundVersion: 1,
    });
    expect((await set("conv_imessage", forest)).body).toMatchObject({
      changed: false,
      backgroundVersion: 1,
    });
    expect((await set("conv_imessage", ocean)).body).toMatchObject({
      changed: true,
      backgroundVersion: 2,
    });
    const removed = await remove("conv_imessage");
    expect([removed.status, removed.text]).toEqual([204, ""]);
    expect((await remove("conv_imessage")).status).toBe(204);
    expect((await set("conv_imessage", forest)).body).toMatchObject({
      changed: true,
      backgroundVersion: 4,
    });
  });

  const unauthorized = [
    { given: "no Authorization header", header: undefined },
    { given: "a Basic scheme", header: "Basic c2tfc2FuZGJveF9hbGljZTo=" },
    { given: "a Bearer with no key", header: "Bearer " },
    { given: "an unknown key", header: "Bearer sk_live_nope" },
  ];
  for (const { given, header } of unauthorized) {
    it(`answers 401 UNAUTHORIZED to ${given}, before looking at the body`, async () => {
      const { api } = sandbox();
      const call = api.post(path("conv_imessage")).send({ image_url: 42 });
      const response = await (header === undefined ? call : call.set("authorization", header));
      expect(response.status).toBe(401);
      expect(response.headers["www-authenticate"]).toBe("Bearer");
      expect(response.body.error).toMatchObject({
        code: "UNAUTHORIZED",
        type: "authentication_error",
      });
    });
  }

  const invalid = [
    { given: "an empty object", body: {}, code: "VALIDATION_ERROR", type: "missing" },
    {
      given: "a number for image_url",
      body: { image_url: 42 },
      code: "VALIDATION_ERROR",
      type: "string_type",
    },
    {
      given: "null for image_url",
      body: { image_url: null },
      code: "VALIDATION_ERROR",
      type: "string_type",
    },
    { given: "an array body", body: [forest], code: "VALIDATION_ERROR", type: "object_type" },
    {
      given: "an http: URL",
      body: { image_url: "http://img.test/forest.png" },
      code: "INVALID_IMAGE_URL",
      type: "url_scheme",
    },
    {
      given: "a relative URL",
      body: { image_url: "forest.png" },
      code: "INVALID_IMAGE_URL",
      type: "url_scheme",
    },
    {
      given: "a URL of 2049 characters",
      body: { image_url: `https://img.test/${"a".repeat(2049 - 17)}` },
      code: "INVALID_IMAGE_URL",
      type: "string_too_long",
    },
  ];
  for (const { given, body, code, type } of invalid) {
    it(`answers 422 ${code} to ${given}, naming the field`, async () => {
      const { set } = sandbox();
      // An unknown conversation too: the body is judged first, as FastAPI does.
      const response = await set("conv_does_not_exist", body);
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code, type: "validation_error" });
      expect(response.body.error.details[0].type).toBe(type);
    });
  }

  const unreadable = [
    { given: "broken JSON", contentType: "application/json", body: '{"image_url": ' },
    { given: "a text/plain body", contentType: "text/plain", body: "https://img.test/forest.png" },
    {
      given: "a form body",
      contentType: "application/x-www-form-urlencoded",
      body: "image_url=https://x",
    },
    {
      given: "a body over 16 KiB",
      contentType: "application/json",
      body: JSON.stringify({ image_url: "https://a/", pad: "x".repeat(20_000) }),
    },
  ];
  for (const { given, contentType, body } of unreadable) {
    it(`answers 422 VALIDATION_ERROR to ${given}`, async () => {
      const { api } = sandbox();
      const response = await api
        .post(path("conv_imessage"))
        .set("authorization", `Bearer ${alice}`)
        .set("content-type", contentType)
        .send(body);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe("VALIDATION_ERROR");
    });
  }

  it("answers 422 VALIDATION_ERROR to a gzip body that does not inflate", async () => {
    const { api } = sandbox();
    const response = await api
      .post(path("conv_imessage"))
      .set("authorization", `Bearer ${alice}`)
      .set("content-type", "application/json")
      .set("content-encoding", "gzip")
      .send("not gzip");
    expect([response.status, response.body.error.code]).toEqual([422, "VALIDATION_ERROR"]);
  });

  it("matches paths case-sensitively: /V1/… is not the API", async () => {
    const { api, store } = sandbox();
    const response = await api
      .post("/V1/CONVERSATIONS/conv_imessage/BACKGROUND")
      .set("authorization", `Bearer ${alice}`)
      .send(forest);
    expect([response.status, response.body.error.code]).toEqual([404, "NOT_FOUND"]);
    expect((await conversationIn(store, "conv_imessage"))?.version).toBe(0);
  });

  it("ignores unknown fields in the body", async () => {
    const { set } = sandbox();
    const response = await set("conv_imessage", { ...forest, colour: "green" });
    expect(response.status).toBe(200);
  });

  it("answers 404 for another account's conversation and 400 for SMS", async () => {
    const { set, remove } = sandbox();
    expect((await set("conv_bob", forest)).body.error.code).toBe("CONVERSATION_NOT_FOUND");
    expect((await set("conv_imessage", forest, "sk_sandbox_bob")).status).toBe(404);
    expect((await remove("conv_sms")).body.error).toMatchObject({ code: "CHANNEL_NOT_SUPPORTED" });
    expect((await set("conv_sms", forest)).status).toBe(400);
  });

  it("answers 502 PROVIDER_ERROR on the conversation whose provider is down, changing nothing", async () => {
    const { set, store, providerLog } = sandbox();
    const response = await set("conv_provider_down", forest);
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe("PROVIDER_ERROR");
    expect(await conversationIn(store, "conv_provider_down")).toMatchObject({
      version: 0,
      background: null,
    });
    expect((await providerLog.page()).entries).toMatchObject([
      { conversationId: "conv_provider_down", ok: false },
    ]);
  });

  it("answers an iOS 17 recipient as usual and notes in the provider log that they see the default", async () => {
    const { set, providerLog } = sandbox();
    expect((await set("conv_imessage_ios17", forest)).body.changed).toBe(true);
    expect((await providerLog.page()).entries).toMatchObject([
      { recipientIosVersion: 17, recipientSeesDefault: true, ok: true },
    ]);
  });

  it("answers 405 with Allow to another method on the background path", async () => {
    const { api } = sandbox();
    const response = await api.get(path("conv_imessage")).set("authorization", `Bearer ${alice}`);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("POST, DELETE");
  });

  it("answers unknown paths and malformed escapes in the envelope, never with a 5xx", async () => {
    const { api } = sandbox();
    const unknown = await api.get("/v1/nothing-here");
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "NOT_FOUND"]);
    const malformed = await api
      .delete("/v1/conversations/%E0%A4%A/background")
      .set("authorization", `Bearer ${alice}`);
    expect(malformed.status).toBeLessThan(500);
    expect(malformed.body.error.code).toBeTypeOf("string");
  });

  it("serves the spec at /openapi.yaml", async () => {
    const { api } = sandbox();
    const response = await api.get("/openapi.yaml");
    expect(response.status).toBe(200);
    expect(response.text).toContain("operationId: setChatBackground");
  });

  it("answers a CORS preflight from a browser app and exposes Retry-After", async () => {
    const { api } = sandbox();
    const response = await api
      .options(path("conv_imessage"))
      .set("origin", "http://localhost:5173")
      .set("access-control-request-method", "POST")
      .set("access-control-request-headers", "authorization, content-type");
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expect(response.headers["access-control-allow-methods"]).toContain("DELETE");
  });

  it("allows only the configured CORS origins when given a list", async () => {
    const { remove } = sandbox({ corsOrigins: ["http://localhost:5173"] });
    const allowed = await remove("conv_imessage").set("origin", "http://localhost:5173");
    const other = await remove("conv_imessage").set("origin", "http://evil.test");
    expect(allowed.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

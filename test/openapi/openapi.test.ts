import { describe, expect, it } from "vitest";
import { resolveRef as resolve, spec } from "../../openapi/spec.ts";

const path = spec.paths["/v1/conversations/{conversation_id}/background"];

describe("the spec", () => {
  it("names both operations as the official SDK does", () => {
    expect(path.post.operationId).toBe("setChatBackground");
    expect(path.delete.operationId).toBe("removeChatBackground");
  });

  it("lists the production server and a local sandbox server", () => {
    const urls = spec.servers.map((server: { url: string }) => server.url);
    expect(urls).toContain("https://api.agentphone.ai");
    expect(urls.some((url: string) => url.startsWith("http://127.0.0.1:"))).toBe(true);
  });

  it("requires a bearer token on every operation", () => {
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(spec.security).toEqual([{ bearerAuth: [] }]);
  });

  it("requires image_url as an https URL of at most 2048 characters", () => {
    const schema = resolve(path.post.requestBody.content["application/json"].schema);
    expect(schema.required).toEqual(["image_url"]);
    expect(schema.properties.image_url).toMatchObject({
      type: "string",
      pattern: "^https://",
      maxLength: 2048,
    });
  });

  it("makes the documented response fields required and the others nullable", () => {
    const schema = resolve(path.post.responses["200"].content["application/json"].schema);
    expect(schema.required).toEqual(["conversationId", "channel", "hasBackground", "changed"]);
    expect(schema.properties.backgroundId.type).toEqual(["string", "null"]);
    expect(schema.properties.backgroundVersion.type).toEqual(["integer", "null"]);
  });

  it("serves the published example first, so Prism answers with it by default", () => {
    const examples = path.post.responses["200"].content["application/json"].examples;
    expect(Object.values(examples)[0]).toMatchObject({
      value: {
        conversationId: "conv_9f8b7c6d5e4a3b2c1d0e",
        channel: "iMessage",
        hasBackground: true,
        changed: true,
        backgroundId: "bg_123456789abcdef",
        backgroundVersion: 3,
      },
    });
  });

  // What the documents make possible: the guide's statuses, its retry advice (503, 504), the
  // SDK's retry rules (408) and FastAPI's HTTPBearer before 2025 (403 without a key).
  const errors = ["400", "401", "403", "404", "408", "422", "429", "500", "502", "503", "504"];
  const table = [
    { method: "post", statuses: ["200", ...errors] },
    { method: "delete", statuses: ["204", ...errors] },
  ];
  for (const { method, statuses } of table) {
    it(`lists every status the documents make possible for ${method.toUpperCase()}`, () => {
      expect(Object.keys(path[method].responses).sort()).toEqual([...statuses].sort());
    });

    it(`gives every ${method.toUpperCase()} response body at least one named example`, () => {
      for (const status of statuses) {
        const response = resolve(path[method].responses[status]);
        if (status === "204") {
          expect(response.content).toBeUndefined();
          continue;
        }
        const examples = response.content["application/json"].examples;
        expect(Object.keys(examples ?? {}).length, `${method} ${status}`).toBeGreaterThan(0);
      }
    });
  }

  it("requires Retry-After on 429, as seconds or an HTTP date", () => {
    const response = resolve(path.post.responses["429"]);
    const header = resolve(response.headers["Retry-After"]);
    expect(header.required).toBe(true);
    expect(header.schema.oneOf.map((s: { type: string }) => s.type)).toEqual(["integer", "string"]);
  });

  it("requires WWW-Authenticate on 401, as RFC 9110 does", () => {
    const response = resolve(path.delete.responses["401"]);
    expect(resolve(response.headers["WWW-Authenticate"]).required).toBe(true);
  });

  it("admits the documented envelope and both of FastAPI's shapes on 422", () => {
    const schema = resolve(path.post.responses["422"]).content["application/json"].schema;
    expect(schema.anyOf.map((s: { $ref: string }) => s.$ref)).toEqual([
      "#/components/schemas/ErrorEnvelope",
      "#/components/schemas/HTTPValidationError",
      "#/components/schemas/FastAPIError",
    ]);
  });
});

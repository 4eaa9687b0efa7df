import request from "supertest";
import { describe, expect, it } from "vitest";
import { buildSandbox, type SandboxOptions } from "../../../mock/build-sandbox.ts";
import { isLoopbackName } from "../../../mock/core/http/guard-control.ts";
import { conversationFromSeed } from "../../../mock/core/store/seed.ts";
import { conversationIn } from "../../support/conversation-in.ts";

function sandbox(options: SandboxOptions = {}) {
  const built = buildSandbox({ logLevel: "silent", ...options });
  const api = request(built.app);
  // A conversation only a reset would remove: proof that a refused reset changed nothing.
  const added = built.store.addConversation(
    conversationFromSeed({ id: "conv_witness", channel: "imessage" }, "acct_alice", new Date()),
    10_000,
  );
  const stillThere = async () => {
    await added;
    return (await conversationIn(built.store, "conv_witness")) !== undefined;
  };
  return { ...built, api, stillThere };
}

const evil = "https://evil.example";

describe("the control surface and other web pages", () => {
  it("lets no other origin read the state: 403, no CORS header, no API key", async () => {
    const { api } = sandbox();
    const response = await api.get("/__sandbox/state").set("origin", evil);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("SANDBOX_FORBIDDEN");
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    expect(response.text).not.toContain("sk_sandbox_");
  });

  it("sends no CORS header from any control call, even with --cors-origin or unknown paths", async () => {
    const { api } = sandbox({ corsOrigins: [evil] });
    for (const path of ["/__sandbox/health", "/__sandbox/state", "/__sandbox/nope"]) {
      const response = await api.get(path);
      expect(response.headers["access-control-allow-origin"], path).toBeUndefined();
    }
    const preflight = await api
      .options("/__sandbox/reset")
      .set("origin", evil)
      .set("access-control-request-method", "POST")
      .set("access-control-request-headers", "content-type");
    expect(preflight.status).toBe(403);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(preflight.headers["access-control-allow-methods"]).toBeUndefined();
  });

  const simpleRequests = [
    { given: "text/plain", type: "text/plain", body: "x" },
    { given: "a form", type: "application/x-www-form-urlencoded", body: "a=b" },
    { given: "a multipart form", type: "multipart/form-data; boundary=x", body: "--x--" },
    { given: "no body", type: undefined, body: undefined },
  ];
  for (const { given, type, body } of simpleRequests) {
    it(`never resets on a simple request (${given}) from another page`, async () => {
      const { api, stillThere } = sandbox();
      const call = api.post("/__sandbox/reset").set("origin", evil);
      if (type) call.set("content-type", type);
      const response = await call.send(body);
      expect(response.status).toBe(403);
      expect(await stillThere()).toBe(true);
    });

    it(`never changes state on a simple request (${given}) without an Origin`, async () => {
      const { api, stillThere, control } = sandbox();
      for (const path of ["/__sandbox/reset", "/__sandbox/faults", "/__sandbox/conversations"]) {
        const call = api.post(path);
        if (type) call.set("content-type", type);
        const response = await call.send(body);
        expect(response.status, path).toBe(415);
        expect(response.body.error.code).toBe("SANDBOX_UNSUPPORTED_MEDIA_TYPE");
        expect(response.body.error.message).toContain("Content-Type: application/json");
      }
      expect(await stillThere()).toBe(true);
      expect((await control.faults()).rateLimitNext).toBe(0);
    });
  }

  it("refuses a JSON reset that a page of another origin managed to send", async () => {
    const { api, stillThere } = sandbox();
    const response = await api.post("/__sandbox/reset").set("origin", evil).type("json").send("{}");
    expect(response.status).toBe(403);
    expect(await stillThere()).toBe(true);
  });

  it("refuses calls that a browser marks as coming from another site", async () => {
    const { api } = sandbox();
    for (const site of ["cross-site", "same-site"]) {
      const response = await api.get("/__sandbox/state").set("sec-fetch-site", site);
      expect(response.status, site).toBe(403);
    }
    expect((await api.get("/__sandbox/state").set("sec-fetch-site", "same-origin")).status).toBe(
      200,
    );
    expect((await api.get("/__sandbox/state").set("sec-fetch-site", "none")).status).toBe(200);
  });

  it("accepts its own pages: same Origin, JSON", async () => {
    const { api, stillThere } = sandbox();
    const response = await api
      .post("/__sandbox/reset")
      .set("host", "localhost:4010")
      .set("origin", "http://localhost:4010")
      .type("json");
    expect(response.status).toBe(204);
    expect(await stillThere()).toBe(false);
  });

  it("accepts a JSON reset from curl or a script, with no Origin", async () => {
    const { api, stillThere } = sandbox();
    expect((await api.post("/__sandbox/reset").type("json")).status).toBe(204);
    expect(await stillThere()).toBe(false);
  });

  const rebound = [
    "attacker.example",
    "attacker.example:4010",
    "127.0.0.1.nip.io",
    "0.0.0.0",
    "[::2]",
  ];
  for (const host of rebound) {
    it(`refuses a call addressed to ${host} while bound to loopback (DNS rebinding)`, async () => {
      const { api, stillThere } = sandbox();
      const health = await api.get("/__sandbox/health").set("host", host);
      expect(health.status).toBe(403);
      expect(health.body.error.message).toContain("localhost");
      const reset = await api.post("/__sandbox/reset").set("host", host).type("json");
      expect(reset.status).toBe(403);
      expect(await stillThere()).toBe(true);
    });
  }

  const loopbackHosts = [
    "localhost",
    "localhost:4010",
    "LOCALHOST.",
    "app.localhost:4010",
    "127.0.0.1:9",
    "127.1.2.3",
    "[::1]:4010",
  ];
  for (const host of loopbackHosts) {
    it(`answers a call addressed to ${host}`, async () => {
      const { api } = sandbox();
      expect((await api.get("/__sandbox/health").set("host", host)).status).toBe(200);
    });
  }

  it("keeps the API itself open to every origin", async () => {
    const { api } = sandbox();
    const response = await api
      .delete("/v1/conversations/conv_imessage/background")
      .set("authorization", "Bearer sk_sandbox_alice")
      .set("origin", evil)
      .set("host", "attacker.example");
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe("*");
  });

  it("lets the admin token alone decide when one is set, on any host name", async () => {
    const { api, stillThere } = sandbox({ host: "0.0.0.0", adminToken: "s3cret-token" });
    const without = await api.post("/__sandbox/reset").set("host", "sandbox.example").type("json");
    expect(without.status).toBe(403);
    expect(await stillThere()).toBe(true);
    const withToken = await api
      .post("/__sandbox/reset")
      .set("host", "sandbox.example")
      .set("x-sandbox-token", "s3cret-token");
    expect(withToken.status).toBe(204);
    expect(await stillThere()).toBe(false);
  });
});

describe("isLoopbackName", () => {
  const cases: Array<[string, boolean]> = [
    ["localhost", true],
    ["a.b.localhost", true],
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["[::1]", true],
    ["localhost.evil.example", false],
    ["evillocalhost", false],
    ["128.0.0.1", false],
    ["[::ffff:127.0.0.1]", false],
    ["", false],
  ];
  for (const [given, want] of cases) {
    it(`says ${JSON.stringify(given)} is${want ? "" : " not"} a loopback name`, () => {
      expect(isLoopbackName(given)).toBe(want);
    });
  }
});

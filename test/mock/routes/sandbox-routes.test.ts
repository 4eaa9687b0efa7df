import request from "supertest";
import { describe, expect, it } from "vitest";
import { buildSandbox, type SandboxOptions } from "../../../mock/build-sandbox.ts";
import { catalogueFile } from "../../../mock/core/images/built-in-images.ts";
import { createMemoryStore } from "../../../mock/core/store/memory-store.ts";
import { conversationFromSeed } from "../../../mock/core/store/seed.ts";
import { conversationIn } from "../../support/conversation-in.ts";
import { fakeImageLoader } from "../../support/fake-image-loader.ts";

const auth = { authorization: "Bearer sk_sandbox_alice" };
const path = (id: string) => `/v1/conversations/${id}/background`;
const forest = { image_url: "https://img.test/forest.png" };
const ocean = { image_url: "https://img.test/ocean.png" };

function sandbox(options: SandboxOptions = {}) {
  const built = buildSandbox({
    logLevel: "silent",
    loadImage: fakeImageLoader({
      "forest.png": { bytes: "forest" },
      "ocean.png": { bytes: "ocean" },
    }),
    ...options,
  });
  return { ...built, api: request(built.app) };
}

describe("the control surface", () => {
  it("reports health", async () => {
    const { api } = sandbox();
    const response = await api.get("/__sandbox/health");
    expect(response.body).toMatchObject({ status: "ok", accounts: 2, conversations: 6 });
  });

  it("shows every account, conversation, background and version history in the state", async () => {
    const { api } = sandbox();
    await api.post(path("conv_imessage")).set(auth).send(forest);
    const { body } = await api.get("/__sandbox/state");
    const alice = body.accounts.find((a: { id: string }) => a.id === "acct_alice");
    expect(alice.apiKey).toBe("sk_sandbox_alice");
    const conversation = alice.conversations.find((c: { id: string }) => c.id === "conv_imessage");
    expect(conversation).toMatchObject({
      version: 1,
      background: { contentType: "image/png", size: 6, sourceUrl: forest.image_url },
      history: [{ version: 1, action: "set" }],
    });
    expect(conversation.background.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("restores the seed and clears journal, provider log and faults on reset", async () => {
    const { api } = sandbox();
    await api.post(path("conv_imessage")).set(auth).send(forest);
    await api.post("/__sandbox/conversations").send({ id: "conv_extra", channel: "imessage" });
    await api.post("/__sandbox/faults").send({ rateLimitNext: 5, latencyMs: 10 });
    expect((await api.post("/__sandbox/reset").type("json")).status).toBe(204);
    const { body } = await api.get("/__sandbox/state");
    const conversations = body.accounts.flatMap(
      (a: { conversations: unknown[] }) => a.conversations,
    );
    expect(conversations).toHaveLength(6);
    expect(
      conversations.every(
        (c: { version: number; background: unknown }) => c.version === 0 && c.background === null,
      ),
    ).toBe(true);
    expect((await api.get("/__sandbox/requests")).body.entries).toEqual([]);
    expect((await api.get("/__sandbox/provider")).body.entries).toEqual([]);
    expect((await api.get("/__sandbox/faults")).body).toMatchObject({
      rateLimitNext: 0,
      latencyMs: 0,
    });
  });

  it("creates a conversation that the API then serves", async () => {
    const { api } = sandbox();
    const created = await api.post("/__sandbox/conversations").send({
      apiKey: "sk_sandbox_bob",
      id: "conv_bob_new",
      channel: "imessage",
      recipientIosVersion: 16,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "conv_bob_new", accountId: "acct_bob", version: 0 });
    const set = await api
      .post(path("conv_bob_new"))
      .set({ authorization: "Bearer sk_sandbox_bob" })
      .send(forest);
    expect(set.body.backgroundVersion).toBe(1);
  });

  it("makes up an id for a new conversation that has none", async () => {
    const { api } = sandbox();
    const created = await api.post("/__sandbox/conversations").send({ channel: "sms" });
    expect(created.body.id).toMatch(/^conv_[0-9a-f]{12}$/);
  });

  const badConversations = [
    { given: "a taken id", body: { id: "conv_imessage", channel: "imessage" } },
    { given: "an unknown channel", body: { channel: "whatsapp" } },
    { given: "an id with a slash", body: { id: "a/b", channel: "imessage" } },
    { given: "an unknown account", body: { accountId: "acct_nobody", channel: "imessage" } },
    { given: "an unknown field", body: { channel: "imessage", colour: "red" } },
  ];
  it("lists the allowed channels when refusing an unknown one", async () => {
    const { api } = sandbox();
    const response = await api.post("/__sandbox/conversations").send({ channel: "iMessage" });
    expect(response.body.error.message).toBe("channel: must be one of imessage, sms, mms.");
  });

  for (const { given, body } of badConversations) {
    it(`refuses a new conversation with ${given}`, async () => {
      const { api } = sandbox();
      const response = await api.post("/__sandbox/conversations").send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("SANDBOX_INVALID_REQUEST");
    });
  }

  it("logs every provider upload with its type, size and hash, and each clear", async () => {
    const { api } = sandbox();
    await api.post(path("conv_imessage")).set(auth).send(forest);
    await api.post(path("conv_imessage")).set(auth).send(forest);
    await api.delete(path("conv_imessage")).set(auth);
    const { body } = await api.get("/__sandbox/provider");
    expect(body.entries).toMatchObject([
      {
        action: "upload",
        conversationId: "conv_imessage",
        contentType: "image/png",
        size: 6,
        ok: true,
      },
      { action: "clear", conversationId: "conv_imessage", ok: true },
    ]);
    expect(body.entries[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("journals API calls, newest last, within its limit", async () => {
    const { api } = sandbox({ journalLimit: 2 });
    await api.post(path("conv_imessage")).set(auth).send(forest);
    await api.post(path("conv_sms")).set(auth).send(forest);
    await api.delete(path("conv_imessage"));
    const { body } = await api.get("/__sandbox/requests");
    expect(body.dropped).toBe(1);
    expect(body.entries).toMatchObject([
      {
        method: "POST",
        path: path("conv_sms"),
        status: 400,
        code: "CHANNEL_NOT_SUPPORTED",
        accountId: "acct_alice",
      },
      { method: "DELETE", status: 401, code: "UNAUTHORIZED", accountId: null },
    ]);
  });

  it("answers the next N API calls with 429 and Retry-After when asked", async () => {
    const { api } = sandbox();
    await api.post("/__sandbox/faults").send({ rateLimitNext: 2, retryAfterSeconds: 3 });
    for (let i = 0; i < 2; i += 1) {
      const limited = await api.post(path("conv_imessage")).set(auth).send(forest);
      expect([limited.status, limited.headers["retry-after"]]).toEqual([429, "3"]);
      expect(limited.body.error).toMatchObject({
        code: "RATE_LIMIT_EXCEEDED",
        type: "rate_limit_error",
      });
    }
    expect((await api.post(path("conv_imessage")).set(auth).send(forest)).status).toBe(200);
  });

  it("answers the next N API calls with 503 when asked", async () => {
    const { api } = sandbox();
    await api.post("/__sandbox/faults").send({ serverErrorNext: 1 });
    expect((await api.delete(path("conv_imessage")).set(auth)).status).toBe(503);
    expect((await api.delete(path("conv_imessage")).set(auth)).status).toBe(204);
  });

  it("fails the next N provider calls with 502, leaving the state as it was", async () => {
    const { api, store } = sandbox();
    await api.post("/__sandbox/faults").send({ providerFailNext: 1 });
    expect((await api.post(path("conv_imessage")).set(auth).send(forest)).status).toBe(502);
    expect((await conversationIn(store, "conv_imessage"))?.version).toBe(0);
    expect(
      (await api.post(path("conv_imessage")).set(auth).send(ocean)).body.backgroundVersion,
    ).toBe(1);
  });

  it("adds the configured latency to API calls", async () => {
    const { api } = sandbox();
    await api.post("/__sandbox/faults").send({ latencyMs: 60 });
    const started = performance.now();
    await api.delete(path("conv_imessage")).set(auth);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  const badFaults = [
    { given: "a negative count", body: { rateLimitNext: -1 } },
    { given: "a fraction", body: { latencyMs: 1.5 } },
    { given: "an unknown fault", body: { explode: true } },
    { given: "a string", body: { providerFailNext: "2" } },
  ];
  for (const { given, body } of badFaults) {
    it(`refuses faults with ${given}`, async () => {
      const { api } = sandbox();
      const response = await api.post("/__sandbox/faults").send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("SANDBOX_INVALID_REQUEST");
    });
  }

  it("requires the admin token when one is set", async () => {
    const { api } = sandbox({ adminToken: "s3cret-token" });
    expect((await api.post("/__sandbox/reset")).status).toBe(403);
    expect((await api.post("/__sandbox/reset").set("x-sandbox-token", "wrong")).status).toBe(403);
    expect((await api.post("/__sandbox/reset").set("x-sandbox-token", "s3cret-token")).status).toBe(
      204,
    );
  });
});

describe("creating conversations on the control surface", () => {
  const refused = [
    { given: "an empty apiKey", body: { apiKey: "", channel: "imessage" } },
    {
      given: "an apiKey no account has",
      body: { apiKey: "sk_sandbox_nobody", channel: "imessage" },
    },
    { given: "an empty accountId", body: { accountId: "", channel: "imessage" } },
    {
      given: "an accountId no account has",
      body: { accountId: "acct_nobody", channel: "imessage" },
    },
    {
      given: "an apiKey and an accountId of two accounts",
      body: { apiKey: "sk_sandbox_bob", accountId: "acct_alice", channel: "imessage" },
    },
  ];
  for (const { given, body } of refused) {
    it(`refuses ${given} with a 400 that says why, and creates nothing`, async () => {
      const { api, store } = sandbox();
      const response = await api.post("/__sandbox/conversations").send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("SANDBOX_INVALID_REQUEST");
      expect(response.body.error.message).toMatch(/apiKey|accountId/);
      expect(await store.conversations()).toHaveLength(6);
    });
  }

  it("accepts an apiKey and an accountId of the same account", async () => {
    const { api } = sandbox();
    const response = await api
      .post("/__sandbox/conversations")
      .send({ apiKey: "sk_sandbox_bob", accountId: "acct_bob", channel: "imessage" });
    expect(response.status).toBe(201);
    expect(response.body.accountId).toBe("acct_bob");
  });

  it("stops at the conversation limit, seed included, and says so", async () => {
    const { api, store } = sandbox({ maxConversations: 8 });
    for (const id of ["conv_7", "conv_8"]) {
      const made = await api.post("/__sandbox/conversations").send({ id, channel: "imessage" });
      expect(made.status).toBe(201);
    }
    const over = await api.post("/__sandbox/conversations").send({ id: "conv_9", channel: "sms" });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain("8 conversations");
    expect(await store.conversations()).toHaveLength(8);
    await api.post("/__sandbox/reset").type("json");
    expect((await api.post("/__sandbox/conversations").send({ channel: "sms" })).status).toBe(201);
  });

  it("holds 10 000 conversations by default", async () => {
    const { control } = sandbox({
      seed: { accounts: [{ id: "acct_a", apiKey: "sk_test_aaaaaaaa", conversations: [] }] },
    });
    for (let i = 0; i < 10_000; i += 1) {
      await control.createConversation({ accountId: "acct_a", id: `conv_${i}`, channel: "sms" });
    }
    await expect(
      control.createConversation({ accountId: "acct_a", channel: "sms" }),
    ).rejects.toThrow(/holds 10000 conversations/);
  });
});

describe("paging the state", () => {
  async function many(count: number) {
    const built = sandbox();
    for (let i = 0; i < count; i += 1) {
      await built.store.addConversation(
        conversationFromSeed({ id: `conv_p${i}`, channel: "imessage" }, "acct_bob", new Date(0)),
        10_000,
      );
    }
    return built;
  }
  const idsOf = (body: { accounts: Array<{ conversations: Array<{ id: string }> }> }) =>
    body.accounts.flatMap((a) => a.conversations.map((c) => c.id));

  it("answers 100 conversations by default, with the total and a cursor to the rest", async () => {
    const { api } = await many(150);
    const { body } = await api.get("/__sandbox/state");
    expect(idsOf(body)).toHaveLength(100);
    expect(body.page).toMatchObject({ total: 156, count: 100 });
    expect(body.page.next).toEqual(expect.any(String));
  });

  it("walks every conversation once by following next", async () => {
    const { api, store } = await many(25);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const query: string = after === null ? "?limit=7" : `?limit=7&after=${after}`;
      const { body } = await api.get(`/__sandbox/state${query}`);
      expect(body.page.count).toBeLessThanOrEqual(7);
      seen.push(...idsOf(body));
      after = body.page.next;
    } while (after !== null);
    expect(seen.sort()).toEqual((await store.conversations()).map((c) => c.id).sort());
  });

  const badPages = ["limit=0", "limit=1001", "limit=ten", "limit=-5", "after=conv_nowhere"];
  for (const query of badPages) {
    it(`refuses ?${query} with a 400`, async () => {
      const { api } = sandbox();
      const response = await api.get(`/__sandbox/state?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("SANDBOX_INVALID_REQUEST");
    });
  }
});

describe("the bytes of images on the control surface", () => {
  it("serves a built-in image's bytes with the type the image host sends", async () => {
    const { api } = sandbox();
    const response = await api.get("/__sandbox/images/forest.png").responseType("blob");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("image/png");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(new Uint8Array(response.body)).toEqual(catalogueFile("forest.png"));
    const typedAsSent = await api.get("/__sandbox/images/wrong-content-type.png");
    expect(typedAsSent.headers["content-type"]).toBe("text/plain");
  });

  const noBytes = [
    { given: "a name that answers 404", name: "missing.png", code: "NOT_FOUND" },
    { given: "a name that never finishes", name: "slow.png", code: "NOT_FOUND" },
    { given: "a redirect", name: "redirect-forest.png", code: "NOT_FOUND" },
    { given: "a name not in the catalogue", name: "nope.png", code: "NOT_FOUND" },
    { given: "a name that does not decode", name: "%E0%A4%A.png", code: "SANDBOX_INVALID_REQUEST" },
  ];
  for (const { given, name, code } of noBytes) {
    it(`answers ${given} in the envelope, with no bytes`, async () => {
      const { api } = sandbox();
      const response = await api.get(`/__sandbox/images/${name}`);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.body.error.code).toBe(code);
    });
  }

  it("serves the current background's bytes with their type, and follows each change", async () => {
    const { api } = sandbox();
    await api.post(path("conv_imessage")).set(auth).send(forest);
    const first = await api.get("/__sandbox/conversations/conv_imessage/background");
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe("image/png");
    expect(Buffer.from(first.body).toString()).toBe("forest");
    await api.post(path("conv_imessage")).set(auth).send(ocean);
    const second = await api.get("/__sandbox/conversations/conv_imessage/background");
    expect(Buffer.from(second.body).toString()).toBe("ocean");
  });

  const noBackground = [
    { given: "a conversation with no background", id: "conv_imessage", code: "NOT_FOUND" },
    { given: "a removed background", id: "conv_imessage", code: "NOT_FOUND", removed: true },
    { given: "no such conversation", id: "conv_nope", code: "CONVERSATION_NOT_FOUND" },
  ];
  for (const { given, id, code, removed } of noBackground) {
    it(`answers 404 ${code} for ${given}`, async () => {
      const { api } = sandbox();
      if (removed) {
        await api.post(path(id)).set(auth).send(forest);
        await api.delete(path(id)).set(auth);
      }
      const response = await api.get(`/__sandbox/conversations/${id}/background`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe(code);
    });
  }

  it("asks for the admin token when one is set, as every control call does", async () => {
    const { api } = sandbox({ adminToken: "s3cret-token" });
    const response = await api.get("/__sandbox/images/forest.png");
    expect(response.status).toBe(403);
    const allowed = await api
      .get("/__sandbox/images/forest.png")
      .set("x-sandbox-token", "s3cret-token");
    expect(allowed.status).toBe(200);
  });
});

describe("a background whose bytes the store let go", () => {
  it("answers 404 saying the bytes are no longer kept, and keeps the background", async () => {
    const store = createMemoryStore({ maxKeptImageBytes: 8 });
    const { api } = sandbox({ store });
    await api.post(path("conv_imessage")).set(auth).send(forest);
    await api.post(path("conv_imessage_group")).set(auth).send(ocean);
    const response = await api.get("/__sandbox/conversations/conv_imessage/background");
    expect(response.status).toBe(404);
    expect(response.body.error.message).toMatch(/no longer kept/);
    expect((await conversationIn(store, "conv_imessage"))?.background).not.toBeNull();
  });
});

import request from "supertest";
import { describe, expect, it } from "vitest";
import { buildSandbox, type SandboxOptions } from "../../mock/build-sandbox.ts";
import { clientHost } from "../../mock/check-options.ts";
import { createMemoryStore } from "../../mock/core/store/memory-store.ts";
import { createRedisStore } from "../../mock/redis/redis-store.ts";
import { createSandbox } from "../../mock/server.ts";

describe("options that would quietly mean something else", () => {
  const refused: Array<{ given: string; options: SandboxOptions; names: string }> = [
    { given: "an empty admin token", options: { adminToken: "" }, names: "adminToken" },
    { given: "a blank admin token", options: { adminToken: "   " }, names: "adminToken" },
    {
      given: "a non-ASCII admin token",
      options: { adminToken: "clé-secrète" },
      names: "adminToken",
    },
    {
      given: "an admin token with a newline",
      options: { adminToken: "a\nb" },
      names: "adminToken",
    },
    {
      given: "an admin token of 257 characters",
      options: { adminToken: "x".repeat(257) },
      names: "adminToken",
    },
    { given: "an empty host", options: { host: "" }, names: "host" },
    { given: "an empty images folder", options: { imagesDir: "" }, names: "imagesDir" },
    { given: "an empty provider URL", options: { providerUrl: " " }, names: "providerUrl" },
    {
      given: "no room for conversations",
      options: { maxConversations: 0 },
      names: "maxConversations",
    },
    { given: "a fractional limit", options: { maxConversations: 2.5 }, names: "maxConversations" },
    {
      given: "a store prefix without a store",
      options: { storePrefix: "team-a" },
      names: "storePrefix names a Redis store's keys",
    },
    {
      given: "a store prefix with the memory store",
      options: { store: "memory", storePrefix: "team-a" },
      names: "storePrefix names a Redis store's keys",
    },
    {
      given: "a store prefix beside a store object, which takes its own",
      options: { store: createMemoryStore(), storePrefix: "team-a" },
      names: "createRedisStore({ url, prefix })",
    },
    {
      given: "a store URL whose path is no database, without its password",
      options: { store: "redis://:hunter2@127.0.0.1:6379/db" },
      names: 'database number from 0 to 16383, not "/db"',
    },
    {
      given: "a store that is neither a URL nor a store",
      options: { store: 42 as unknown as string },
      names: "store must be",
    },
  ];
  for (const { given, options, names } of refused) {
    it(`refuses ${given} at start, naming the option`, () => {
      expect(() => buildSandbox({ logLevel: "silent", ...options })).toThrow(names);
      expect(() => buildSandbox({ logLevel: "silent", ...options })).not.toThrow("hunter2");
    });
  }

  const redisRefused = [
    { given: "memory", url: "memory", says: "needs a redis:// or rediss:// URL" },
    { given: "a path that is no database", url: "redis://127.0.0.1:6379/zz", says: '"/zz"' },
    {
      given: "a URL that does not parse, without its password",
      url: "redis://:hunt/er2@127.0.0.1:6379/0",
      says: '"redis://***@127.0.0.1:6379/0" is not a URL',
    },
    { given: "another scheme", url: "http://127.0.0.1:6379", says: "http: is not a store" },
    {
      given: "a password whose / made the rest a path, without the password",
      url: "redis://app:6379/hunt/er2@127.0.0.1:6379/0",
      says: '"redis://***@127.0.0.1:6379/0" has an @ after its host',
    },
    {
      given: "a password with a bare %, which ioredis could not decode",
      url: "redis://:hunt%er2@127.0.0.1:6379/0",
      says: "write % as %25",
    },
    {
      given: "a space before the URL",
      url: " redis://127.0.0.1:6379/0",
      says: "has a space, a control character",
    },
  ];
  for (const { given, url, says } of redisRefused) {
    it(`refuses a Redis store on ${given} when it is made, not at its first call`, () => {
      expect(() => createRedisStore({ url })).toThrow(TypeError);
      expect(() => createRedisStore({ url })).toThrow(says);
      expect(() => createRedisStore({ url })).not.toThrow("hunt");
    });
  }

  it("refuses a Redis store prefix with a control character, escaped in the message", () => {
    expect(() => createRedisStore({ url: "redis://127.0.0.1:1/0", prefix: "a\u001bb" })).toThrow(
      'not "a\\u001bb".',
    );
  });

  it("refuses an empty admin token in createSandbox before it listens", async () => {
    await expect(
      createSandbox({ port: 0, host: "127.0.0.1", adminToken: "", logLevel: "silent" }),
    ).rejects.toThrow("adminToken");
  });

  it("accepts every token it allows, sent as a header", async () => {
    const token = "!#$%&'*+-.^_`|~0aZ:/?@[]{}()<>,;=\"\\";
    const { app } = buildSandbox({ logLevel: "silent", host: "0.0.0.0", adminToken: token });
    const response = await request(app).get("/__sandbox/health").set("x-sandbox-token", token);
    expect(response.status).toBe(200);
    expect((await request(app).get("/__sandbox/health")).status).toBe(403);
  });
});

describe("clientHost", () => {
  const table = [
    { given: "0.0.0.0", want: "127.0.0.1" },
    { given: "::", want: "[::1]" },
    { given: "[::]", want: "[::1]" },
    { given: "::0", want: "[::1]" },
    { given: "127.0.0.1", want: "127.0.0.1" },
    { given: "::1", want: "[::1]" },
    { given: "192.168.1.10", want: "192.168.1.10" },
    { given: "localhost", want: "localhost" },
  ];
  for (const { given, want } of table) {
    it(`gives ${want} for a client to reach a sandbox bound to ${given}`, () => {
      expect(clientHost(given)).toBe(want);
    });
  }
});

import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { Provider } from "../../mock/core/provider/provider.ts";
import { createRedisStore } from "../../mock/redis/redis-store.ts";
import { createSandbox, type RunningSandbox } from "../../mock/server.ts";
import { fakeImageLoader } from "../support/fake-image-loader.ts";
import { useRedisServer } from "../support/redis-server.ts";

// Sandboxes in this process, each with its own Redis connection, as separate processes have.
const redis = useRedisServer();
const alice = { authorization: "Bearer sk_sandbox_alice", "content-type": "application/json" };
const path = "/v1/conversations/conv_imessage/background";

const running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close(0)));
});

async function start(
  url: string,
  prefix: string,
  provider?: Provider,
  logged?: string[],
): Promise<RunningSandbox> {
  const logger =
    logged === undefined
      ? undefined
      : pino({ level: "info" }, { write: (line: string) => logged.push(line) });
  const sandbox = await createSandbox({
    port: 0,
    logLevel: "silent",
    ...(logger === undefined ? {} : { logger }),
    store: url,
    storePrefix: prefix,
    ...(provider === undefined ? {} : { provider }),
  });
  running.push(sandbox);
  return sandbox;
}

const freshPrefix = () => `outage-${randomBytes(5).toString("hex")}`;

function set(base: string, image: string): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: alice,
    body: JSON.stringify({ image_url: `https://images.sandbox.test/${image}` }),
    // A hang fails the test instead of holding it.
    signal: AbortSignal.timeout(10_000),
  });
}

/** A provider whose calls wait until the test lets them go, and that says when one starts. */
function heldProvider() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let called: () => void = () => undefined;
  const calledOnce = new Promise<void>((resolve) => {
    called = resolve;
  });
  const provider: Provider = {
    async setBackground() {
      called();
      await released;
    },
    async clearBackground() {
      called();
      await released;
    },
  };
  return { provider, release, called: calledOnce };
}

async function version(base: string): Promise<number> {
  const answer = await fetch(`${base}/__sandbox/state`);
  const state = (await answer.json()) as {
    accounts: Array<{ conversations: Array<{ id: string; version: number }> }>;
  };
  const found = state.accounts
    .flatMap((a) => a.conversations)
    .find((c) => c.id === "conv_imessage");
  return found?.version ?? -1;
}

describe("a Redis store that goes away", () => {
  it("answers 503 with Retry-After while Redis is down, at once, then answers as before with the state it had", async (ctx) => {
    const server = redis(ctx);
    const logged: string[] = [];
    const sandbox = await start(server.url, freshPrefix(), undefined, logged);
    expect((await set(sandbox.url, "forest.png")).status).toBe(200);

    await server.stop();
    try {
      const refused = await set(sandbox.url, "ocean.png");
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
      expect(body.error.message).toMatch(
        /store cannot be reached \(Redis at redis:\/\/127\.0\.0\.1:\d+\/0: not connected.*\); retry the request/,
      );
      const health = await fetch(`${sandbox.url}/__sandbox/health`);
      expect(health.status).toBe(503);
      // The dashboard's page needs no state: it loads, and shows why its data does not.
      const page = await fetch(`${sandbox.url}/__sandbox/`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    } finally {
      await server.start();
    }

    // The client reconnects by itself: within a few seconds calls are answered again.
    let status = 0;
    for (let tries = 0; tries < 100 && status !== 200; tries++) {
      status = (await set(sandbox.url, "ocean.png")).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    // Nothing was lost while it was away, and the refused call changed nothing.
    expect(await version(sandbox.url)).toBe(2);
    // The log says so once each way, and counts no outage as a bug of the sandbox.
    const messages = logged.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages.filter((m) => /store unreachable/.test(m))).toHaveLength(1);
    expect(messages.filter((m) => /store reachable again/.test(m))).toHaveLength(1);
    expect(messages).not.toContain("unhandled error");
    await sandbox.close(0);
    expect(logged.filter((line) => /store unreachable/.test(line))).toHaveLength(1);
  });

  it("answers 503 to a call whose commit finds Redis gone mid-request, and nothing is half-written", async (ctx) => {
    const server = redis(ctx);
    const held = heldProvider();
    const sandbox = await start(server.url, freshPrefix(), held.provider);
    const pending = set(sandbox.url, "forest.png");
    await held.called;
    await server.stop();
    held.release();
    try {
      const answer = await pending;
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("1");
    } finally {
      await server.start();
    }
    let current = -1;
    for (let tries = 0; tries < 100 && current === -1; tries++) {
      const answer = await fetch(`${sandbox.url}/__sandbox/health`);
      if (answer.status === 200) current = await version(sandbox.url);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(current).toBe(0);
  });
});

describe("a Redis that hangs", () => {
  it("answers 503 within the command timeout, then at once while it hangs, and normally once Redis answers again", async (ctx) => {
    const server = redis(ctx);
    const sandbox = await start(server.url, freshPrefix());
    expect((await set(sandbox.url, "forest.png")).status).toBe(200);
    server.pause();
    try {
      // Each Redis command is given 2 s: the answer comes while Redis still hangs (`set`
      // gives up after 10 s, failing the test, and Redis is let go only after the answer).
      const answer = await set(sandbox.url, "ocean.png");
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("1");
      expect(await answer.text()).toMatch(/Command timed out/);
      // The connection is dropped: the next call answers 503 without waiting out a timeout
      // of its own, saying why.
      const next = await set(sandbox.url, "ocean.png");
      expect(next.status).toBe(503);
      expect(await next.text()).toMatch(/not connected \(it did not answer within 2000 ms\)/);
    } finally {
      server.resume();
    }
    let status = 0;
    for (let tries = 0; tries < 100 && status !== 200; tries++) {
      status = (await set(sandbox.url, "ocean.png")).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect(await version(sandbox.url)).toBe(2);
  });
});

describe("a reset while another sandbox has a call in flight", () => {
  it("answers that call 503, and it never writes the state from before the reset back", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = freshPrefix();
    const held = heldProvider();
    const one = await start(url, prefix);
    const two = await start(url, prefix, held.provider);

    const pending = set(two.url, "forest.png");
    await held.called;
    const reset = await fetch(`${one.url}/__sandbox/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    expect(reset.status).toBe(204);
    held.release();

    const answer = await pending;
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(
      /reset/,
    );
    expect(await version(one.url)).toBe(0);
    expect(await version(two.url)).toBe(0);
    // Its provider call belongs to before the reset: the fresh provider log leaves it out.
    const log = (await (await fetch(`${one.url}/__sandbox/provider`)).json()) as {
      entries: unknown[];
    };
    expect(log.entries).toEqual([]);
  });
});

describe("a reset while another sandbox is downloading a call's image", () => {
  it("answers that call 503 once the download ends: it belongs to before the reset", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = freshPrefix();
    const one = await start(url, prefix);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let began: () => void = () => undefined;
    const downloading = new Promise<void>((resolve) => {
      began = resolve;
    });
    const images = fakeImageLoader({ "slow.png": { bytes: "slow image bytes" } });
    const two = await createSandbox({
      port: 0,
      logLevel: "silent",
      store: url,
      storePrefix: prefix,
      async loadImage(imageUrl, signal, options) {
        began();
        await released;
        return images(imageUrl, signal, options);
      },
    });
    running.push(two);

    const pending = fetch(`${two.url}${path}`, {
      method: "POST",
      headers: alice,
      body: JSON.stringify({ image_url: "https://img.test/slow.png" }),
      signal: AbortSignal.timeout(10_000),
    });
    await downloading;
    await fetch(`${one.url}/__sandbox/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    release();
    const answer = await pending;
    expect(answer.status).toBe(503);
    expect(await version(one.url)).toBe(0);
    const log = (await (await fetch(`${one.url}/__sandbox/provider`)).json()) as {
      entries: unknown[];
    };
    expect(log.entries).toEqual([]);
  });
});

describe("store prefixes", () => {
  it("keep sandboxes on one Redis apart: a change and a reset in one leave the other as it was", async (ctx) => {
    const { url } = redis(ctx);
    const team = await start(url, freshPrefix());
    const other = await start(url, freshPrefix());
    expect((await set(team.url, "forest.png")).status).toBe(200);
    expect((await set(other.url, "ocean.png")).status).toBe(200);
    expect((await set(other.url, "photo.jpg")).status).toBe(200);
    expect([await version(team.url), await version(other.url)]).toEqual([1, 2]);

    await fetch(`${team.url}/__sandbox/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    expect([await version(team.url), await version(other.url)]).toEqual([0, 2]);
    const bytes = await fetch(`${other.url}/__sandbox/conversations/conv_imessage/background`);
    expect(bytes.headers.get("content-type")).toBe("image/jpeg");
  });

  it("refuse to start on a database the Redis does not have, rather than use database 0", async (ctx) => {
    const { port } = redis(ctx);
    await expect(
      createSandbox({ port: 0, logLevel: "silent", store: `redis://127.0.0.1:${port}/99` }),
    ).rejects.toThrow(
      /cannot open its store: Redis at redis:\/\/127\.0\.0\.1:\d+\/99 has no database 99/,
    );
  });

  it("refuse to start with a Redis that cannot be reached, saying which", async () => {
    await expect(
      createSandbox({ port: 0, logLevel: "silent", store: "redis://127.0.0.1:1/0" }),
    ).rejects.toThrow(/cannot open its store: Redis at redis:\/\/127\.0\.0\.1:1\/0/);
  });
});

describe("a store URL that does not fit its Redis", () => {
  const open = (store: string) => createSandbox({ port: 0, logLevel: "silent", store });

  it("refuses to start without the password a Redis wants, saying how to write one", async (ctx) => {
    const { url } = redis(ctx);
    const admin = new Redis(url);
    try {
      await admin.config("SET", "requirepass", "s3cret-pass");
      await expect(open(url)).rejects.toThrow(
        /cannot open its store: .*NOAUTH.*; this Redis wants a password: redis:\/\/:PASSWORD@host/,
      );
      const wrong = url.replace("//", "//:not-it@");
      const refusal = await open(wrong).catch((error: Error) => error.message);
      expect(refusal).toMatch(/WRONGPASS.*a password alone is written redis:\/\/:PASSWORD@host/);
      expect(refusal).not.toContain("not-it");
      // The fix it names works.
      const sandbox = await open(url.replace("//", "//:s3cret-pass@"));
      await sandbox.close(0);
    } finally {
      await admin.config("SET", "requirepass", "");
      admin.disconnect();
    }
  });

  it("refuses to start with rediss:// on a Redis without TLS, saying to use redis://", async (ctx) => {
    const { url } = redis(ctx);
    await expect(open(url.replace("redis:", "rediss:"))).rejects.toThrow(
      /rediss:\/\/ speaks TLS: if this Redis does not, use redis:\/\//,
    );
  });
});

describe("who closes a store", () => {
  it("sandbox.close() closes a store made from a URL; a store object passed in is the caller's, open for the next sandbox until the caller closes it", async (ctx) => {
    const { url } = redis(ctx);
    const admin = new Redis(url);
    const ids = async () =>
      String(await admin.client("LIST"))
        .trim()
        .split("\n")
        .map((line) => /\bid=(\d+)/.exec(line)?.[1]);
    // Connections opened since the test began (earlier tests' may still be closing).
    const before = new Set(await ids());
    const clients = async () => (await ids()).filter((id) => !before.has(id)).length;
    const settles = async (want: number) => {
      for (let tries = 0; tries < 50 && (await clients()) !== want; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await clients()).toBe(want);
    };
    try {
      const owned = await createSandbox({ port: 0, logLevel: "silent", store: url });
      expect(await clients()).toBe(1);
      await owned.close(0);
      await settles(0);

      const store = createRedisStore({ url, prefix: freshPrefix() });
      const first = await createSandbox({ port: 0, logLevel: "silent", store });
      expect((await set(first.url, "forest.png")).status).toBe(200);
      await first.close(0);
      const second = await createSandbox({ port: 0, logLevel: "silent", store });
      expect(await version(second.url)).toBe(1);
      await second.close(0);
      expect(await clients()).toBe(1);
      await store.close?.();
      await settles(0);
    } finally {
      admin.disconnect();
    }
  });
});

describe("events across sandboxes", () => {
  it("streams to one sandbox's /__sandbox/events what a call to another did", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = freshPrefix();
    const one = await start(url, prefix);
    const two = await start(url, prefix);
    const stream = await fetch(`${two.url}/__sandbox/events`, {
      signal: AbortSignal.timeout(15_000),
    });
    expect(stream.status).toBe(200);
    const reader = stream.body?.getReader();
    if (!reader) throw new Error("no body");
    // The other sandbox learns within a second that someone listens, and sends from then on.
    for (let tries = 0; tries < 50 && !one.store.events?.listened; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(one.store.events?.listened).toBe(true);

    expect((await set(one.url, "forest.png")).status).toBe(200);
    const decoder = new TextDecoder();
    let text = "";
    const events: Array<{ type: string; conversationId?: string; entry?: { path?: string } }> = [];
    const want = () =>
      events.some((e) => e.type === "change" && e.conversationId === "conv_imessage") &&
      events.some((e) => e.type === "journal" && e.entry?.path === path) &&
      events.some((e) => e.type === "provider");
    while (!want()) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      for (const block of text.split("\n\n").slice(0, -1)) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data) events.push(JSON.parse(data));
      }
      text = text.slice(text.lastIndexOf("\n\n") + 2);
    }
    await reader.cancel();
    expect(want()).toBe(true);
    // Each change arrives once.
    expect(events.filter((e) => e.type === "change")).toHaveLength(1);
  });
});

describe("a Redis emptied from outside", () => {
  /** What FLUSHDB or a Redis restarted without its data does to a sandbox's keys. */
  async function empty(url: string, prefix: string): Promise<void> {
    const outside = new Redis(url);
    try {
      const keys = await outside.keys(`{${prefix}}:*`);
      expect(keys.length).toBeGreaterThan(5);
      await outside.del(...keys);
    } finally {
      outside.disconnect();
    }
  }

  it("is seeded again on the next call, which answers as on a fresh sandbox, and health names the store", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = freshPrefix();
    const sandbox = await start(url, prefix);
    expect((await set(sandbox.url, "forest.png")).status).toBe(200);
    const health = (await (await fetch(`${sandbox.url}/__sandbox/health`)).json()) as {
      store: string;
    };
    expect(health.store).toBe(`${url}, prefix ${prefix}`);

    await empty(url, prefix);
    const again = await set(sandbox.url, "forest.png");
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ changed: true, backgroundVersion: 1 });
  });

  it("is seeded again by a control call too: health and state show the seed, and a fault armed first is kept for the next call", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = freshPrefix();
    const logged: string[] = [];
    const sandbox = await start(url, prefix, undefined, logged);
    const events: Array<{ type: string }> = [];
    const stop = sandbox.control.subscribe((event) => events.push(event));
    expect((await set(sandbox.url, "forest.png")).status).toBe(200);

    await empty(url, prefix);
    const health = (await (await fetch(`${sandbox.url}/__sandbox/health`)).json()) as {
      accounts: number;
      conversations: number;
    };
    expect(health.accounts).toBeGreaterThan(0);
    expect(health.conversations).toBeGreaterThan(0);
    // Said in the log, and to the dashboards, which show the seed again.
    expect(
      logged.filter((line) => /emptied from outside\): seeded it again/.test(line)),
    ).toHaveLength(1);
    expect(events.filter((event) => event.type === "reset")).toHaveLength(1);
    stop?.();

    await empty(url, prefix);
    expect(await version(sandbox.url)).toBe(0);

    await empty(url, prefix);
    const armed = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rateLimitNext: 1 }),
    });
    expect(armed.status).toBe(200);
    expect((await set(sandbox.url, "forest.png")).status).toBe(429);
    const after = await set(sandbox.url, "forest.png");
    expect(await after.json()).toMatchObject({ changed: true, backgroundVersion: 1 });
  });
});

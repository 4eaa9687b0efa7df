import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { eventStream } from "../../../mock/core/http/event-stream.ts";
import { createEventFeed } from "../../../mock/core/sandbox/event-feed.ts";
import type { SandboxEvent } from "../../../mock/core/sandbox/sandbox-event.ts";
import { createSandbox, type RunningSandbox } from "../../../mock/server.ts";

const evil = "http://evil.example";
let running: RunningSandbox[] = [];

async function start(options: Parameters<typeof createSandbox>[0] = {}) {
  const sandbox = await createSandbox({ port: 0, logLevel: "silent", ...options });
  running.push(sandbox);
  return sandbox;
}

afterEach(async () => {
  await Promise.all(running.map((sandbox) => sandbox.close(0)));
  running = [];
});

/** Opens the event stream; resolves with its answer and a reader of what it has sent. */
async function openEvents(url: string, headers: Record<string, string> = {}) {
  const stop = new AbortController();
  const response = await fetch(`${url}/__sandbox/events`, { headers, signal: stop.signal });
  let text = "";
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  const reading = (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        text += decoder.decode(chunk.value);
      }
    } catch {
      // Aborted by the test, or ended by the sandbox.
    }
  })();
  return { response, stop, reading, text: () => text };
}

/** A GET with a Host header of the test's choosing (fetch will not send one). */
function getWithHost(url: string, path: string, host: string) {
  return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on("error", reject);
    req.end();
  });
}

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("GET /__sandbox/events", () => {
  it("streams a hello, then every change, journal entry and fault as it happens", async () => {
    const sandbox = await start();
    const events = await openEvents(sandbox.url);
    expect(events.response.status).toBe(200);
    expect(events.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await until(() => events.text().includes('"hello"'));
    await fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, {
      method: "POST",
      headers: { authorization: "Bearer sk_sandbox_alice", "content-type": "application/json" },
      body: JSON.stringify({ image_url: "https://images.sandbox.test/forest.png" }),
    });
    await sandbox.control.faults({ rateLimitNext: 2 });
    await until(() => events.text().includes('"faults"'));
    const types = [...events.text().matchAll(/^data: (.*)$/gm)].map(
      (match) => (JSON.parse(match[1] ?? "") as { type: string }).type,
    );
    expect(types).toEqual(["hello", "provider", "change", "journal", "faults"]);
    events.stop.abort();
  });

  it("removes a client that disconnects from the feed", async () => {
    const sandbox = await start();
    const events = await openEvents(sandbox.url);
    await until(() => sandbox.core.events.size === 1);
    events.stop.abort();
    await until(() => sandbox.core.events.size === 0);
  });

  it("takes a bounded number of streams: past it 503, and room again once one leaves", async () => {
    const sandbox = await start();
    const limit = sandbox.core.events.limit;
    const open = await Promise.all(Array.from({ length: limit }, () => openEvents(sandbox.url)));
    const refused = await fetch(`${sandbox.url}/__sandbox/events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    open[0]?.stop.abort();
    await until(() => sandbox.core.events.size === limit - 1);
    const again = await openEvents(sandbox.url);
    expect(again.response.status).toBe(200);
    for (const events of [...open, again]) events.stop.abort();
  });

  it("lets the server close at once with streams open, ending each of them", async () => {
    const sandbox = await start();
    const open = [await openEvents(sandbox.url), await openEvents(sandbox.url)];
    const started = Date.now();
    await sandbox.close(10_000);
    running = [];
    expect(Date.now() - started).toBeLessThan(1000);
    await Promise.all(open.map((events) => events.reading));
    expect(sandbox.core.events.size).toBe(0);
  });

  it("ends the stream of a client that falls too far behind, and lets go of it", async () => {
    const feed = createEventFeed<SandboxEvent>(4);
    const answer = eventStream((listener) => feed.subscribe(listener), { maxQueued: 3 });
    for (let i = 0; i < 5; i++) feed.publish({ type: "reset" });
    expect(feed.size).toBe(0);
    const reader = answer.stream?.getReader();
    await expect(
      (async () => {
        for (;;) if ((await reader?.read())?.done) return;
      })(),
    ).rejects.toThrow("fell 3 events behind");
  });
});

describe("GET /__sandbox/events and other web pages", () => {
  it("refuses a page of another origin, and sends no CORS header", async () => {
    const sandbox = await start({ corsOrigins: [evil] });
    const response = await fetch(`${sandbox.url}/__sandbox/events`, { headers: { origin: evil } });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(sandbox.core.events.size).toBe(0);
    const site = await fetch(`${sandbox.url}/__sandbox/events`, {
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(site.status).toBe(403);
  });

  it("sends no CORS header on the stream itself, even with --cors-origin", async () => {
    const sandbox = await start({ corsOrigins: [evil] });
    const events = await openEvents(sandbox.url);
    expect(events.response.status).toBe(200);
    expect(
      [...events.response.headers.keys()].filter((name) => name.startsWith("access-control-")),
    ).toEqual([]);
    events.stop.abort();
  });

  it("refuses a DNS-rebinding Host, for the stream and for a control POST", async () => {
    const sandbox = await start();
    for (const path of ["/__sandbox/events", "/__sandbox/"]) {
      const answer = await getWithHost(sandbox.url, path, `rebound.example:${sandbox.port}`);
      expect(answer.status, path).toBe(403);
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    }
    const reset = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${sandbox.url}/__sandbox/faults`,
        {
          method: "POST",
          headers: { host: `rebound.example:${sandbox.port}`, "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ rateLimitNext: 1 }));
    });
    expect(reset).toBe(403);
    expect((await sandbox.control.faults()).rateLimitNext).toBe(0);
  });

  it("refuses a control POST from another origin, and changes nothing", async () => {
    const sandbox = await start();
    const response = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { origin: evil, "content-type": "application/json" },
      body: JSON.stringify({ rateLimitNext: 1 }),
    });
    expect(response.status).toBe(403);
    expect((await sandbox.control.faults()).rateLimitNext).toBe(0);
  });

  it("beyond loopback, needs the token for the stream but serves the page without it", async () => {
    const sandbox = await start({ adminToken: "s3cret-token" });
    expect((await fetch(`${sandbox.url}/__sandbox/events`)).status).toBe(403);
    const events = await openEvents(sandbox.url, { "x-sandbox-token": "s3cret-token" });
    expect(events.response.status).toBe(200);
    events.stop.abort();
    const page = await fetch(`${sandbox.url}/__sandbox/`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("s3cret-token");
  });
});

describe("GET /__sandbox/ (the dashboard)", () => {
  it("serves the page, its script and style, kept to its own origin", async () => {
    const sandbox = await start();
    const page = await fetch(`${sandbox.url}/__sandbox/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const html = await page.text();
    expect(html).toContain('src="/__sandbox/dashboard.js"');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const script = await fetch(`${sandbox.url}/__sandbox/dashboard.js`);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toContain("/__sandbox");
    const style = await fetch(`${sandbox.url}/__sandbox/dashboard.css`);
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("is refused to a page of another origin", async () => {
    const sandbox = await start();
    const page = await fetch(`${sandbox.url}/__sandbox/`, {
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(page.status).toBe(403);
  });
});

import { deflateSync, gzipSync } from "node:zlib";
import { HttpResponse, http, passthrough } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxControlApi } from "../../mock/core/http/control.ts";
import type { ImageLoader } from "../../mock/core/images/image.ts";
import { createSandboxHandlers } from "../../mock/msw/node.ts";
import { createSandbox } from "../../mock/server.ts";

/** One host of the sandbox, as these tests drive it: where it answers, and its controls. */
interface Host {
  name: "http" | "msw";
  baseUrl: string;
  control: SandboxControlApi;
}

/**
 * The HTTP sandbox on a free port and the MSW handlers, built alike, with MSW listening:
 * requests to the HTTP sandbox pass through it, any other request MSW has no handler for fails.
 */
async function bothHosts(options: { loadImage?: ImageLoader } = {}) {
  const sandbox = await createSandbox({ port: 0, logLevel: "silent", ...options });
  const msw = createSandboxHandlers(options);
  const server = setupServer(
    ...msw.handlers,
    http.all(`${sandbox.url}/*`, () => passthrough()),
  );
  server.listen({ onUnhandledRequest: "error" });
  const hosts: Host[] = [
    { name: "http", baseUrl: sandbox.url, control: sandbox.control },
    { name: "msw", baseUrl: msw.baseUrl, control: msw.control },
  ];
  return {
    hosts,
    async close() {
      server.close();
      await sandbox.close();
    },
  };
}

/** The parts of an answer a client acts on. */
async function seen(response: Response) {
  const text = await response.text();
  const headers: Record<string, string> = {};
  // Content-Length is the wire's.
  for (const name of [
    "content-type",
    "cache-control",
    "allow",
    "retry-after",
    "www-authenticate",
    "access-control-allow-origin",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-max-age",
    "access-control-expose-headers",
    "vary",
  ]) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const code = text.startsWith("{") ? (JSON.parse(text).error?.code ?? null) : null;
  return { status: response.status, code, headers, body: text === "" ? "none" : "some" };
}

const background = "/v1/conversations/conv_imessage/background";
const forest = JSON.stringify({ image_url: "https://images.sandbox.test/forest.png" });
const json = { authorization: "Bearer sk_sandbox_alice", "content-type": "application/json" };
const preflight = {
  origin: "https://app.example",
  "access-control-request-method": "POST",
  "access-control-request-headers": "authorization,content-type",
};

/** A set whose body is sent with a Content-Encoding. */
const encoded = (encoding: string, body: string | Uint8Array<ArrayBuffer>) => ({
  method: "POST",
  path: background,
  headers: { ...json, "content-encoding": encoding },
  body,
});
const gzip = (text: string) => new Uint8Array(gzipSync(text));

const table: Array<{
  given: string;
  want: number;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  arrange?: (control: SandboxControlApi, baseUrl: string) => Promise<unknown>;
}> = [
  { given: "HEAD on the API", want: 405, method: "HEAD", path: background, headers: json },
  { given: "HEAD on the health check", want: 200, method: "HEAD", path: "/__sandbox/health" },
  { given: "a CORS preflight", want: 204, method: "OPTIONS", path: background, headers: preflight },
  { given: "OPTIONS with no CORS headers", want: 204, method: "OPTIONS", path: background },
  { given: "OPTIONS under /__sandbox", want: 404, method: "OPTIONS", path: "/__sandbox/health" },
  { given: "PUT on the API", want: 405, method: "PUT", path: background, headers: json },
  { given: "a set with no key", want: 401, method: "POST", path: background, body: forest },
  { given: "a set", want: 200, method: "POST", path: background, headers: json, body: forest },
  { given: "a gzip body", want: 200, ...encoded("gzip", gzip(forest)) },
  {
    given: "a deflate body, its encoding in capitals",
    want: 200,
    ...encoded("DEFLATE", new Uint8Array(deflateSync(forest))),
  },
  { given: "an unknown Content-Encoding", want: 422, ...encoded("compress", forest) },
  {
    given: "an x-gzip body, a name neither host takes",
    want: 422,
    ...encoded("x-gzip", gzip(forest)),
  },
  { given: "a body that says gzip and is not", want: 422, ...encoded("gzip", forest) },
  {
    given: "a gzip body that inflates past 16 KiB",
    want: 422,
    ...encoded("gzip", gzip(" ".repeat(17_000))),
  },
  {
    given: "a built-in image's bytes",
    want: 200,
    method: "GET",
    path: "/__sandbox/images/forest.png",
  },
  {
    given: "a built-in image served as text/plain",
    want: 200,
    method: "GET",
    path: "/__sandbox/images/wrong-content-type.png",
  },
  {
    given: "a built-in name with no bytes of its own",
    want: 404,
    method: "GET",
    path: "/__sandbox/images/slow.png",
  },
  {
    given: "the current background's bytes",
    want: 200,
    method: "GET",
    path: "/__sandbox/conversations/conv_imessage/background",
    arrange: (_control, baseUrl) =>
      fetch(`${baseUrl}${background}`, { method: "POST", headers: json, body: forest }),
  },
  {
    given: "a conversation with no background",
    want: 404,
    method: "GET",
    path: "/__sandbox/conversations/conv_imessage/background",
  },
  {
    given: "a call after control.faults armed a 429",
    want: 429,
    method: "DELETE",
    path: background,
    headers: json,
    arrange: (control) => control.faults({ rateLimitNext: 1, retryAfterSeconds: 3 }),
  },
  {
    given: "a call after control.faults armed a 503",
    want: 503,
    method: "DELETE",
    path: background,
    headers: json,
    arrange: (control) => control.faults({ serverErrorNext: 1 }),
  },
];

describe("the MSW handlers answer as the HTTP sandbox does", () => {
  let hosts: Host[] = [];
  let close = async () => {};
  beforeAll(async () => {
    ({ hosts, close } = await bothHosts());
  });
  afterAll(() => close());

  for (const { given, want, method, path, headers, body, arrange } of table) {
    it(`answers ${given} with ${want}, as the HTTP sandbox does`, async () => {
      const answers = [];
      for (const host of hosts) {
        await host.control.reset();
        await arrange?.(host.control, host.baseUrl);
        const response = await fetch(`${host.baseUrl}${path}`, {
          method,
          headers: headers ?? {},
          ...(body === undefined ? {} : { body }),
        });
        answers.push(await seen(response));
      }
      const [byHttp, byMsw] = answers;
      expect(byHttp?.status, "the HTTP sandbox").toBe(want);
      expect(byMsw).toEqual(byHttp);
    });
  }

  it("serves the same bytes of images as the HTTP sandbox, by fetch and in control", async () => {
    const [byHttp, byMsw] = hosts;
    if (!byHttp || !byMsw) throw new Error("two hosts");
    const paths = [
      "/__sandbox/images/photo.jpg",
      "/__sandbox/conversations/conv_imessage/background",
    ];
    const seenBytes: Uint8Array[][] = [];
    for (const host of [byHttp, byMsw]) {
      await host.control.reset();
      await fetch(`${host.baseUrl}${background}`, { method: "POST", headers: json, body: forest });
      const answers = await Promise.all(paths.map((path) => fetch(`${host.baseUrl}${path}`)));
      seenBytes.push(
        await Promise.all(answers.map(async (a) => new Uint8Array(await a.arrayBuffer()))),
      );
      const kept = await host.control.backgroundImage("conv_imessage");
      expect(kept.contentType).toBe("image/png");
      expect(kept.bytes).toEqual(seenBytes.at(-1)?.[1]);
    }
    expect(seenBytes[1]).toEqual(seenBytes[0]);
    expect((await byMsw.control.catalogueImage("photo.jpg")).bytes).toEqual(seenBytes[0]?.[0]);
  });
});

/** An image loader that holds every download until its call is aborted. */
function heldImages() {
  const waiting: Array<() => void> = [];
  const loadImage: ImageLoader = (_url, signal) => {
    waiting.shift()?.();
    return new Promise((_loaded, fail) =>
      signal?.addEventListener("abort", () => fail(signal.reason), { once: true }),
    );
  };
  /** Settles when the next download starts. */
  const nextLoad = () => new Promise<void>((resolve) => waiting.push(resolve));
  return { loadImage, nextLoad };
}

describe("a reset through /__sandbox/reset", () => {
  const held = heldImages();
  let hosts: Host[] = [];
  let close = async () => {};
  beforeAll(async () => {
    ({ hosts, close } = await bothHosts({ loadImage: held.loadImage }));
  });
  afterAll(() => close());

  it("answers the calls in flight 503 and keeps nothing of them, as the HTTP sandbox does", async () => {
    const answers = [];
    for (const host of hosts) {
      const loading = held.nextLoad();
      const call = fetch(`${host.baseUrl}${background}`, {
        method: "POST",
        headers: json,
        body: forest,
      });
      await loading;
      // The HTTP sandbox takes control writes only as JSON, so that no other page can send them.
      const reset = await fetch(`${host.baseUrl}/__sandbox/reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      });
      const answer = await seen(await call);
      const { accounts } = await host.control.state();
      const conversation = accounts
        .flatMap((account) => account.conversations)
        .find((c) => c.id === "conv_imessage");
      answers.push({ reset: reset.status, answer, version: conversation?.version });
    }
    const [byHttp, byMsw] = answers;
    expect(byHttp).toMatchObject({ reset: 204, answer: { status: 503 }, version: 0 });
    expect(byMsw).toEqual(byHttp);
  });
});

describe("what the MSW handlers journal", () => {
  it("journals a CORS preflight as the HTTP sandbox does", async () => {
    const { hosts, close } = await bothHosts();
    try {
      const journals = [];
      for (const host of hosts) {
        await fetch(`${host.baseUrl}${background}`, { method: "OPTIONS", headers: preflight });
        const { entries } = await host.control.journal();
        journals.push(
          entries.map(({ method, path, status, code }) => ({ method, path, status, code })),
        );
      }
      const [byHttp, byMsw] = journals;
      expect(byHttp).toEqual([{ method: "OPTIONS", path: background, status: 204, code: null }]);
      expect(byMsw).toEqual(byHttp);
    } finally {
      await close();
    }
  });
});

describe("a body that never ends", () => {
  it("is refused once past 16 KiB, read no further", async () => {
    const sandbox = createSandboxHandlers();
    const server = setupServer(...sandbox.handlers);
    server.listen({ onUnhandledRequest: "error" });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode(" ".repeat(1024)));
      },
    });
    try {
      const response = await fetch(`${sandbox.baseUrl}${background}`, {
        method: "POST",
        headers: json,
        body: endless,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        "larger than 16384 bytes",
      );
      expect(pulled).toBeLessThan(64);
    } finally {
      server.close();
    }
  });
});

describe("the MSW handlers beside other handlers", () => {
  it("leave the API's other paths to the handlers after them", async () => {
    const sandbox = createSandboxHandlers();
    const server = setupServer(
      ...sandbox.handlers,
      http.get("https://api.agentphone.ai/v1/numbers", () => HttpResponse.json({ numbers: [] })),
    );
    server.listen({ onUnhandledRequest: "error" });
    try {
      const numbers = await fetch("https://api.agentphone.ai/v1/numbers");
      expect(await numbers.json()).toEqual({ numbers: [] });
    } finally {
      server.close();
    }
  });
});

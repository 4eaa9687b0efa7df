import { connect } from "node:net";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ImageLoader } from "../../mock/core/images/image.ts";
import { createSandbox, isLoopbackHost, type RunningSandbox } from "../../mock/server.ts";
import { conversationIn } from "../support/conversation-in.ts";

describe("createSandbox", () => {
  it("listens on a free loopback port and closes", async () => {
    const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.adminToken).toBeUndefined();
    await sandbox.close();
    await expect(fetch(`${sandbox.url}/__sandbox/health`)).rejects.toThrow();
  });

  it("gives a URL a client can use when bound to every interface, with a token made up", async () => {
    const sandbox = await createSandbox({ port: 0, host: "0.0.0.0", logLevel: "silent" });
    try {
      expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
      expect(sandbox.adminToken).toMatch(/^[0-9a-f]{32}$/);
      const response = await fetch(`${sandbox.url}/__sandbox/health`, {
        headers: { "x-sandbox-token": sandbox.adminToken ?? "" },
      });
      expect(response.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it("keeps 50 concurrent sets of alternating images to one gapless version history", async () => {
    const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const name = i % 2 === 0 ? "forest.png" : "ocean.png";
          const response = await fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, {
            method: "POST",
            headers: {
              authorization: "Bearer sk_sandbox_alice",
              "content-type": "application/json",
            },
            body: JSON.stringify({ image_url: `https://images.sandbox.test/${name}` }),
          });
          expect(response.status).toBe(200);
          return (await response.json()) as {
            changed: boolean;
            backgroundVersion: number;
            backgroundId: string;
          };
        }),
      );
      const history = (await conversationIn(sandbox.store, "conv_imessage"))?.history ?? [];
      const changed = answers.filter((a) => a.changed);
      expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i + 1));
      expect(changed.map((a) => a.backgroundVersion).sort((a, b) => a - b)).toEqual(
        history.map((h) => h.version),
      );
      expect(new Set(changed.map((a) => a.backgroundId)).size).toBe(changed.length);
      const uploads = (await sandbox.providerLog.page()).entries.filter(
        (e) => e.action === "upload" && e.ok,
      );
      expect(uploads).toHaveLength(changed.length);
    } finally {
      await sandbox.close();
    }
  });
});

/**
 * Sends raw bytes to the sandbox and resolves with everything it answered once it closes
 * the connection. `stall` keeps the sending side open, as a client that stopped mid-request.
 */
function raw(url: string, text: string, { stall = false } = {}): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      stall ? socket.write(text) : socket.end(text),
    );
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits what a connection received into its HTTP answers (Content-Length or chunked). */
function answersIn(text: string): Answer[] {
  const answers: Answer[] = [];
  let rest = text;
  while (rest.includes("\r\n\r\n")) {
    const end = rest.indexOf("\r\n\r\n");
    const [statusLine = "", ...lines] = rest.slice(0, end).split("\r\n");
    const headers = Object.fromEntries(
      lines.map((line) => [
        line.slice(0, line.indexOf(":")).toLowerCase(),
        line.slice(line.indexOf(":") + 1).trim(),
      ]),
    );
    const status = Number(statusLine.split(" ")[1]);
    rest = rest.slice(end + 4);
    let body = "";
    if (headers["content-length"] !== undefined) {
      body = rest.slice(0, Number(headers["content-length"]));
      rest = rest.slice(body.length);
    } else if (headers["transfer-encoding"] === "chunked") {
      for (let size = Number.parseInt(rest, 16); ; size = Number.parseInt(rest, 16)) {
        const start = rest.indexOf("\r\n") + 2;
        body += rest.slice(start, start + size);
        rest = rest.slice(start + size + 2);
        if (!size) break;
      }
    }
    if (status !== 100) answers.push({ status, headers, body });
  }
  return answers;
}

/** Asserts an answer is the documented error envelope, as JSON. */
function expectEnvelope(answer: Answer, given: string): void {
  expect(answer.headers["content-type"], given).toMatch(/^application\/json/);
  const { error } = JSON.parse(answer.body) as { error: Record<string, unknown> };
  expect(Object.keys(error).sort(), given).toEqual(["code", "details", "message", "type"]);
}

describe("a client that hangs up mid-download", () => {
  it("stops the download and logs no error", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    let started = () => {};
    const downloading = new Promise<void>((resolve) => (started = resolve));
    const stopped = new Promise<void>((resolve) => {
      const loadImage: ImageLoader = (_url, signal) => {
        started();
        return new Promise((_ok, fail) =>
          signal?.addEventListener("abort", () => {
            resolve();
            fail(signal.reason);
          }),
        );
      };
      void createSandbox({ port: 0, logger, loadImage }).then((sandbox) => run(sandbox));
    });
    let close = async () => {};
    const run = async (sandbox: RunningSandbox) => {
      close = () => sandbox.close();
      const { hostname, port } = new URL(sandbox.url);
      const body = JSON.stringify({ image_url: "https://images.sandbox.test/slow.png" });
      const socket = connect(Number(port), hostname, () =>
        socket.write(
          "POST /v1/conversations/conv_imessage/background HTTP/1.1\r\nHost: x\r\n" +
            "Authorization: Bearer sk_sandbox_alice\r\nContent-Type: application/json\r\n" +
            `Content-Length: ${body.length}\r\n\r\n${body}`,
        ),
      );
      await downloading;
      socket.destroy();
    };
    await stopped;
    await new Promise((resolve) => setImmediate(resolve));
    await close();
    expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});

describe("requests Node cannot parse", () => {
  const table = [
    {
      given: "headers over 16 KiB",
      text: `GET /__sandbox/health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
      status: "431",
    },
    {
      given: "a raw non-ASCII byte in the path",
      text: "GET /v1/conversations/caf\u00e9/background HTTP/1.1\r\nHost: x\r\n\r\n",
      status: "400",
    },
    { given: "a request line that is not HTTP", text: "HELLO\r\n\r\n", status: "400" },
  ];
  for (const { given, text, status } of table) {
    it(`answers ${given} with ${status} in the error envelope`, async () => {
      const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
      try {
        const answer = await raw(sandbox.url, text);
        expect(answer.split("\r\n")[0]).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
        const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
        expect(body.error).toMatchObject({
          code: "INVALID_REQUEST",
          type: "invalid_request_error",
        });
      } finally {
        await sandbox.close();
      }
    });
  }
});

describe("answers Node would write by itself", () => {
  const api = "/v1/conversations/conv_imessage/background";
  const key = "Authorization: Bearer sk_sandbox_alice\r\n";
  const table = [
    {
      given: "an Expect other than 100-continue",
      text: `DELETE ${api} HTTP/1.1\r\nHost: x\r\nExpect: nonsense\r\n\r\n`,
      want: [401],
    },
    {
      given: "an Expect other than 100-continue, with a key",
      text: `DELETE ${api} HTTP/1.1\r\nHost: x\r\nExpect: nonsense\r\n${key}\r\n`,
      want: [204],
    },
    {
      given: "an unknown Expect on a pipelined request",
      text: `DELETE ${api} HTTP/1.1\r\nHost: x\r\n\r\nDELETE ${api} HTTP/1.1\r\nHost: x\r\nExpect: x\r\n\r\n`,
      want: [401, 401],
    },
    { given: "HTTP/1.1 without Host", text: `DELETE ${api} HTTP/1.1\r\n\r\n`, want: [400] },
    {
      given: "a WebSocket upgrade",
      text: `DELETE ${api} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      want: [401],
    },
    {
      given: "an h2c upgrade",
      text: `DELETE ${api} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n`,
      want: [401],
    },
    { given: "the HTTP/2 preface", text: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", want: [400] },
    {
      given: "an HTTP/2.0 request line",
      text: `DELETE ${api} HTTP/2.0\r\nHost: x\r\n\r\n`,
      want: [401],
    },
    {
      given: "an HTTP/3.0 request line",
      text: `DELETE ${api} HTTP/3.0\r\nHost: x\r\n\r\n`,
      want: [400],
    },
    { given: "an HTTP/0.9 request", text: `GET ${api}\r\n`, want: [400] },
    {
      given: "a URL over 16 KiB",
      text: `GET /${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      want: [431],
    },
    {
      given: "two Content-Lengths",
      text: `POST ${api} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n${key}\r\n{}`,
      want: [400],
    },
    {
      given: "Transfer-Encoding and Content-Length",
      text: `POST ${api} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n${key}\r\n2\r\n{}\r\n0\r\n\r\n`,
      want: [400],
    },
    {
      // RFC 9112 section 6.3: the body's length cannot be known, so 400 and close.
      given: "a Transfer-Encoding other than chunked, on a body of no type",
      text: `POST ${api} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n${key}\r\n`,
      want: [400],
    },
    {
      given: "a Transfer-Encoding other than chunked, on a JSON body",
      text: `POST ${api} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nContent-Type: application/json\r\n${key}\r\n`,
      want: [400],
    },
    {
      given: "a chunk size that is not hex",
      text: `POST ${api} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n${key}\r\nzz\r\n{}\r\n0\r\n\r\n`,
      want: [400],
    },
    // Not a proxy: Node closes the connection without a word, which is what a client expects.
    {
      given: "CONNECT",
      text: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
      want: [],
    },
  ];

  it("answers each request once, every answer with a body in the envelope", async () => {
    const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
    try {
      for (const { given, text, want } of table) {
        const answers = answersIn(await raw(sandbox.url, text));
        expect(
          answers.map((a) => a.status),
          given,
        ).toEqual(want);
        for (const answer of answers.filter((a) => a.body !== "")) expectEnvelope(answer, given);
      }
    } finally {
      await sandbox.close();
    }
  });

  it("answers an unknown Expect as if it were absent, CORS headers included", async () => {
    const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
    try {
      const text = `DELETE ${api} HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\nExpect: nonsense\r\n\r\n`;
      const [answer] = answersIn(await raw(sandbox.url, text));
      expect(answer?.status).toBe(401);
      expect(answer?.headers["access-control-allow-origin"]).toBe("*");
      expect(JSON.parse(answer?.body ?? "{}").error.code).toBe("UNAUTHORIZED");
    } finally {
      await sandbox.close();
    }
  });
});

describe("requests that arrive too slowly", () => {
  const deleteBackground = (url: string) =>
    fetch(`${url}/v1/conversations/conv_imessage/background`, {
      method: "DELETE",
      headers: { authorization: "Bearer sk_sandbox_alice" },
    });

  it("answers headers that stop arriving with 408 in the envelope; a slow answer is no timeout", async () => {
    const sandbox = await createSandbox({
      port: 0,
      logLevel: "silent",
      requestTimeoutMs: 300,
      latencyMs: 600,
    });
    try {
      const slow = deleteBackground(sandbox.url);
      const [answer] = answersIn(
        await raw(sandbox.url, "GET /__sandbox/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: b", {
          stall: true,
        }),
      );
      expect(answer?.status).toBe(408);
      expectEnvelope(answer as Answer, "headers");
      expect(JSON.parse(answer?.body ?? "{}").error).toMatchObject({
        code: "REQUEST_TIMEOUT",
        type: "invalid_request_error",
      });
      expect((await slow).status).toBe(204);
    } finally {
      await sandbox.close();
    }
  });

  it("answers a body that stops arriving with 408 in the envelope, through the app", async () => {
    const sandbox = await createSandbox({ port: 0, logLevel: "silent", requestTimeoutMs: 300 });
    try {
      const text =
        "POST /v1/conversations/conv_imessage/background HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
        "Authorization: Bearer sk_sandbox_alice\r\nOrigin: https://app.example\r\n" +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"image_ur';
      const [answer] = answersIn(await raw(sandbox.url, text, { stall: true }));
      expect(answer?.status).toBe(408);
      expectEnvelope(answer as Answer, "body");
      expect(answer?.headers["access-control-allow-origin"]).toBe("*");
      expect((await sandbox.control.journal()).entries.map((e) => e.code)).toEqual([
        "REQUEST_TIMEOUT",
      ]);
      expect((await deleteBackground(sandbox.url)).status).toBe(204);
    } finally {
      await sandbox.close();
    }
  });
});

describe("closing with a request in flight", () => {
  it("answers it 503 in the envelope with Retry-After once the grace ends, and logs no error", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    let started = () => {};
    const downloading = new Promise<void>((resolve) => (started = resolve));
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let settled = () => {};
    const done = new Promise<void>((resolve) => (settled = resolve));
    const loadImage: ImageLoader = async (url, signal) => {
      started();
      await released;
      return sandbox.images.loadImage(url, signal);
    };
    const sandbox: RunningSandbox = await createSandbox({
      port: 0,
      logger,
      loadImage,
      wrapService: (service) => ({
        ...service,
        setBackground: (...args) => service.setBackground(...args).finally(settled),
      }),
    });
    const answer = fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, {
      method: "POST",
      headers: {
        authorization: "Bearer sk_sandbox_alice",
        "content-type": "application/json",
        origin: "https://app.example",
      },
      body: JSON.stringify({ image_url: "https://images.sandbox.test/forest.png" }),
    });
    await downloading;
    await sandbox.close(300);
    const response = await answer;
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.headers.get("connection")).toBe("close");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "SERVICE_UNAVAILABLE",
    );
    expect((await sandbox.control.journal()).entries.map((e) => e.code)).toEqual([
      "SERVICE_UNAVAILABLE",
    ]);
    // The request's own answer comes too late: it must be dropped, not logged as an error.
    release();
    await done.catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});

describe("isLoopbackHost", () => {
  const table = [
    { given: "127.0.0.1", want: true },
    { given: "127.1.2.3", want: true },
    { given: "::1", want: true },
    { given: "localhost", want: true },
    { given: "0.0.0.0", want: false },
    { given: "::", want: false },
    { given: "192.168.1.10", want: false },
  ];
  for (const { given, want } of table) {
    it(`says ${given} is ${want ? "" : "not "}loopback, so the control surface ${want ? "is open" : "needs a token"}`, () => {
      expect(isLoopbackHost(given)).toBe(want);
    });
  }
});

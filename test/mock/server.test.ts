import { connect } from "node:net";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ImageLoader } from "../../mock/images/image.ts";
import { createSandbox, isLoopbackHost, type RunningSandbox } from "../../mock/server.ts";

describe("createSandbox", () => {
  it("listens on a free loopback port and closes", async () => {
    const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.adminToken).toBeUndefined();
    await sandbox.close();
    await expect(fetch(`${sandbox.url}/__sandbox/health`)).rejects.toThrow();
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
      const history = sandbox.store.findConversation("conv_imessage")?.history ?? [];
      const changed = answers.filter((a) => a.changed);
      expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i + 1));
      expect(changed.map((a) => a.backgroundVersion).sort((a, b) => a - b)).toEqual(
        history.map((h) => h.version),
      );
      expect(new Set(changed.map((a) => a.backgroundId)).size).toBe(changed.length);
      const uploads = sandbox.providerLog.entries().filter((e) => e.action === "upload" && e.ok);
      expect(uploads).toHaveLength(changed.length);
    } finally {
      await sandbox.close();
    }
  });
});

/** Sends raw bytes to the sandbox and resolves with everything it answered. */
function raw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
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

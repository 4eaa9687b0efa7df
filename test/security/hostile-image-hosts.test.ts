import type http from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSandbox } from "../../mock/build-sandbox.ts";
import { maxImageBytes } from "../../mock/core/images/image.ts";
import { loopbackTransport } from "../../mock/images/transport.ts";
import {
  countingTransport,
  type LoopbackServer,
  publicAddress,
  startServer,
} from "../mock/images/support.ts";

// Hosts that misbehave, reached through the whole API. The resolver says each host is
// public and loopbackTransport carries the checked dial to a server on 127.0.0.1.

const deadlineMs = 500;
const zeros = Buffer.alloc(64 * 1024);

function pump(res: http.ServerResponse, chunk: Buffer): void {
  const more = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", more);
  };
  more();
}

const hosts: Array<{
  given: string;
  code: string;
  handler: http.RequestListener;
  maxRead: number;
  /** The host's own image deadline, when not the file's. */
  deadlineMs?: number;
}> = [
  {
    given: "declares 1 KiB and sends 20 MiB",
    // The bytes past the declared length are a protocol error, or never read at all.
    code: "IMAGE_FETCH_FAILED or UNSUPPORTED_IMAGE_TYPE",
    maxRead: 1024,
    handler: (_req, res) => {
      res.writeHead(200, { "content-type": "image/png", "content-length": "1024" });
      // Node's parser stops at the declared length; the rest never reaches the loader.
      res.socket?.write(Buffer.alloc(20 * 1024 * 1024));
    },
  },
  {
    given: "declares 20 MiB",
    code: "IMAGE_TOO_LARGE",
    maxRead: 64 * 1024,
    handler: (_req, res) => {
      res.writeHead(200, {
        "content-type": "image/png",
        "content-length": String(20 * 1024 * 1024),
      });
      pump(res, zeros);
    },
  },
  {
    given: "streams for ever without a length",
    code: "IMAGE_TOO_LARGE",
    maxRead: maxImageBytes + 64 * 1024,
    // Long enough that 10 MiB arrives first even on a loaded machine: the cap is the point.
    deadlineMs: 10_000,
    handler: (_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      pump(res, zeros);
    },
  },
  {
    given: "trickles one byte every 50 ms",
    code: "IMAGE_FETCH_TIMEOUT",
    maxRead: 64,
    handler: (_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      const timer = setInterval(() => res.write("x"), 50);
      res.once("close", () => clearInterval(timer));
    },
  },
  {
    given: "never answers",
    code: "IMAGE_FETCH_TIMEOUT",
    maxRead: 0,
    handler: () => {},
  },
];

const servers: LoopbackServer[] = [];
const started = new Map<string, LoopbackServer>();

beforeAll(async () => {
  for (const host of hosts) {
    const server = await startServer(host.handler);
    servers.push(server);
    started.set(host.given, server);
  }
});
afterAll(async () => {
  for (const server of servers) await server.close();
});

function sandboxFor(server: LoopbackServer, imageTimeoutMs = deadlineMs) {
  const transport = countingTransport(loopbackTransport(server.port));
  const { app } = buildSandbox({
    logLevel: "silent",
    imageResolver: async () => [{ address: publicAddress, family: 4 }],
    imageTransport: transport,
    imageTimeoutMs,
  });
  const set = () =>
    request(app)
      .post("/v1/conversations/conv_imessage/background")
      .set("authorization", "Bearer sk_sandbox_alice")
      .send({ image_url: "https://hostile.example/x.png" });
  return { set, transport };
}

function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed;
}

function openSockets(): number {
  return process
    .getActiveResourcesInfo()
    .filter((kind) => kind === "TCPSocketWrap" || kind === "TCPWRAP").length;
}

describe("hosts that misbehave, through the API", () => {
  for (const { given, code, maxRead, deadlineMs: hostDeadlineMs = deadlineMs } of hosts) {
    it(`answers 422 ${code} to a host that ${given}, reads at most ${maxRead} bytes, and hangs up`, async () => {
      const server = started.get(given) as LoopbackServer;
      const { set, transport } = sandboxFor(server, hostDeadlineMs);
      const began = performance.now();
      const response = await set();
      const elapsed = performance.now() - began;
      expect(response.status).toBe(422);
      expect(code.split(" or ")).toContain(response.body.error.code);
      expect(transport.bytesRead()).toBeLessThanOrEqual(maxRead);
      // Within the deadline, with room for a loaded 2-core machine, never a hang.
      expect(elapsed).toBeLessThan(hostDeadlineMs + 1_500);
      await server.allClosed();
    });
  }

  it("leaves no sockets open and no memory held after five rounds of all of them", async () => {
    const round = async () => {
      for (const { given } of hosts) {
        const server = started.get(given) as LoopbackServer;
        await sandboxFor(server).set();
        await server.allClosed();
      }
    };
    await round();
    const socketsBefore = openSockets();
    const heapBefore = heapAfterGc();
    for (let i = 0; i < 5; i += 1) await round();
    expect(openSockets()).toBeLessThanOrEqual(socketsBefore);
    // Five rounds pulled over 50 MiB through the loader; none of it may stay.
    expect(heapAfterGc() - heapBefore).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);
});

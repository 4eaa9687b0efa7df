import type http from "node:http";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { maxImageBytes } from "../../../../mock/core/images/image.ts";
import { createImageLoader } from "../../../../mock/core/images/image-loader.ts";
import { guardedHop } from "../../../../mock/images/guarded-hop.ts";
import { loopbackTransport, type Transport } from "../../../../mock/images/transport.ts";
import {
  catalogueFile,
  countingTransport,
  type LoopbackServer,
  publicAddress,
  rejectionOf,
  startServer,
} from "../support.ts";

// Each server below stands in for a public host: the resolver says the host is public,
// and loopbackTransport carries the checked dial to the server as plain HTTP.
const resolve = async () => [{ address: publicAddress, family: 4 as const }];
const forest = catalogueFile("forest.png");
const servers: LoopbackServer[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

afterAll(() => {
  nock.enableNetConnect();
});

async function serve(handler: http.RequestListener) {
  const server = await startServer(handler);
  servers.push(server);
  const transport = countingTransport(loopbackTransport(server.port));
  return { server, transport };
}

function loader(transport: Transport, deadlineMs = 2_000) {
  return createImageLoader({ fetchHop: guardedHop({ resolve, transport }), deadlineMs });
}

// Writes `chunk` as fast as the client reads, until the client hangs up.
function pump(res: http.ServerResponse, chunk: Buffer) {
  const more = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", more);
  };
  more();
}

describe("the image loader against hosts that misbehave", () => {
  it("downloads a PNG, sending the URL's host and path", async () => {
    const { server, transport } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(forest);
    });
    const image = await loader(transport)("https://images.example.com/wallpapers/a.png?size=m");
    expect(image.contentType).toBe("image/png");
    expect(Buffer.from(image.bytes).equals(forest)).toBe(true);
    expect(server.requests[0]?.url).toBe("/wallpapers/a.png?size=m");
    expect(server.requests[0]?.headers.host).toBe("images.example.com");
    await server.allClosed();
  });

  it("cuts off a body that never ends just past 10 MiB, and hangs up", async () => {
    const { server, transport } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.write(forest.subarray(0, 8));
      pump(res, Buffer.alloc(64 * 1024));
    });
    const error = await rejectionOf(loader(transport)("https://images.example.com/big.png"));
    expect(error).toMatchObject({
      code: "IMAGE_TOO_LARGE",
      detailType: "too_large",
      message: "the image is larger than 10485760 bytes",
    });
    expect(transport.bytesRead()).toBeGreaterThan(maxImageBytes);
    expect(transport.bytesRead()).toBeLessThanOrEqual(maxImageBytes + 64 * 1024);
    await server.allClosed();
  });

  it("refuses a declared Content-Length over 10 MiB without reading the body", async () => {
    const { server, transport } = await serve((_req, res) => {
      res.writeHead(200, { "content-length": String(maxImageBytes + 1) });
      pump(res, Buffer.alloc(64 * 1024));
    });
    const error = await rejectionOf(loader(transport)("https://images.example.com/big.png"));
    expect(error).toMatchObject({ code: "IMAGE_TOO_LARGE" });
    expect(transport.bytesRead()).toBe(0);
    await server.allClosed();
  });

  it("does not trust a small Content-Length: the bytes are counted", async () => {
    const lying: Transport = async () => ({
      status: 200,
      headers: { "content-length": "1000" },
      body: (async function* () {
        for (let sent = 0; sent < 11 * 1024 * 1024; sent += 64 * 1024)
          yield Buffer.alloc(64 * 1024);
      })(),
      close: () => {},
    });
    const transport = countingTransport(lying);
    const error = await rejectionOf(loader(transport)("https://images.example.com/a.png"));
    expect(error).toMatchObject({ code: "IMAGE_TOO_LARGE" });
    expect(transport.bytesRead()).toBeLessThanOrEqual(maxImageBytes + 64 * 1024);
  });

  it("times out on a host that trickles one byte every 50 ms, and hangs up", async () => {
    const { server, transport } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      let sent = 0;
      const timer = setInterval(() => res.write(forest.subarray(sent, ++sent)), 50);
      res.once("close", () => clearInterval(timer));
    });
    const started = Date.now();
    const error = await rejectionOf(loader(transport, 200)("https://images.example.com/a.png"));
    expect(error).toMatchObject({
      code: "IMAGE_FETCH_TIMEOUT",
      detailType: "timeout",
      message: "the image did not download within 200 ms",
    });
    expect(transport.bytesRead()).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(1_500);
    await server.allClosed();
  });

  it("times out on a host that never answers, and hangs up", async () => {
    const { server, transport } = await serve(() => {});
    const started = Date.now();
    const error = await rejectionOf(loader(transport, 150)("https://images.example.com/a.png"));
    expect(error).toMatchObject({ code: "IMAGE_FETCH_TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(1_500);
    await server.allClosed();
  });

  it("fails when the host hangs up before the declared length arrived", async () => {
    const { server, transport } = await serve((_req, res) => {
      res.writeHead(200, { "content-length": "5000" });
      res.write(forest.subarray(0, 100), () => res.destroy());
    });
    expect(await rejectionOf(loader(transport)("https://images.example.com/a.png"))).toMatchObject({
      code: "IMAGE_FETCH_FAILED",
      message: "the image host closed the connection before the image was complete",
    });
    await server.allClosed();
  });

  it("follows a chain of three redirects, and refuses a fourth", async () => {
    const { server, transport } = await serve((req, res) => {
      const step = Number(req.url?.slice(1));
      if (step === 3) res.writeHead(200).end(forest);
      else res.writeHead(302, { location: `/${step + 1}` }).end();
    });
    const image = await loader(transport)("https://images.example.com/0");
    expect(image.finalUrl).toBe("https://images.example.com/3");
    expect(server.requests.map((req) => req.url)).toEqual(["/0", "/1", "/2", "/3"]);

    const error = await rejectionOf(loader(transport)("https://images.example.com/10"));
    expect(error).toMatchObject({ code: "IMAGE_FETCH_FAILED" });
    expect(server.requests.map((req) => req.url).slice(4)).toEqual(["/10", "/11", "/12", "/13"]);
    await server.allClosed();
  });

  it("refuses a redirect to a private address without a second request", async () => {
    const { server, transport } = await serve((_req, res) => {
      res.writeHead(302, { location: "https://10.0.0.5/x.png" }).end();
    });
    const error = await rejectionOf(loader(transport)("https://images.example.com/a.png"));
    expect(error).toMatchObject({ code: "IMAGE_ADDRESS_BLOCKED" });
    expect(server.requests.length).toBe(1);
    await server.allClosed();
  });
});

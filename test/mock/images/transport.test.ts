import net, { type AddressInfo } from "node:net";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { type Dial, httpsTransport, loopbackTransport } from "../../../mock/images/transport.ts";
import { rejectionOf, startServer } from "./support.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function dialTo(port: number, changes: Partial<Dial> = {}): Dial {
  return {
    address: "127.0.0.1",
    family: 4,
    port,
    hostname: "images.example.com",
    host: "images.example.com",
    path: "/a.png",
    connectTimeoutMs: 2_000,
    signal: new AbortController().signal,
    ...changes,
  };
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

/** A TLS listener with no certificate: it records the SNI name, then ends the handshake. */
async function sniRecorder(): Promise<{ port: number; names: (string | undefined)[] }> {
  const names: (string | undefined)[] = [];
  const server = tls.createServer({
    SNICallback: (name, callback) => {
      names.push(name);
      callback(new Error("no certificate here"));
    },
  });
  server.on("tlsClientError", () => {});
  return { port: await listen(server), names };
}

describe("httpsTransport", () => {
  it("connects to the checked address and sends the URL's host name as SNI", async () => {
    const server = await sniRecorder();
    const error = await rejectionOf(httpsTransport(dialTo(server.port)));
    expect(server.names).toEqual(["images.example.com"]);
    expect(error).toMatchObject({ code: "IMAGE_FETCH_FAILED", detailType: "fetch_failed" });
    expect((error as Error).message).toMatch(/^the TLS handshake with the image host failed/);
  });

  it("sends no SNI for an IP literal, as RFC 6066 requires", async () => {
    const server = await sniRecorder();
    await rejectionOf(
      httpsTransport(dialTo(server.port, { hostname: "127.0.0.1", host: "127.0.0.1" })),
    );
    expect(server.names).toEqual([]);
  });

  it("reports a host that does not speak TLS as a failed handshake", async () => {
    const port = await listen(
      net.createServer((socket) => socket.resume().end("HTTP/1.1 400 Bad Request\r\n\r\n")),
    );
    const error = await rejectionOf(httpsTransport(dialTo(port)));
    expect(error).toMatchObject({ code: "IMAGE_FETCH_FAILED" });
    expect((error as Error).message).toMatch(/^the TLS handshake with the image host failed/);
  });

  it("reports a closed port as a refused connection", async () => {
    const probe = net.createServer();
    const port = await listen(probe);
    await cleanups.pop()?.();
    expect(await rejectionOf(httpsTransport(dialTo(port)))).toMatchObject({
      code: "IMAGE_FETCH_FAILED",
      message: "the image host refused the connection",
    });
  });

  it("gives up on a host that accepts TCP but never completes TLS, and hangs up", async () => {
    let closed!: Promise<void>;
    const port = await listen(
      net.createServer((socket) => {
        // Reading, so the client's hang-up is seen; never writing a byte.
        closed = new Promise((resolve) => socket.resume().once("close", () => resolve()));
      }),
    );
    const started = Date.now();
    const error = await rejectionOf(httpsTransport(dialTo(port, { connectTimeoutMs: 100 })));
    expect(error).toMatchObject({
      code: "IMAGE_FETCH_TIMEOUT",
      detailType: "timeout",
      message: "the image host did not accept a connection within 100 ms",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    await closed;
  });

  it("stops connecting when its signal aborts", async () => {
    let closed!: Promise<void>;
    const port = await listen(
      net.createServer((socket) => {
        // Reading, so the client's hang-up is seen; never writing a byte.
        closed = new Promise((resolve) => socket.resume().once("close", () => resolve()));
      }),
    );
    const controller = new AbortController();
    const sending = httpsTransport(dialTo(port, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await rejectionOf(sending)).toMatchObject({ code: "IMAGE_FETCH_FAILED" });
    await closed;
  });
});

describe("loopbackTransport", () => {
  it("sends plain HTTP to its port whatever the address, with the URL's Host and path", async () => {
    const server = await startServer((_req, res) => {
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.end("hello");
    });
    cleanups.push(server.close);
    const response = await loopbackTransport(server.port)(
      dialTo(0, { address: "93.184.215.14", host: "images.example.com:8443", path: "/a.png?v=2" }),
    );
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body) chunks.push(chunk);
    response.close();
    expect(response.status).toBe(200);
    expect(response.headers["set-cookie"]).toBe("a=1, b=2");
    expect(Buffer.concat(chunks).toString()).toBe("hello");
    expect(server.requests[0]?.url).toBe("/a.png?v=2");
    expect(server.requests[0]?.headers).toMatchObject({
      host: "images.example.com:8443",
      "accept-encoding": "identity",
    });
  });
});

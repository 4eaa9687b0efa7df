import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redirectResponse } from "../../../../mock/core/images/host-response.ts";
import { createImageLoader } from "../../../../mock/core/images/image-loader.ts";
import { guardedHop } from "../../../../mock/images/guarded-hop.ts";
import { httpsTransport, type Transport } from "../../../../mock/images/transport.ts";
import { type Canary, publicAddress, rejectionOf, startCanary } from "../support.ts";

// Listeners on loopback that must never see a connection: the loader below runs with its
// production transport and the system resolver, so only the guard stands between them.
let v4: Canary;
let v6: Canary;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost|::1/);
  v4 = await startCanary("127.0.0.1");
  v6 = await startCanary("::1");
});

afterAll(async () => {
  await v4.close();
  await v6.close();
  nock.enableNetConnect();
});

describe("the image loader with its production transport and resolver", () => {
  const urls = (port4: number, port6: number) => [
    `https://127.0.0.1:${port4}/x.png`,
    `https://localhost:${port4}/`,
    `https://localhost:${port6}/`,
    `https://127.1:${port4}/`,
    `https://0x7f.1:${port4}/`,
    `https://2130706433:${port4}/`,
    `https://0177.0.0.1:${port4}/`,
    `https://127.0.0.2:${port4}/`,
    `https://0.0.0.0:${port4}/`,
    `https://0:${port4}/`,
    `https://[::1]:${port6}/`,
    `https://[0:0:0:0:0:0:0:1]:${port6}/`,
    `https://[::]:${port6}/`,
    `https://[::ffff:127.0.0.1]:${port4}/`,
    `https://[::ffff:7f00:1]:${port4}/`,
    `https://[::127.0.0.1]:${port4}/`,
  ];

  it("refuses every spelling of loopback before a single connection is made", async () => {
    const load = createImageLoader({
      fetchHop: guardedHop({ connectTimeoutMs: 200 }),
      deadlineMs: 1_000,
    });
    const given = urls(v4.port, v6.port);
    const codes: Record<string, unknown> = {};
    for (const url of given)
      codes[url] = ((await rejectionOf(load(url))) as { code?: unknown }).code;
    expect(v4.connections).toBe(0);
    expect(v6.connections).toBe(0);
    expect(codes).toEqual(Object.fromEntries(given.map((url) => [url, "IMAGE_ADDRESS_BLOCKED"])));
  });

  it("refuses a redirect from a public host to the canary without connecting to it", async () => {
    // The first hop is answered by a stand-in for a public host; every later hop would go
    // through the production transport, straight to the canary, were it not refused.
    const transport: Transport = (dial) =>
      dial.address === publicAddress
        ? Promise.resolve(redirectResponse(302, `https://127.0.0.1:${v4.port}/x.png`))
        : httpsTransport(dial);
    const load = createImageLoader({
      fetchHop: guardedHop({
        resolve: async () => [{ address: publicAddress, family: 4 }],
        transport,
      }),
      deadlineMs: 1_000,
    });
    const error = await rejectionOf(load("https://images.example.com/a.png"));
    expect(error).toMatchObject({ code: "IMAGE_ADDRESS_BLOCKED" });
    expect(v4.connections).toBe(0);
  });

  it("would have reached a canary had the guard let it through", async () => {
    // Proves a canary can fail: the same transport, handed a loopback address directly.
    const control = await startCanary("127.0.0.1");
    const error = await rejectionOf(
      httpsTransport({
        address: "127.0.0.1",
        family: 4,
        port: control.port,
        hostname: "canary.example.com",
        host: "canary.example.com",
        path: "/",
        connectTimeoutMs: 1_000,
        signal: new AbortController().signal,
      }),
    );
    await control.close();
    expect(error).toMatchObject({ code: "IMAGE_FETCH_FAILED" });
    expect(control.connections).toBe(1);
  });
});

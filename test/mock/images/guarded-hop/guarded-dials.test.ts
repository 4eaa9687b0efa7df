import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { redirectResponse } from "../../../../mock/core/images/host-response.ts";
import { ImageError } from "../../../../mock/core/images/image.ts";
import { createImageLoader } from "../../../../mock/core/images/image-loader.ts";
import { guardedHop } from "../../../../mock/images/guarded-hop.ts";
import {
  catalogueFile,
  publicAddress,
  recordingTransport,
  rejectionOf,
  loaderWithSeams as setup,
  tableResolver,
} from "../support.ts";

const v4 = (address: string) => ({ address, family: 4 as const });

describe("the image loader's address guard", () => {
  it("downloads from a public host, dialling the checked address with the URL's name", async () => {
    const { load, transport } = setup();
    const image = await load("https://images.example.com:8443/a.png?v=2");
    const forest = catalogueFile("forest.png");
    expect(image).toMatchObject({
      contentType: "image/png",
      extension: "png",
      size: forest.length,
      sha256: createHash("sha256").update(forest).digest("hex"),
      sourceUrl: "https://images.example.com:8443/a.png?v=2",
      finalUrl: "https://images.example.com:8443/a.png?v=2",
    });
    expect(Buffer.from(image.bytes).equals(forest)).toBe(true);
    expect(transport.dials).toMatchObject([
      {
        address: publicAddress,
        family: 4,
        port: 8443,
        hostname: "images.example.com",
        host: "images.example.com:8443",
        path: "/a.png?v=2",
      },
    ]);
  });

  const literals = [
    {
      given: "https://8.8.8.8/a.png",
      want: { address: "8.8.8.8", family: 4, hostname: "8.8.8.8" },
    },
    {
      given: "https://[2606:4700::1111]/a.png",
      want: { address: "2606:4700::1111", family: 6, hostname: "2606:4700::1111", port: 443 },
    },
  ];
  for (const { given, want } of literals) {
    it(`dials the public literal ${given} without asking DNS`, async () => {
      const { load, transport, resolve } = setup();
      await load(given);
      expect(resolve.asked).toEqual([]);
      expect(transport.dials).toMatchObject([want]);
    });
  }

  const refused = [
    { given: "https://intranet.example.com/a.png", address: "192.168.0.10", asked: true },
    { given: "https://mixed.example.com/a.png", address: "10.0.0.5", asked: true },
    { given: "https://mapped.example.com/a.png", address: "::ffff:127.0.0.1", asked: true },
    { given: "https://127.0.0.1/a.png", address: "127.0.0.1", asked: false },
    { given: "https://0x7f.1/a.png", address: "127.0.0.1", asked: false },
    { given: "https://2130706433/a.png", address: "127.0.0.1", asked: false },
    { given: "https://0.0.0.0/a.png", address: "0.0.0.0", asked: false },
    {
      given: "https://169.254.169.254/latest/meta-data/",
      address: "169.254.169.254",
      asked: false,
    },
    { given: "https://0251.0376.0251.0376/", address: "169.254.169.254", asked: false },
    { given: "https://[::1]/a.png", address: "::1", asked: false },
    { given: "https://[::]/a.png", address: "::", asked: false },
    { given: "https://[::ffff:10.0.0.5]/a.png", address: "::ffff:a00:5", asked: false },
    { given: "https://[fd00:ec2::254]/", address: "fd00:ec2::254", asked: false },
    { given: "https://[64:ff9b::a9fe:a9fe]/", address: "64:ff9b::a9fe:a9fe", asked: false },
    { given: "https://[2002:a00:5::1]/", address: "2002:a00:5::1", asked: false },
  ];
  for (const { given, address, asked } of refused) {
    it(`refuses ${given} as ${address} and dials nothing`, async () => {
      const { load, transport, resolve } = setup();
      const error = await rejectionOf(load(given));
      expect(error).toBeInstanceOf(ImageError);
      expect(error).toMatchObject({ code: "IMAGE_ADDRESS_BLOCKED", detailType: "address_blocked" });
      expect((error as Error).message).toContain(`(${address}: `);
      expect(transport.dials).toEqual([]);
      expect(resolve.asked.length).toBe(asked ? 1 : 0);
    });
  }

  const invalid = [
    { given: "http://images.example.com/a.png", detailType: "url_scheme" },
    { given: "ftp://images.example.com/a.png", detailType: "url_scheme" },
    { given: "file:///etc/passwd", detailType: "url_scheme" },
    { given: "data:image/png;base64,iVBORw0KGgo=", detailType: "url_scheme" },
    { given: "https://user:secret@images.example.com/a.png", detailType: "invalid_url" },
    { given: "https://user@images.example.com/a.png", detailType: "invalid_url" },
    { given: "//images.example.com/a.png", detailType: "invalid_url" },
  ];
  for (const { given, detailType } of invalid) {
    it(`refuses ${given} as an invalid URL before any lookup`, async () => {
      const { load, transport, resolve } = setup();
      const error = await rejectionOf(load(given));
      expect(error).toMatchObject({ code: "INVALID_IMAGE_URL", detailType });
      expect(resolve.asked).toEqual([]);
      expect(transport.dials).toEqual([]);
    });
  }

  const unresolvable = [
    { given: "https://nowhere.example.com/a.png", message: "the host name does not resolve" },
    { given: "https://empty.example.com/a.png", message: "the host name has no address" },
  ];
  for (const { given, message } of unresolvable) {
    it(`fails to fetch ${given}: ${message}`, async () => {
      const { load, transport } = setup();
      const error = await rejectionOf(load(given));
      expect(error).toMatchObject({ code: "IMAGE_FETCH_FAILED", message });
      expect(transport.dials).toEqual([]);
    });
  }

  it("dials the address it checked even when the name resolves elsewhere the next time", async () => {
    let answers = 0;
    const resolve = tableResolver({
      "rebind.example.com": () => (answers++ === 0 ? [v4(publicAddress)] : [v4("127.0.0.1")]),
    });
    const transport = recordingTransport();
    await createImageLoader({ fetchHop: guardedHop({ resolve, transport }) })(
      "https://rebind.example.com/a.png",
    );
    expect(resolve.asked).toEqual(["rebind.example.com"]);
    expect(transport.dials.map((dial) => dial.address)).toEqual([publicAddress]);
  });

  it("checks a redirect back to the same name again, and refuses it once it points inward", async () => {
    let answers = 0;
    const resolve = tableResolver({
      "rebind.example.com": () => (answers++ === 0 ? [v4(publicAddress)] : [v4("10.0.0.5")]),
    });
    const transport = recordingTransport(() => redirectResponse(302, "/again.png"));
    const error = await rejectionOf(
      createImageLoader({ fetchHop: guardedHop({ resolve, transport }) })(
        "https://rebind.example.com/a.png",
      ),
    );
    expect(error).toMatchObject({ code: "IMAGE_ADDRESS_BLOCKED" });
    expect((error as Error).message).toContain(
      "after a redirect to https://rebind.example.com/again.png",
    );
    expect(resolve.asked).toEqual(["rebind.example.com", "rebind.example.com"]);
    expect(transport.dials.map((dial) => dial.address)).toEqual([publicAddress]);
  });

  it("answers images.sandbox.test from the catalogue, with no lookup and no dial", async () => {
    const { load, transport, resolve } = setup();
    for (const url of [
      "https://images.sandbox.test/forest.png",
      "https://images.sandbox.test./forest.png",
    ]) {
      expect((await load(url)).contentType).toBe("image/png");
    }
    expect(resolve.asked).toEqual([]);
    expect(transport.dials).toEqual([]);
  });

  it("gives up with the caller's reason when the caller aborts", async () => {
    const { load } = setup(() => ({
      status: 200,
      headers: {},
      body: (async function* () {
        yield new Uint8Array(8);
        await new Promise(() => {});
      })(),
      close: () => {},
    }));
    const caller = new AbortController();
    const loading = load("https://images.example.com/a.png", caller.signal);
    const reason = new Error("the client went away");
    setImmediate(() => caller.abort(reason));
    expect(await rejectionOf(loading)).toBe(reason);
  });
});

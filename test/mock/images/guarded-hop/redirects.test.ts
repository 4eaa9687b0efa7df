import { describe, expect, it } from "vitest";
import { bytesResponse, redirectResponse } from "../../../../mock/core/images/host-response.ts";
import { isPublicAddress } from "../../../../mock/images/address-guard.ts";
import type { Dial } from "../../../../mock/images/transport.ts";
import { catalogueFile, publicAddress, rejectionOf, loaderWithSeams as setup } from "../support.ts";

describe("the image loader's redirects", () => {
  function chain(locations: Record<string, string>, status = 302) {
    return (dial: Dial) => {
      const next = locations[`${dial.hostname}${dial.path}`];
      return next === undefined
        ? bytesResponse(200, "image/png", catalogueFile("forest.png"))
        : redirectResponse(status, next);
    };
  }

  for (const status of [301, 302, 303, 307, 308]) {
    it(`follows a ${status} to a relative Location on the same host`, async () => {
      const { load, transport } = setup(chain({ "images.example.com/a.png": "b.png?x=1" }, status));
      const image = await load("https://images.example.com/a.png");
      expect(image.finalUrl).toBe("https://images.example.com/b.png?x=1");
      expect(transport.dials.map((dial) => dial.path)).toEqual(["/a.png", "/b.png?x=1"]);
    });
  }

  it("follows three redirects across hosts, checking each host", async () => {
    const { load, transport, resolve } = setup(
      chain({
        "images.example.com/1": "https://cdn.example.com/2",
        "cdn.example.com/2": "https://8.8.8.8/3",
        "8.8.8.8/3": "https://images.example.com/4",
      }),
    );
    expect((await load("https://images.example.com/1")).finalUrl).toBe(
      "https://images.example.com/4",
    );
    expect(resolve.asked).toEqual(["images.example.com", "cdn.example.com", "images.example.com"]);
    expect(transport.dials.map((dial) => dial.address)).toEqual([
      publicAddress,
      "2606:4700::1111",
      "8.8.8.8",
      publicAddress,
    ]);
  });

  it("refuses a fourth redirect", async () => {
    const { load, transport } = setup(() => redirectResponse(302, "/again"));
    const error = await rejectionOf(load("https://images.example.com/a.png"));
    expect(error).toMatchObject({ code: "IMAGE_FETCH_FAILED" });
    expect((error as Error).message).toMatch(/^the image host redirected more than 3 times/);
    expect(transport.dials.length).toBe(4);
  });

  const inward = [
    { given: "https://10.0.0.5/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
    { given: "https://169.254.169.254/latest/meta-data/", code: "IMAGE_ADDRESS_BLOCKED" },
    { given: "https://[::ffff:127.0.0.1]/", code: "IMAGE_ADDRESS_BLOCKED" },
    { given: "https://intranet.example.com/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
    { given: "https://mixed.example.com/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
    { given: "http://images.example.com/x.png", code: "IMAGE_FETCH_FAILED" },
    { given: "https://user:pw@images.example.com/x.png", code: "IMAGE_FETCH_FAILED" },
  ];
  for (const { given, code } of inward) {
    it(`refuses a redirect to ${given} after dialling only the first host`, async () => {
      const { load, transport } = setup(chain({ "images.example.com/a.png": given }));
      expect(await rejectionOf(load("https://images.example.com/a.png"))).toMatchObject({ code });
      expect(transport.dials.map((dial) => dial.address)).toEqual([publicAddress]);
      expect(transport.dials.every((dial) => isPublicAddress(dial.address))).toBe(true);
    });
  }

  it("follows a redirect into the catalogue without dialling again", async () => {
    const { load, transport } = setup(
      chain({ "images.example.com/a.png": "https://images.sandbox.test/ocean.png" }),
    );
    const image = await load("https://images.example.com/a.png");
    expect(Buffer.from(image.bytes).equals(catalogueFile("ocean.png"))).toBe(true);
    expect(transport.dials.length).toBe(1);
  });

  it("refuses a redirect with no Location", async () => {
    const { load } = setup(() => ({ ...redirectResponse(302, ""), headers: {} }));
    expect(await rejectionOf(load("https://images.example.com/a.png"))).toMatchObject({
      code: "IMAGE_FETCH_FAILED",
      message: "the image host answered HTTP 302 with no Location",
    });
  });

  for (const status of [400, 403, 404, 410, 500, 503]) {
    it(`fails with the status when the host answers HTTP ${status}`, async () => {
      const { load } = setup(() => bytesResponse(status, "text/html", Buffer.from("<h1>no</h1>")));
      expect(await rejectionOf(load("https://images.example.com/a.png"))).toMatchObject({
        code: "IMAGE_FETCH_FAILED",
        detailType: "fetch_failed",
        message: `the image host answered HTTP ${status}`,
      });
    });
  }
});

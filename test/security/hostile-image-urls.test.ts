import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSandbox } from "../../mock/build-sandbox.ts";
import { bytesResponse, redirectResponse } from "../../mock/core/images/host-response.ts";
import { isPublicAddress } from "../../mock/images/address-guard.ts";
import {
  type Canary,
  catalogueFile,
  recordingTransport,
  startCanary,
  tableResolver,
} from "../mock/images/support.ts";
import { conversationIn } from "../support/conversation-in.ts";

// Every hostile image_url goes through the whole API. Real connections may only reach the
// canaries on 127.0.0.1 and ::1, which must see none; every other address is handled by an
// injected resolver and a transport that records what would have been dialled.

const publicV4 = "93.184.215.14";
const v4 = (address: string) => ({ address, family: 4 as const });
const v6 = (address: string) => ({ address, family: 6 as const });

let canary4: Canary;
let canary6: Canary;
beforeAll(async () => {
  canary4 = await startCanary("127.0.0.1");
  canary6 = await startCanary("::1");
});
afterAll(async () => {
  await canary4?.close();
  await canary6?.close();
});

/** Public hosts that redirect somewhere hostile. */
const redirects: Record<string, string> = {
  "/to-loopback": "https://127.0.0.1/x.png",
  "/to-private": "https://10.0.0.5/x.png",
  "/to-metadata": "https://169.254.169.254/latest/meta-data/",
  "/to-metadata-v6": "https://[fd00:ec2::254]/latest/meta-data/",
  "/to-internal-name": "https://internal.example/x.png",
  "/to-http": `http://${publicV4}/x.png`,
  "/to-file": "file:///etc/passwd",
  "/to-mapped": "https://[::ffff:10.0.0.5]/x.png",
};

/**
 * A sandbox whose resolver answers from a table. Its transport records dials and answers
 * from the table of redirects, except with `realTransport`: then it is the default one,
 * which really connects, so a loopback URL that slipped past the guard would reach a canary.
 */
function sandbox(realTransport = false) {
  let rebound = 0;
  const resolve = tableResolver({
    "public.example": [v4(publicV4)],
    "internal.example": [v4("10.0.0.5")],
    "mixed.example": [v4(publicV4), v4("10.0.0.5")],
    "mapped.example": [v6("::ffff:169.254.169.254")],
    "metadata.google.internal": [v4("169.254.169.254")],
    "cgnat.example": [v4("100.64.0.7")],
    "ula.example": [v6("fd12:3456::1")],
    localhost: [v4("127.0.0.1"), v6("::1")],
    "localhost.": [v4("127.0.0.1")],
    // Public when checked, loopback on any later look-up: the dial must go to the first.
    "rebind.example": () => (rebound++ === 0 ? [v4(publicV4)] : [v4("127.0.0.1")]),
  });
  const transport = recordingTransport((dial) => {
    const location = redirects[dial.path];
    if (location) return redirectResponse(302, location);
    return bytesResponse(200, "image/png", catalogueFile("forest.png"));
  });
  const { app, store } = buildSandbox({
    logLevel: "silent",
    imageResolver: resolve,
    ...(realTransport ? {} : { imageTransport: transport }),
    imageTimeoutMs: 2_000,
  });
  const set = (image_url: string) =>
    request(app)
      .post("/v1/conversations/conv_imessage/background")
      .set("authorization", "Bearer sk_sandbox_alice")
      .send({ image_url });
  return { set, transport, resolve, store };
}

/** A loopback URL on a canary's port, so a connection that slipped through would be counted. */
const at =
  (host: string, v6host = false) =>
  () =>
    `https://${host}:${(v6host ? canary6 : canary4).port}/x.png`;

const table: Array<{ given: string; url: string | (() => string); code: string }> = [
  // Loopback, in every spelling WHATWG URL parsing accepts.
  { given: "127.0.0.1", url: at("127.0.0.1"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "127.1 (short form)", url: at("127.1"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "2130706433 (decimal)", url: at("2130706433"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "0x7f000001 (hex)", url: at("0x7f000001"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "0x7f.0.0.1 (hex octet)", url: at("0x7f.0.0.1"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "0177.0.0.1 (octal)", url: at("0177.0.0.1"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "127.255.255.254", url: at("127.255.255.254"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "localhost", url: at("localhost"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "LOCALHOST (upper case)", url: at("LOCALHOST"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "localhost. (trailing dot)", url: at("localhost."), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "[::1]", url: at("[::1]", true), code: "IMAGE_ADDRESS_BLOCKED" },
  {
    given: "[0:0:0:0:0:0:0:1] (long form)",
    url: at("[0:0:0:0:0:0:0:1]", true),
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "[::ffff:127.0.0.1] (IPv4-mapped)",
    url: at("[::ffff:127.0.0.1]"),
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "[::ffff:7f00:1] (IPv4-mapped, hex)",
    url: at("[::ffff:7f00:1]"),
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "[::127.0.0.1] (IPv4-compatible)",
    url: at("[::127.0.0.1]"),
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  { given: "0.0.0.0", url: at("0.0.0.0"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "0 (the unspecified address, short)", url: at("0"), code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "[::] (unspecified)", url: at("[::]", true), code: "IMAGE_ADDRESS_BLOCKED" },
  // Private, link-local, CGNAT, metadata, multicast, reserved.
  { given: "10.0.0.1", url: "https://10.0.0.1/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "172.16.0.1", url: "https://172.16.0.1/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "172.31.255.255", url: "https://172.31.255.255/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "192.168.1.1", url: "https://192.168.1.1/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
  {
    given: "169.254.1.1 (link-local)",
    url: "https://169.254.1.1/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "169.254.169.254 (metadata)",
    url: "https://169.254.169.254/latest/meta-data/",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "[fd00:ec2::254] (AWS metadata, IPv6)",
    url: "https://[fd00:ec2::254]/",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  { given: "100.64.0.1 (CGNAT)", url: "https://100.64.0.1/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
  { given: "224.0.0.1 (multicast)", url: "https://224.0.0.1/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
  {
    given: "255.255.255.255 (broadcast)",
    url: "https://255.255.255.255/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  { given: "240.0.0.1 (reserved)", url: "https://240.0.0.1/x.png", code: "IMAGE_ADDRESS_BLOCKED" },
  {
    given: "198.18.0.1 (benchmarking)",
    url: "https://198.18.0.1/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "192.0.2.1 (documentation)",
    url: "https://192.0.2.1/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "[fe80::1] (link-local IPv6)",
    url: "https://[fe80::1]/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "[fc00::1] (unique local)",
    url: "https://[fc00::1]/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "[ff02::1] (multicast IPv6)",
    url: "https://[ff02::1]/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "[64:ff9b::a00:1] (NAT64 of 10.0.0.1)",
    url: "https://[64:ff9b::a00:1]/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "[2002:a00:1::1] (6to4 of 10.0.0.1)",
    url: "https://[2002:a00:1::1]/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  // Names that resolve somewhere they must not go.
  {
    given: "a name resolving to 10.0.0.5",
    url: "https://internal.example/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a name resolving to a public and a private address",
    url: "https://mixed.example/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a name resolving to IPv4-mapped metadata",
    url: "https://mapped.example/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "metadata.google.internal",
    url: "https://metadata.google.internal/computeMetadata/v1/",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a name resolving to CGNAT",
    url: "https://cgnat.example/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a name resolving to a unique-local IPv6",
    url: "https://ula.example/x.png",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  // Schemes other than https.
  { given: "http:", url: `http://${publicV4}/x.png`, code: "INVALID_IMAGE_URL" },
  { given: "file:", url: "file:///etc/passwd", code: "INVALID_IMAGE_URL" },
  { given: "ftp:", url: `ftp://${publicV4}/x.png`, code: "INVALID_IMAGE_URL" },
  { given: "gopher:", url: "gopher://127.0.0.1:6379/_INFO", code: "INVALID_IMAGE_URL" },
  { given: "data:", url: "data:image/png;base64,iVBORw0KGgo=", code: "INVALID_IMAGE_URL" },
  { given: "javascript:", url: "javascript:alert(1)", code: "INVALID_IMAGE_URL" },
  { given: "ws:", url: `ws://${publicV4}/x.png`, code: "INVALID_IMAGE_URL" },
  // Userinfo and fragment tricks.
  {
    given: "user and password",
    url: `https://user:pass@${publicV4}/x.png`,
    code: "INVALID_IMAGE_URL",
  },
  {
    given: "a public host as userinfo before a private one",
    url: `https://${publicV4}@10.0.0.5/x.png`,
    code: "INVALID_IMAGE_URL",
  },
  {
    given: "a private host before a fragment that looks like a host",
    url: `https://10.0.0.5#@${publicV4}/x.png`,
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a private host before a query that looks like a host",
    url: `https://10.0.0.5?@${publicV4}/x.png`,
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  // Redirects from a public host to each kind of hostile place.
  {
    given: "a redirect to loopback",
    url: "https://public.example/to-loopback",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a redirect to a private address",
    url: "https://public.example/to-private",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a redirect to the metadata service",
    url: "https://public.example/to-metadata",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a redirect to IPv6 metadata",
    url: "https://public.example/to-metadata-v6",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a redirect to a name resolving privately",
    url: "https://public.example/to-internal-name",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a redirect to IPv4-mapped private",
    url: "https://public.example/to-mapped",
    code: "IMAGE_ADDRESS_BLOCKED",
  },
  {
    given: "a redirect down to http:",
    url: "https://public.example/to-http",
    code: "IMAGE_FETCH_FAILED",
  },
  {
    given: "a redirect to file:",
    url: "https://public.example/to-file",
    code: "IMAGE_FETCH_FAILED",
  },
];

describe("hostile image URLs through the API", () => {
  it("covers at least 40 hostile URLs", () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
  });

  for (const { given, url, code } of table) {
    it(`answers 422 ${code} to ${given} and dials no non-public address`, async () => {
      // Loopback rows go through the real transport, towards a canary.
      const { set, transport, store } = sandbox(typeof url === "function");
      const imageUrl = typeof url === "function" ? url() : url;
      const response = await set(imageUrl);
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code, details: [{ field: "image_url" }] });
      expect(transport.dials.filter((dial) => !isPublicAddress(dial.address))).toEqual([]);
      expect(await conversationIn(store, "conv_imessage")).toMatchObject({
        version: 0,
        background: null,
      });
    });
  }

  it("connects to the address it checked when a name's answer changes afterwards (DNS rebinding)", async () => {
    const { set, transport, resolve } = sandbox();
    const response = await set("https://rebind.example/x.png");
    expect(response.status).toBe(200);
    expect(transport.dials.map((dial) => [dial.address, dial.hostname])).toEqual([
      [publicV4, "rebind.example"],
    ]);
    expect(resolve.asked).toEqual(["rebind.example"]);
  });

  it("left the canaries on 127.0.0.1 and ::1 without a single connection", () => {
    expect([canary4.connections, canary6.connections]).toEqual([0, 0]);
  });
});

import type http from "node:http";
import nock from "nock";
import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildSandbox, type SandboxOptions } from "../../../mock/build-sandbox.ts";
import { catalogueFile, type LoopbackServer, startServer } from "./support.ts";

// A developer's own image server, on 127.0.0.1: the only address these tests dial.
const auth = { authorization: "Bearer sk_sandbox_alice" };
const path = "/v1/conversations/conv_imessage/background";
const forest = catalogueFile("forest.png");
const servers: LoopbackServer[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
afterAll(() => {
  nock.enableNetConnect();
});

/** The developer's server, and its base URL over plain HTTP. */
async function devServer(handler: http.RequestListener) {
  const server = await startServer(handler);
  servers.push(server);
  return { server, base: `http://127.0.0.1:${server.port}` };
}

const serveForest: http.RequestListener = (req, res) => {
  if (req.url === "/forest.png") res.writeHead(200, { "content-type": "image/png" }).end(forest);
  else if (req.url === "/to-forest.png") res.writeHead(302, { location: "/forest.png" }).end();
  else if (req.url === "/loop.png") res.writeHead(302, { location: "/loop.png" }).end();
  else if (req.url === "/to-metadata.png") {
    res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
  } else if (req.url === "/huge.png") {
    res.writeHead(200, { "content-type": "image/png", "content-length": String(11 * 1024 * 1024) });
    res.end();
  } else if (req.url === "/notes.png") res.writeHead(200).end("just text, not an image\n");
  else if (req.url === "/slow.png") res.writeHead(200).write(forest.subarray(0, 16));
  else res.writeHead(404).end();
};

function api(options: SandboxOptions = {}) {
  return request(buildSandbox({ logLevel: "silent", imageTimeoutMs: 500, ...options }).app);
}

async function set(imageUrl: string, options: SandboxOptions = { allowPrivateImages: true }) {
  return api(options).post(path).set(auth).send({ image_url: imageUrl });
}

describe("--allow-private-images", () => {
  it("sets a background from a developer's own http://127.0.0.1 server", async () => {
    const { server, base } = await devServer(serveForest);
    const response = await set(`${base}/forest.png`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ changed: true, backgroundVersion: 1 });
    expect(server.requests.map((r) => r.url)).toEqual(["/forest.png"]);
  });

  it("follows a redirect on the same server", async () => {
    const { base } = await devServer(serveForest);
    expect((await set(`${base}/to-forest.png`)).status).toBe(200);
  });

  const guards = [
    { given: "a redirect loop", file: "loop.png", code: "IMAGE_FETCH_FAILED" },
    {
      given: "a redirect to the cloud metadata service",
      file: "to-metadata.png",
      code: "IMAGE_ADDRESS_BLOCKED",
    },
    { given: "a body over 10 MiB", file: "huge.png", code: "IMAGE_TOO_LARGE" },
    { given: "a text file named .png", file: "notes.png", code: "UNSUPPORTED_IMAGE_TYPE" },
    { given: "a body that stops coming", file: "slow.png", code: "IMAGE_FETCH_TIMEOUT" },
  ];
  for (const { given, file, code } of guards) {
    it(`keeps every other guard: ${given} is ${code}`, async () => {
      const { base } = await devServer(serveForest);
      const response = await set(`${base}/${file}`);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe(code);
    });
  }

  it("is off by default: http: is refused before anything is dialled, and so is loopback", async () => {
    const { server, base } = await devServer(serveForest);
    const overHttp = await set(`${base}/forest.png`, {});
    expect(overHttp.status).toBe(422);
    expect(overHttp.body.error.code).toBe("INVALID_IMAGE_URL");
    const overHttps = await set(`https://127.0.0.1:${server.port}/forest.png`, {});
    expect(overHttps.body.error.code).toBe("IMAGE_ADDRESS_BLOCKED");
    expect(server.requests).toEqual([]);
  });

  it("still refuses a URL that is neither http: nor https:", async () => {
    const response = await set("ftp://127.0.0.1/forest.png");
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("INVALID_IMAGE_URL");
    expect(response.body.error.details[0].message).toBe("must be an absolute http or https URL.");
  });
});

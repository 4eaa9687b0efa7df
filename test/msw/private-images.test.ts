import type http from "node:http";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSandboxHandlers } from "../../mock/msw/node.ts";
import { catalogueFile, type LoopbackServer, startServer } from "../mock/images/support.ts";

// A test's own image server on 127.0.0.1, the only address these tests dial, with the
// sandbox's handlers installed in the same process.
const forest = catalogueFile("forest.png");
const strict = createSandboxHandlers({ baseUrl: "https://strict.sandbox.test" });
const open = createSandboxHandlers({
  baseUrl: "https://open.sandbox.test",
  allowPrivateImages: true,
  imageTimeoutMs: 500,
});
const server = setupServer(...strict.handlers, ...open.handlers);
let images: LoopbackServer;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  images = await startServer(((req, res) => {
    if (req.url === "/forest.png") res.writeHead(200, { "content-type": "image/png" }).end(forest);
    else if (req.url === "/to-metadata.png") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    } else if (req.url === "/notes.png") res.writeHead(200).end("just text, not an image\n");
    else res.writeHead(404).end();
  }) satisfies http.RequestListener);
});
afterEach(() => Promise.all([strict.control.reset(), open.control.reset()]));
afterAll(async () => {
  server.close();
  await images.close();
});

async function set(baseUrl: string, imageUrl: string) {
  const response = await fetch(`${baseUrl}/v1/conversations/conv_imessage/background`, {
    method: "POST",
    headers: { authorization: "Bearer sk_sandbox_alice", "content-type": "application/json" },
    body: JSON.stringify({ image_url: imageUrl }),
  });
  const body = (await response.json()) as { error?: { code: string; message: string } };
  return { status: response.status, body };
}

describe("allowPrivateImages under setupServer", () => {
  it("is off by default: an image on the test's own http://127.0.0.1 server is refused, never fetched", async () => {
    const before = images.requests.length;
    const plain = await set(strict.baseUrl, `http://127.0.0.1:${images.port}/forest.png`);
    expect(plain).toMatchObject({ status: 422, body: { error: { code: "INVALID_IMAGE_URL" } } });
    expect(plain.body.error?.message).toContain("https");
    const tls = await set(strict.baseUrl, `https://127.0.0.1:${images.port}/forest.png`);
    expect(tls).toMatchObject({ status: 422, body: { error: { code: "IMAGE_ADDRESS_BLOCKED" } } });
    expect(images.requests.length).toBe(before);
  });

  it("when on, sets a background from the test's own server over http", async () => {
    const answer = await set(open.baseUrl, `http://127.0.0.1:${images.port}/forest.png`);
    expect(answer).toMatchObject({ status: 200, body: { changed: true, backgroundVersion: 1 } });
    const { entries } = await open.control.providerLog();
    expect(entries.at(-1)).toMatchObject({ action: "upload", contentType: "image/png" });
    expect(images.requests.at(-1)?.url).toBe("/forest.png");
  });

  it("when on, keeps every other guard: metadata by redirect, and a text file's type", async () => {
    const metadata = await set(open.baseUrl, `http://127.0.0.1:${images.port}/to-metadata.png`);
    expect(metadata).toMatchObject({
      status: 422,
      body: { error: { code: "IMAGE_ADDRESS_BLOCKED" } },
    });
    const notes = await set(open.baseUrl, `http://127.0.0.1:${images.port}/notes.png`);
    expect(notes).toMatchObject({
      status: 422,
      body: { error: { code: "UNSUPPORTED_IMAGE_TYPE" } },
    });
    expect((await open.control.state()).accounts[0]?.conversations[0]?.version).toBe(0);
  });
});

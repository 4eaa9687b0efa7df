import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { buildSandbox, randomBackgroundId } from "../../mock/build-sandbox.ts";
import { conversationIn } from "../support/conversation-in.ts";

const auth = { authorization: "Bearer sk_sandbox_alice" };
const path = "/v1/conversations/conv_imessage/background";
const forestFile = fileURLToPath(
  new URL("../../mock/core/images/catalogue/forest.png", import.meta.url),
);

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A provider endpoint on loopback that keeps what it was sent. */
async function providerEndpoint(status: number) {
  const seen: Array<{ method: string; url: string; form: FormData | null }> = [];
  const endpoint = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const form =
      req.method === "POST"
        ? await new Response(body, {
            headers: { "content-type": String(req.headers["content-type"]) },
          }).formData()
        : null;
    seen.push({ method: String(req.method), url: String(req.url), form });
    res.statusCode = status;
    res.end();
  });
  server = endpoint;
  await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`, seen };
}

describe("buildSandbox", () => {
  it("sends each change to --provider-url as multipart, byte for byte", async () => {
    const provider = await providerEndpoint(200);
    const { app } = buildSandbox({ logLevel: "silent", providerUrl: provider.url });
    await request(app)
      .post(path)
      .set(auth)
      .send({ image_url: "https://images.sandbox.test/forest.png" })
      .expect(200);
    await request(app).delete(path).set(auth).expect(204);
    expect(provider.seen.map((s) => [s.method, s.url])).toEqual([
      ["POST", "/conversations/conv_imessage/background"],
      ["DELETE", "/conversations/conv_imessage/background"],
    ]);
    const file = provider.seen[0]?.form?.get("file") as File;
    expect(provider.seen[0]?.form?.get("conversation_id")).toBe("conv_imessage");
    expect([file.type, file.name]).toEqual(["image/png", "background.png"]);
    expect(Buffer.from(await file.arrayBuffer()).equals(await readFile(forestFile))).toBe(true);
  });

  it("answers 502 and keeps the state when --provider-url fails", async () => {
    const provider = await providerEndpoint(500);
    const { app, store } = buildSandbox({ logLevel: "silent", providerUrl: provider.url });
    const response = await request(app)
      .post(path)
      .set(auth)
      .send({ image_url: "https://images.sandbox.test/forest.png" });
    expect([response.status, response.body.error.code]).toEqual([502, "PROVIDER_ERROR"]);
    expect((await conversationIn(store, "conv_imessage"))?.version).toBe(0);
  });

  it("serves a user's own image folder at images.sandbox.test", async () => {
    const dir = await mkdtemp(join(tmpdir(), "my-images-"));
    try {
      await writeFile(join(dir, "mine.png"), await readFile(forestFile));
      const { app } = buildSandbox({ logLevel: "silent", imagesDir: dir });
      const response = await request(app)
        .post(path)
        .set(auth)
        .send({ image_url: "https://images.sandbox.test/mine.png" });
      expect(response.body).toMatchObject({ changed: true, backgroundVersion: 1 });
      const listed = await request(app).get("/__sandbox/images");
      expect(listed.body.images.map((i: { name: string }) => i.name)).toContain("mine.png");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("answers 422, not 500, when the user's images folder disappears", async () => {
    const dir = await mkdtemp(join(tmpdir(), "my-images-"));
    await writeFile(join(dir, "mine.png"), await readFile(forestFile));
    const { app } = buildSandbox({ logLevel: "silent", imagesDir: dir });
    await rm(dir, { recursive: true, force: true });
    for (const name of ["mine.png", "nope.png"]) {
      const response = await request(app)
        .post(path)
        .set(auth)
        .send({ image_url: `https://images.sandbox.test/${name}` });
      expect([response.status, response.body.error.code]).toEqual([422, "IMAGE_FETCH_FAILED"]);
    }
  });

  it("refuses slow images after the configured image timeout", async () => {
    const { app } = buildSandbox({ logLevel: "silent", imageTimeoutMs: 150 });
    const response = await request(app)
      .post(path)
      .set(auth)
      .send({ image_url: "https://images.sandbox.test/slow.png" });
    expect([response.status, response.body.error.code]).toEqual([422, "IMAGE_FETCH_TIMEOUT"]);
  });

  it("makes background ids shaped like the published example", () => {
    const ids = Array.from({ length: 100 }, randomBackgroundId);
    expect(ids.every((id) => /^bg_[0-9a-f]{15}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(100);
  });
});

import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogueFile } from "../../mock/core/images/built-in-images.ts";
import { createSandboxHandlers } from "../../mock/msw/node.ts";

// Your own image under a name of yours, and one under a built-in name (which must lose).
const sandbox = createSandboxHandlers({
  images: { "brand.png": catalogueFile("ocean.png"), "forest.png": catalogueFile("photo.jpg") },
});
const server = setupServer(...sandbox.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

async function set(imageUrl: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.baseUrl}/v1/conversations/conv_imessage/background`, {
    method: "POST",
    headers: { authorization: "Bearer sk_sandbox_alice", "content-type": "application/json" },
    body: JSON.stringify({ image_url: imageUrl }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const codeOf = (body: Record<string, unknown>) => (body.error as { code?: string }).code;

describe("images under setupServer", () => {
  it("go through the HTTP sandbox's address guard: a redirect to a private address is refused", async () => {
    const answer = await set("https://images.sandbox.test/redirect-private.png");
    expect(answer.status).toBe(422);
    expect(codeOf(answer.body)).toBe("IMAGE_ADDRESS_BLOCKED");
  });

  it("refuse the cloud metadata address and loopback before any connection", async () => {
    for (const url of ["https://169.254.169.254/latest/meta-data/", "https://127.0.0.1/x.png"]) {
      const answer = await set(url);
      expect(answer.status, url).toBe(422);
      expect(codeOf(answer.body), url).toBe("IMAGE_ADDRESS_BLOCKED");
    }
  });

  it("serve your own images at images.sandbox.test, typed from their bytes", async () => {
    const answer = await set("https://images.sandbox.test/brand.png");
    expect(answer).toMatchObject({ status: 200, body: { changed: true } });
    const { entries } = await sandbox.control.providerLog();
    expect(entries.at(-1)).toMatchObject({ action: "upload", contentType: "image/png" });
    const listed = await sandbox.control.images();
    expect(listed.find((image) => image.name === "brand.png")).toMatchObject({
      url: "https://images.sandbox.test/brand.png",
      outcome: "depends on the file",
    });
  });

  it("keep the built-in names' documented outcomes over yours", async () => {
    const answer = await set("https://images.sandbox.test/forest.png");
    expect(answer.status).toBe(200);
    const { entries } = await sandbox.control.providerLog();
    expect(entries.at(-1)).toMatchObject({ contentType: "image/png" });
  });
});

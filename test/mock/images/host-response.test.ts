import { describe, expect, it } from "vitest";
import { bytesResponse, redirectResponse } from "../../../mock/core/images/host-response.ts";

describe("bytesResponse", () => {
  it("streams its bytes in pieces of at most 64 KiB, declaring their length", async () => {
    const bytes = Buffer.alloc(200 * 1024, 7);
    const response = bytesResponse(200, "image/png", bytes);
    const sizes: number[] = [];
    for await (const chunk of response.body) sizes.push(chunk.byteLength);
    expect(sizes).toEqual([65536, 65536, 65536, 8192]);
    expect(response.headers).toEqual({ "content-type": "image/png", "content-length": "204800" });
  });
});

describe("redirectResponse", () => {
  it("carries its Location and no body", async () => {
    const response = redirectResponse(307, "https://10.0.0.5/x.png");
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body) chunks.push(chunk);
    expect(response.status).toBe(307);
    expect(response.headers.location).toBe("https://10.0.0.5/x.png");
    expect(chunks).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { createFakeProvider } from "../../../mock/core/provider/fake-provider.ts";
import type { ProviderUpload } from "../../../mock/core/provider/provider.ts";

const upload: ProviderUpload = {
  conversationId: "conv_imessage",
  recipientIosVersion: 18,
  image: {
    bytes: Buffer.from("png"),
    contentType: "image/png",
    filename: "background.png",
    sha256: "0".repeat(64),
    size: 3,
  },
};
const clear = { conversationId: "conv_imessage", recipientIosVersion: null };

describe("the fake provider", () => {
  it("accepts every upload and clear", async () => {
    const provider = createFakeProvider();
    await expect(provider.setBackground(upload)).resolves.toBeUndefined();
    await expect(provider.clearBackground(clear)).resolves.toBeUndefined();
  });

  it("waits for the injected delay before accepting", async () => {
    let release = () => {};
    const delay = () =>
      new Promise<void>((resolve) => {
        release = resolve;
      });
    const provider = createFakeProvider({ delay });
    let accepted = false;

    const call = provider.setBackground(upload).then(() => (accepted = true));
    await Promise.resolve();
    expect(accepted).toBe(false);
    release();
    await call;
    expect(accepted).toBe(true);
  });

  it("fails a call whose delay fails", async () => {
    const delay = () => Promise.reject(new Error("latency fault"));
    const provider = createFakeProvider({ delay });
    await expect(provider.clearBackground(clear)).rejects.toThrow("latency fault");
  });

  it("calls the delay once per call", async () => {
    let calls = 0;
    const provider = createFakeProvider({
      delay: async () => {
        calls += 1;
      },
    });
    await provider.setBackground(upload);
    await provider.clearBackground(clear);
    expect(calls).toBe(2);
  });
});

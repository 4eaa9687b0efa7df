import { describe, expect, it } from "vitest";
import { faultyProvider } from "../../../mock/core/provider/faulty-provider.ts";
import {
  type Provider,
  type ProviderClear,
  ProviderError,
  type ProviderUpload,
} from "../../../mock/core/provider/provider.ts";

function upload(conversationId: string): ProviderUpload {
  const bytes = Buffer.from("png");
  return {
    conversationId,
    recipientIosVersion: 18,
    image: { bytes, contentType: "image/png", filename: "a.png", sha256: "0".repeat(64), size: 3 },
  };
}

/** A provider that remembers which conversations reached it. */
function spyProvider(): Provider & { reached: string[] } {
  const reached: string[] = [];
  return {
    reached,
    setBackground: async ({ conversationId }) => void reached.push(`upload ${conversationId}`),
    clearBackground: async ({ conversationId }) => void reached.push(`clear ${conversationId}`),
  };
}

const down = "conv_provider_down";
const shouldFail = (id: string) => (id === down ? "the provider is down" : null);

describe("the faulty provider", () => {
  const cases = [
    {
      given: "an upload for a failing conversation",
      call: (p: Provider) => p.setBackground(upload(down)),
      want: { error: "the provider is down", reached: [] },
    },
    {
      given: "a clear for a failing conversation",
      call: (p: Provider) => p.clearBackground({ conversationId: down, recipientIosVersion: 17 }),
      want: { error: "the provider is down", reached: [] },
    },
    {
      given: "an upload for another conversation",
      call: (p: Provider) => p.setBackground(upload("conv_imessage")),
      want: { error: null, reached: ["upload conv_imessage"] },
    },
    {
      given: "a clear for another conversation",
      call: (p: Provider) =>
        p.clearBackground({ conversationId: "conv_imessage", recipientIosVersion: null }),
      want: { error: null, reached: ["clear conv_imessage"] },
    },
  ];
  for (const { given, call, want } of cases) {
    const outcome = want.error ? `fails with "${want.error}"` : "passes it through";
    it(`${outcome} given ${given}`, async () => {
      const inner = spyProvider();
      const result = call(faultyProvider(inner, { shouldFail }));

      if (want.error) await expect(result).rejects.toThrow(new ProviderError(want.error));
      else await expect(result).resolves.toBeUndefined();
      expect(inner.reached).toEqual(want.reached);
    });
  }

  it("throws a ProviderError, so the API answers 502", async () => {
    const provider = faultyProvider(spyProvider(), { shouldFail });
    await expect(provider.setBackground(upload(down))).rejects.toBeInstanceOf(ProviderError);
  });

  it("asks before every call, so a counter can fail only the next N calls", async () => {
    let failing = 2;
    const asked: string[] = [];
    const inner = spyProvider();
    const provider = faultyProvider(inner, {
      shouldFail: (id, action) => {
        asked.push(`${action} ${id}`);
        if (failing === 0) return null;
        failing -= 1;
        return "injected fault";
      },
    });
    const clear: ProviderClear = { conversationId: "conv_imessage", recipientIosVersion: null };

    const outcomes = [];
    for (const call of [
      () => provider.setBackground(upload("conv_imessage")),
      () => provider.clearBackground(clear),
      () => provider.setBackground(upload("conv_imessage")),
    ]) {
      outcomes.push(
        await call().then(
          () => "ok",
          (error: Error) => error.message,
        ),
      );
    }

    expect(outcomes).toEqual(["injected fault", "injected fault", "ok"]);
    expect(asked).toEqual(["upload conv_imessage", "clear conv_imessage", "upload conv_imessage"]);
    expect(inner.reached).toEqual(["upload conv_imessage"]);
  });

  it("passes the inner provider's own failure through unchanged", async () => {
    const failure = new ProviderError("provider answered HTTP 500");
    const inner: Provider = {
      setBackground: () => Promise.reject(failure),
      clearBackground: () => Promise.reject(failure),
    };
    const provider = faultyProvider(inner, { shouldFail: () => null });
    await expect(provider.setBackground(upload("conv_imessage"))).rejects.toBe(failure);
  });
});

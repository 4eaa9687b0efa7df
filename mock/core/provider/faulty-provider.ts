import { type Provider, type ProviderClear, ProviderError } from "./provider.ts";

/** Options for {@link faultyProvider}. */
export interface FaultyProviderOptions {
  /**
   * Asked before every call: a reason makes the call fail with it, `null` lets it through.
   * It may keep state, e.g. to fail only the next N calls.
   */
  shouldFail: (
    conversationId: string,
    action: "upload" | "clear",
  ) => string | null | Promise<string | null>;
}

/**
 * Wraps a provider so that chosen calls throw {@link ProviderError} without reaching it:
 * those `shouldFail` picks, and those that carry an `injectedFailure` of their own.
 *
 * @example
 * const provider = faultyProvider(createFakeProvider(), {
 *   shouldFail: (id) => (id === "conv_provider_down" ? "provider is down" : null),
 * });
 */
export function faultyProvider(inner: Provider, options: FaultyProviderOptions): Provider {
  const check = async (call: ProviderClear, action: "upload" | "clear") => {
    const reason = call.injectedFailure ?? (await options.shouldFail(call.conversationId, action));
    if (reason !== null) throw new ProviderError(reason);
  };
  return {
    setBackground: async (upload) => {
      await check(upload, "upload");
      return inner.setBackground(upload);
    },
    clearBackground: async (clear) => {
      await check(clear, "clear");
      return inner.clearBackground(clear);
    },
  };
}

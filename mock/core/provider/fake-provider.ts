import type { Provider } from "./provider.ts";

/** Options for {@link createFakeProvider}. */
export interface FakeProviderOptions {
  /**
   * Awaited before each call is accepted, e.g. to simulate latency. Default: none.
   * A rejection becomes the call's failure.
   */
  delay?: () => Promise<void>;
}

/**
 * An in-process provider that accepts every upload and clear and keeps nothing; wrap it
 * with `recordingProvider` to see the calls and `faultyProvider` to make them fail.
 *
 * @example
 * const provider = createFakeProvider({ delay: () => new Promise((ok) => setTimeout(ok, 200)) });
 * await provider.clearBackground({ conversationId: "conv_1", recipientIosVersion: 18 });
 */
export function createFakeProvider(options: FakeProviderOptions = {}): Provider {
  const accept = async (): Promise<void> => {
    await options.delay?.();
  };
  return { setBackground: accept, clearBackground: accept };
}

import type { Target } from "../target.ts";

/**
 * The Prism mock: stateless answers from the spec's examples, so only shape and request
 * validation can be checked against it.
 */
export function prismTarget(baseUrl: string, close: () => Promise<void> = async () => {}): Target {
  return {
    name: "prism",
    label: `prism (${baseUrl})`,
    baseUrl,
    apiKey: "sk_test_prism",
    capabilities: {
      stateful: false,
      knowsKeys: false,
      knowsConversations: false,
      fetchesImages: false,
      catalogue: false,
      controlSurface: false,
      faults: false,
      writes: true,
    },
    // Prism answers from the spec's examples, the documented variants among them.
    profile: "documents",
    conversation: async () => "conv_9f8b7c6d5e4a3b2c1d0e",
    ids: {},
    images: {
      a: "https://cdn.agentphone.ai/backgrounds/chat-wallpaper-forest.png",
      b: "https://cdn.agentphone.ai/backgrounds/chat-wallpaper-ocean.png",
    },
    touched: new Set(),
    close,
  };
}

import { type Target, TargetConfigError } from "../target.ts";
import type { TargetEnv } from "../target-env.ts";

/**
 * The live API, or any base URL without the sandbox's control surface: one configured
 * conversation, two configured images, and nothing under `/__sandbox`, ever.
 */
export function remoteTarget(env: Extract<TargetEnv, { name: "http" | "live" }>): Target {
  const { conversationId, imageA, imageB } = env;
  if (!conversationId || !imageA || !imageB) {
    throw new TargetConfigError(
      `CONTRACT_TARGET=${env.name} at ${env.baseUrl} has no /__sandbox, so it needs CONTRACT_CONVERSATION_ID, CONTRACT_IMAGE_URL_A and CONTRACT_IMAGE_URL_B.`,
    );
  }
  const touched = new Set<string>();
  return {
    name: env.name,
    label: `${env.name} (${env.baseUrl}${env.allowWrites ? "" : ", read-only"})`,
    baseUrl: env.baseUrl,
    apiKey: env.apiKey,
    capabilities: {
      stateful: true,
      knowsKeys: true,
      knowsConversations: true,
      fetchesImages: true,
      catalogue: false,
      controlSurface: false,
      faults: false,
      writes: env.allowWrites,
    },
    profile: "documents",
    conversation: async () => conversationId,
    ids: { sms: env.smsConversationId, otherAccount: env.otherConversationId },
    images: { a: imageA, b: imageB, sameAsA: env.imageACopy },
    touched,
    async close() {
      // The run leaves no background behind: remove what it set, and only that.
      for (const id of touched) {
        await fetch(`${env.baseUrl}/v1/conversations/${encodeURIComponent(id)}/background`, {
          method: "DELETE",
          headers: { authorization: `Bearer ${env.apiKey}` },
        });
      }
      touched.clear();
    },
  };
}

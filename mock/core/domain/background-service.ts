import type { SetChatBackgroundResponse } from "../../../openapi/schema.ts";
import { ApiError, fieldError } from "../errors/api-error.ts";
import { type FetchedImage, ImageError, type ImageLoader } from "../images/image.ts";
import { type Provider, ProviderError } from "../provider/provider.ts";
import type { Conversation } from "../store/records.ts";
import type { Store } from "../store/store.ts";
import {
  displayChannel,
  isCurrentBackground,
  setResponse,
  withBackground,
  withoutBackground,
} from "./background.ts";
import { createKeyedLock, type KeyedLock } from "./keyed-lock.ts";

/** What the background service is built from; tests inject each part. */
export interface BackgroundServiceDeps {
  store: Store;
  loadImage: ImageLoader;
  provider: Provider;
  /** A new background id, `bg_` and 15 lowercase hex digits. */
  newBackgroundId: () => string;
  now: () => Date;
  lock?: KeyedLock;
}

/** The chat-background state machine, in the order DESIGN.md gives. */
export interface BackgroundService {
  setBackground(
    accountId: string,
    conversationId: string,
    imageUrl: string,
    signal?: AbortSignal,
  ): Promise<SetChatBackgroundResponse>;
  removeBackground(accountId: string, conversationId: string, signal?: AbortSignal): Promise<void>;
}

/**
 * Builds the service behind both operations. Requests are already authenticated and
 * their bodies valid; this decides 404, 400, the image's 422s, no-ops, 502 and commits.
 *
 * @example
 * const service = createBackgroundService({ store, loadImage, provider, newBackgroundId, now });
 * await service.setBackground("acct_alice", "conv_imessage", "https://images.sandbox.test/forest.png");
 */
export function createBackgroundService(deps: BackgroundServiceDeps): BackgroundService {
  const lock = deps.lock ?? createKeyedLock();

  function findIMessageConversation(accountId: string, conversationId: string): Conversation {
    const conversation = deps.store.findConversation(conversationId);
    // Another account's conversation answers exactly like one that does not exist.
    if (!conversation || conversation.accountId !== accountId) {
      throw new ApiError("CONVERSATION_NOT_FOUND", `Conversation ${conversationId} was not found.`);
    }
    if (conversation.channel !== "imessage") {
      throw new ApiError(
        "CHANNEL_NOT_SUPPORTED",
        `Chat backgrounds are only supported on iMessage conversations; ${conversationId} is ${displayChannel(conversation.channel)}.`,
      );
    }
    return conversation;
  }

  async function loadImage(url: string, signal?: AbortSignal): Promise<FetchedImage> {
    try {
      return await deps.loadImage(url, signal);
    } catch (error) {
      if (error instanceof ImageError) {
        throw fieldError(error.code, "image_url", error.message, error.detailType);
      }
      throw error;
    }
  }

  /** Saves `next` only if the conversation is still the one it was computed from. */
  function commit(current: Conversation, next: Conversation): void {
    // A reset (or a new conversation under the same id) while the provider was called
    // replaced the record: writing would bring back state from before the reset.
    if (deps.store.findConversation(current.id) !== current) {
      throw new ApiError(
        "SERVICE_UNAVAILABLE",
        "The sandbox was reset while this request was in flight; retry the request.",
        [],
        { "Retry-After": "1" },
      );
    }
    deps.store.saveConversation(next);
  }

  async function callProvider(call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      const reason = error instanceof ProviderError ? error.message : String(error);
      throw new ApiError(
        "PROVIDER_ERROR",
        `The iMessage provider did not accept the change (${reason}); nothing was changed.`,
      );
    }
  }

  return {
    async setBackground(accountId, conversationId, imageUrl, signal) {
      findIMessageConversation(accountId, conversationId);
      // The download happens outside the lock: a slow image must not hold up the others.
      const image = await loadImage(imageUrl, signal);
      return lock.run(conversationId, async () => {
        // Aborted while queued (a reset, or the client left): nothing is done yet, so stop
        // here. Once the provider has been called, only a reset keeps the change out.
        signal?.throwIfAborted();
        // Read again inside the lock: an earlier request may have committed meanwhile.
        const current = findIMessageConversation(accountId, conversationId);
        if (isCurrentBackground(current, image.sha256)) return setResponse(current, false);
        await callProvider(() =>
          deps.provider.setBackground({
            conversationId,
            recipientIosVersion: current.recipientIosVersion,
            image: {
              bytes: image.bytes,
              contentType: image.contentType,
              filename: `background.${image.extension}`,
              sha256: image.sha256,
              size: image.size,
            },
          }),
        );
        const next = withBackground(current, {
          id: deps.newBackgroundId(),
          sha256: image.sha256,
          contentType: image.contentType,
          size: image.size,
          sourceUrl: image.sourceUrl,
          setAt: deps.now().toISOString(),
        });
        commit(current, next);
        return setResponse(next, true);
      });
    },

    async removeBackground(accountId, conversationId, signal) {
      findIMessageConversation(accountId, conversationId);
      await lock.run(conversationId, async () => {
        signal?.throwIfAborted();
        const current = findIMessageConversation(accountId, conversationId);
        if (current.background === null) return;
        await callProvider(() =>
          deps.provider.clearBackground({
            conversationId,
            recipientIosVersion: current.recipientIosVersion,
          }),
        );
        commit(current, withoutBackground(current, deps.now()));
      });
    },
  };
}

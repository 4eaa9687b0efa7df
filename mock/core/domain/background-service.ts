import type { SetChatBackgroundResponse } from "../../../openapi/schema.ts";
import { ApiError, fieldError } from "../errors/api-error.ts";
import {
  type FetchedImage,
  ImageError,
  type ImageLoader,
  type ImageLoadOptions,
} from "../images/image.ts";
import { type Provider, ProviderError, type ProviderReceipt } from "../provider/provider.ts";
import type { Conversation } from "../store/records.ts";
import {
  type ConversationSnapshot,
  type Store,
  type StoredImage,
  StoreUnavailable,
} from "../store/store.ts";
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
  /**
   * How many times a change is tried when another writer (another process on a shared
   * store) commits first. Default 5; past it the caller gets a retry-safe 503.
   */
  maxAttempts?: number;
}

/** What one call asks of the service beyond its arguments. */
export interface ServiceCallOptions {
  /** An injected fault: this call's provider call fails with this reason. */
  providerFailure?: string | undefined;
  /**
   * The store's epoch when the call began. A call that finds the store reset since (by a
   * sandbox in another process, whose reset cannot abort it) answers 503 and changes nothing,
   * as one aborted by a reset in its own process does.
   */
  epoch?: number | undefined;
}

/** The chat-background state machine, in the order DESIGN.md gives. */
export interface BackgroundService {
  setBackground(
    accountId: string,
    conversationId: string,
    imageUrl: string,
    signal?: AbortSignal,
    image?: ImageLoadOptions,
    call?: ServiceCallOptions,
  ): Promise<SetChatBackgroundResponse>;
  removeBackground(
    accountId: string,
    conversationId: string,
    signal?: AbortSignal,
    call?: ServiceCallOptions,
  ): Promise<void>;
}

function resetInFlight(): ApiError {
  return new ApiError(
    "SERVICE_UNAVAILABLE",
    "The sandbox was reset while this request was in flight; retry the request.",
    [],
    { "Retry-After": "1" },
  );
}

/** 503 when the store was reset since the call began: the call belongs to before it. */
function sameEpoch(snapshot: ConversationSnapshot, call: ServiceCallOptions | undefined): void {
  if (call?.epoch !== undefined && snapshot.epoch !== call.epoch) throw resetInFlight();
}

/**
 * Builds the service behind both operations. Requests are already authenticated and
 * their bodies valid; this decides 404, 400, the image's 422s, no-ops, 502 and commits.
 *
 * A change is saved by compare-and-set on the conversation's version: the per-conversation
 * lock keeps the provider from being called for a change that cannot commit within one
 * process, and the compare-and-set keeps versions gapless across processes. A commit that
 * loses to another writer is tried again from a fresh read (a no-op if the winner set the
 * same bytes), and the provider call it made is marked superseded in the provider log.
 *
 * @example
 * const service = createBackgroundService({ store, loadImage, provider, newBackgroundId, now });
 * await service.setBackground("acct_alice", "conv_imessage", "https://images.sandbox.test/forest.png");
 */
export function createBackgroundService(deps: BackgroundServiceDeps): BackgroundService {
  const lock = deps.lock ?? createKeyedLock();
  const maxAttempts = deps.maxAttempts ?? 5;

  async function findIMessageConversation(
    accountId: string,
    conversationId: string,
  ): Promise<ConversationSnapshot> {
    const snapshot = await deps.store.readConversation(conversationId);
    const conversation = snapshot?.conversation;
    // Another account's conversation answers exactly like one that does not exist.
    if (!snapshot || !conversation || conversation.accountId !== accountId) {
      throw new ApiError("CONVERSATION_NOT_FOUND", `Conversation ${conversationId} was not found.`);
    }
    if (conversation.channel !== "imessage") {
      throw new ApiError(
        "CHANNEL_NOT_SUPPORTED",
        `Chat backgrounds are only supported on iMessage conversations; ${conversationId} is ${displayChannel(conversation.channel)}.`,
      );
    }
    return snapshot;
  }

  async function loadImage(
    url: string,
    signal?: AbortSignal,
    options?: ImageLoadOptions,
  ): Promise<FetchedImage> {
    try {
      return await deps.loadImage(url, signal, options);
    } catch (error) {
      if (error instanceof ImageError) {
        throw fieldError(error.code, "image_url", error.message, error.detailType);
      }
      throw error;
    }
  }

  // biome-ignore lint/suspicious/noConfusingVoidType: most providers give no receipt.
  async function callProvider(call: () => Promise<ProviderReceipt | void>) {
    try {
      return (await call()) || undefined;
    } catch (error) {
      // The store went away around the call (its log, its provider-down flag): a 503.
      if (error instanceof StoreUnavailable) throw error;
      const reason = error instanceof ProviderError ? error.message : String(error);
      throw new ApiError(
        "PROVIDER_ERROR",
        `The iMessage provider did not accept the change (${reason}); nothing was changed.`,
      );
    }
  }

  /**
   * Runs one change to its commit: `attempt` reads, decides, calls the provider and
   * returns what to commit (or an answer with nothing to commit). Lost commits are tried
   * again; a reset since the read answers 503, and writes nothing.
   */
  async function change<T>(
    accountId: string,
    conversationId: string,
    signal: AbortSignal | undefined,
    call: ServiceCallOptions | undefined,
    attempt: (snapshot: ConversationSnapshot) => Promise<
      | { done: T }
      | {
          next: Conversation;
          answer: T;
          receipt: ProviderReceipt | undefined;
          /** The bytes of `next`'s background, when it is a new one. */
          image?: StoredImage;
        }
    >,
  ): Promise<T> {
    return lock.run(
      conversationId,
      async () => {
        for (let tries = 1; ; tries++) {
          // Aborted while queued (a reset, the client left, a shutdown): nothing is done yet,
          // so stop here. Once the provider has been called, only a reset keeps the change out.
          signal?.throwIfAborted();
          // Read again inside the lock: an earlier request may have committed meanwhile.
          const snapshot = await findIMessageConversation(accountId, conversationId);
          sameEpoch(snapshot, call);
          const outcome = await attempt(snapshot);
          if ("done" in outcome) return outcome.done;
          const result = await deps.store.commit(snapshot, outcome.next, outcome.image);
          if (result === "committed") return outcome.answer;
          await outcome.receipt?.superseded();
          // A reset (or a new conversation under the same id) replaced the record: writing
          // would bring back state from before the reset.
          if (result === "reset") throw resetInFlight();
          if (tries >= maxAttempts) {
            throw new ApiError(
              "SERVICE_UNAVAILABLE",
              `Conversation ${conversationId} kept changing under this request; retry the request.`,
              [],
              { "Retry-After": "1" },
            );
          }
        }
      },
      signal,
    );
  }

  return {
    async setBackground(accountId, conversationId, imageUrl, signal, imageOptions, call) {
      await findIMessageConversation(accountId, conversationId);
      // The download happens outside the lock: a slow image must not hold up the others.
      const image = await loadImage(imageUrl, signal, imageOptions);
      // Bytes that are the background already change nothing: answered from one read, with
      // no lock to wait for (a store shared between processes would make that a round trip).
      const read = await findIMessageConversation(accountId, conversationId);
      if (isCurrentBackground(read.conversation, image.sha256)) {
        signal?.throwIfAborted();
        sameEpoch(read, call);
        return setResponse(read.conversation, false);
      }
      return change(accountId, conversationId, signal, call, async ({ conversation: current }) => {
        if (isCurrentBackground(current, image.sha256)) {
          return { done: setResponse(current, false) };
        }
        const receipt = await callProvider(() =>
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
            injectedFailure: call?.providerFailure,
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
        const { sha256, contentType, bytes } = image;
        return {
          next,
          answer: setResponse(next, true),
          receipt,
          image: { sha256, contentType, bytes },
        };
      });
    },

    async removeBackground(accountId, conversationId, signal, call) {
      await findIMessageConversation(accountId, conversationId);
      await change(accountId, conversationId, signal, call, async ({ conversation: current }) => {
        if (current.background === null) return { done: undefined };
        const receipt = await callProvider(() =>
          deps.provider.clearBackground({
            conversationId,
            recipientIosVersion: current.recipientIosVersion,
            injectedFailure: call?.providerFailure,
          }),
        );
        return { next: withoutBackground(current, deps.now()), answer: undefined, receipt };
      });
    },
  };
}

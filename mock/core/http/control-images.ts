import { ApiError } from "../errors/api-error.ts";
import { builtInImages } from "../images/built-in-images.ts";
import type { Store } from "../store/store.ts";

/** An image's bytes and the type they are served with. */
export interface ImageBytes {
  bytes: Uint8Array;
  contentType: string;
}

const builtIn = new Map(builtInImages.map((image) => [image.name, image]));

/**
 * The bytes of a built-in image and the type the image host serves them with (so
 * `wrong-content-type.png` is `text/plain`, as a download sees it). Names with no bytes of
 * their own (`missing.png`, `slow.png`, the redirects), and any other name, are
 * {@link ApiError} `NOT_FOUND`.
 *
 * @example
 * catalogueImageBytes("forest.png").contentType; // "image/png"
 */
export function catalogueImageBytes(name: string): ImageBytes {
  const image = builtIn.get(name);
  if (image === undefined) {
    throw new ApiError(
      "NOT_FOUND",
      `No built-in image is named ${JSON.stringify(name)}; GET /__sandbox/images lists them.`,
    );
  }
  const response = image.answer(new AbortController().signal);
  response.close();
  if (response.status !== 200 || response.whole === undefined) {
    throw new ApiError(
      "NOT_FOUND",
      `${name} has no bytes to show: what it tests is how its download fails (${image.outcome}).`,
    );
  }
  return { bytes: response.whole, contentType: response.headers["content-type"] ?? "" };
}

/**
 * The bytes of a conversation's current background and their type (decided from the
 * bytes). {@link ApiError} `CONVERSATION_NOT_FOUND` for no such conversation, `NOT_FOUND`
 * when it has no background or the store let its bytes go.
 *
 * @example
 * const { bytes, contentType } = await backgroundImageBytes(store, "conv_imessage");
 */
export async function backgroundImageBytes(
  store: Store,
  conversationId: string,
): Promise<ImageBytes> {
  // The background can change between reading the conversation and its bytes: a second
  // read tells a change (read again) from bytes the store no longer keeps.
  let seen: string | undefined;
  for (;;) {
    const conversation = (await store.readConversation(conversationId))?.conversation;
    if (conversation === undefined) {
      throw new ApiError("CONVERSATION_NOT_FOUND", `Conversation ${conversationId} was not found.`);
    }
    const background = conversation.background;
    if (background === null) {
      throw new ApiError("NOT_FOUND", `Conversation ${conversationId} has no background.`);
    }
    const kept = await store.readImage(background.sha256);
    if (kept) return { bytes: kept.bytes, contentType: kept.contentType };
    if (seen === background.sha256) {
      throw new ApiError(
        "NOT_FOUND",
        `The bytes of ${conversationId}'s background ${background.id} are no longer kept: the store keeps those of the most recently set backgrounds, within its memory limit.`,
      );
    }
    seen = background.sha256;
  }
}

import type { Conversation } from "../../mock/core/store/records.ts";
import type { Store } from "../../mock/core/store/store.ts";

/**
 * A conversation as the store holds it now, or undefined.
 *
 * @example
 * expect(await conversationIn(sandbox.store, "conv_imessage")).toMatchObject({ version: 1 });
 */
export async function conversationIn(store: Store, id: string): Promise<Conversation | undefined> {
  return (await store.readConversation(id))?.conversation;
}

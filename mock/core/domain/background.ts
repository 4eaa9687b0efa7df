import type { SetChatBackgroundResponse } from "../../../openapi/schema.ts";
import type { Background, Channel, Conversation, HistoryEntry } from "../store/records.ts";
import { historyLimit } from "../store/records.ts";

/** The channel as the background API spells it (`iMessage`, as in the published example). */
export function displayChannel(channel: Channel): string {
  return { imessage: "iMessage", sms: "SMS", mms: "MMS" }[channel];
}

/** Whether these bytes are the background the conversation has now: then setting is a no-op. */
export function isCurrentBackground(conversation: Conversation, sha256: string): boolean {
  return conversation.background?.sha256 === sha256;
}

/**
 * The conversation after its background became `background`: the one place a set bumps
 * the version.
 */
export function withBackground(conversation: Conversation, background: Background): Conversation {
  const version = conversation.version + 1;
  return {
    ...conversation,
    version,
    background,
    history: appendHistory(conversation.history, {
      version,
      action: "set",
      backgroundId: background.id,
      sha256: background.sha256,
      at: background.setAt,
    }),
  };
}

/**
 * The conversation after its background was removed: the one place a removal bumps the
 * version. Only called when there was a background; removing nothing is a no-op.
 */
export function withoutBackground(conversation: Conversation, at: Date): Conversation {
  const version = conversation.version + 1;
  return {
    ...conversation,
    version,
    background: null,
    history: appendHistory(conversation.history, {
      version,
      action: "remove",
      backgroundId: null,
      sha256: null,
      at: at.toISOString(),
    }),
  };
}

function appendHistory(history: HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const next = [...history, entry];
  return next.length > historyLimit ? next.slice(next.length - historyLimit) : next;
}

/** The 200 body of a set, from the conversation as it now is. */
export function setResponse(
  conversation: Conversation,
  changed: boolean,
): SetChatBackgroundResponse {
  return {
    conversationId: conversation.id,
    channel: displayChannel(conversation.channel),
    hasBackground: conversation.background !== null,
    changed,
    backgroundId: conversation.background?.id ?? null,
    backgroundVersion: conversation.version,
  };
}

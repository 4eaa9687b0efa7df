import type { ImageType } from "../images/image.ts";

/** A conversation's channel, spelled as AgentPhone's messages spell it. */
export type Channel = "imessage" | "sms" | "mms";

/** An account: one API key, its own conversations. */
export interface Account {
  id: string;
  name: string;
  apiKey: string;
}

/** The custom background a conversation has now. */
export interface Background {
  id: string;
  /** Lowercase hex SHA-256 of the image bytes: the background's identity. */
  sha256: string;
  contentType: ImageType;
  size: number;
  sourceUrl: string;
  setAt: string;
}

/** One change in a conversation's background history. */
export interface HistoryEntry {
  version: number;
  action: "set" | "remove";
  backgroundId: string | null;
  sha256: string | null;
  at: string;
}

/** A conversation as the sandbox keeps it. */
export interface Conversation {
  id: string;
  accountId: string;
  channel: Channel;
  isGroup: boolean;
  /** The recipient's iOS major version (the lowest of a group's), or null when unknown. */
  recipientIosVersion: number | null;
  /** Every provider call for this conversation fails (a seeded way to see a 502). */
  providerDown: boolean;
  /** Starts at 0; each change adds one. */
  version: number;
  background: Background | null;
  /** The latest changes, oldest first, at most {@link historyLimit}. */
  history: HistoryEntry[];
  createdAt: string;
}

/** How many history entries a conversation keeps. */
export const historyLimit = 100;

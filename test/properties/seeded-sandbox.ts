/** The seeded accounts, by the name the tests use. */
export type Caller = "alice" | "bob";

/** The seeded API keys (README, "Keys and conversations"). */
export const apiKeys: Record<Caller, string> = {
  alice: "sk_sandbox_alice",
  bob: "sk_sandbox_bob",
};

/** Every seeded conversation, with what decides its answers. */
export const seededConversations = {
  conv_imessage: { owner: "alice", imessage: true, providerDown: false },
  conv_imessage_group: { owner: "alice", imessage: true, providerDown: false },
  conv_imessage_ios17: { owner: "alice", imessage: true, providerDown: false },
  conv_sms: { owner: "alice", imessage: false, providerDown: false },
  conv_provider_down: { owner: "alice", imessage: true, providerDown: true },
  conv_bob: { owner: "bob", imessage: true, providerDown: false },
} as const;

/** A seeded conversation's id. */
export type SeededId = keyof typeof seededConversations;
export const seededIds = Object.keys(seededConversations) as SeededId[];

import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { schemaErrorMessage } from "../errors/schema-error-message.ts";
import type { Account, Channel, Conversation } from "./records.ts";
import type { Store } from "./store.ts";

/** A conversation as a seed file or `POST /__sandbox/conversations` describes it. */
export interface ConversationSeed {
  id: string;
  channel: Channel;
  isGroup?: boolean;
  recipientIosVersion?: number | null;
  providerDown?: boolean;
}

/** The sandbox's starting state: accounts with their conversations. */
export interface Seed {
  accounts: Array<
    Partial<Pick<Account, "name">> &
      Omit<Account, "name"> & {
        conversations: ConversationSeed[];
      }
  >;
}

/** JSON Schema of one conversation in a seed. */
export const conversationSeedSchema = {
  type: "object",
  required: ["id", "channel"],
  additionalProperties: false,
  properties: {
    id: { type: "string", pattern: "^[A-Za-z0-9_-]{1,128}$" },
    channel: { enum: ["imessage", "sms", "mms"] },
    isGroup: { type: "boolean" },
    recipientIosVersion: { type: ["integer", "null"], minimum: 1, maximum: 99 },
    providerDown: { type: "boolean" },
  },
} as const;

const seedSchema = {
  type: "object",
  required: ["accounts"],
  additionalProperties: false,
  properties: {
    accounts: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["id", "apiKey", "conversations"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: "^[A-Za-z0-9_-]{1,128}$" },
          name: { type: "string" },
          apiKey: { type: "string", pattern: "^\\S{8,256}$" },
          conversations: { type: "array", items: conversationSeedSchema },
        },
      },
    },
  },
} as const;

// Compiled on first use: the default seed needs no checking, and start-up stays quick.
let validateSeed: ValidateFunction | undefined;

/** The seed the sandbox starts with; the README documents every key and id. */
export const defaultSeed: Seed = {
  accounts: [
    {
      id: "acct_alice",
      name: "Alice",
      apiKey: "sk_sandbox_alice",
      conversations: [
        { id: "conv_imessage", channel: "imessage", recipientIosVersion: 18 },
        { id: "conv_imessage_group", channel: "imessage", isGroup: true, recipientIosVersion: 18 },
        { id: "conv_imessage_ios17", channel: "imessage", recipientIosVersion: 17 },
        { id: "conv_sms", channel: "sms", recipientIosVersion: null },
        {
          id: "conv_provider_down",
          channel: "imessage",
          recipientIosVersion: 18,
          providerDown: true,
        },
      ],
    },
    {
      id: "acct_bob",
      name: "Bob",
      apiKey: "sk_sandbox_bob",
      conversations: [{ id: "conv_bob", channel: "imessage", recipientIosVersion: 18 }],
    },
  ],
};

/** How many of a seed's mistakes its error lists; the rest are counted. */
const listedMistakes = 20;

/** Ids and API keys a seed uses twice, as far as its shape can be read. */
function duplicates(value: unknown): string[] {
  const mistakes: string[] = [];
  const accounts = (value as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(accounts)) return mistakes;
  const ids = new Set<string>();
  const keys = new Set<string>();
  const seen = (id: unknown) => {
    if (typeof id !== "string") return;
    if (ids.has(id)) mistakes.push(`id ${id} is used twice`);
    ids.add(id);
  };
  for (const account of accounts as Array<Record<string, unknown> | null>) {
    const apiKey = account?.apiKey;
    if (typeof apiKey === "string") {
      if (keys.has(apiKey)) mistakes.push(`API key of ${String(account?.id)} is used twice`);
      keys.add(apiKey);
    }
    seen(account?.id);
    const conversations = account?.conversations;
    if (Array.isArray(conversations)) {
      for (const conversation of conversations) seen((conversation as { id?: unknown } | null)?.id);
    }
  }
  return mistakes;
}

/**
 * Checks untrusted seed JSON and returns it as a {@link Seed}, or throws an Error whose
 * message names every mistake (up to 20, then how many more) and where, on one line.
 *
 * @example
 * parseSeed(readFileSync("seed.json", "utf8"), "seed.json");
 */
export function parseSeed(text: string, source = "seed"): Seed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // One line: JSON.parse's message quotes the text, newlines and all.
    const reason = (error as Error).message.replace(/\s*\n\s*/g, " ");
    throw new Error(`${source} is not valid JSON: ${reason}`);
  }
  validateSeed ??= new Ajv2020({ allErrors: true }).compile(seedSchema);
  const valid = validateSeed(value);
  const schemaMistakes = valid ? [] : (validateSeed.errors ?? []).map(schemaErrorMessage);
  // A value can break one rule in several ways Ajv reports apart; each is said once.
  const mistakes = [...new Set([...schemaMistakes, ...duplicates(value)])];
  if (mistakes.length === 1) throw new Error(`${source}: ${mistakes[0]}`);
  if (mistakes.length > 1) {
    const listed = mistakes.slice(0, listedMistakes).join("; ");
    const more = mistakes.length - listedMistakes;
    throw new Error(
      `${source} has ${mistakes.length} mistakes: ${listed}${more > 0 ? `; and ${more} more.` : ""}`,
    );
  }
  return value as Seed;
}

/** Builds a fresh conversation record from its seed. */
export function conversationFromSeed(
  seed: ConversationSeed,
  accountId: string,
  now: Date,
): Conversation {
  return {
    id: seed.id,
    accountId,
    channel: seed.channel,
    isGroup: seed.isGroup ?? false,
    recipientIosVersion: seed.recipientIosVersion ?? null,
    providerDown: seed.providerDown ?? false,
    version: 0,
    background: null,
    history: [],
    createdAt: now.toISOString(),
  };
}

/** The accounts and conversations a seed describes, fresh. */
export function seedRecords(
  seed: Seed,
  now: Date,
): { accounts: Account[]; conversations: Conversation[] } {
  const accounts: Account[] = [];
  const conversations: Conversation[] = [];
  for (const account of seed.accounts) {
    accounts.push({ id: account.id, name: account.name ?? account.id, apiKey: account.apiKey });
    for (const conversation of account.conversations) {
      conversations.push(conversationFromSeed(conversation, account.id, now));
    }
  }
  return { accounts, conversations };
}

/** Empties the store and fills it from the seed. */
export async function loadSeed(store: Store, seed: Seed, now: Date): Promise<void> {
  const { accounts, conversations } = seedRecords(seed, now);
  await store.reset(accounts, conversations);
}

/**
 * Fills the store from the seed, unless it already holds a sandbox's state (a durable
 * store a sandbox restarts on), which it keeps.
 */
export async function openSeed(store: Store, seed: Seed, now: Date): Promise<"seeded" | "kept"> {
  const { accounts, conversations } = seedRecords(seed, now);
  return store.open(accounts, conversations);
}

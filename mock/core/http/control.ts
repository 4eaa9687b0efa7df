import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { ApiError } from "../errors/api-error.ts";
import { schemaErrorMessage } from "../errors/schema-error-message.ts";
import { randomHex } from "../hex.ts";
import type { CatalogueListing } from "../images/catalogue.ts";
import type { ProviderLogEntry } from "../provider/recording-provider.ts";
import type { EventFeed } from "../sandbox/event-feed.ts";
import { type FaultSettings, type Faults, InvalidFaults } from "../sandbox/faults.ts";
import type { SandboxEvent } from "../sandbox/sandbox-event.ts";
import type { Account, Conversation } from "../store/records.ts";
import {
  type ConversationSeed,
  conversationFromSeed,
  conversationSeedSchema,
} from "../store/seed.ts";
import { type EntryLog, type EntryPage, type Store, StoreRefusal } from "../store/store.ts";
import { backgroundImageBytes, catalogueImageBytes, type ImageBytes } from "./control-images.ts";
import type { JournalEntry } from "./journal.ts";

/** How many conversations `GET /__sandbox/state` shows at most per page, and by default. */
export const statePage = { max: 1000, default: 100 } as const;

/** One page of the sandbox's state, as `GET /__sandbox/state` answers it. */
export interface StatePage {
  accounts: Array<Account & { conversations: Conversation[] }>;
  page: { total: number; count: number; next: string | null };
}

/** A bounded log as the control surface shows it. */
export type LogPage<T> = EntryPage<T>;

/** What `GET /__sandbox/health` answers. */
export interface Health {
  status: "ok";
  uptimeSeconds: number;
  accounts: number;
  conversations: number;
  /** API calls this sandbox is answering now (not those of others sharing its store). */
  inFlight: number;
  /** Where state is kept: "memory", or the store's URL with its password hidden. */
  store: string;
}

/**
 * The control surface as functions: what `/__sandbox` answers, for a host (or a test) that
 * holds the sandbox in its hand. Each throws {@link ApiError} where the route answers one.
 */
export interface SandboxControlApi {
  health(): Promise<Health>;
  /** Restores the seed; clears state, journal, provider log and faults; calls in flight answer 503. */
  reset(): Promise<void>;
  /** Accounts, conversations, backgrounds and history, a page at a time. */
  state(page?: { limit?: number; after?: string }): Promise<StatePage>;
  /** Creates a conversation: `{ apiKey or accountId, id?, channel, isGroup?, recipientIosVersion?, providerDown? }`. */
  createConversation(body: unknown): Promise<Conversation>;
  /**
   * Removes a conversation, as a run of the contract suite removes the ones it created;
   * throws {@link ApiError} `NOT_FOUND` when there is none.
   */
  removeConversation(id: string): Promise<void>;
  /** Reads the faults, or arms them with `changes` and answers the new settings. */
  faults(changes?: Partial<FaultSettings>): Promise<FaultSettings>;
  providerLog(): Promise<LogPage<ProviderLogEntry>>;
  journal(): Promise<LogPage<JournalEntry>>;
  images(): Promise<CatalogueListing[]>;
  /** A built-in image's bytes, with the type the image host serves them with. */
  catalogueImage(name: string): Promise<ImageBytes>;
  /** The bytes of a conversation's current background, with their type. */
  backgroundImage(conversationId: string): Promise<ImageBytes>;
  /**
   * The bytes of a background by their SHA-256, while the store keeps them (while some
   * conversation has them as its background); {@link ApiError} `NOT_FOUND` otherwise.
   */
  keptImage(sha256: string): Promise<ImageBytes>;
  /**
   * Calls `listener` with every change, journal entry, provider call and fault from now on,
   * until the returned function is called; null when the feed already has all the
   * subscribers it takes.
   */
  subscribe(listener: (event: SandboxEvent) => void): (() => void) | null;
}

/** What the control surface reads and changes. */
export interface ControlDeps {
  store: Store;
  faults: Faults;
  journal: EntryLog<JournalEntry>;
  providerLog: EntryLog<ProviderLogEntry>;
  events: EventFeed<SandboxEvent>;
  images(): Promise<CatalogueListing[]>;
  reset(): Promise<void>;
  inFlight(): number;
  now: () => Date;
  startedAt: Date;
  maxConversations: number;
}

const newConversationSchema = {
  ...conversationSeedSchema,
  required: ["channel"],
  properties: {
    ...conversationSeedSchema.properties,
    accountId: { type: "string", pattern: "^[A-Za-z0-9_-]{1,128}$" },
    apiKey: { type: "string", pattern: "^\\S{8,256}$" },
  },
};
// Compiled on first use: Ajv's compile is a noticeable part of the sandbox's start-up.
let validateNewConversation: ValidateFunction | undefined;

function invalid(message: string): ApiError {
  return new ApiError("SANDBOX_INVALID_REQUEST", message);
}

/**
 * Builds the control surface's functions.
 *
 * @example
 * const control = createControlApi(deps);
 * await control.faults({ rateLimitNext: 1 });
 */
export function createControlApi(deps: ControlDeps): SandboxControlApi {
  async function accountFor(body: { accountId?: string; apiKey?: string }): Promise<Account> {
    const byKey =
      body.apiKey === undefined ? undefined : await deps.store.findAccountByKey(body.apiKey);
    if (body.apiKey !== undefined && !byKey) throw invalid("No account has that apiKey.");
    const byId =
      body.accountId === undefined ? undefined : await deps.store.findAccount(body.accountId);
    if (body.accountId !== undefined && !byId) {
      throw invalid(`No account has the accountId ${body.accountId}.`);
    }
    if (byKey && byId && byKey.id !== byId.id) {
      throw invalid(`That apiKey is ${byKey.id}'s, not ${byId.id}'s; send one of the two.`);
    }
    const account = byKey ?? byId ?? (await deps.store.findAccount("acct_alice"));
    if (!account) throw invalid("Name the account: send its apiKey or accountId.");
    return account;
  }

  return {
    async health() {
      return {
        status: "ok",
        uptimeSeconds: Math.round((deps.now().getTime() - deps.startedAt.getTime()) / 1000),
        accounts: (await deps.store.accounts()).length,
        conversations: await deps.store.countConversations(),
        inFlight: deps.inFlight(),
        store: deps.store.description,
      };
    },
    reset: () => deps.reset(),
    async state(page = {}) {
      const limit = page.limit ?? statePage.default;
      if (!Number.isInteger(limit) || limit < 1 || limit > statePage.max) {
        throw invalid(`limit must be a whole number from 1 to ${statePage.max}.`);
      }
      const all = await deps.store.conversations();
      let start = 0;
      if (page.after !== undefined) {
        start = all.findIndex((c) => c.id === page.after) + 1;
        if (start === 0)
          throw invalid(`after names no conversation: ${JSON.stringify(page.after)}.`);
      }
      const shown = all.slice(start, start + limit);
      const last = shown.at(-1);
      const more = last !== undefined && all.at(-1) !== last;
      return {
        accounts: (await deps.store.accounts()).map((account) => ({
          ...account,
          conversations: shown.filter((c) => c.accountId === account.id),
        })),
        page: { total: all.length, count: shown.length, next: more ? last.id : null },
      };
    },
    async createConversation(body) {
      validateNewConversation ??= new Ajv2020().compile(newConversationSchema);
      if (!validateNewConversation(body)) {
        throw invalid(`${schemaErrorMessage(validateNewConversation.errors?.[0])}.`);
      }
      const fields = body as Partial<ConversationSeed> & { accountId?: string; apiKey?: string };
      const account = await accountFor(fields);
      const id = fields.id ?? `conv_${randomHex(6)}`;
      const { accountId: _a, apiKey: _k, ...seed } = fields;
      const conversation = conversationFromSeed(
        { ...seed, id } as ConversationSeed,
        account.id,
        deps.now(),
      );
      try {
        await deps.store.addConversation(conversation, deps.maxConversations);
      } catch (error) {
        if (error instanceof StoreRefusal) throw invalid(error.message);
        throw error;
      }
      return conversation;
    },
    async removeConversation(id) {
      if (!(await deps.store.removeConversation(id))) {
        throw new ApiError("NOT_FOUND", `Conversation ${id} was not found.`);
      }
    },
    async faults(changes) {
      if (changes === undefined) return deps.faults.current();
      try {
        return await deps.faults.update(changes);
      } catch (error) {
        if (error instanceof InvalidFaults) throw invalid(`${error.message}.`);
        throw error;
      }
    },
    providerLog: () => deps.providerLog.page(),
    journal: () => deps.journal.page(),
    images: () => deps.images(),
    catalogueImage: async (name) => catalogueImageBytes(name),
    backgroundImage: (conversationId) => backgroundImageBytes(deps.store, conversationId),
    async keptImage(sha256) {
      const kept = /^[0-9a-f]{64}$/.test(sha256) ? await deps.store.readImage(sha256) : undefined;
      if (!kept) {
        throw new ApiError(
          "NOT_FOUND",
          `No background with SHA-256 ${JSON.stringify(sha256)} is kept: only the bytes of current backgrounds are.`,
        );
      }
      return { bytes: kept.bytes, contentType: kept.contentType };
    },
    subscribe: (listener) => deps.events.subscribe(listener),
  };
}

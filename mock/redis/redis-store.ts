import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis, ReplyError } from "ioredis";
import { createKeyedLock, type KeyedLock } from "../core/domain/keyed-lock.ts";
import { ApiError } from "../core/errors/api-error.ts";
import type { ImageType } from "../core/images/image.ts";
import type { FaultSettings } from "../core/sandbox/faults.ts";
import { defaultMaxKeptImageBytes } from "../core/store/kept-images.ts";
import type { Account, Conversation } from "../core/store/records.ts";
import {
  type EntryLog,
  type EventChannel,
  type FaultStore,
  type Store,
  StoreRefusal,
  StoreUnavailable,
} from "../core/store/store.ts";
import { redisScripts, type ScriptName } from "./redis-scripts.ts";
import { checkStorePrefix, parseStoreUrl, redactedStoreUrl } from "./store-url.ts";

/** Options for {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * `redis://[user:password@]host[:port][/db]` (port 6379 and database 0 by default), or
   * `rediss://` for TLS. Checked when the store is made: a TypeError says what is wrong.
   */
  url: string;
  /**
   * What every key of this sandbox starts with, so that several sandboxes can share one
   * Redis without seeing each other; a reset touches only its own. Default `agentphone`.
   */
  prefix?: string;
  /** How many bytes of background images are kept in all. Default 128 MiB. */
  maxKeptImageBytes?: number;
  /**
   * How long one Redis command may take before the request answers 503, in ms; the
   * connection is then dropped, so that the calls after it answer 503 at once until Redis
   * answers again. Default 2000.
   */
  commandTimeoutMs?: number;
  /**
   * How long a conversation's lock lasts unless renewed, in ms: how long a change waits
   * for a sandbox that died holding it. Default 5000.
   */
  lockTtlMs?: number;
  /** How long a change waits for a conversation's lock before answering 503, in ms. Default 15 000. */
  lockWaitMs?: number;
  /** Told when Redis goes away and when it is back, to log it. */
  onConnection?: (event: "lost" | "back", detail: string) => void;
}

/** The default key prefix. */
export const defaultStorePrefix = "agentphone";

/** Redis replies that say the server cannot serve now, not that the sandbox is wrong. */
const unavailableReply =
  /^(LOADING|BUSY|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOAUTH|WRONGPASS|NOPERM|OOM|MISCONF)\b/;

type Call = (...args: Array<string | number | Buffer>) => Promise<unknown>;

/**
 * A {@link Store} in Redis, so that several sandbox processes share state and a restarted
 * sandbox keeps it. Every step that reads then writes is one Lua script, atomic for every
 * sandbox on the same Redis; a conversation's lock is a key with an expiry, renewed while
 * its change runs. A Redis that cannot be reached makes each call reject with
 * {@link StoreUnavailable} (a 503) at once, never a hang; the client reconnects by itself.
 * The store is the caller's: close it after the sandbox that uses it (also when
 * `createSandbox` rejects), or its connection keeps the process running.
 *
 * @example
 * const store = createRedisStore({ url: "redis://127.0.0.1:6379/0", prefix: "team-a" });
 * const sandbox = await createSandbox({ store });
 * await sandbox.close();
 * await store.close?.();
 */
export function createRedisStore(options: RedisStoreOptions): Store {
  if (parseStoreUrl(options.url).kind !== "redis") {
    throw new TypeError("createRedisStore needs a redis:// or rediss:// URL, not memory.");
  }
  let prefix: string;
  try {
    prefix = checkStorePrefix(options.prefix ?? defaultStorePrefix);
  } catch (error) {
    throw new TypeError(`the store prefix ${(error as Error).message}`);
  }
  const maxBytes = options.maxKeptImageBytes ?? defaultMaxKeptImageBytes;
  const lockTtlMs = options.lockTtlMs ?? 5_000;
  const lockWaitMs = options.lockWaitMs ?? 15_000;
  const where = redactedStoreUrl(options.url);
  const tls = options.url.startsWith("rediss:");
  const commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
  // Braces make every key of one sandbox hash to one slot, and keep prefixes apart.
  const base = `{${prefix}}:`;
  const client = new Redis(options.url, {
    lazyConnect: true,
    // A command while Redis is away fails at once (a 503) instead of queueing for ever,
    // and one in flight when the connection drops is not sent again.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
    // Commands issued in the same tick (many requests at once) go in one write.
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1_000),
    scripts: redisScripts,
  });
  // Told once per outage, and only after the first connection: a Redis that cannot be
  // reached at start is the start's error, said once.
  let connectedOnce = false;
  let lost = false;
  let lastError = "";
  let closing = false;
  const goneAway = (why: string) => {
    if (!lost && connectedOnce && !closing) options.onConnection?.("lost", why);
    lost = true;
  };
  client.on("error", (error: Error) => {
    lastError = error.message;
    goneAway(error.message);
  });
  // A Redis that shuts down closes the connection without an error.
  client.on("close", () => goneAway(lastError || "the connection closed"));
  client.on("ready", () => {
    if (lost && connectedOnce) options.onConnection?.("back", where);
    lost = false;
    connectedOnce = true;
  });
  let connecting: Promise<void> | undefined;
  // What close() lets go of besides the client.
  const closers: Array<() => void> = [];

  /** Connects the first time (and after close), so that commands are never queued. */
  function connected(): Promise<void> {
    if (client.status === "ready") return Promise.resolve();
    if (client.status === "wait" || client.status === "end") {
      connecting ??= client.connect().finally(() => {
        connecting = undefined;
      });
      return connecting;
    }
    return Promise.resolve();
  }

  async function run<T>(work: () => Promise<T>): Promise<T> {
    try {
      await connected();
      return await work();
    } catch (error) {
      if (error instanceof ReplyError && !unavailableReply.test((error as Error).message)) {
        throw error;
      }
      const reason = error instanceof Error ? error.message : String(error);
      // A Redis that hangs: drop the connection, so that the calls after this one answer
      // 503 at once while it reconnects, instead of each waiting out its own timeout
      // behind the commands ahead of it.
      if (/Command timed out/.test(reason) && client.status === "ready") {
        lastError = `it did not answer within ${commandTimeoutMs} ms`;
        client.stream.destroy();
      }
      // ioredis says its queue is off, or the connection closed: say why it is down.
      const down = /enableOfflineQueue|Connection is closed|max retries/i.test(reason);
      const said = down ? `not connected${lastError ? ` (${lastError})` : ""}` : reason;
      throw new StoreUnavailable(`Redis at ${where}: ${said}${hint(said)}`, { cause: error });
    }
  }

  /** What to change, for the failures whose fix is in the store URL. */
  function hint(said: string): string {
    if (/\bNOAUTH\b/.test(said)) {
      return "; this Redis wants a password: redis://:PASSWORD@host, or redis://USER:PASSWORD@host";
    }
    if (/\bWRONGPASS\b/.test(said)) {
      return "; check the user and password (a password alone is written redis://:PASSWORD@host)";
    }
    // A Redis without TLS answers a TLS greeting with an error, or with nothing at all.
    if (tls && /^not connected/.test(said) && !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(said)) {
      return "; rediss:// speaks TLS: if this Redis does not, use redis://";
    }
    return "";
  }

  const scripts = client as unknown as Record<`agentphone_${ScriptName}`, Call>;
  function script(name: ScriptName, ...args: Array<string | number | Buffer>) {
    return run(() => scripts[`agentphone_${name}`].call(client, base, ...args));
  }

  const parse = <T>(json: string): T => JSON.parse(json) as T;

  /**
   * ioredis selects the URL's database on connecting but goes on in database 0 when Redis
   * has no such database: selected again here, a missing one is the start's error.
   */
  async function checkDatabase(): Promise<void> {
    const db = client.options.db ?? 0;
    if (db === 0) return;
    try {
      await run(() => client.select(db));
    } catch (error) {
      if (error instanceof StoreUnavailable) throw error;
      throw new StoreUnavailable(
        `Redis at ${where} has no database ${db} (${(error as Error).message}); pick one it has, 0 to 15 by default`,
        { cause: error },
      );
    }
  }

  function fillArgs(accounts: Account[], conversations: Conversation[]): string[] {
    const args = [String(accounts.length)];
    for (const account of accounts) args.push(account.id, account.apiKey, JSON.stringify(account));
    for (const c of conversations) args.push(c.id, String(c.version), JSON.stringify(c));
    return args;
  }

  function checkSeed(accounts: Account[], conversations: Conversation[]): void {
    const ids = new Set<string>();
    const keys = new Set<string>();
    for (const account of accounts) {
      if (ids.has(account.id)) throw new StoreRefusal(`account ${account.id} exists already`);
      if (keys.has(account.apiKey)) throw new StoreRefusal(`API key of ${account.id} is taken`);
      ids.add(account.id);
      keys.add(account.apiKey);
    }
    const seen = new Set<string>();
    for (const conversation of conversations) {
      if (seen.has(conversation.id)) {
        throw new StoreRefusal(`Conversation ${conversation.id} exists already.`);
      }
      if (!ids.has(conversation.accountId)) {
        throw new StoreRefusal(`No account has the accountId ${conversation.accountId}.`);
      }
      seen.add(conversation.id);
    }
  }

  const logs = new Map<string, EntryLog<never>>();
  function entryLog<T extends { seq: number }>(name: string, limit: number): EntryLog<T> {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`a log's limit must be a whole number >= 0, got ${limit}`);
    }
    return {
      limit,
      async append(entry, since) {
        const seq = await script("append", name, since ?? "", JSON.stringify(entry), limit);
        if (seq === null) return undefined;
        return Object.freeze({ ...entry, seq: Number(seq) }) as unknown as T;
      },
      async replace(entry) {
        await script("replace", name, entry.seq, JSON.stringify(entry));
      },
      async page() {
        const [entries, dropped] = (await script("page", name)) as [string[], number];
        return { entries: entries.map((json) => Object.freeze(parse<T>(json))), dropped, limit };
      },
      epoch: () => store.epoch(),
    };
  }

  const numbers = (pairs: string[]): Partial<FaultSettings> => {
    const settings: Record<string, number> = {};
    for (let i = 0; i + 1 < pairs.length; i += 2)
      settings[pairs[i] as string] = Number(pairs[i + 1]);
    return settings as Partial<FaultSettings>;
  };

  const faults: FaultStore = {
    read: async () => numbers(await run(() => client.hgetall(`${base}faults`).then(flat))),
    async write(changes) {
      const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
      if (entries.length > 0) {
        await run(() => client.hset(`${base}faults`, Object.fromEntries(entries)));
      }
      return faults.read();
    },
    async take(keys, start) {
      const args = [String(keys.length), ...keys, ...keys.map((key) => String(start[key]))];
      const [taken, pairs] = (await script("take", ...args)) as [string, string[]];
      return {
        taken: taken === "" ? undefined : (taken as keyof FaultSettings),
        changes: numbers(pairs),
      };
    },
  };

  const lock = createRedisLock();
  const events = createEventChannel();

  function createEventChannel(): EventChannel {
    const channel = `${base}events`;
    const self = randomBytes(8).toString("hex");
    const listeners = new Set<(event: unknown) => void>();
    let subscriber: Redis | undefined;
    // Whether this sandbox's own subscription is in, and so counted among the listeners.
    let subscribed = false;
    let othersListen = false;
    // Whether another sandbox listens, asked every half second, so that events are sent
    // only while some dashboard or stream somewhere reads them.
    const ask = setInterval(() => {
      if (client.status !== "ready") return;
      client
        .pubsub("NUMSUB", channel)
        .then((reply) => {
          const count = Number((reply as [string, number])[1] ?? 0);
          othersListen = count - (subscribed ? 1 : 0) > 0;
        })
        .catch(() => undefined);
    }, 500);
    ask.unref();
    closers.push(() => {
      clearInterval(ask);
      subscriber?.disconnect();
      subscriber = undefined;
    });
    return {
      publish(event) {
        if (!othersListen || client.status !== "ready") return;
        client.publish(channel, JSON.stringify([self, event])).catch(() => undefined);
      },
      get listened() {
        return othersListen;
      },
      listen(listener) {
        listeners.add(listener);
        if (!subscriber) {
          // A connection of its own: one that subscribes can send nothing else. It queues
          // its subscription until connected, and subscribes again after a reconnection.
          const connection = client.duplicate({ enableOfflineQueue: true, lazyConnect: false });
          connection.on("error", () => undefined);
          connection.on("message", (_channel: string, text: string) => {
            let message: unknown;
            try {
              message = JSON.parse(text);
            } catch {
              return;
            }
            if (!Array.isArray(message) || message[0] === self) return;
            for (const each of [...listeners]) each(message[1]);
          });
          connection.subscribe(channel).then(
            () => {
              subscribed = subscriber === connection;
            },
            () => undefined,
          );
          subscriber = connection;
        }
        return () => {
          listeners.delete(listener);
          if (listeners.size === 0 && subscriber) {
            subscriber.disconnect();
            subscriber = undefined;
            subscribed = false;
          }
        };
      },
    };
  }

  function createRedisLock(): KeyedLock {
    // Waiters in this process queue here, so only one of them at a time asks Redis.
    const local = createKeyedLock();
    async function acquire(id: string, token: string, signal?: AbortSignal): Promise<void> {
      const deadline = Date.now() + lockWaitMs;
      for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
        const got = await run(() => client.set(`${base}lock:${id}`, token, "PX", lockTtlMs, "NX"));
        if (got === "OK") return;
        signal?.throwIfAborted();
        if (Date.now() >= deadline) {
          throw new ApiError(
            "SERVICE_UNAVAILABLE",
            `Conversation ${id} is being changed by another sandbox process that holds it; retry the request.`,
            [],
            { "Retry-After": "1" },
          );
        }
        await sleep(wait + Math.random() * wait, undefined, signal ? { signal } : {});
      }
    }
    return {
      run(id, task, signal) {
        return local.run(id, async () => {
          const token = randomBytes(12).toString("hex");
          await acquire(id, token, signal);
          // Renewed while the change runs, so a slow provider keeps it; a process that
          // dies lets it go when it expires.
          const renewal = setInterval(() => {
            script("renew", id, token, lockTtlMs).catch(() => undefined);
          }, lockTtlMs / 3);
          renewal.unref();
          try {
            return await task();
          } finally {
            clearInterval(renewal);
            await script("unlock", id, token).catch(() => undefined);
          }
        });
      },
      get size() {
        return local.size;
      },
    };
  }

  const store: Store = {
    description: `${where}, prefix ${prefix}`,
    lock,
    events,
    faults,
    async findAccountByKey(apiKey) {
      const json = await run(() => client.hget(`${base}key`, apiKey));
      return json === null ? undefined : parse<Account>(json);
    },
    async findAccount(id) {
      const json = await run(() => client.hget(`${base}acct`, id));
      return json === null ? undefined : parse<Account>(json);
    },
    async readConversation(id) {
      const [epoch, json] = (await script("read", id)) as [string | null, string | null];
      if (json === null || epoch === null) return undefined;
      return { conversation: parse<Conversation>(json), epoch: Number(epoch) };
    },
    async commit(snapshot, next, image) {
      const before = snapshot.conversation.background?.sha256 ?? "";
      const after = next.background?.sha256 ?? "";
      const bytes = image !== undefined && image.sha256 === after ? image : undefined;
      const result = await script(
        "commit",
        String(snapshot.epoch),
        next.id === snapshot.conversation.id ? next.id : "",
        String(snapshot.conversation.version),
        JSON.stringify(next),
        String(next.version),
        before,
        after,
        bytes?.contentType ?? "",
        bytes === undefined
          ? ""
          : Buffer.from(bytes.bytes.buffer, bytes.bytes.byteOffset, bytes.bytes.byteLength),
        String(maxBytes),
      );
      return result as "committed" | "conflict" | "reset";
    },
    async readImage(sha256) {
      const [type, bytes] = await run(() => client.hmgetBuffer(`${base}img:${sha256}`, "t", "b"));
      if (!type || !bytes) return undefined;
      return {
        sha256,
        contentType: type.toString("latin1") as ImageType,
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      };
    },
    async addConversation(conversation, limit) {
      const result = await script(
        "add",
        conversation.id,
        conversation.accountId,
        String(conversation.version),
        JSON.stringify(conversation),
        String(limit),
      );
      if (result === "exists") {
        throw new StoreRefusal(`Conversation ${conversation.id} exists already.`);
      }
      if (result === "no-account") {
        throw new StoreRefusal(`No account has the accountId ${conversation.accountId}.`);
      }
      if (result === "full") {
        throw new StoreRefusal(
          `The sandbox holds ${limit} conversations, its limit; reset it to start again.`,
        );
      }
    },
    async removeConversation(id) {
      return (await script("remove", id)) === 1;
    },
    async accounts() {
      const json = await run(() => client.get(`${base}accounts`));
      return json === null ? [] : parse<Account[]>(json);
    },
    async conversations() {
      const found = (await script("conversations")) as Array<string | null>;
      return found.filter((json) => json !== null).map((json) => parse<Conversation>(json));
    },
    countConversations: () => run(() => client.hlen(`${base}conv`)),
    async reset(accounts, conversations) {
      checkSeed(accounts, conversations);
      await script("fill", "reset", ...fillArgs(accounts, conversations));
    },
    async open(accounts, conversations) {
      checkSeed(accounts, conversations);
      await checkDatabase();
      return (await script("fill", "open", ...fillArgs(accounts, conversations))) as
        | "seeded"
        | "kept";
    },
    async epoch() {
      const epoch = await run(() => client.get(`${base}epoch`));
      return epoch === null ? 0 : Number(epoch);
    },
    log<T extends { seq: number }>(name: "journal" | "provider", limit: number): EntryLog<T> {
      const known = logs.get(name);
      if (known) return known as unknown as EntryLog<T>;
      const log = entryLog<T>(name, limit);
      logs.set(name, log as unknown as EntryLog<never>);
      return log;
    },
    async close() {
      closing = true;
      for (const close of closers) close();
      client.disconnect();
    },
  };
  return store;
}

/** HGETALL's object as name, value pairs. */
function flat(object: Record<string, string>): string[] {
  return Object.entries(object).flat();
}

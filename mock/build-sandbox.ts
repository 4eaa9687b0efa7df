import type { RequestListener } from "node:http";
import pino, { type Logger } from "pino";
import { createApp } from "./app.ts";
import { bracketed, checkOptions } from "./check-options.ts";
import type { BackgroundService } from "./core/domain/background-service.ts";
import type { SandboxControlApi } from "./core/http/control.ts";
import type { CoreRequest, CoreResponse } from "./core/http/exchange.ts";
import { isLoopbackName } from "./core/http/guard-control.ts";
import type { JournalEntry } from "./core/http/journal.ts";
import type { ImageLoader } from "./core/images/image.ts";
import type { Provider } from "./core/provider/provider.ts";
import type { ProviderLog } from "./core/provider/recording-provider.ts";
import type { Faults } from "./core/sandbox/faults.ts";
import { createSandboxCore, type SandboxCore } from "./core/sandbox-core.ts";
import type { Seed } from "./core/store/seed.ts";
import type { EntryLog, Store } from "./core/store/store.ts";
import { readDashboardFile } from "./dashboard/read-dashboard-file.ts";
import type { Resolver } from "./images/checked-address.ts";
import { createSandboxImageLoader, type SandboxImages } from "./images/sandbox-images.ts";
import type { Transport } from "./images/transport.ts";
import { createHttpProvider } from "./provider/http-provider.ts";
import { createRedisStore } from "./redis/redis-store.ts";
import { parseStoreUrl, redactedStoreUrl } from "./redis/store-url.ts";

export { randomBackgroundId } from "./core/sandbox-core.ts";

/** Everything that shapes a sandbox; every field is optional. */
export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** How long a client may take to send a whole request, in ms: then 408. Default 60 000. */
  requestTimeoutMs?: number;
  /** The starting state, restored by reset. Default {@link defaultSeed}. */
  seed?: Seed;
  /** A folder whose files `https://images.sandbox.test/<file name>` also serves. */
  imagesDir?: string;
  /** Send provider calls as multipart to this URL instead of the in-process fake. */
  providerUrl?: string;
  /** How long an image download may take in all, redirects included, in ms. Default 10 000. */
  imageTimeoutMs?: number;
  /**
   * How many image downloads (network or `imagesDir`) may be in flight at once; as many
   * again wait, and any more answer 503 with `Retry-After`. Default 16.
   */
  maxImageDownloads?: number;
  /** Latency added to every API call, in ms; reset returns to it. */
  latencyMs?: number;
  /**
   * Fetch images from loopback and private addresses too, over `http:` as well as
   * `https:` (a developer's own `http://localhost:5173/…`); every other guard stays.
   * Default false.
   */
  allowPrivateImages?: boolean;
  /** Origins allowed by CORS. Default `"*"`. */
  corsOrigins?: "*" | string[];
  /**
   * Token the control surface requires; made up when bound beyond loopback. Printable ASCII
   * (no spaces), 1 to 256 characters, so any client can send it in a header.
   */
  adminToken?: string;
  /** How many conversations the sandbox holds at most, the seed's included. Default 10 000. */
  maxConversations?: number;
  /** Request log; default: pino at `logLevel` to stdout. */
  logger?: Logger;
  /** Default "info"; "silent" for none. */
  logLevel?: string;
  /** How many API calls the request journal keeps. Default 1000. */
  journalLimit?: number;
  /** How many calls the provider log keeps. Default 1000. */
  providerLogLimit?: number;
  // Seams for tests: each replaces one part.
  now?: () => Date;
  newBackgroundId?: () => string;
  loadImage?: ImageLoader;
  /** Resolves image hosts; tests inject one to decide what a name resolves to. */
  imageResolver?: Resolver;
  /** Dials image hosts; tests inject one to record what would have been dialled. */
  imageTransport?: Transport;
  provider?: Provider;
  /**
   * Where state is kept: `"memory"` (the default), a `redis://host:port/db` URL that
   * several sandboxes can share and that outlives them, or a {@link Store} of your own.
   * A store made from a URL is the sandbox's: `close()` closes it. A store object is yours,
   * also when `createSandbox` rejects: close it (`await store.close?.()`) after the
   * sandbox, or its connection keeps the process running.
   */
  store?: Store | string;
  /**
   * With a `redis://` store URL: what its keys start with, so sandboxes can share one Redis.
   * Default `agentphone`. A store object takes its own (`createRedisStore({ prefix })`).
   */
  storePrefix?: string;
  /** Wraps the service, e.g. to build the deliberately broken variants the contract suite must catch. */
  wrapService?: (service: BackgroundService) => BackgroundService;
  /** Rewrites every answer before it is sent, for broken variants that break the wire's promises. */
  wrapAnswer?: (answer: CoreResponse, request: CoreRequest) => CoreResponse;
}

/** A sandbox that is built but not listening. */
export interface BuiltSandbox {
  /**
   * The HTTP host: a request listener (an Express app) over {@link BuiltSandbox.core}, for
   * `http.createServer(app)` or supertest.
   */
  app: RequestListener;
  /** The sandbox itself, as every host shares it. */
  core: SandboxCore;
  /** The control surface as functions: what `/__sandbox` answers. */
  control: SandboxControlApi;
  service: BackgroundService;
  store: Store;
  faults: Faults;
  journal: EntryLog<JournalEntry>;
  providerLog: ProviderLog;
  images: SandboxImages;
  /** Aborts every API call in flight: each answers 503 and writes nothing. */
  abortCalls(why: string): void;
  /** Whether the sandbox made its store from a URL, and so closes it when it stops. */
  ownsStore: boolean;
}

/**
 * Wires the Node host's parts (the guarded image fetcher, the user's folder, the HTTP
 * provider, request logs) around the sandbox's core, and the Express app over it.
 * Listening is `createSandbox`'s job.
 *
 * @example
 * const { app } = buildSandbox({ logLevel: "silent" });
 */
export function buildSandbox(options: SandboxOptions = {}): BuiltSandbox {
  checkOptions(options);
  const logger = options.logger ?? pino({ level: options.logLevel ?? "info" });
  const images = createSandboxImageLoader({
    ...(options.imagesDir === undefined ? {} : { imagesDir: options.imagesDir }),
    ...(options.imageTimeoutMs === undefined ? {} : { deadlineMs: options.imageTimeoutMs }),
    ...(options.maxImageDownloads === undefined
      ? {}
      : { maxImageDownloads: options.maxImageDownloads }),
    ...(options.imageResolver === undefined ? {} : { resolve: options.imageResolver }),
    ...(options.imageTransport === undefined ? {} : { transport: options.imageTransport }),
    ...(options.allowPrivateImages === undefined
      ? {}
      : { allowPrivate: options.allowPrivateImages }),
  });
  const provider =
    options.provider ??
    (options.providerUrl ? createHttpProvider({ url: options.providerUrl }) : undefined);

  const store = openStore(options, logger);
  const core = createSandboxCore({
    loadImage: options.loadImage ?? images.loadImage,
    images: () => images.list(),
    guard: {
      adminToken: options.adminToken,
      loopbackOnly: isLoopbackName(bracketed(options.host ?? "127.0.0.1")),
    },
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(store === undefined ? {} : { store }),
    ...(provider === undefined ? {} : { provider }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.allowPrivateImages ? { allowHttpImageUrls: true } : {}),
    ...(options.maxConversations === undefined
      ? {}
      : { maxConversations: options.maxConversations }),
    ...(options.journalLimit === undefined ? {} : { journalLimit: options.journalLimit }),
    ...(options.providerLogLimit === undefined
      ? {}
      : { providerLogLimit: options.providerLogLimit }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.newBackgroundId === undefined ? {} : { newBackgroundId: options.newBackgroundId }),
    ...(options.wrapService === undefined ? {} : { wrapService: options.wrapService }),
    ...(options.wrapAnswer === undefined ? {} : { wrapAnswer: options.wrapAnswer }),
    readDashboard: readDashboardFile,
    onBug: (error, request) =>
      logger.error({ err: error, method: request.method, url: request.url }, "unhandled error"),
    onStoreEmptied: () =>
      logger.warn(
        { store: store?.description ?? "memory" },
        "the store had lost its state (emptied from outside): seeded it again",
      ),
  });

  const app = createApp({
    core,
    logger,
    ...(options.corsOrigins === undefined ? {} : { corsOrigins: options.corsOrigins }),
  });
  return {
    app,
    core,
    control: core.control,
    service: core.service,
    store: core.store,
    faults: core.faults,
    journal: core.journal,
    providerLog: core.providerLog,
    images,
    abortCalls: core.abortCalls,
    ownsStore: typeof options.store === "string" && options.store !== "memory",
  };
}

/** The store the options name: undefined for memory, the default. */
function openStore(options: SandboxOptions, logger: Logger): Store | undefined {
  const given = options.store ?? "memory";
  if (typeof given === "object" && given !== null) {
    if (options.storePrefix !== undefined) {
      throw new TypeError(
        "storePrefix names the keys of a store the sandbox opens from a URL; give a store you open yourself its prefix: createRedisStore({ url, prefix }).",
      );
    }
    return given;
  }
  if (typeof given !== "string") {
    throw new TypeError(`store must be "memory", a redis:// URL or a Store, not ${String(given)}.`);
  }
  const choice = parseStoreUrl(given);
  if (choice.kind === "memory") {
    if (options.storePrefix !== undefined) {
      throw new TypeError(
        "storePrefix names a Redis store's keys; the memory store has none: add store: 'redis://host:port/db', or leave the prefix out.",
      );
    }
    return undefined;
  }
  return createRedisStore({
    url: choice.url,
    ...(options.storePrefix === undefined ? {} : { prefix: options.storePrefix }),
    onConnection(event, detail) {
      if (event === "lost")
        logger.warn(
          { store: redactedStoreUrl(choice.url), detail },
          "store unreachable: API calls answer 503 until it is back",
        );
      else logger.info({ store: detail }, "store reachable again");
    },
  });
}

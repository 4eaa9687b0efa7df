import { randomBytes } from "node:crypto";
import type { Express } from "express";
import pino, { type Logger } from "pino";
import { createApp } from "./app.ts";
import { bracketed, checkOptions } from "./check-options.ts";
import {
  type BackgroundService,
  createBackgroundService,
} from "./core/domain/background-service.ts";
import type { ImageLoader } from "./core/images/image.ts";
import { createFakeProvider } from "./core/provider/fake-provider.ts";
import { faultyProvider } from "./core/provider/faulty-provider.ts";
import type { Provider } from "./core/provider/provider.ts";
import {
  createProviderLog,
  type ProviderLog,
  recordingProvider,
} from "./core/provider/recording-provider.ts";
import { createBoundedLog } from "./core/sandbox/bounded-log.ts";
import { createFaults } from "./core/sandbox/faults.ts";
import { createInFlight } from "./core/sandbox/in-flight.ts";
import { createMemoryStore } from "./core/store/memory-store.ts";
import { defaultSeed, loadSeed, type Seed } from "./core/store/seed.ts";
import type { Store } from "./core/store/store.ts";
import { isLoopbackName } from "./http/guard-control.ts";
import type { JournalEntry } from "./http/record-requests.ts";
import type { Resolver } from "./images/checked-address.ts";
import { createSandboxImageLoader, type SandboxImages } from "./images/sandbox-images.ts";
import type { Transport } from "./images/transport.ts";
import { createHttpProvider } from "./provider/http-provider.ts";
import type { SandboxControl } from "./routes/sandbox-routes.ts";

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
  /** Wraps the service, e.g. to build the deliberately broken variants the contract suite must catch. */
  wrapService?: (service: BackgroundService) => BackgroundService;
}

/** A sandbox that is built but not listening. */
export interface BuiltSandbox {
  app: Express;
  service: BackgroundService;
  control: SandboxControl;
  store: Store;
  providerLog: ProviderLog;
  images: SandboxImages;
  /** Aborts every API call in flight: each answers 503 and writes nothing. */
  abortCalls(why: string): void;
}

/** `bg_` and 15 lowercase hex digits, the shape of the published example `bg_123456789abcdef`. */
export function randomBackgroundId(): string {
  return `bg_${randomBytes(8).toString("hex").slice(0, 15)}`;
}

/**
 * Wires store, image loader, provider chain, service, faults, journal and app together.
 * Listening is `createSandbox`'s job.
 *
 * @example
 * const { app } = buildSandbox({ logLevel: "silent" });
 */
export function buildSandbox(options: SandboxOptions = {}): BuiltSandbox {
  checkOptions(options);
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? pino({ level: options.logLevel ?? "info" });
  const seed = options.seed ?? defaultSeed;
  const store = createMemoryStore();
  loadSeed(store, seed, now());

  const faults = createFaults({ latencyMs: options.latencyMs ?? 0 });
  const inFlight = createInFlight();
  const journal = createBoundedLog<JournalEntry>(options.journalLimit ?? 1000);
  const providerLog = createProviderLog({ limit: options.providerLogLimit ?? 1000 });
  const images = createSandboxImageLoader({
    ...(options.imagesDir === undefined ? {} : { imagesDir: options.imagesDir }),
    ...(options.imageTimeoutMs === undefined ? {} : { deadlineMs: options.imageTimeoutMs }),
    ...(options.maxImageDownloads === undefined
      ? {}
      : { maxImageDownloads: options.maxImageDownloads }),
    ...(options.imageResolver === undefined ? {} : { resolve: options.imageResolver }),
    ...(options.imageTransport === undefined ? {} : { transport: options.imageTransport }),
  });

  const inner =
    options.provider ??
    (options.providerUrl ? createHttpProvider({ url: options.providerUrl }) : createFakeProvider());
  const provider = recordingProvider(
    faultyProvider(inner, {
      shouldFail(conversationId) {
        if (store.findConversation(conversationId)?.providerDown) {
          return "the provider is down for this conversation";
        }
        return faults.takeProviderFailure() ? "injected provider failure" : null;
      },
    }),
    providerLog,
    now,
  );

  const created = createBackgroundService({
    store,
    loadImage: options.loadImage ?? images.loadImage,
    provider,
    newBackgroundId: options.newBackgroundId ?? randomBackgroundId,
    now,
  });
  const service = options.wrapService ? options.wrapService(created) : created;

  const control: SandboxControl = {
    store,
    faults,
    journal,
    providerLog,
    images: () => images.list(),
    reset() {
      // Calls in flight belong to the state before: they answer 503 and write nothing.
      inFlight.abortAll();
      loadSeed(store, seed, now());
      journal.clear();
      providerLog.clear();
      faults.reset();
    },
    inFlight: () => inFlight.size,
    now,
    startedAt: now(),
    adminToken: options.adminToken,
    loopbackOnly: isLoopbackName(bracketed(options.host ?? "127.0.0.1")),
    maxConversations: options.maxConversations ?? 10_000,
  };

  const app = createApp({
    service,
    control,
    inFlight,
    logger,
    ...(options.corsOrigins === undefined ? {} : { corsOrigins: options.corsOrigins }),
  });
  return {
    app,
    service,
    control,
    store,
    providerLog,
    images,
    abortCalls: (why) => inFlight.abortAll(why),
  };
}

import { type BackgroundService, createBackgroundService } from "./domain/background-service.ts";
import { randomHex } from "./hex.ts";
import { answerApi, type CallRecord } from "./http/api.ts";
import { createControlApi, type SandboxControlApi } from "./http/control.ts";
import { answerControl } from "./http/control-routes.ts";
import { type DashboardFileReader, isDashboardFile } from "./http/dashboard-files.ts";
import type { EventStreamOptions } from "./http/event-stream.ts";
import {
  type CoreRequest,
  type CoreResponse,
  errorResponse,
  splitTarget,
  toApiError,
} from "./http/exchange.ts";
import { afterWorkAnswer } from "./http/fault-answers.ts";
import type { ControlGuardOptions } from "./http/guard-control.ts";
import type { JournalEntry } from "./http/journal.ts";
import type { CatalogueListing } from "./images/catalogue.ts";
import type { ImageLoader } from "./images/image.ts";
import { createFakeProvider } from "./provider/fake-provider.ts";
import { faultyProvider } from "./provider/faulty-provider.ts";
import type { Provider } from "./provider/provider.ts";
import {
  type ProviderLog,
  type ProviderLogEntry,
  recordingProvider,
} from "./provider/recording-provider.ts";
import { createEventFeed, type EventFeed, sharedEventFeed } from "./sandbox/event-feed.ts";
import { faultStage, type HostFaults, isFaultKind } from "./sandbox/fault-kinds.ts";
import { createFaults, type Faults } from "./sandbox/faults.ts";
import { createInFlight } from "./sandbox/in-flight.ts";
import { observeSandbox, type SandboxEvent } from "./sandbox/sandbox-event.ts";
import { createMemoryStore } from "./store/memory-store.ts";
import { defaultSeed, loadSeed, openSeed, type Seed } from "./store/seed.ts";
import type { EntryLog, Store } from "./store/store.ts";

/** What shapes the sandbox's core, whatever host runs it. */
export interface SandboxCoreOptions {
  /** Downloads and recognises images: each host gives its own (catalogue first). */
  loadImage: ImageLoader;
  /** The image catalogue, for `GET /__sandbox/images`. */
  images(): Promise<CatalogueListing[]>;
  /** The starting state, restored by reset. Default: the README's seed. */
  seed?: Seed;
  /** Where state is kept. Default: in memory. */
  store?: Store;
  /** Where changes are forwarded. Default: an in-process fake that accepts every call. */
  provider?: Provider;
  /** Latency added to every API call, in ms; reset returns to it. */
  latencyMs?: number;
  /**
   * Take `http:` image URLs in set requests, which the API refuses: for a host whose
   * loader fetches from a developer's own server. Default false.
   */
  allowHttpImageUrls?: boolean;
  /**
   * What the control surface checks about who calls it, or null where no other web page
   * can reach it (MSW inside the page or the test runner).
   */
  guard: ControlGuardOptions | null;
  /** How many conversations the sandbox holds at most, the seed's included. Default 10 000. */
  maxConversations?: number;
  /** How many API calls the request journal keeps. Default 1000. */
  journalLimit?: number;
  /** How many calls the provider log keeps. Default 1000. */
  providerLogLimit?: number;
  /** Reads the dashboard page's files, for a host that serves it at `/__sandbox/`. */
  readDashboard?: DashboardFileReader;
  /** How many `GET /__sandbox/events` streams may be open at once. Default 32. */
  maxEventStreams?: number;
  /** The event stream's heartbeat and how far behind a client may fall. */
  eventStream?: EventStreamOptions;
  now?: () => Date;
  newBackgroundId?: () => string;
  /** Wraps the service, e.g. to build the deliberately broken variants the contract suite must catch. */
  wrapService?: (service: BackgroundService) => BackgroundService;
  /** Rewrites every answer before it is sent, for broken variants that break the wire's promises. */
  wrapAnswer?: (answer: CoreResponse, request: CoreRequest) => CoreResponse;
  /** Told of every error that is a bug in the sandbox (answered 500), to log it. */
  onBug?: (error: unknown, request: CoreRequest) => void;
  /** Told when the store had lost its state (emptied from outside) and this sandbox seeded it again. */
  onStoreEmptied?: () => void;
  /**
   * The faults this host cannot express on its wire, and why: asking for one (armed or by
   * `X-Sandbox-Fault`) is a 400 naming it. Default: none.
   */
  hostFaults?: HostFaults;
}

/** The sandbox without a host: give it requests, read its parts. */
export interface SandboxCore {
  /** Answers one request, API or control surface, as the HTTP sandbox would. */
  handle(request: CoreRequest): Promise<CoreResponse>;
  /** The control surface as functions. */
  control: SandboxControlApi;
  store: Store;
  faults: Faults;
  journal: EntryLog<JournalEntry>;
  providerLog: ProviderLog;
  service: BackgroundService;
  /**
   * The store's epoch as this sandbox last read it: what a host passes as
   * {@link HostAnswer.epoch} when a request arrives.
   */
  knownEpoch(): number;
  /** Every change, journal entry, provider call and fault, as `GET /__sandbox/events` streams them. */
  events: EventFeed<SandboxEvent>;
  /** Aborts every API call in flight: each answers 503 and writes nothing. */
  abortCalls(why: string): void;
  /** How many API calls are being answered now. */
  inFlight(): number;
  /**
   * Journals an API call the host answered by itself (a request timeout, a shutdown, a CORS
   * preflight), when its answer is sent; other paths are not journalled.
   */
  journalHostAnswer(call: HostAnswer): void;
  /**
   * Settles once the store is open: seeded, or holding the state a durable store kept.
   * `handle` waits for it by itself; it rejects when the store cannot be reached.
   */
  ready: Promise<"seeded" | "kept">;
}

/** An answer a host sent without the core, as {@link SandboxCore.journalHostAnswer} takes it. */
export interface HostAnswer {
  method: string;
  url: string;
  status: number;
  code: string | null;
  /** When the request arrived. */
  at: Date;
  durationMs: number;
  /** {@link SandboxCore.knownEpoch} when the request arrived. */
  epoch: number;
}

/** `bg_` and 15 lowercase hex digits, the shape of the published example `bg_123456789abcdef`. */
export function randomBackgroundId(): string {
  return `bg_${randomHex(8).slice(0, 15)}`;
}

/**
 * Wires store, provider chain, service, faults, journal and control surface together, with
 * Web APIs only: the HTTP server, MSW in a browser and MSW in a test runner all run this.
 *
 * @example
 * const core = createSandboxCore({ loadImage, images: async () => [], guard: null });
 * const answer = await core.handle({ method: "DELETE", url: "/v1/conversations/conv_imessage/background", headers: { authorization: "Bearer sk_sandbox_alice" } });
 */
export function createSandboxCore(options: SandboxCoreOptions): SandboxCore {
  const now = options.now ?? (() => new Date());
  const hostFaults = options.hostFaults ?? { host: "http", cannot: {} };
  const allowHttpImageUrls = options.allowHttpImageUrls ?? false;
  const seed = options.seed ?? defaultSeed;
  const kept = options.store ?? createMemoryStore();
  const localEvents = createEventFeed<SandboxEvent>(options.maxEventStreams ?? 32);
  // On a store several sandboxes share, each one's events are every one's.
  const events = kept.events ? sharedEventFeed(localEvents, kept.events) : localEvents;
  const { store, faults, journal, providerLog } = observeSandbox(
    {
      store: kept,
      faults: createFaults(kept.faults, { latencyMs: options.latencyMs ?? 0 }, hostFaults),
      journal: kept.log<JournalEntry>("journal", options.journalLimit ?? 1000),
      providerLog: kept.log<ProviderLogEntry>("provider", options.providerLogLimit ?? 1000),
    },
    events,
  );
  let epochSeen = 0;
  const readEpoch = async () => {
    epochSeen = await store.epoch();
    return epochSeen;
  };
  // Opened once; when the store could not be reached, the next request tries again.
  let opened: Promise<"seeded" | "kept"> | undefined;
  const open = (): Promise<"seeded" | "kept"> => {
    opened ??= openSeed(store, seed, now()).then(
      async (result) => {
        await readEpoch();
        return result;
      },
      (error: unknown) => {
        opened = undefined;
        throw error;
      },
    );
    return opened;
  };
  const ready = open();
  // A host that never awaits `ready` must not see an unhandled rejection; `handle` does.
  ready.catch(() => undefined);
  const inFlight = createInFlight();

  const provider = recordingProvider(
    faultyProvider(options.provider ?? createFakeProvider(), {
      async shouldFail(conversationId) {
        if ((await store.readConversation(conversationId))?.conversation.providerDown) {
          return "the provider is down for this conversation";
        }
        return (await faults.takeProviderFailure()) ? "injected provider failure" : null;
      },
    }),
    providerLog,
    now,
  );

  const created = createBackgroundService({
    store,
    ...(store.lock === undefined ? {} : { lock: store.lock }),
    loadImage: options.loadImage,
    provider,
    newBackgroundId: options.newBackgroundId ?? randomBackgroundId,
    now,
  });
  const service = options.wrapService ? options.wrapService(created) : created;

  const control = createControlApi({
    store,
    faults,
    journal,
    providerLog,
    events,
    images: options.images,
    async reset() {
      // Calls in flight belong to the state before: they answer 503 and write nothing.
      inFlight.abortAll();
      // One step in the store: state, logs and armed faults, for every sandbox sharing it.
      await loadSeed(store, seed, now());
      await readEpoch();
      events.publish({ type: "reset" });
    },
    inFlight: () => inFlight.size,
    now,
    startedAt: now(),
    maxConversations: options.maxConversations ?? 10_000,
  });

  async function answer(
    request: CoreRequest,
    { pathname, search }: { pathname: string; search: string },
    record: CallRecord,
    epoch: number,
  ): Promise<CoreResponse> {
    if (pathname === "/__sandbox" || pathname.startsWith("/__sandbox/")) {
      const extras = { readDashboard: options.readDashboard, events: options.eventStream };
      const sub = pathname.slice(10) || "/";
      return answerControl(control, options.guard, request, sub, search, extras);
    }
    const call = inFlight.begin();
    // A client that left stops the work: no download or provider call for an answer nobody reads.
    const onLeave = () => call.abort(request.signal?.reason);
    if (request.signal?.aborted) onLeave();
    request.signal?.addEventListener("abort", onLeave, { once: true });
    try {
      const deps = { store, service, faults, allowHttpImageUrls, hostFaults, now };
      return await answerApi(deps, request, pathname, call.signal, record, epoch);
    } finally {
      request.signal?.removeEventListener("abort", onLeave);
      call.end();
    }
  }

  /** Journals an answer to a call on the API's path; calls anywhere else are not journalled. */
  async function journalEntry(entry: Omit<JournalEntry, "seq">, epoch: number): Promise<void> {
    if (!entry.path.startsWith("/v1/")) return;
    try {
      await journal.append(entry, epoch);
    } catch {
      // A store that cannot be reached loses the entry; the answer stands as it is.
    }
  }

  return {
    async handle(request) {
      const started = performance.now();
      const at = now().toISOString();
      const record: CallRecord = {};
      const target = splitTarget(request.url);
      let response: CoreResponse;
      // A call that began before a reset is not journalled after it: the journal shows what
      // happened since the reset, and such a call answered 503 or acted on the old state.
      let epoch: number | undefined;
      try {
        await open();
        // Only calls that read state read the epoch (and only API calls are journalled): the
        // dashboard's page and the control routes that need no state answer while the
        // store is away.
        if (readsState(target.pathname)) {
          let current = await readEpoch();
          if (current === 0) {
            // The store lost its state (a Redis emptied or restarted without its data):
            // seed it again, as at start, rather than answer every call 401 or 404, show
            // an empty sandbox, or arm a fault the next call's seeding would wipe.
            opened = undefined;
            if ((await open()) === "seeded") {
              // Another sandbox on the store may have been first: only the one that seeded says so.
              options.onStoreEmptied?.();
              events.publish({ type: "reset" });
            }
            current = await readEpoch();
          }
          if (target.pathname.startsWith("/v1/")) epoch = current;
        }
        response = await answer(request, target, record, epoch ?? epochSeen);
      } catch (error) {
        const apiError = toApiError(error);
        // A 500 the sandbox meant (a fault a test asked for) is no bug.
        if (apiError.code === "INTERNAL_ERROR" && apiError !== error && !request.signal?.aborted) {
          options.onBug?.(error, request);
        }
        response = errorResponse(apiError);
      }
      if (options.wrapAnswer) response = options.wrapAnswer(response, request);
      // Whatever the work answered, a fault after it loses the answer on its way.
      const fault = record.fault;
      if (fault !== undefined && isFaultKind(fault) && faultStage[fault] === "after") {
        const { retryAfterSeconds, stallMs } = record.settings ?? (await faults.current());
        const context = { ...target, retryAfterSeconds, stallMs, now };
        response = afterWorkAnswer(fault, response, context);
      }
      // Nobody is left to read the answer of a client that went away, and an answer the
      // host gave instead it journals itself: neither is journalled here.
      if (epoch !== undefined && !request.signal?.aborted && !request.answered?.()) {
        await journalEntry(
          {
            at,
            method: request.method,
            path: target.pathname,
            status: response.status,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            accountId: record.account?.id ?? null,
            code: response.code,
            imageUrl: record.imageUrl ?? null,
            fault: record.fault ?? null,
          },
          epoch,
        );
      }
      return response;
    },
    control,
    store,
    faults,
    journal,
    providerLog,
    service,
    events,
    abortCalls: (why) => inFlight.abortAll(why),
    inFlight: () => inFlight.size,
    knownEpoch: () => epochSeen,
    journalHostAnswer(call) {
      void journalEntry(
        {
          at: call.at.toISOString(),
          method: call.method,
          path: splitTarget(call.url).pathname,
          status: call.status,
          durationMs: call.durationMs,
          accountId: null,
          code: call.code,
          imageUrl: null,
          fault: null,
        },
        call.epoch,
      );
    },
    ready,
  };
}

/**
 * Whether a call's answer depends on the store's state: the API's and the control
 * surface's, but for the dashboard's files, the image catalogue, the event stream and a
 * reset (which fills the store anyway).
 */
function readsState(pathname: string): boolean {
  if (pathname.startsWith("/v1/")) return true;
  if (pathname !== "/__sandbox" && !pathname.startsWith("/__sandbox/")) return false;
  const route = pathname.length > 11 ? pathname.slice(10).replace(/\/$/, "") : "/";
  return !isDashboardFile(route) && !/^\/(images(\/[^/]*)?|events|reset)$/.test(route);
}

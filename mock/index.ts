/**
 * The sandbox, embedded: `createSandbox()` starts it in your process, on a port of your
 * choosing, with the same state, versions, errors, faults and control surface as the
 * command line. The MSW handlers are the package's `./msw` entry; the contract suite's
 * programmatic API is `./contracts`; the OpenAPI types are `./schema`.
 *
 * @example
 * import { createSandbox } from "agentphone-chat-background-kit";
 * const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
 * await fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, { method: "DELETE", headers: { authorization: "Bearer sk_sandbox_alice" } });
 * await sandbox.close();
 */
export type { BuiltSandbox, SandboxOptions } from "./build-sandbox.ts";
export type { BackgroundService } from "./core/domain/background-service.ts";
export { ApiError } from "./core/errors/api-error.ts";
export {
  type AnyErrorCode,
  type ApiErrorCode,
  type ErrorCodeInfo,
  errorCodes,
  type SandboxErrorCode,
} from "./core/errors/error-codes.ts";
export type { Health, LogPage, SandboxControlApi, StatePage } from "./core/http/control.ts";
export type { JournalEntry } from "./core/http/journal.ts";
export type { CatalogueListing } from "./core/images/catalogue.ts";
export type { FetchedImage, ImageLoader, ImageType } from "./core/images/image.ts";
export type { Provider, ProviderClear, ProviderUpload } from "./core/provider/provider.ts";
export { ProviderError } from "./core/provider/provider.ts";
export type { ProviderLogEntry } from "./core/provider/recording-provider.ts";
export type { FaultSettings } from "./core/sandbox/faults.ts";
export { createMemoryStore } from "./core/store/memory-store.ts";
export type {
  Account,
  Background,
  Channel,
  Conversation,
  HistoryEntry,
} from "./core/store/records.ts";
export { type ConversationSeed, defaultSeed, parseSeed, type Seed } from "./core/store/seed.ts";
export type {
  CommitResult,
  ConversationSnapshot,
  EntryLog,
  EntryPage,
  EventChannel,
  FaultStore,
  Store,
} from "./core/store/store.ts";
export { StoreRefusal, StoreUnavailable } from "./core/store/store.ts";
export {
  createRedisStore,
  defaultStorePrefix,
  type RedisStoreOptions,
} from "./redis/redis-store.ts";
export { createSandbox, type RunningSandbox } from "./server.ts";

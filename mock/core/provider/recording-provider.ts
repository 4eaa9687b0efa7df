import type { ImageType } from "../images/image.ts";
import { createMemoryStore } from "../store/memory-store.ts";
import type { EntryLog } from "../store/store.ts";
import type { Provider, ProviderClear, ProviderReceipt } from "./provider.ts";

/** The iOS major version from which a recipient sees a custom chat background. */
const firstIosWithBackgrounds = 18;

/** What every provider log entry holds, whatever the call. */
export interface ProviderCallRecord {
  /** Position in the log, from 1; never reused, not even after `clear()`. */
  seq: number;
  /** When the call started, as an ISO 8601 string. */
  at: string;
  conversationId: string;
  recipientIosVersion: number | null;
  /** True when the recipient's iOS is known and older than 18, so they see the default. */
  recipientSeesDefault: boolean;
  /** Whether the provider accepted the call. */
  ok: boolean;
  /** The failure's message; present only when `ok` is false. */
  error?: string;
  /**
   * True when the provider accepted the change but another writer committed first, so the
   * change was never committed (possible only with a store shared between processes).
   */
  superseded?: boolean;
  durationMs: number;
}

/** A logged upload: the call plus what was sent. */
export interface ProviderUploadLogEntry extends ProviderCallRecord {
  action: "upload";
  contentType: ImageType;
  filename: string;
  size: number;
  sha256: string;
}

/** A logged clear. */
export interface ProviderClearLogEntry extends ProviderCallRecord {
  action: "clear";
}

/** One provider call as the sandbox's provider log shows it. */
export type ProviderLogEntry = ProviderUploadLogEntry | ProviderClearLogEntry;

/** What an entry says about the call itself, beyond the fields every entry has. */
type CallDetails =
  | Pick<ProviderUploadLogEntry, "action" | "contentType" | "filename" | "size" | "sha256">
  | Pick<ProviderClearLogEntry, "action">;

/** A bounded, oldest-first log of provider calls, kept with the state. */
export type ProviderLog = EntryLog<ProviderLogEntry>;

/**
 * A provider log of its own, in memory, that keeps the newest `limit` entries (default
 * 1000): for a provider used without a sandbox.
 *
 * @example
 * const log = createProviderLog({ limit: 100 });
 * (await log.page()).entries; // []
 */
export function createProviderLog(options: { limit?: number } = {}): ProviderLog {
  return createMemoryStore().log<ProviderLogEntry>("provider", options.limit ?? 1000);
}

/**
 * Wraps a provider so that every call, accepted or failed, appends one entry to `log`.
 * Failures are rethrown unchanged.
 *
 * @example
 * const log = createMemoryStore().log<ProviderLogEntry>("provider", 1000);
 * const provider = recordingProvider(createFakeProvider(), log);
 * await provider.clearBackground({ conversationId: "conv_1", recipientIosVersion: 17 });
 * (await log.page()).entries[0]; // { seq: 1, action: "clear", recipientSeesDefault: true, ok: true, … }
 */
export function recordingProvider(
  inner: Provider,
  log: ProviderLog,
  clock: () => Date = () => new Date(),
): Provider {
  const record = async (
    call: ProviderClear,
    details: CallDetails,
    // biome-ignore lint/suspicious/noConfusingVoidType: the inner provider's own receipt, if any.
    run: () => Promise<ProviderReceipt | void>,
  ): Promise<ProviderReceipt> => {
    const started = clock();
    // A call still running when the sandbox is reset is left out of the fresh log: its
    // change is never committed (the request answers 503), so it must never read "ok".
    const epoch = await log.epoch();
    const { conversationId, recipientIosVersion } = call;
    const recipientSeesDefault =
      recipientIosVersion !== null && recipientIosVersion < firstIosWithBackgrounds;
    const base = { at: started.toISOString(), conversationId, recipientIosVersion };
    const finish = (outcome: { ok: true } | { ok: false; error: string }) => {
      // A wall clock can step backwards (NTP); a negative duration would only confuse.
      const durationMs = Math.max(0, clock().getTime() - started.getTime());
      return log.append(
        { ...base, recipientSeesDefault, ...details, ...outcome, durationMs },
        epoch,
      );
    };
    let inner: ProviderReceipt | undefined;
    try {
      inner = (await run()) || undefined;
    } catch (error) {
      await finish({ ok: false, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    const entry = await finish({ ok: true });
    return {
      async superseded() {
        await inner?.superseded();
        if (entry) await log.replace({ ...entry, superseded: true });
      },
    };
  };

  return {
    setBackground: (upload) => {
      const { contentType, filename, size, sha256 } = upload.image;
      const details = { action: "upload" as const, contentType, filename, size, sha256 };
      return record(upload, details, () => inner.setBackground(upload));
    },
    clearBackground: (clear) =>
      record(clear, { action: "clear" }, () => inner.clearBackground(clear)),
  };
}

import type { FaultKind, StatusFault } from "../sandbox/fault-kinds.ts";

/** One API call, as `GET /__sandbox/requests` shows it. */
export interface JournalEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  /** The status sent; 0 when no answer was (a `reset` or `empty-reply` fault). */
  status: number;
  durationMs: number;
  /** The account the API key belongs to, or null when it was missing or unknown. */
  accountId: string | null;
  /** The error code answered, or null on success. */
  code: string | null;
  /** The `image_url` sent, if any. */
  imageUrl: string | null;
  /** The fault injected into the call (`X-Sandbox-Fault`, or one armed), or null. */
  fault: FaultKind | StatusFault | null;
}

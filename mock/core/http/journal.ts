/** One API call, as `GET /__sandbox/requests` shows it. */
export interface JournalEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** The account the API key belongs to, or null when it was missing or unknown. */
  accountId: string | null;
  /** The error code answered, or null on success. */
  code: string | null;
  /** The `image_url` sent, if any. */
  imageUrl: string | null;
}

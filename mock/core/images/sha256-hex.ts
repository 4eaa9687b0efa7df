import { toHex } from "../hex.ts";

/**
 * The SHA-256 of `bytes` as lowercase hex, by Web Crypto, so it runs wherever the core does.
 *
 * @example
 * await sha256Hex(new Uint8Array()); // "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return toHex(digest);
}

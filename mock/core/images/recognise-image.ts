import { sha256Hex } from "./sha256-hex.ts";
import { type SniffedImage, sniffImage } from "./sniff-image.ts";

/** What the loader learns from an image's bytes. */
export interface RecognisedImage {
  sniffed: SniffedImage;
  /** Lowercase hex SHA-256. */
  sha256: string;
}

// Catalogue images are the same Uint8Array every time: each is sniffed and hashed once.
const recognised = new WeakMap<Uint8Array, RecognisedImage>();

/**
 * Sniffs and hashes `bytes`, or throws {@link ImageError} `UNSUPPORTED_IMAGE_TYPE`. The
 * answer is kept for as long as the same array lives, so hand it only bytes no one changes.
 *
 * @example
 * const { sniffed, sha256 } = await recogniseImage(bytes);
 */
export async function recogniseImage(bytes: Uint8Array): Promise<RecognisedImage> {
  const known = recognised.get(bytes);
  if (known) return known;
  const result = { sniffed: await sniffImage(bytes), sha256: await sha256Hex(bytes) };
  recognised.set(bytes, result);
  return result;
}

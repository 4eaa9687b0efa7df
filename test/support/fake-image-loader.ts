import { createHash } from "node:crypto";
import {
  type FetchedImage,
  ImageError,
  type ImageLoader,
  type ImageType,
} from "../../mock/core/images/image.ts";

/** An image a test loader serves: bytes by name, or a failure. */
export type FakeImage = { bytes: string; type?: ImageType } | { fail: ImageError };

/**
 * An {@link ImageLoader} that serves `https://img.test/<name>` from a table, with no
 * network, and counts the loads.
 */
export function fakeImageLoader(table: Record<string, FakeImage>): ImageLoader & { loads: number } {
  const loader = async (url: string): Promise<FetchedImage> => {
    loader.loads += 1;
    const entry = table[new URL(url).pathname.slice(1)];
    if (!entry)
      throw new ImageError(
        "IMAGE_FETCH_FAILED",
        "the image host answered HTTP 404.",
        "fetch_failed",
      );
    if ("fail" in entry) throw entry.fail;
    const bytes = Buffer.from(entry.bytes);
    const contentType = entry.type ?? "image/png";
    return {
      bytes,
      contentType,
      extension: contentType === "image/jpeg" ? "jpg" : contentType.slice(6),
      sha256: createHash("sha256").update(bytes).digest("hex"),
      size: bytes.length,
      sourceUrl: url,
      finalUrl: url,
    };
  };
  loader.loads = 0;
  return loader;
}

import { fileTypeFromBuffer } from "file-type";
import { ImageError, type ImageType } from "./image.ts";

/** What the bytes of an accepted image are. */
export interface SniffedImage {
  contentType: ImageType;
  /** Without the dot: `png`, `jpg`, `gif`, `webp`, `heic`. */
  extension: string;
}

const accepted: Readonly<Record<string, SniffedImage>> = {
  "image/jpeg": { contentType: "image/jpeg", extension: "jpg" },
  "image/png": { contentType: "image/png", extension: "png" },
  // An animated PNG is still a PNG to every reader of PNGs.
  "image/apng": { contentType: "image/png", extension: "png" },
  "image/gif": { contentType: "image/gif", extension: "gif" },
  "image/webp": { contentType: "image/webp", extension: "webp" },
  "image/heic": { contentType: "image/heic", extension: "heic" },
};

const heic: SniffedImage = { contentType: "image/heic", extension: "heic" };

// file-type names HEIF by the major brand alone: `mif1` (generic HEIF) is `image/heif`
// whatever codec it holds, so an AV1 image branded `mif1` would pass as HEIC. Only the
// still-image HEVC brands make it HEIC.
function compatibleBrands(bytes: Uint8Array): string[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxSize = view.length >= 8 ? view.readUInt32BE(0) : 0;
  const brands: string[] = [];
  for (let offset = 16; offset + 4 <= Math.min(boxSize, view.length); offset += 4) {
    brands.push(view.toString("latin1", offset, offset + 4));
  }
  return brands;
}

/**
 * Decides an image's type from its bytes (never a header or a file name), or throws
 * {@link ImageError} `UNSUPPORTED_IMAGE_TYPE`.
 *
 * @example
 * await sniffImage(await readFile("forest.png")); // { contentType: "image/png", extension: "png" }
 */
export async function sniffImage(bytes: Uint8Array): Promise<SniffedImage> {
  const found = await fileTypeFromBuffer(bytes);
  const known = found && accepted[found.mime];
  if (known) return known;
  if (found?.mime === "image/heif") {
    const brands = compatibleBrands(bytes);
    if ((brands.includes("heic") || brands.includes("heix")) && !brands.includes("avif")) {
      return heic;
    }
  }
  throw new ImageError(
    "UNSUPPORTED_IMAGE_TYPE",
    `the file is not a JPEG, PNG, GIF, WebP or HEIC image (found ${found ? found.mime : "no known image type"})`,
    "unsupported_type",
  );
}

import { fileTypeFromBuffer } from "file-type/core";
import { ImageError, type ImageType } from "./image.ts";

/** What the bytes of an accepted image are. */
export interface SniffedImage {
  contentType: ImageType;
  /** Without the dot: `png`, `jpg`, `gif`, `webp`, `heic`. */
  extension: string;
}

/** How many bytes, from the start, file-type is shown: every accepted type shows in far fewer. */
export const sniffWindowBytes = 64 * 1024;

/** The largest `ftyp` box taken: real ones are a few dozen bytes. */
export const maxFtypBytes = 4096;

const png: SniffedImage = { contentType: "image/png", extension: "png" };
const heic: SniffedImage = { contentType: "image/heic", extension: "heic" };

const accepted: Readonly<Record<string, SniffedImage>> = {
  "image/jpeg": { contentType: "image/jpeg", extension: "jpg" },
  "image/png": png,
  // An animated PNG is still a PNG to every reader of PNGs.
  "image/apng": png,
  "image/gif": { contentType: "image/gif", extension: "gif" },
  "image/webp": { contentType: "image/webp", extension: "webp" },
};

function ascii(bytes: Uint8Array, offset: number, length = 4): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

// Each accepted type's signature at offset 0. file-type also looks past an ID3 tag, so
// without this a PNG behind any ID3 junk would pass as a PNG.
const startsLike: Readonly<Record<ImageType, (bytes: Uint8Array) => boolean>> = {
  "image/jpeg": (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  "image/png": (bytes) => ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n",
  "image/gif": (bytes) => ascii(bytes, 0, 3) === "GIF",
  "image/webp": (bytes) => ascii(bytes, 0) === "RIFF" && ascii(bytes, 8) === "WEBP",
  "image/heic": (bytes) => ascii(bytes, 4) === "ftyp",
};

/**
 * The major and compatible brands of the `ftyp` box that starts `bytes`, or null when the
 * box is malformed: its declared size must fit in the file and be 16 to {@link maxFtypBytes}
 * and a multiple of 4, so a hostile size never costs more than a few hundred reads.
 */
function ftypBrands(bytes: Uint8Array): string[] | null {
  if (bytes.length < 16 || ascii(bytes, 4) !== "ftyp") return null;
  const size = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  if (size < 16 || size % 4 !== 0 || size > maxFtypBytes || size > bytes.length) return null;
  const brands = [ascii(bytes, 8)];
  // Offset 12 is the minor version, a number rather than a brand.
  for (let offset = 16; offset < size; offset += 4) brands.push(ascii(bytes, offset));
  return brands;
}

// file-type names HEIF by the major brand alone: `mif1` (generic HEIF) is `image/heif`
// whatever codec it holds, so an AV1 image branded `mif1` would pass as HEIC. Only the
// still-image HEVC brands make it HEIC.
function isHeic(mime: string, brands: string[]): boolean {
  if (mime === "image/heic") return true;
  const compatible = brands.slice(1);
  return (
    (compatible.includes("heic") || compatible.includes("heix")) && !compatible.includes("avif")
  );
}

function unsupported(found: string): ImageError {
  return new ImageError(
    "UNSUPPORTED_IMAGE_TYPE",
    `the file is not a JPEG, PNG, GIF, WebP or HEIC image (found ${found})`,
    "unsupported_type",
  );
}

/**
 * Decides an image's type from its bytes (never a header or a file name), or throws
 * {@link ImageError} `UNSUPPORTED_IMAGE_TYPE`. Only the first {@link sniffWindowBytes}
 * are read, so its cost does not grow with what the file declares or how long it is.
 *
 * @example
 * await sniffImage(await readFile("forest.png")); // { contentType: "image/png", extension: "png" }
 */
export async function sniffImage(bytes: Uint8Array): Promise<SniffedImage> {
  const found = await fileTypeFromBuffer(bytes.subarray(0, sniffWindowBytes));
  if (!found) throw unsupported("no known image type");
  let sniffed = accepted[found.mime];
  if (found.mime === "image/heic" || found.mime === "image/heif") {
    const brands = ftypBrands(bytes);
    if (!brands) throw unsupported(`${found.mime} with a malformed ftyp box`);
    if (isHeic(found.mime, brands)) sniffed = heic;
  }
  if (!sniffed) throw unsupported(found.mime);
  if (!startsLike[sniffed.contentType](bytes)) {
    throw unsupported(`${found.mime}, but not at the start of the file`);
  }
  return sniffed;
}

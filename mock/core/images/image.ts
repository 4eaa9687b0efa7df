/** The image types the API accepts, as sniffed from the bytes. */
export type ImageType = "image/jpeg" | "image/png" | "image/gif" | "image/webp" | "image/heic";

/** An image that was downloaded in full and recognised. */
export interface FetchedImage {
  bytes: Uint8Array;
  /** Decided from the bytes, never from a header or the file name. */
  contentType: ImageType;
  /** File extension for the type, without the dot: `png`, `jpg`, `gif`, `webp`, `heic`. */
  extension: string;
  /** Lowercase hex SHA-256 of `bytes`: the background's identity. */
  sha256: string;
  size: number;
  /** The URL the caller sent. */
  sourceUrl: string;
  /** The URL the bytes came from after redirects. */
  finalUrl: string;
}

/** Why an image was refused; each is a 422 with this code. */
export type ImageFailureCode =
  | "INVALID_IMAGE_URL"
  | "IMAGE_FETCH_FAILED"
  | "IMAGE_FETCH_TIMEOUT"
  | "IMAGE_ADDRESS_BLOCKED"
  | "IMAGE_TOO_LARGE"
  | "UNSUPPORTED_IMAGE_TYPE";

/**
 * A refused image. `message` is for a person ("the image host answered HTTP 404");
 * `detailType` is the short machine word used in the error's `details[].type`
 * (`url_scheme`, `invalid_url`, `fetch_failed`, `timeout`, `address_blocked`, `too_large`,
 * `unsupported_type`).
 */
export class ImageError extends Error {
  readonly code: ImageFailureCode;
  readonly detailType: string;

  constructor(code: ImageFailureCode, message: string, detailType: string) {
    super(message);
    this.name = "ImageError";
    this.code = code;
    this.detailType = detailType;
  }
}

/** Downloads and recognises an image, or throws {@link ImageError}. */
export type ImageLoader = (
  url: string,
  signal?: AbortSignal,
  options?: ImageLoadOptions,
) => Promise<FetchedImage>;

/** What one download may ask of the loader. */
export interface ImageLoadOptions {
  /**
   * A shorter deadline for this download, in ms (a contract suite testing `slow.png` need
   * not wait the sandbox's full deadline); never a longer one.
   */
  deadlineMs?: number;
}

/** The most bytes an image may have: 10 MiB. */
export const maxImageBytes = 10 * 1024 * 1024;

/**
 * What an image host answered: from the network (the host's fetch hop) or from the
 * built-in catalogue. The loader treats both alike, so the catalogue's answers go through
 * the same redirect, status and size checks as the network's.
 */
export interface HostResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body, read at most once. */
  body: AsyncIterable<Uint8Array>;
  /**
   * The URL the answer came from, when the host followed redirects itself (a browser's
   * fetch); absent when it is the URL asked for.
   */
  url?: string;
  /** The whole body, when it is already in memory (the catalogue): no need to stream it. */
  whole?: Uint8Array;
  /** Stops the body and releases its connection or file; safe to call more than once. */
  close(): void;
}

// The size Node's sockets hand over at a time, so the catalogue streams as a host would.
const chunkSize = 64 * 1024;

async function* chunked(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    yield bytes.subarray(offset, offset + chunkSize);
  }
}

/**
 * A response whose body is `bytes`, streamed in 64 KiB pieces.
 *
 * @example
 * bytesResponse(200, "image/png", png);
 */
export function bytesResponse(
  status: number,
  contentType: string,
  bytes: Uint8Array,
): HostResponse {
  return {
    status,
    headers: { "content-type": contentType, "content-length": String(bytes.length) },
    body: chunked(bytes),
    whole: bytes,
    close: () => {},
  };
}

/**
 * A redirect to `location` (absolute, or relative to the URL asked for).
 *
 * @example
 * redirectResponse(302, "https://10.0.0.5/x.png");
 */
export function redirectResponse(status: number, location: string): HostResponse {
  return {
    status,
    headers: { location, "content-length": "0" },
    body: chunked(new Uint8Array()),
    close: () => {},
  };
}

import { ImageError } from "./image.ts";
import { networkFailure } from "./network-error.ts";

/** The error for a body over `maxBytes`, as the spec words it. */
export function tooLarge(maxBytes: number): ImageError {
  return new ImageError(
    "IMAGE_TOO_LARGE",
    `the image is larger than ${maxBytes} bytes`,
    "too_large",
  );
}

/**
 * Reads `body` to its end, but stops at the first piece that takes it past `maxBytes`
 * (`IMAGE_TOO_LARGE`) or when `signal` aborts (throwing its reason), whatever the host
 * declared. The caller closes the body's connection afterwards.
 *
 * @example
 * const bytes = await readCapped(response.body, maxImageBytes, signal);
 */
export async function readCapped(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  let onAbort = () => {};
  // Raced against every read, so a body that never yields still ends at the deadline.
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  const iterator = body[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) break;
      total += next.value.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(next.value);
    }
  } catch (error) {
    // Ends a stream or generator we stop reading; its own errors no longer matter.
    iterator.return?.()?.catch(() => {});
    if (signal.aborted) throw signal.reason;
    throw networkFailure(error);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

import { type Provider, ProviderError } from "../core/provider/provider.ts";

/** Options for {@link createHttpProvider}. */
export interface HttpProviderOptions {
  /** The provider's base URL, e.g. `https://provider.example/v1`; a trailing slash is ignored. */
  url: string;
  /** How long one call may take, from sending to the response's status line. Default 5000. */
  timeoutMs?: number;
  /** The fetch to send with. Default: the global one, looked up at each call. */
  fetch?: typeof globalThis.fetch;
  /** Sent with every call, e.g. `{ authorization: "Bearer …" }`. */
  headers?: Record<string, string>;
}

/**
 * A provider reached over HTTP. An upload is `POST {url}/conversations/{id}/background`
 * with a `multipart/form-data` body of two parts: `conversation_id` (text) and `file` (the
 * image bytes, with their sniffed content type and file name). A clear is
 * `DELETE {url}/conversations/{id}/background` without a body. The id is URL-encoded.
 * Any non-2xx answer, network error or timeout throws {@link ProviderError}.
 *
 * @example
 * const provider = createHttpProvider({ url: "https://provider.example/v1", timeoutMs: 2000 });
 * await provider.clearBackground({ conversationId: "conv_1", recipientIosVersion: 18 });
 */
export function createHttpProvider(options: HttpProviderOptions): Provider {
  const base = options.url.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 5000;
  // A misconfigured provider should stop the sandbox at start-up, not fail every call later.
  if (!/^https?:$/.test(new URL(base).protocol)) {
    throw new TypeError(`provider URL must be http: or https:, got ${options.url}`);
  }
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new RangeError(`provider timeout must be a positive number of ms, got ${timeoutMs}`);
  }

  const send = async (method: string, conversationId: string, body: FormData | null) => {
    const url = `${base}/conversations/${encodeURIComponent(conversationId)}/background`;
    const headers = new Headers(options.headers);
    // fetch writes the multipart boundary into Content-Type; a caller's value would hide it.
    headers.delete("content-type");
    // A controller and a timer we clear, rather than AbortSignal.timeout, so that no timer
    // outlives the call.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const fetcher = options.fetch ?? globalThis.fetch;
      let response: Response;
      try {
        // A provider that redirects is misconfigured; "manual" turns that into a 3xx error
        // instead of re-sending the image to wherever it points.
        response = await fetcher(url, {
          method,
          headers,
          body,
          signal: controller.signal,
          redirect: "manual",
        });
      } catch (error) {
        if (controller.signal.aborted) {
          throw new ProviderError(`provider did not answer within ${timeoutMs} ms`, {
            cause: error,
          });
        }
        throw new ProviderError(`provider could not be reached: ${reason(error)}`, {
          cause: error,
        });
      }
      // Nothing in the answer is used; cancelling the body frees the socket at once.
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) throw new ProviderError(`provider answered HTTP ${response.status}`);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    setBackground: (upload) => {
      const form = new FormData();
      form.append("conversation_id", upload.conversationId);
      const file = new Blob([upload.image.bytes], { type: upload.image.contentType });
      form.append("file", file, upload.image.filename);
      return send("POST", upload.conversationId, form);
    },
    clearBackground: (clear) => send("DELETE", clear.conversationId, null),
  };
}

// fetch reports every network failure as "fetch failed"; the cause says which one.
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}

import { ImageError } from "./image.ts";

const reasons: Readonly<Record<string, string>> = {
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved (DNS did not answer)",
  ENODATA: "the host name has no address",
  ECONNREFUSED: "the image host refused the connection",
  ECONNRESET: "the image host closed the connection before the image was complete",
  EPIPE: "the image host closed the connection before the image was complete",
  EHOSTUNREACH: "the image host is unreachable",
  ENETUNREACH: "the image host is unreachable (no route to its network)",
  ETIMEDOUT: "the connection to the image host timed out",
  HPE_INVALID_CONSTANT: "the image host did not answer in HTTP",
  EPROTO: "the TLS handshake with the image host failed",
};

// OpenSSL's certificate errors come through as these codes, and the handshake's own as ERR_SSL_*.
const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_)/;

/**
 * Turns a socket, DNS or TLS error into {@link ImageError} `IMAGE_FETCH_FAILED` with a
 * reason a person can act on; an {@link ImageError} passes through unchanged.
 *
 * @example
 * networkFailure(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })).message;
 * // "the image host refused the connection"
 */
export function networkFailure(error: unknown): ImageError {
  if (error instanceof ImageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  let reason = typeof code === "string" ? reasons[code] : undefined;
  if (typeof code === "string" && tlsCodes.test(code)) {
    reason = `the TLS handshake with the image host failed (${code})`;
  } else if (/secure TLS connection/.test(message)) {
    // Node's words when the host hangs up during the handshake (code ECONNRESET).
    reason = "the TLS handshake with the image host failed (the host hung up)";
  } else if (message === "aborted") {
    // What Node's HTTP client says when the body ends early.
    reason = "the image host closed the connection before the image was complete";
  }
  return new ImageError(
    "IMAGE_FETCH_FAILED",
    reason ?? `the image could not be downloaded (${typeof code === "string" ? code : message})`,
    "fetch_failed",
  );
}

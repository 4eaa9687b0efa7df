import { ImageError } from "./image.ts";

/** Whether a URL's scheme may be fetched: `https:`, and `http:` too when allowed. */
function fetchable(url: URL, allowHttp: boolean): boolean {
  return url.protocol === "https:" || (allowHttp && url.protocol === "http:");
}

/**
 * Parses the URL a caller sent: absolute, `https:` (or `http:` when `allowHttp`), with no
 * user name or password, else {@link ImageError} `INVALID_IMAGE_URL`.
 *
 * @example
 * parseImageUrl("https://images.sandbox.test/forest.png").hostname; // "images.sandbox.test"
 * parseImageUrl("http://example.com/a.png"); // throws INVALID_IMAGE_URL (url_scheme)
 */
export function parseImageUrl(raw: string, allowHttp = false): URL {
  const expected = `must be an absolute ${allowHttp ? "http or https" : "https"} URL`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ImageError("INVALID_IMAGE_URL", expected, "invalid_url");
  }
  if (!fetchable(url, allowHttp)) {
    throw new ImageError("INVALID_IMAGE_URL", expected, "url_scheme");
  }
  if (url.username !== "" || url.password !== "") {
    throw new ImageError(
      "INVALID_IMAGE_URL",
      "must not carry a user name or password",
      "invalid_url",
    );
  }
  return url;
}

/**
 * Where a redirect leads: `location` read relative to `from`, held to the same rules as
 * the URL the caller sent (`http:` allowed only with `allowHttp`). A redirect that breaks them is the host's fault, so it is
 * `IMAGE_FETCH_FAILED` rather than the caller's `INVALID_IMAGE_URL`.
 *
 * @example
 * redirectTarget("forest.png", new URL("https://images.sandbox.test/a.png")).href;
 * // "https://images.sandbox.test/forest.png"
 */
export function redirectTarget(location: string, from: URL, allowHttp = false): URL {
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    throw new ImageError(
      "IMAGE_FETCH_FAILED",
      `the image host redirected to an invalid URL (${location})`,
      "fetch_failed",
    );
  }
  if (!fetchable(url, allowHttp) || url.username !== "" || url.password !== "") {
    throw new ImageError(
      "IMAGE_FETCH_FAILED",
      `the image host redirected to ${fetchable(url, allowHttp) ? "a URL with credentials" : `a non-https URL (${url.href})`}`,
      "fetch_failed",
    );
  }
  return url;
}

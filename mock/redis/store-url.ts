/** Where a sandbox keeps state, as `--store` names it. */
export type StoreChoice = { kind: "memory" } | { kind: "redis"; url: string };

const accepted = "use memory, or redis://[user:password@]host[:port][/db] (rediss:// for TLS)";
const scheme = /^[a-z][a-z\d+.-]*:\/\//i;
const printable = /^[\x21-\x7e]+$/;
const encodeHint = "in a password, write / ? # @ and % as %2F %3F %23 %40 and %25";

/**
 * Reads `--store`: `memory`, or a `redis://` (`rediss://` for TLS) URL with a host and at
 * most a database number for its path, written in printable ASCII. Throws a TypeError that
 * says what is accepted, and shows the value only with its credentials masked: a password
 * that breaks the URL (an unencoded `/` or `#` in it) must not be echoed as its host or path.
 *
 * @example
 * parseStoreUrl("redis://127.0.0.1:6379/2"); // { kind: "redis", url: "redis://127.0.0.1:6379/2" }
 */
export function parseStoreUrl(value: string): StoreChoice {
  if (value === "memory") return { kind: "memory" };
  if (value === "") throw new TypeError(`the store is empty: ${accepted}.`);
  if (!printable.test(value)) {
    throw new TypeError(
      `${redactedStoreUrl(value.trim())} has a space, a control character or a character beyond ASCII: leave none around it, and percent-encode any in a password.`,
    );
  }
  if (!scheme.test(value)) {
    // Not echoed: a bare word here may well be a password.
    throw new TypeError(`the store is neither memory nor a URL: ${accepted}.`);
  }
  const shown = redactedStoreUrl(value);
  if (!URL.canParse(value)) {
    const at = value.lastIndexOf("@");
    const hostAndPort = value.slice(at + 1).split(/[/?#]/)[0] ?? "";
    const because =
      at !== -1 && URL.canParse(`redis://${hostAndPort}`)
        ? ` (${encodeHint})`
        : " (its host or port is not valid: a port is a number from 0 to 65535)";
    throw new TypeError(`${shown} is not a URL${because}: ${accepted}.`);
  }
  const url = new URL(value);
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new TypeError(`${url.protocol} is not a store: ${accepted}.`);
  }
  if (cutInsidePassword(url)) {
    throw new TypeError(
      `${shown} has an @ after its host, so the URL was cut inside its password: ${encodeHint}.`,
    );
  }
  if (url.hostname === "") throw new TypeError(`the store URL names no host: ${accepted}.`);
  for (const part of [url.username, url.password]) {
    try {
      decodeURIComponent(part);
    } catch {
      throw new TypeError(
        `${shown} has a % in its user or password that is not followed by two hex digits: write % as %25.`,
      );
    }
  }
  if (!/^\/?(\d{1,5})?$/.test(url.pathname) || Number(url.pathname.slice(1) || 0) > 16_383) {
    throw new TypeError(
      `the store URL's path must be a database number from 0 to 16383, not ${JSON.stringify(url.pathname)}.`,
    );
  }
  if (url.search !== "" || url.hash !== "") {
    throw new TypeError(
      `the store URL takes no query or fragment (a password goes before the host: redis://:password@host): ${accepted}.`,
    );
  }
  return { kind: "redis", url: value };
}

/**
 * A store URL fit for a log line or an error: its password, a user written without one (a
 * password put where the user goes, most likely), and any query or fragment replaced by
 * `***`. Anything else is quoted with everything between `//` and its last `@`, and after a
 * `?` or `#` that follows it, masked, and control characters escaped; text without a
 * scheme is not shown at all.
 *
 * @example
 * redactedStoreUrl("redis://app:hunter2@cache:6379/0"); // "redis://app:***@cache:6379/0"
 * redactedStoreUrl("redis://hunter2@cache"); // "redis://***@cache"
 * redactedStoreUrl("redis://:pa/ss@cache"); // "\"redis://***@cache\""
 */
export function redactedStoreUrl(value: string): string {
  const start = scheme.exec(value)?.[0];
  if (start === undefined) return "(a store that is not a URL)";
  if (URL.canParse(value) && printable.test(value)) {
    const url = new URL(value);
    if (!cutInsidePassword(url)) {
      if (url.password !== "") url.password = "***";
      else if (url.username !== "") url.username = "***";
      if (url.search !== "") url.search = "***";
      if (url.hash !== "") url.hash = "***";
      return url.toString();
    }
  }
  const at = value.lastIndexOf("@");
  const rest = at === -1 ? value.slice(start.length) : `***${value.slice(at)}`;
  return JSON.stringify(`${start}${rest.replace(/[?#][\s\S]*$/, (tail) => `${tail[0]}***`)}`);
}

/**
 * Whether an `@` stands past the host: the URL was cut inside a password (at an unencoded
 * `/ ? #`), whose parts it shows as host, port, path or query.
 */
function cutInsidePassword(url: URL): boolean {
  return `${url.pathname}${url.search}${url.hash}`.includes("@");
}

/** A prefix can be any printable ASCII text without spaces or braces, up to 100 characters. */
const storePrefixPattern = /^[!-z|~]{1,100}$/;

/**
 * Checks a store prefix; throws a TypeError whose message, after the option's name, says
 * what is accepted and shows the prefix escaped.
 *
 * @example
 * checkStorePrefix("team-a"); // "team-a"
 * checkStorePrefix("{team}"); // throws: must be 1 to 100 printable ASCII characters…
 */
export function checkStorePrefix(prefix: unknown): string {
  if (typeof prefix === "string" && storePrefixPattern.test(prefix)) return prefix;
  const length =
    typeof prefix === "string" && prefix.length > 100 ? ` (${prefix.length} characters)` : "";
  throw new TypeError(
    `must be 1 to 100 printable ASCII characters without spaces or braces, not ${JSON.stringify(prefix)}${length}.`,
  );
}

/** Where a sandbox keeps state, as `--store` names it. */
export type StoreChoice = { kind: "memory" } | { kind: "redis"; url: string };

const accepted = "use memory, or redis://[user:password@]host[:port][/db] (rediss:// for TLS)";

/**
 * Reads `--store`: `memory`, or a `redis://` (`rediss://` for TLS) URL with a host and at
 * most a database number for its path. Throws a TypeError that says what is accepted and
 * shows the value only with its credentials masked.
 *
 * @example
 * parseStoreUrl("redis://127.0.0.1:6379/2"); // { kind: "redis", url: "redis://127.0.0.1:6379/2" }
 */
export function parseStoreUrl(value: string): StoreChoice {
  if (value === "memory") return { kind: "memory" };
  if (!URL.canParse(value)) {
    const hint = value.includes("@")
      ? " (in a password, write / ? # @ and % as %2F %3F %23 %40 and %25)"
      : "";
    throw new TypeError(`${redactedStoreUrl(value)} is not a URL${hint}: ${accepted}.`);
  }
  const url = new URL(value);
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new TypeError(`${url.protocol} is not a store: ${accepted}.`);
  }
  if (url.hostname === "") throw new TypeError(`the store URL names no host: ${accepted}.`);
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
 * `***`. Text that is not a URL is quoted with everything before its last `@` and after
 * a `?` or `#` masked, and control characters escaped.
 *
 * @example
 * redactedStoreUrl("redis://app:hunter2@cache:6379/0"); // "redis://app:***@cache:6379/0"
 * redactedStoreUrl("redis://hunter2@cache"); // "redis://***@cache"
 */
export function redactedStoreUrl(value: string): string {
  if (!URL.canParse(value)) return maskedText(value);
  const url = new URL(value);
  if (url.password !== "") url.password = "***";
  else if (url.username !== "") url.username = "***";
  if (url.search !== "") url.search = "***";
  if (url.hash !== "") url.hash = "***";
  return url.toString();
}

function maskedText(value: string): string {
  let text = value.replace(/[?#][\s\S]*$/, (rest) => `${rest[0]}***`);
  const at = text.lastIndexOf("@");
  if (at !== -1) {
    const scheme = /^[a-z][a-z\d+.-]*:\/\//i.exec(text)?.[0] ?? "";
    text = `${scheme}***${text.slice(at)}`;
  }
  return JSON.stringify(text);
}

/** Where a sandbox keeps state, as `--store` names it. */
export type StoreChoice = { kind: "memory" } | { kind: "redis"; url: string };

/**
 * Reads `--store`: `memory`, or a `redis://` (`rediss://` for TLS) URL with a host and at
 * most a database number for its path. Throws an Error that says what is accepted.
 *
 * @example
 * parseStoreUrl("redis://127.0.0.1:6379/2"); // { kind: "redis", url: "redis://127.0.0.1:6379/2" }
 */
export function parseStoreUrl(value: string): StoreChoice {
  if (value === "memory") return { kind: "memory" };
  const accepted = "use memory, or redis://[user:password@]host[:port][/db] (rediss:// for TLS)";
  if (!URL.canParse(value)) throw new Error(`${JSON.stringify(value)} is not a URL: ${accepted}.`);
  const url = new URL(value);
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new Error(`${url.protocol} is not a store: ${accepted}.`);
  }
  if (url.hostname === "") throw new Error(`the store URL names no host: ${accepted}.`);
  if (!/^\/?(\d{1,5})?$/.test(url.pathname) || Number(url.pathname.slice(1) || 0) > 16_383) {
    throw new Error(`the store URL's path must be a database number, not ${url.pathname}.`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new Error(`the store URL takes no query or fragment: ${accepted}.`);
  }
  return { kind: "redis", url: value };
}

/** A store URL fit for a log line: its password replaced by `***`. */
export function redactedStoreUrl(value: string): string {
  if (!URL.canParse(value)) return "(a store URL that does not parse)";
  const url = new URL(value);
  if (url.password !== "") url.password = "***";
  return url.toString();
}

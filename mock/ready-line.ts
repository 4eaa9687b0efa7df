import { bracketed, clientHost } from "./check-options.ts";

/** What the command line's ready line tells a person. */
export interface ReadyFacts {
  /** A URL a client on this machine can use. */
  url: string;
  /** The address bound, as given. */
  host: string;
  pid: number;
  /** The token the control surface requires, or undefined when it needs none. */
  adminToken: string | undefined;
  /** Whether the token was made up at start (then it is printed) or given with `--admin-token`. */
  tokenMadeUp: boolean;
  /** Whether `--allow-private-images` is on. */
  allowPrivateImages: boolean;
  /** Where state is kept, when not in memory: the store's URL (password hidden) and state. */
  store?: { where: string; prefix: string; opened: "seeded" | "kept" };
}

/**
 * The one line the command line prints once the sandbox accepts connections: where to send
 * requests, whether `/__sandbox` needs a token (and the token, when it was made up, the only
 * time it is shown), and any guard turned off.
 *
 * @example
 * readyLine({ url: "http://127.0.0.1:4010", host: "127.0.0.1", pid: 42, adminToken: undefined, tokenMadeUp: false, allowPrivateImages: false });
 * // "AgentPhone sandbox ready at http://127.0.0.1:4010 (pid 42); /__sandbox needs no token (loopback only)"
 */
export function readyLine(facts: ReadyFacts): string {
  const bound = clientHost(facts.host) === bracketed(facts.host) ? "" : `, bound to ${facts.host}`;
  const control =
    facts.adminToken === undefined
      ? "/__sandbox needs no token (loopback only)"
      : facts.tokenMadeUp
        ? `/__sandbox needs X-Sandbox-Token: ${facts.adminToken}`
        : "/__sandbox needs the --admin-token in X-Sandbox-Token";
  const images = facts.allowPrivateImages
    ? "; --allow-private-images: images may come from loopback and private addresses, over http: too"
    : "";
  const store =
    facts.store === undefined
      ? ""
      : `; state in ${facts.store.where} under prefix ${facts.store.prefix} (${facts.store.opened === "kept" ? "kept from before" : "seeded"})`;
  return `AgentPhone sandbox ready at ${facts.url} (pid ${facts.pid}${bound}); ${control}${store}${images}`;
}

import type { Cassette, RecordedBody } from "./cassette.ts";

/** Headers whose values are credentials, in requests and answers alike. */
const secretHeaders = new Set([
  "authorization",
  "proxy-authorization",
  "x-sandbox-token",
  "x-api-key",
  "api-key",
  "cookie",
  "set-cookie",
]);

/** JSON fields whose string values are credentials: `apiKey`, `token`, `client_secret`… */
const secretField = /api[-_]?key|token|secret|password|authorization|credential/i;

/** JSON fields whose string values are an account's ids: `id`, `conversationId`, `conversation_id`… */
const idField = /^id$|Id$|_id$/;

/**
 * Query parameters whose values are credentials, by the last word of their name: a signed
 * URL's `X-Amz-Signature`, `X-Amz-Credential`, `X-Amz-Security-Token`, `X-Goog-Signature`,
 * Azure's `sig`, CloudFront's `Signature` and `Policy`, and `token`, `access_token`, `key`,
 * `api_key`, `auth`… (`X-Amz-SignedHeaders` or `X-Amz-Date` are not.)
 */
const secretParam =
  /(?:^|[-_.])(?:sig|signature|token|credentials?|secret|password|passwd|pwd|key|api-?key|apikey|policy|auth|session)$/i;

/** Absolute URLs in a text, up to a space, a quote or an angle bracket. */
const absoluteUrl = /https?:\/\/[^\s"'<>]+/gi;

/**
 * A value in a URL shorter than this is not taken for a credential (`key=1`, `auth=true`):
 * it would be replaced wherever it stands alone, and no signature or token is so short.
 */
const shortestUrlCredential = 6;

/** Characters an id is made of: a value is replaced only where none of them touches it. */
const idChar = "A-Za-z0-9_-";

/** Secrets this long are replaced wherever they stand, even inside a longer token. */
const longSecret = 8;

/** An id's own prefix, which its placeholder keeps: `conv_`, `bg_`, `acct_`… */
const idStem = /^[A-Za-z]+_/;

/** Which counter numbers an id: its prefix, else what its field says it is. */
function idGroup(field: string, value: string): string {
  const stem = idStem.exec(value)?.[0];
  if (stem) return stem;
  if (/conversation/i.test(field)) return "conversation";
  if (/background/i.test(field)) return "background";
  if (/account/i.test(field)) return "account";
  return "id";
}

/**
 * The `n`th placeholder of its group for `value`: a secret becomes `secret_n`; an id keeps
 * its prefix, its length and where its separators stand, its other characters becoming `n`
 * padded with zeros (`bg_5f0c…` → `bg_000000000000001`), so a check of its format still passes.
 */
function placeholderFor(group: string, value: string, n: number): string {
  if (group === "secret") return `secret_${n}`;
  const stem = idStem.exec(value)?.[0] ?? "";
  const tail = value.slice(stem.length);
  const digits = [...String(n).padStart(tail.replace(/[^A-Za-z0-9]/g, "").length, "0")];
  let shaped = "";
  for (const char of [...tail].reverse()) {
    shaped = (/[A-Za-z0-9]/.test(char) ? digits.pop() : char) + shaped;
  }
  // Digits left over when n is wider than the id.
  return stem + digits.join("") + shaped;
}

function literal(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The credential of an `Authorization` value (`Bearer X` → `X`), else the whole value. */
function credential(value: string): string {
  return /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(value)?.[1] ?? value;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

/**
 * The credentials a URL or a path carries, each decoded with the spelling it has there: the
 * user and password before its host, and the values of its query parameters named like
 * credentials.
 */
function urlCredentials(url: string): { value: string; written: string }[] {
  const found: { value: string; written: string }[] = [];
  const add = (written: string) => {
    const value = decoded(written);
    if (value.length >= shortestUrlCredential) found.push({ value, written });
  };
  const userinfo = /^https?:\/\/([^/?#@]*)@/i.exec(url)?.[1];
  if (userinfo) for (const part of userinfo.split(":")) add(part);
  // Punctuation after a URL in a sentence is not part of its last value.
  const query = (url.split("#")[0] ?? "")
    .replace(/[.,;:!)\]}]+$/, "")
    .split("?")
    .slice(1)
    .join("?");
  for (const pair of query.split(/[&;]/)) {
    const equals = pair.indexOf("=");
    if (equals > 0 && secretParam.test(decoded(pair.slice(0, equals)))) {
      add(pair.slice(equals + 1));
    }
  }
  return found;
}

function walk(value: unknown, visit: (field: string, text: string) => void, field = ""): void {
  if (typeof value === "string") visit(field, value);
  else if (Array.isArray(value)) for (const item of value) walk(item, visit, field);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) walk(item, visit, key);
  }
}

function mapStrings(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === "string") return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapStrings(item, replace)]),
    );
  }
  return value;
}

/**
 * Replaces a recording's secrets and ids with stable placeholders, everywhere they appear
 * (paths, headers, bodies, test names, the target's settings): the API key and every
 * credential in `Authorization`, `X-Sandbox-Token` and the like or in a JSON field named
 * like one, and what any URL carries as a credential (a password before its host, a signed
 * URL's signature and the like in its query) become `secret_1`, `secret_2`…; the account's ids (the target's configured
 * conversations, and every JSON field named `id`, `…Id` or `…_id`) become placeholders of
 * their own shape (`conv_3f9a0c…` → `conv_000001`), numbered per prefix in order of first
 * appearance. The same value always gets the same placeholder, so the recording still
 * replays; a placeholder never collides with text the recording keeps. `secrets` adds
 * values known to be secret (the run's environment).
 *
 * @example
 * redactCassette(cassette, [process.env.AGENTPHONE_API_KEY ?? ""]);
 */
export function redactCassette(cassette: Cassette, secrets: string[] = []): Cassette {
  const kinds = new Map<string, string>();
  const addSecret = (value: string | undefined) => {
    if (value && !kinds.has(value)) kinds.set(value, "secret");
  };
  const addId = (value: string | undefined, field: string) => {
    if (value && value.length >= 3 && !kinds.has(value)) kinds.set(value, idGroup(field, value));
  };

  const target = cassette.target;
  addSecret(target?.apiKey);
  for (const secret of secrets) addSecret(secret.trim());
  if (target) {
    addId(target.conversation, "conversation");
    addId(target.ids.sms, "conversation");
    addId(target.ids.otherAccount, "conversation");
  }
  const visitBody = (part: RecordedBody) =>
    walk(part.body, (field, text) => {
      if (secretField.test(field)) addSecret(text);
      else if (idField.test(field)) addId(text, field);
    });
  for (const { request, response } of cassette.exchanges) {
    for (const headers of [request.headers, "headers" in response ? response.headers : {}]) {
      for (const [name, value] of Object.entries(headers)) {
        if (secretHeaders.has(name.toLowerCase())) addSecret(credential(value));
      }
    }
    visitBody(request);
    if (!("error" in response)) visitBody(response);
  }
  // A signed image URL's signature, wherever a URL stands, and a path's own query: one
  // placeholder for the value, however the URL spells it.
  const written = new Map<string, string>();
  const addFromUrl = (url: string) => {
    for (const { value, written: spelling } of urlCredentials(url)) {
      addSecret(value);
      if (kinds.has(value)) written.set(spelling, value);
    }
  };
  walk(cassette, (_field, text) => {
    for (const [url] of text.matchAll(absoluteUrl)) addFromUrl(url);
  });
  for (const { request } of cassette.exchanges) addFromUrl(request.path);

  // Every spelling of a value that may appear: as is, percent-encoded in a path, and as a
  // URL wrote it.
  const spellings = new Map<string, string>();
  for (const value of kinds.keys()) {
    spellings.set(value, value);
    spellings.set(encodeURIComponent(value), value);
  }
  for (const [spelling, value] of written)
    if (!spellings.has(spelling)) spellings.set(spelling, value);
  const pattern = (values: string[]) =>
    new RegExp(
      values
        .sort((a, b) => b.length - a.length)
        .map((value) =>
          kinds.get(spellings.get(value) ?? value) === "secret" && value.length >= longSecret
            ? literal(value)
            : `(?<![${idChar}])${literal(value)}(?![${idChar}])`,
        )
        .join("|"),
      "g",
    );
  if (spellings.size === 0) return structuredClone(cassette);
  const found = pattern([...spellings.keys()]);

  // Placeholders are numbered in order of first appearance, skipping any the kept text uses.
  const kept = new Set(
    JSON.stringify(cassette)
      .replace(found, " ")
      .match(new RegExp(`[${idChar}]+`, "g")),
  );
  const counters = new Map<string, number>();
  const placeholders = new Map<string, string>();
  for (const [value, group] of kinds) {
    let placeholder: string;
    do {
      const n = (counters.get(group) ?? 0) + 1;
      counters.set(group, n);
      placeholder = placeholderFor(group, value, n);
    } while (kept.has(placeholder));
    placeholders.set(value, placeholder);
  }
  return mapStrings(cassette, (text) =>
    text.replace(found, (match) => placeholders.get(spellings.get(match) ?? match) ?? match),
  ) as Cassette;
}

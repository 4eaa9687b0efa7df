import {
  type Cassette,
  describePlace,
  type Exchange,
  type RecordedBody,
  type RecordedResponse,
} from "./cassette.ts";

/**
 * A request's path or body with what differs between runs made one: which conversation (a
 * fresh one per test, its placeholder's number shifting when a call comes or goes) and
 * which secret placeholder.
 */
function general(text: string): string {
  return text
    .replace(/(\/conversations\/)[^/?]+/g, "$1{id}")
    .replace(/\bsecret_\d+\b/g, "secret_*");
}

function shortBody(request: Exchange["request"]): string {
  const text = "body" in request ? JSON.stringify(request.body) : (request.bodyText ?? "");
  if (text === "") return "";
  return ` ${text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
}

/** Where an exchange stands in both recordings, and how a difference names it. */
function identify(exchanges: Exchange[]): Map<string, { name: string; exchange: Exchange }> {
  const seen = new Map<string, number>();
  const byKey = new Map<string, { name: string; exchange: Exchange }>();
  for (const exchange of exchanges) {
    const { file, test, request } = exchange;
    // The control surface is the suite's own bookkeeping with a sandbox, not the API.
    if (request.path.startsWith("/__sandbox/")) continue;
    const sent = `${request.method} ${general(request.path)}${general(shortBody(request))}`;
    const base = `${describePlace(file, test)}: ${sent}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    byKey.set(`${base}#${n}`, { name: n === 0 ? base : `${base} (call ${n + 1})`, exchange });
  }
  return byKey;
}

/** A JSON value's shape: each key path and the type found there (`error.details[].field: string`). */
export function bodyShape(part: RecordedBody): Map<string, string> {
  const shape = new Map<string, string>();
  const visit = (value: unknown, path: string) => {
    const type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    const types = new Set(shape.get(path)?.split(" | "));
    types.add(type);
    shape.set(path, [...types].sort().join(" | "));
    if (Array.isArray(value)) for (const item of value) visit(item, `${path}[]`);
    else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key);
    }
  };
  if ("body" in part) visit(part.body, "");
  else shape.set("", part.bodyText === undefined ? "empty" : "text");
  return shape;
}

function errorCode(part: RecordedBody): string | undefined {
  const code = (part.body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === "string" ? code : undefined;
}

/** How a body ended: whole, cut short by an error, or never. */
function ending(response: RecordedResponse): string {
  if (response.bodyError) return `${response.bodyError.name} (${response.bodyError.message})`;
  return response.bodyStalled ? "never" : "whole";
}

function compare(a: Exchange["response"], b: Exchange["response"]): string[] {
  if ("error" in a || "error" in b) {
    const show = (r: Exchange["response"]) =>
      "error" in r ? `${r.error.name} (${r.error.message})` : `status ${r.status}`;
    return show(a) === show(b) ? [] : [`${show(a)} → ${show(b)}`];
  }
  const out: string[] = [];
  if (a.status !== b.status) out.push(`status ${a.status} → ${b.status}`);
  if (ending(a) !== ending(b)) out.push(`body ended ${ending(a)} → ${ending(b)}`);
  const [codeA, codeB] = [errorCode(a), errorCode(b)];
  if (codeA !== codeB) out.push(`error code ${codeA ?? "none"} → ${codeB ?? "none"}`);
  const namesA = new Set(Object.keys(a.headers).map((n) => n.toLowerCase()));
  const namesB = new Set(Object.keys(b.headers).map((n) => n.toLowerCase()));
  for (const name of [...namesA].sort()) if (!namesB.has(name)) out.push(`header ${name} removed`);
  for (const name of [...namesB].sort()) if (!namesA.has(name)) out.push(`header ${name} added`);
  const [shapeA, shapeB] = [bodyShape(a), bodyShape(b)];
  for (const path of [...new Set([...shapeA.keys(), ...shapeB.keys()])].sort()) {
    const [typeA, typeB] = [shapeA.get(path), shapeB.get(path)];
    if (typeA !== typeB) {
      out.push(`body ${path || "(whole)"}: ${typeA ?? "absent"} → ${typeB ?? "absent"}`);
    }
  }
  return out;
}

/**
 * What changed in the API's answers from recording `a` to recording `b`: per request
 * (matched by contract file, test, method, path, body and order; calls to a sandbox's
 * `/__sandbox` are left out), a changed status, error code, body shape (keys and value
 * types, not values), body ending (whole, cut short, never) or set of response headers,
 * and requests only one of them made. One line each; none when the API behaved the same.
 *
 * @example
 * const lines = diffCassettes(readCassette("committed.json"), readCassette("tonight.json"));
 * process.exitCode = lines.length === 0 ? 0 : 1;
 */
export function diffCassettes(a: Cassette, b: Cassette): string[] {
  const [before, after] = [identify(a.exchanges), identify(b.exchanges)];
  const lines: string[] = [];
  for (const [key, { name, exchange }] of before) {
    const other = after.get(key);
    if (!other) lines.push(`${name}: only in the first`);
    else
      for (const change of compare(exchange.response, other.exchange.response)) {
        lines.push(`${name}: ${change}`);
      }
  }
  for (const [key, { name }] of after)
    if (!before.has(key)) lines.push(`${name}: only in the second`);
  return lines;
}

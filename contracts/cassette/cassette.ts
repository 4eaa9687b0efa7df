import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kitRoot } from "../paths.ts";
import { type Target, TargetConfigError } from "../target.ts";

/** The cassette format's version; a reader refuses any other. */
export const cassetteVersion = 1;

/**
 * A message's body: `body` when its text is JSON (and serialises back to exactly that
 * text), `bodyText` for any other text, neither when it is empty.
 */
export interface RecordedBody {
  body?: unknown;
  bodyText?: string;
}

/** What the suite sent: the path without the origin, so any base URL replays. */
export interface RecordedRequest extends RecordedBody {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** An error as a client saw it: its name (`TypeError`, `AbortError`), message and cause. */
export interface RecordedError {
  name: string;
  message: string;
  cause?: { name: string; message: string; code?: string };
  /** The client's own signal ended the request (its timeout, or a caller giving up). */
  aborted?: true;
}

/**
 * What came back. A body that did not arrive whole keeps what did arrive in `bodyText`, and
 * says how it ended: `bodyError` (cut short, or aborted by the client), or `bodyStalled`
 * when it had not ended by the end of the run.
 */
export interface RecordedResponse extends RecordedBody {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  bodyError?: RecordedError;
  bodyStalled?: true;
}

/** A request that got no answer at all (refused, reset, closed, or aborted by the client). */
export interface RecordedFailure {
  error: RecordedError;
}

/** One request and its answer, keyed by where in the suite it was made. */
export interface Exchange {
  /** The contract file, without its extension: `set-background`. */
  file: string;
  /** The test's full name, its target's label written `{target}`; null outside a test. */
  test: string | null;
  /** How many identical requests (same test, method, path and body) came before it. */
  occurrence: number;
  request: RecordedRequest;
  response: RecordedResponse | RecordedFailure;
}

/** A target's settings: everything about it but what it does. */
export type TargetSettings = Omit<
  Target,
  "conversation" | "faults" | "state" | "touched" | "close"
>;

/** The target a cassette was recorded from: what its replay reports and sends. */
export interface RecordedTarget extends TargetSettings {
  /** As given to `--target`: `fake`, `live`, `fake:smsAccepted`. */
  entry: string;
  /** The one configured conversation of a target without a control surface. */
  conversation?: string;
}

/** A recorded run: see README, "Record, replay and diff". */
export interface Cassette {
  version: typeof cassetteVersion;
  /** The kit's version that recorded it. */
  kit: string;
  recordedAt: string;
  /** Null when no contract file opened its target. */
  target: RecordedTarget | null;
  exchanges: Exchange[];
}

/** Splits a message's text into the cassette's `body` or `bodyText`. */
export function encodeBody(text: string): RecordedBody {
  if (text === "") return {};
  try {
    const body: unknown = JSON.parse(text);
    if (JSON.stringify(body) === text) return { body };
  } catch {
    // Not JSON: kept as text below.
  }
  return { bodyText: text };
}

/** The exact text a recorded `body` or `bodyText` stands for. */
export function bodyText(part: RecordedBody): string {
  if ("body" in part) return JSON.stringify(part.body);
  return part.bodyText ?? "";
}

/** What identifies a request within a run, before its occurrence index. */
export function requestKey(
  file: string,
  test: string | null,
  method: string,
  path: string,
  body: string,
): string {
  return JSON.stringify([file, test, method, path, body]);
}

/** How a message names where a request was made. */
export function describePlace(file: string, test: string | null): string {
  return test === null ? `${file} (outside a test)` : `test "${file} › ${test}"`;
}

/** The kit's own version, from its package.json. */
export function kitVersion(): string {
  const { version } = JSON.parse(readFileSync(join(kitRoot, "package.json"), "utf8")) as {
    version: string;
  };
  return version;
}

/**
 * Reads a cassette; throws {@link TargetConfigError} naming the file when it is missing,
 * not JSON, or of another format version.
 *
 * @example
 * const cassette = readCassette("contracts/live.cassette.json");
 */
export function readCassette(file: string): Cassette {
  let parsed: Partial<Cassette>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Cassette>;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : "not JSON";
    throw new TargetConfigError(`cassette ${file}: ${reason}`);
  }
  if (parsed.version !== cassetteVersion || !Array.isArray(parsed.exchanges)) {
    throw new TargetConfigError(
      `cassette ${file}: not a cassette of version ${cassetteVersion} (its version: ${String(parsed.version)})`,
    );
  }
  return parsed as Cassette;
}

/** Writes a cassette as indented JSON, one field a line, so a commit shows what changed. */
export function writeCassette(file: string, cassette: Cassette): void {
  writeFileSync(file, `${JSON.stringify(cassette, null, 2)}\n`);
}

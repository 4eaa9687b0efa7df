import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { Target } from "../target.ts";
import {
  encodeBody,
  type RecordedBody,
  type RecordedError,
  type RecordedTarget,
  requestKey,
  type TargetSettings,
} from "./cassette.ts";
import { currentPlace } from "./current-place.ts";

/** Set while a recorder handles a request, so a fetch it calls (MSW passing one on) is not recorded twice. */
const recording = new AsyncLocalStorage<true>();
const recorders = new WeakSet<typeof fetch>();

let sink: { file: string; entry: string } | undefined;
const occurrences = new Map<string, number>();
const sequence = { file: "", next: 0 };
let exchanges = 0;

function write(line: object): void {
  if (sink) appendFileSync(sink.file, `${JSON.stringify(line)}\n`);
}

/** An error as the client saw it, for the cassette. */
export function describeError(error: unknown, signal?: AbortSignal | null): RecordedError {
  const { name = "Error", message = String(error), cause } = error as Error & { cause?: unknown };
  const { code } = (cause ?? {}) as { code?: unknown };
  return {
    name,
    message,
    ...(signal?.aborted ? { aborted: true as const } : {}),
    ...(cause instanceof Error
      ? {
          cause: {
            name: cause.name,
            message: cause.message,
            ...(typeof code === "string" ? { code } : {}),
          },
        }
      : {}),
  };
}

/** Reads a copy of an answer's body to its end, or to the error that ended it. */
async function readBody(
  response: Response,
  signal: AbortSignal | null | undefined,
): Promise<RecordedBody & { bodyError?: RecordedError }> {
  const chunks: Uint8Array[] = [];
  const reader = response.body?.getReader();
  const text = () => Buffer.concat(chunks).toString("utf8");
  try {
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
      chunks.push(chunk.value);
    }
    return encodeBody(text());
  } catch (error) {
    return {
      ...(chunks.length > 0 ? { bodyText: text() } : {}),
      bodyError: describeError(error, signal),
    };
  }
}

function recorderAround(inner: typeof fetch): typeof fetch {
  const recorder = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (recording.getStore()) return inner(input, init);
    return recording.run(true, async () => {
      const request = new Request(input, init);
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const text = await request.clone().text();
      const url = new URL(request.url);
      const { file, test } = currentPlace();
      if (sequence.file !== file) Object.assign(sequence, { file, next: 0 });
      const seq = sequence.next++;
      const key = requestKey(file, test, request.method, url.pathname + url.search, text);
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      const exchange = {
        kind: "exchange",
        id: `${process.pid}:${exchanges++}`,
        file,
        test,
        seq,
        occurrence,
        request: {
          method: request.method,
          path: url.pathname + url.search,
          headers: Object.fromEntries(request.headers),
          ...encodeBody(text),
        },
      };
      let response: Response;
      try {
        response = await inner(request);
      } catch (error) {
        write({ ...exchange, response: { error: describeError(error, signal) } });
        throw error;
      }
      write({
        ...exchange,
        response: {
          status: response.status,
          statusText: response.statusText,
          headers: Object.fromEntries(response.headers),
        },
      });
      // The answer goes back as soon as its headers are in: waiting for its body here would
      // change what a client sees of a body that stalls. Its copy is read on the side, and
      // written when it ends; one that never ends is marked stalled in the cassette.
      void readBody(response.clone(), signal).then((body) =>
        write({ kind: "body", id: exchange.id, ...body }),
      );
      return response;
    });
  };
  recorders.add(recorder);
  return recorder;
}

/** Keeps a recorder outermost on `globalThis.fetch`, wrapping whatever answers now. */
function wrapGlobalFetch(): void {
  if (!recorders.has(globalThis.fetch)) globalThis.fetch = recorderAround(globalThis.fetch);
}

/**
 * Records every `fetch` of this worker (the suite's own requests, the control surface's,
 * the official SDK's) as JSON lines in `dir`, one file per worker, for the run to merge.
 * Secrets are written as they are: the merge redacts them, and removes the folder.
 */
export function startRecording(dir: string, entry: string): void {
  sink ??= { file: join(dir, `worker-${process.pid}.jsonl`), entry };
  wrapGlobalFetch();
}

/**
 * Notes the target a contract file opened, for the cassette's header, and puts the recorder
 * back in front of `fetch` (the msw target's server replaces it when it starts listening).
 */
export async function noteOpenedTarget(target: Target): Promise<void> {
  if (!sink) return;
  wrapGlobalFetch();
  const { conversation: _, faults: _f, state: _s, touched: _t, close: _c, ...settings } = target;
  const recorded: RecordedTarget = {
    entry: sink.entry,
    // Through JSON, as it will be read back: an absent id is no key at all.
    ...(JSON.parse(JSON.stringify(settings)) as TargetSettings),
    // Without a control surface a target's conversation is its one configured id, and
    // asking for it sends nothing; with one, asking would create a conversation.
    ...(target.capabilities.controlSurface ? {} : { conversation: await target.conversation() }),
  };
  write({ kind: "target", file: currentPlace().file, target: recorded });
}

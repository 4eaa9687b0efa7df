import { ApiError } from "../errors/api-error.ts";
import type { SandboxEvent } from "../sandbox/sandbox-event.ts";
import type { CoreResponse } from "./exchange.ts";

/** What {@link eventStream} sends first, so a client knows the stream is open. */
export type StreamEvent = SandboxEvent | { type: "hello" };

/** How an event stream keeps its connection alive and bounds what a slow reader holds. */
export interface EventStreamOptions {
  /** A comment line this often, so that idle proxies and clients keep the stream. Default 15 000. */
  heartbeatMs?: number;
  /** Events waiting for a reader that does not read; past it the stream ends. Default 1000. */
  maxQueued?: number;
}

const encoder = new TextEncoder();

/** One event in the text/event-stream format: its JSON on one `data:` line. */
export function formatEvent(event: StreamEvent): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(event)}\n\n`);
}

/**
 * The answer of `GET /__sandbox/events`: Server-Sent Events, one per {@link SandboxEvent},
 * for as long as the client reads. Subscribes at once; a 503 when the feed is full. The
 * subscription ends when the client cancels the stream (a host does when the connection
 * closes), and the stream errors (the client then reconnects and reads the state again)
 * when `maxQueued` events wait for a client that does not read them.
 *
 * @example
 * const answer = eventStream(control.subscribe);
 */
export function eventStream(
  subscribe: (listener: (event: SandboxEvent) => void) => (() => void) | null,
  options: EventStreamOptions = {},
): CoreResponse {
  const maxQueued = options.maxQueued ?? 1000;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let beat: ReturnType<typeof setInterval> | undefined;
  const stop = subscribe((event) => {
    if (!controller) return;
    if ((controller.desiredSize ?? 0) <= -maxQueued) {
      end();
      controller.error(new Error(`the client fell ${maxQueued} events behind`));
      return;
    }
    controller.enqueue(formatEvent(event));
  });
  if (stop === null) {
    throw new ApiError(
      "SERVICE_UNAVAILABLE",
      "Too many event streams are open; close one (another tab of the dashboard?) and retry.",
      [],
      { "Retry-After": "5" },
    );
  }
  function end() {
    stop?.();
    clearInterval(beat);
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start(opened) {
        controller = opened;
        opened.enqueue(encoder.encode("retry: 1000\n"));
        opened.enqueue(formatEvent({ type: "hello" }));
        beat = setInterval(
          () => opened.enqueue(encoder.encode(": keep-alive\n\n")),
          options.heartbeatMs ?? 15_000,
        );
      },
      cancel: end,
    },
    { highWaterMark: 0 },
  );
  return {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      // Proxies that buffer answers would hold every event back.
      "x-accel-buffering": "no",
    },
    body: undefined,
    stream,
    code: null,
  };
}

import { HttpResponse } from "msw";
import type { CoreResponse, WireFault } from "../core/http/exchange.ts";
import type { HostFaults } from "../core/sandbox/fault-kinds.ts";

/** The faults MSW cannot put on a wire it does not have, and why. */
export const mswFaults: HostFaults = {
  host: "msw",
  cannot: {
    "empty-reply":
      "MSW can fail a request only as a whole (HttpResponse.error()), which a client sees exactly as a reset; ask for reset",
    redirect:
      "MSW's fetch interceptor does not follow a 307 that re-sends a request body (it fails the request instead), where a real client follows it",
  },
};

/** Resolves once the client has gone (the request aborts) or `ms` have passed. */
function stalled(signal: AbortSignal, ms: number): Promise<"left" | "timeout"> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve("left");
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve("timeout");
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve("left");
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A body that sends `sent`, then fails as a cut connection does (`truncated`), or sends
 * nothing more until the client leaves or `stallMs` pass (`stall`).
 */
function faultyBody(
  sent: Uint8Array,
  fault: WireFault & { kind: "truncated" | "stall" },
  request: Request,
): ReadableStream<Uint8Array> {
  let pulls = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // The request itself, not only its signal, is held for as long as the body: undici's
      // Request keeps the controller its signal follows, which may be collected without it.
      const signal = request.signal;
      pulls += 1;
      // The part first, on its own: erroring at once would discard it unread.
      if (pulls === 1) return controller.enqueue(sent);
      if (fault.kind === "stall" && (await stalled(signal, fault.stallMs)) === "left") {
        return controller.error(signal.reason);
      }
      // As undici reports a body cut short, so a client's handling is tested as it will run.
      const cause = new Error("the sandbox closed the connection before the body ended");
      controller.error(new TypeError("terminated", { cause }));
    },
  });
}

/** A fault of the connection, as MSW can express it: a network error, or a faulty body. */
export async function faultResponse(
  answer: CoreResponse,
  fault: WireFault,
  headers: Record<string, string>,
  request: Request,
): Promise<Response> {
  if (fault.kind === "reset" || fault.kind === "empty-reply") return HttpResponse.error();
  if (fault.sent === null) {
    // Not even the headers: MSW rejects the fetch by itself once its client leaves.
    await stalled(request.signal, fault.kind === "stall" ? fault.stallMs : 0);
    return HttpResponse.error();
  }
  return new HttpResponse(faultyBody(fault.sent, fault, request), {
    status: answer.status,
    headers,
  });
}

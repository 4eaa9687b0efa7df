// A transport and a resolver whose answers the test releases, to hold downloads in flight.

import { bytesResponse, type HostResponse } from "../../../mock/core/images/host-response.ts";
import type { Resolver } from "../../../mock/images/checked-address.ts";
import type { Dial, Transport } from "../../../mock/images/transport.ts";
import { catalogueFile, publicAddress } from "./support.ts";

/** A transport that answers each dial only when the test says, and fails it on abort. */
export interface HeldTransport {
  transport: Transport;
  /** Every dial so far, in order. */
  dials: Dial[];
  /** Answers dial `index` with `response` (default: forest.png). */
  answer(index: number, response?: HostResponse): void;
  /** Resolves once `count` dials have come in. */
  dialled(count: number): Promise<void>;
}

/** Resolves once `count` of something have happened, checked each time `notify` runs. */
function counter(current: () => number) {
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    notify() {
      for (const waiter of waiters.splice(0)) {
        if (current() >= waiter.count) waiter.resolve();
        else waiters.push(waiter);
      }
    },
    reached(count: number): Promise<void> {
      if (current() >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

/** Builds a {@link HeldTransport}. */
export function heldTransport(): HeldTransport {
  const dials: Dial[] = [];
  const answers: Array<(response: HostResponse) => void> = [];
  const seen = counter(() => dials.length);
  const transport: Transport = (dial) =>
    new Promise((resolve, reject) => {
      dials.push(dial);
      answers.push(resolve);
      dial.signal.addEventListener("abort", () => reject(dial.signal.reason), { once: true });
      seen.notify();
    });
  return {
    transport,
    dials,
    answer(index, response = bytesResponse(200, "image/png", catalogueFile("forest.png"))) {
      const answer = answers[index];
      if (!answer) throw new Error(`no dial ${index} to answer`);
      answer(response);
    },
    dialled: (count) => seen.reached(count),
  };
}

/** A resolver that says every name is public, and counts the names it was asked. */
export function countingResolver(): Resolver & { asked(count: number): Promise<void> } {
  let asked = 0;
  const seen = counter(() => asked);
  const resolve: Resolver = async () => {
    asked += 1;
    seen.notify();
    return [{ address: publicAddress, family: 4 }];
  };
  return Object.assign(resolve, { asked: (count: number) => seen.reached(count) });
}

/** Lets every pending promise callback run: what is left waits on I/O or a timer. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

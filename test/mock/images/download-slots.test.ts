import { describe, expect, it } from "vitest";
import { createDownloadSlots } from "../../../mock/core/images/download-slots.ts";
import { rejectionOf } from "./support.ts";

const signal = new AbortController().signal;

describe("createDownloadSlots", () => {
  it("hands a freed slot to the callers waiting, first come first served", async () => {
    const slots = createDownloadSlots(1, 2);
    const release = await slots.acquire(signal);
    const order: string[] = [];
    const wait = (name: string) =>
      slots.acquire(signal).then((next) => {
        order.push(name);
        return next;
      });
    const first = wait("first");
    const second = wait("second");
    release();
    (await first)();
    (await second)();
    expect(order).toEqual(["first", "second"]);
  });

  it("frees a slot once however often its release is called", async () => {
    const slots = createDownloadSlots(1, 1);
    const release = await slots.acquire(signal);
    release();
    const again = await slots.acquire(signal);
    release();
    // Were the second call to count, this would be a second slot rather than a queued wait.
    const queued = slots.acquire(signal);
    expect(await rejectionOf(slots.acquire(signal))).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
    });
    again();
    (await queued)();
  });

  it("refuses a caller whose signal has already aborted, taking nothing", async () => {
    const slots = createDownloadSlots(1, 0);
    const aborted = AbortSignal.abort(new Error("gone"));
    expect(await rejectionOf(slots.acquire(aborted))).toMatchObject({ message: "gone" });
    (await slots.acquire(signal))();
  });
});

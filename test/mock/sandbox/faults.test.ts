import { describe, expect, it } from "vitest";
import { createFaults } from "../../../mock/core/sandbox/faults.ts";
import { createMemoryStore } from "../../../mock/core/store/memory-store.ts";

describe("createFaults", () => {
  it("uses up each armed provider failure one call at a time", async () => {
    const faults = createFaults(createMemoryStore().faults);
    await faults.update({ providerFailNext: 2 });
    const taken = [];
    for (let i = 0; i < 3; i += 1) taken.push(await faults.takeProviderFailure());
    expect(taken).toEqual([true, true, false]);
  });

  it("uses up armed call faults one at a time, the 429 and 503 first", async () => {
    const faults = createFaults(createMemoryStore().faults);
    await faults.update({
      stallNext: 1,
      resetNext: 1,
      rateLimitNext: 1,
      serverErrorNext: 1,
      providerFailNext: 1,
    });
    const taken = [];
    for (let i = 0; i < 5; i += 1) taken.push((await faults.takeCallFault()).kind);
    expect(taken).toEqual(["rate-limit", "server-error", "reset", "stall", undefined]);
    expect((await faults.current()).providerFailNext).toBe(1);
  });

  it("answers the settings after the fault it used up, in the same step", async () => {
    const faults = createFaults(createMemoryStore().faults);
    await faults.update({ rateLimitNext: 2, retryAfterSeconds: 7 });
    const { kind, settings } = await faults.takeCallFault();
    expect([kind, settings.rateLimitNext, settings.retryAfterSeconds]).toEqual([
      "rate-limit",
      1,
      7,
    ]);
  });

  it("uses up faults a sandbox started with, as it does armed ones", async () => {
    const faults = createFaults(createMemoryStore().faults, { rateLimitNext: 1 });
    expect((await faults.takeCallFault()).kind).toBe("rate-limit");
    expect((await faults.takeCallFault()).kind).toBeUndefined();
  });

  it("refuses to arm a fault the host cannot express, naming the fault and the host", async () => {
    const faults = createFaults(
      createMemoryStore().faults,
      {},
      { host: "msw", cannot: { redirect: "no wire" } },
    );
    await expect(faults.update({ redirectNext: 1 })).rejects.toThrow(
      "The msw host cannot inject the redirect fault (redirectNext): no wire",
    );
    await expect(faults.update({ redirectNext: 0, resetNext: 1 })).resolves.toMatchObject({
      resetNext: 1,
    });
  });

  it("returns to the starting latency when the store is reset", async () => {
    const store = createMemoryStore();
    const faults = createFaults(store.faults, { latencyMs: 200 });
    await faults.update({ latencyMs: 5, rateLimitNext: 3 });
    await store.reset([], []);
    expect(await faults.current()).toEqual({
      latencyMs: 200,
      providerFailNext: 0,
      rateLimitNext: 0,
      retryAfterSeconds: 1,
      serverErrorNext: 0,
      resetNext: 0,
      emptyReplyNext: 0,
      redirectNext: 0,
      rateLimitResetNext: 0,
      notJsonNext: 0,
      truncatedNext: 0,
      stallNext: 0,
      stallMs: 30_000,
    });
  });

  it("sees what another sandbox on the same store armed, and uses it up for both", async () => {
    const store = createMemoryStore();
    const one = createFaults(store.faults, { latencyMs: 10 });
    const two = createFaults(store.faults, { latencyMs: 20 });
    await one.update({ serverErrorNext: 1 });
    expect((await two.takeCallFault()).kind).toBe("server-error");
    expect((await one.takeCallFault()).kind).toBeUndefined();
    // Each keeps its own starting latency until one is armed for all.
    expect([(await one.current()).latencyMs, (await two.current()).latencyMs]).toEqual([10, 20]);
  });

  it("names the bad field when refusing an update, and changes nothing", async () => {
    const faults = createFaults(createMemoryStore().faults);
    await expect(faults.update({ latencyMs: 70_000 })).rejects.toThrow(/latencyMs/);
    await expect(faults.update({ surprise: 1 })).rejects.toThrow(/surprise/);
    await expect(faults.update("everything")).rejects.toThrow();
    expect((await faults.current()).latencyMs).toBe(0);
  });
});

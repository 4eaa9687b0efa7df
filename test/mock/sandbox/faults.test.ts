import { describe, expect, it } from "vitest";
import { createFaults } from "../../../mock/core/sandbox/faults.ts";

describe("createFaults", () => {
  it("uses up each armed fault one call at a time", () => {
    const faults = createFaults();
    faults.update({ rateLimitNext: 2, serverErrorNext: 1, providerFailNext: 1 });
    expect([faults.takeRateLimit(), faults.takeRateLimit(), faults.takeRateLimit()]).toEqual([
      true,
      true,
      false,
    ]);
    expect([faults.takeServerError(), faults.takeServerError()]).toEqual([true, false]);
    expect([faults.takeProviderFailure(), faults.takeProviderFailure()]).toEqual([true, false]);
  });

  it("uses up armed call faults one at a time, the 429 and 503 first", () => {
    const faults = createFaults();
    faults.update({ stallNext: 1, resetNext: 1, rateLimitNext: 1, providerFailNext: 1 });
    const taken = [1, 2, 3, 4].map(() => faults.takeCallFault());
    expect(taken).toEqual(["rate-limit", "reset", "stall", undefined]);
    expect(faults.current().providerFailNext).toBe(1);
  });

  it("refuses to arm a fault the host cannot express, naming the fault and the host", () => {
    const faults = createFaults({}, { host: "msw", cannot: { redirect: "no wire" } });
    expect(() => faults.update({ redirectNext: 1 })).toThrow(
      "The msw host cannot inject the redirect fault (redirectNext): no wire",
    );
    expect(() => faults.update({ redirectNext: 0, resetNext: 1 })).not.toThrow();
  });

  it("returns to the starting latency on reset", () => {
    const faults = createFaults({ latencyMs: 200 });
    faults.update({ latencyMs: 5, rateLimitNext: 3 });
    faults.reset();
    expect(faults.current()).toEqual({
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

  it("names the bad field when refusing an update, and changes nothing", () => {
    const faults = createFaults();
    expect(() => faults.update({ latencyMs: 70_000 })).toThrow(/latencyMs/);
    expect(() => faults.update({ surprise: 1 })).toThrow(/surprise/);
    expect(() => faults.update("everything")).toThrow();
    expect(faults.current().latencyMs).toBe(0);
  });
});

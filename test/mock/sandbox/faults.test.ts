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

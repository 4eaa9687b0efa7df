import { describe, expect, it } from "vitest";
import { createBoundedLog } from "../../../mock/core/sandbox/bounded-log.ts";

describe("createBoundedLog", () => {
  it("keeps the newest entries within its limit and counts what it dropped", () => {
    const log = createBoundedLog<{ seq: number; n: number }>(3);
    for (let n = 1; n <= 10; n += 1) log.append({ n });
    expect(log.entries().map((e) => e.n)).toEqual([8, 9, 10]);
    expect(log.entries().map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(log.dropped).toBe(7);
  });

  it("empties on clear but keeps numbering, so a poller never sees a number twice", () => {
    const log = createBoundedLog<{ seq: number }>(5);
    log.append({});
    log.append({});
    log.clear();
    expect(log.entries()).toEqual([]);
    expect(log.dropped).toBe(0);
    expect(log.append({})?.seq).toBe(3);
  });

  it("stays bounded over a long run", () => {
    const log = createBoundedLog<{ seq: number }>(100);
    for (let n = 0; n < 100_000; n += 1) log.append({});
    expect(log.entries()).toHaveLength(100);
    expect(log.entries()[99]?.seq).toBe(100_000);
  });
});

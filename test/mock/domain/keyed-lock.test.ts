import { describe, expect, it } from "vitest";
import { createKeyedLock } from "../../../mock/core/domain/keyed-lock.ts";

describe("createKeyedLock", () => {
  it("runs tasks for one key one at a time, in arrival order", async () => {
    const lock = createKeyedLock();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`end ${name}`);
    };
    await Promise.all([
      lock.run("a", task("1")),
      lock.run("a", task("2")),
      lock.run("a", task("3")),
    ]);
    expect(events).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  it("runs tasks for different keys concurrently", async () => {
    const lock = createKeyedLock();
    let releaseA = () => {};
    const a = lock.run("a", () => new Promise<void>((resolve) => (releaseA = resolve)));
    const b = await lock.run("b", async () => "b done");
    expect(b).toBe("b done");
    releaseA();
    await a;
  });

  it("lets the next task run after one fails, and passes the failure to its caller", async () => {
    const lock = createKeyedLock();
    const failed = lock.run("a", async () => {
      throw new Error("boom");
    });
    const next = lock.run("a", async () => "next");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("next");
  });

  it("keeps nothing once a key is idle", async () => {
    const lock = createKeyedLock();
    await Promise.all([lock.run("a", async () => 1), lock.run("b", async () => 2)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lock.size).toBe(0);
  });
});

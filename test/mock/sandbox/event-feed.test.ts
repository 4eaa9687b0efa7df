import { describe, expect, it } from "vitest";
import { createEventFeed } from "../../../mock/core/sandbox/event-feed.ts";

describe("createEventFeed", () => {
  it("hands each event to every subscriber until it leaves", () => {
    const feed = createEventFeed<number>(4);
    const a: number[] = [];
    const b: number[] = [];
    const stopA = feed.subscribe((n) => a.push(n));
    feed.subscribe((n) => b.push(n));
    feed.publish(1);
    stopA?.();
    feed.publish(2);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
    expect(feed.size).toBe(1);
  });

  it("takes at most its limit of subscribers, and one more once one leaves", () => {
    const feed = createEventFeed<number>(2);
    const first = feed.subscribe(() => {});
    expect(feed.subscribe(() => {})).not.toBeNull();
    expect(feed.subscribe(() => {})).toBeNull();
    expect(feed.size).toBe(2);
    first?.();
    expect(feed.subscribe(() => {})).not.toBeNull();
  });

  it("drops a subscriber that throws, and the others still get the event", () => {
    const feed = createEventFeed<number>(2);
    const got: number[] = [];
    feed.subscribe(() => {
      throw new Error("broken");
    });
    feed.subscribe((n) => got.push(n));
    feed.publish(1);
    feed.publish(2);
    expect(got).toEqual([1, 2]);
    expect(feed.size).toBe(1);
  });

  it("counts a function subscribed twice as two subscribers, each leaving alone", () => {
    const feed = createEventFeed<number>(4);
    const got: number[] = [];
    const listener = (n: number) => got.push(n);
    const stop = feed.subscribe(listener);
    feed.subscribe(listener);
    feed.publish(1);
    stop?.();
    feed.publish(2);
    expect(got).toEqual([1, 1, 2]);
  });
});

import type { EventChannel } from "../store/store.ts";

/** Where a sandbox's events go: to every subscriber, while it is subscribed. */
export interface EventFeed<E> {
  /**
   * Calls `listener` with every event published from now on, until the returned function is
   * called; answers null, subscribing nothing, when `limit` subscribers are already in.
   */
  subscribe(listener: (event: E) => void): (() => void) | null;
  /** Hands `event` to every subscriber; costs nothing when there is none. */
  publish(event: E): void;
  /** How many subscribers there are now. */
  readonly size: number;
  readonly limit: number;
}

/**
 * Creates an {@link EventFeed} that takes at most `limit` subscribers at once, so that
 * clients that never leave cannot pile up listeners. A listener that throws is dropped; the
 * others still get the event.
 *
 * @example
 * const feed = createEventFeed<string>(32);
 * const stop = feed.subscribe((event) => console.log(event));
 * feed.publish("hello");
 * stop?.();
 */
export function createEventFeed<E>(limit: number): EventFeed<E> {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`a feed's limit must be a whole number >= 0, got ${limit}`);
  }
  const listeners = new Set<(event: E) => void>();
  return {
    subscribe(listener) {
      if (listeners.size >= limit) return null;
      // A wrapper per subscription: subscribing one function twice makes two subscribers.
      const one = (event: E) => listener(event);
      listeners.add(one);
      return () => {
        listeners.delete(one);
      };
    },
    publish(event) {
      // Every answered call publishes: with nobody listening, that must stay free.
      if (listeners.size === 0) return;
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          listeners.delete(listener);
        }
      }
    },
    get size() {
      return listeners.size;
    },
    limit,
  };
}

/**
 * A feed that is also the feed of every other sandbox on a shared store: what is published
 * here goes to `channel` too, and while this feed has subscribers, what the others publish
 * reaches them. `size` counts a listener elsewhere as one, so that work done only for
 * listeners is done when anyone listens.
 *
 * @example
 * const events = sharedEventFeed(createEventFeed<SandboxEvent>(32), store.events);
 */
export function sharedEventFeed<E>(local: EventFeed<E>, channel: EventChannel): EventFeed<E> {
  let stopListening: (() => void) | undefined;
  const follow = () => {
    if (local.size > 0 && !stopListening) {
      stopListening = channel.listen((event) => local.publish(event as E));
    } else if (local.size === 0 && stopListening) {
      stopListening();
      stopListening = undefined;
    }
  };
  return {
    subscribe(listener) {
      const stop = local.subscribe(listener);
      if (!stop) return null;
      follow();
      return () => {
        stop();
        follow();
      };
    },
    publish(event) {
      local.publish(event);
      channel.publish(event);
    },
    get size() {
      return local.size + (channel.listened ? 1 : 0);
    },
    limit: local.limit,
  };
}

import { describe, expect, it } from "vitest";
import {
  setResponse,
  withBackground,
  withoutBackground,
} from "../../../mock/core/domain/background.ts";
import { type Conversation, historyLimit } from "../../../mock/core/store/records.ts";
import { conversationFromSeed } from "../../../mock/core/store/seed.ts";

const at = new Date("2026-01-01T00:00:00Z");
const fresh = (): Conversation =>
  conversationFromSeed({ id: "conv_a", channel: "imessage" }, "acct_a", at);
const background = (n: number) => ({
  id: `bg_${String(n).padStart(15, "0")}`,
  sha256: String(n).padStart(64, "0"),
  contentType: "image/png" as const,
  size: n,
  sourceUrl: `https://img.test/${n}.png`,
  setAt: at.toISOString(),
});

describe("the background state machine", () => {
  it("counts a set and a removal as one version each", () => {
    const set = withBackground(fresh(), background(1));
    const removed = withoutBackground(set, at);
    expect([set.version, removed.version]).toEqual([1, 2]);
    expect(removed.background).toBeNull();
  });

  it("reports the version and id of the background a set leaves", () => {
    const set = withBackground(fresh(), background(1));
    expect(setResponse(set, true)).toEqual({
      conversationId: "conv_a",
      channel: "iMessage",
      hasBackground: true,
      changed: true,
      backgroundId: "bg_000000000000001",
      backgroundVersion: 1,
    });
  });

  it("keeps the newest history entries only, while the version keeps counting", () => {
    let conversation = fresh();
    for (let n = 1; n <= historyLimit + 20; n += 1)
      conversation = withBackground(conversation, background(n));
    expect(conversation.version).toBe(historyLimit + 20);
    expect(conversation.history).toHaveLength(historyLimit);
    expect(conversation.history.at(-1)?.version).toBe(historyLimit + 20);
  });

  it("never changes the conversation it was given", () => {
    const original = fresh();
    const copy = structuredClone(original);
    withoutBackground(withBackground(original, background(1)), at);
    expect(original).toEqual(copy);
  });
});

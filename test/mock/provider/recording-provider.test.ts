import { describe, expect, it } from "vitest";
import { createFakeProvider } from "../../../mock/core/provider/fake-provider.ts";
import {
  type Provider,
  type ProviderClear,
  ProviderError,
  type ProviderUpload,
} from "../../../mock/core/provider/provider.ts";
import {
  createProviderLog,
  type ProviderLogEntry,
  recordingProvider,
} from "../../../mock/core/provider/recording-provider.ts";
import { createMemoryStore } from "../../../mock/core/store/memory-store.ts";

const sha256 = "a".repeat(64);

function upload(recipientIosVersion: number | null = 18): ProviderUpload {
  const bytes = Buffer.from("a tiny png");
  return {
    conversationId: "conv_imessage",
    recipientIosVersion,
    image: { bytes, contentType: "image/png", filename: "background.png", sha256, size: 10 },
  };
}

function clear(recipientIosVersion: number | null = 18): ProviderClear {
  return { conversationId: "conv_imessage", recipientIosVersion };
}

/** A clock that starts at noon on 1 March 2025 and moves 7 ms each time it is read. */
function steppingClock(): () => Date {
  let now = Date.parse("2025-03-01T12:00:00.000Z");
  return () => {
    const date = new Date(now);
    now += 7;
    return date;
  };
}

function failing(error: unknown): Provider {
  return {
    setBackground: () => Promise.reject(error),
    clearBackground: () => Promise.reject(error),
  };
}

describe("the recording provider", () => {
  it("logs an accepted upload with what was sent", async () => {
    const log = createProviderLog();
    const provider = recordingProvider(createFakeProvider(), log, steppingClock());
    await provider.setBackground(upload());

    expect((await log.page()).entries).toEqual<ProviderLogEntry[]>([
      {
        seq: 1,
        at: "2025-03-01T12:00:00.000Z",
        action: "upload",
        conversationId: "conv_imessage",
        recipientIosVersion: 18,
        recipientSeesDefault: false,
        contentType: "image/png",
        filename: "background.png",
        size: 10,
        sha256,
        ok: true,
        durationMs: 7,
      },
    ]);
  });

  it("logs an accepted clear without image fields", async () => {
    const log = createProviderLog();
    const provider = recordingProvider(createFakeProvider(), log, steppingClock());
    await provider.clearBackground(clear(17));

    expect((await log.page()).entries).toEqual<ProviderLogEntry[]>([
      {
        seq: 1,
        at: "2025-03-01T12:00:00.000Z",
        action: "clear",
        conversationId: "conv_imessage",
        recipientIosVersion: 17,
        recipientSeesDefault: true,
        ok: true,
        durationMs: 7,
      },
    ]);
  });

  const recipients = [
    { given: 17, want: true },
    { given: 16, want: true },
    { given: 18, want: false },
    { given: 26, want: false },
    { given: null, want: false },
  ];
  for (const { given, want } of recipients) {
    it(`notes recipientSeesDefault ${want} for a recipient on iOS ${given ?? "unknown"}`, async () => {
      const log = createProviderLog();
      const provider = recordingProvider(createFakeProvider(), log);
      await provider.setBackground(upload(given));
      await provider.clearBackground(clear(given));

      expect((await log.page()).entries.map((entry) => entry.recipientSeesDefault)).toEqual([
        want,
        want,
      ]);
    });
  }

  it("logs a failure with ok false and its message, and rethrows the same error", async () => {
    const log = createProviderLog();
    const failure = new ProviderError("provider answered HTTP 500");
    const provider = recordingProvider(failing(failure), log, steppingClock());

    await expect(provider.setBackground(upload())).rejects.toBe(failure);
    await expect(provider.clearBackground(clear())).rejects.toBe(failure);
    expect(
      (await log.page()).entries.map(({ seq, action, ok, error }) => ({ seq, action, ok, error })),
    ).toEqual([
      { seq: 1, action: "upload", ok: false, error: "provider answered HTTP 500" },
      { seq: 2, action: "clear", ok: false, error: "provider answered HTTP 500" },
    ]);
  });

  it("logs something thrown that is not an Error by its text", async () => {
    const log = createProviderLog();
    const provider = recordingProvider(failing("boom"), log);

    await expect(provider.clearBackground(clear())).rejects.toBe("boom");
    expect((await log.page()).entries[0]?.error).toBe("boom");
  });

  it("logs an accepted call without an error field", async () => {
    const log = createProviderLog();
    await recordingProvider(createFakeProvider(), log).clearBackground(clear());
    expect((await log.page()).entries[0]).not.toHaveProperty("error");
  });

  it("measures the duration from the call's start to its end", async () => {
    const log = createProviderLog();
    let now = 0;
    const clock = () => new Date(now);
    const delay = async () => {
      now += 250;
    };
    await recordingProvider(createFakeProvider({ delay }), log, clock).setBackground(upload());

    expect((await log.page()).entries[0]).toMatchObject({
      at: "1970-01-01T00:00:00.000Z",
      durationMs: 250,
    });
  });
});

describe("the provider log", () => {
  it("keeps the newest entries up to its limit and counts those it dropped", async () => {
    const log = createProviderLog({ limit: 3 });
    const provider = recordingProvider(createFakeProvider(), log);
    for (let i = 0; i < 5; i += 1) await provider.clearBackground(clear());

    expect((await log.page()).entries.length).toBe(3);
    expect((await log.page()).dropped).toBe(2);
    expect((await log.page()).entries.map((entry) => entry.seq)).toEqual([3, 4, 5]);
  });

  it("keeps 1000 entries by default", async () => {
    const log = createProviderLog();
    const provider = recordingProvider(createFakeProvider(), log);
    for (let i = 0; i < 1001; i += 1) await provider.clearBackground(clear());

    expect([log.limit, (await log.page()).entries.length, (await log.page()).dropped]).toEqual([
      1000, 1000, 1,
    ]);
    expect((await log.page()).entries[0]?.seq).toBe(2);
  });

  it("empties on the store's reset, resets the dropped count and keeps numbering", async () => {
    const store = createMemoryStore();
    const log = store.log<ProviderLogEntry>("provider", 1);
    const provider = recordingProvider(createFakeProvider(), log);
    await provider.clearBackground(clear());
    await provider.clearBackground(clear());
    await store.reset([], []);

    expect([
      (await log.page()).entries.length,
      (await log.page()).dropped,
      (await log.page()).entries,
    ]).toEqual([0, 0, []]);
    await provider.clearBackground(clear());
    expect((await log.page()).entries.map((entry) => entry.seq)).toEqual([3]);
  });

  it("hands out a copy that cannot change the log", async () => {
    const log = createProviderLog();
    await recordingProvider(createFakeProvider(), log).clearBackground(clear());
    const { entries } = await log.page();
    entries.pop();

    expect((await log.page()).entries.length).toBe(1);
    expect(Object.isFrozen((await log.page()).entries[0])).toBe(true);
  });

  for (const limit of [-1, 1.5, Number.NaN]) {
    it(`refuses a limit of ${limit}`, () => {
      expect(() => createProviderLog({ limit })).toThrow(RangeError);
    });
  }
});

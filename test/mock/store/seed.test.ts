import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../../mock/core/store/memory-store.ts";
import { defaultSeed, loadSeed, parseSeed } from "../../../mock/core/store/seed.ts";

const account = (over: object = {}) => ({
  id: "acct_x",
  apiKey: "sk_test_12345678",
  conversations: [{ id: "conv_x", channel: "imessage" }],
  ...over,
});

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("it did not throw");
}

describe("parseSeed", () => {
  it("accepts a minimal seed", () => {
    const seed = parseSeed(JSON.stringify({ accounts: [account()] }), "seed.json");
    expect(seed.accounts[0]?.conversations[0]?.id).toBe("conv_x");
  });

  const table = [
    { given: "text that is not JSON", text: "{ nope", want: /seed\.json is not valid JSON/ },
    {
      given: "lines that are not JSON, in one line of words",
      text: "not json\nat all\n",
      want: /^seed\.json is not valid JSON: [^\n]*$/,
    },
    {
      given: "no accounts",
      text: JSON.stringify({ accounts: [] }),
      want: /seed\.json: accounts: must NOT have fewer than 1 items/,
    },
    {
      given: "an unknown channel",
      text: JSON.stringify({
        accounts: [account({ conversations: [{ id: "c", channel: "fax" }] })],
      }),
      want: /channel/,
    },
    {
      given: "a short API key",
      text: JSON.stringify({ accounts: [account({ apiKey: "k" })] }),
      want: /apiKey/,
    },
    {
      given: "an id used twice",
      text: JSON.stringify({
        accounts: [account(), account({ id: "acct_y", apiKey: "sk_test_abcdefgh" })],
      }),
      want: /id conv_x is used twice/,
    },
    {
      given: "an API key used twice",
      text: JSON.stringify({ accounts: [account(), account({ id: "acct_y", conversations: [] })] }),
      want: /API key of acct_y is used twice/,
    },
  ];
  for (const { given, text, want } of table) {
    it(`refuses ${given} with a message that says where`, () => {
      expect(() => parseSeed(text, "seed.json")).toThrow(want);
    });
  }

  it("lists every mistake of a seed with several, not only the first", () => {
    const text = JSON.stringify({
      accounts: [
        account({ apiKey: "k", conversations: [{ id: "conv_x", channel: "fax" }] }),
        account({ id: "acct_y", apiKey: "sk_test_abcdefgh", colour: "red" }),
      ],
    });
    const message = messageOf(() => parseSeed(text, "seed.json"));
    expect(message).toMatch(/^seed\.json has 4 mistakes: /);
    expect(message).toContain("accounts.0.apiKey: must be 8 to 256 characters with no spaces");
    expect(message).toContain(
      "accounts.0.conversations.0.channel: must be one of imessage, sms, mms",
    );
    expect(message).toContain("accounts.1: has an unknown field colour");
    expect(message).toContain("id conv_x is used twice");
    expect(message).not.toContain("\n");
  });

  it("counts the mistakes past the twentieth instead of listing them", () => {
    const conversations = Array.from({ length: 25 }, (_, i) => ({ id: `c${i}`, channel: "fax" }));
    const text = JSON.stringify({ accounts: [account({ conversations })] });
    const message = messageOf(() => parseSeed(text, "seed.json"));
    expect(message).toMatch(/^seed\.json has 25 mistakes: /);
    expect(message).toMatch(/; and 5 more\.$/);
  });
});

describe("the default seed", () => {
  it("has the documented keys and conversations", async () => {
    const store = createMemoryStore();
    await loadSeed(store, defaultSeed, new Date(0));
    expect((await store.findAccountByKey("sk_sandbox_alice"))?.id).toBe("acct_alice");
    expect((await store.findAccountByKey("sk_sandbox_bob"))?.id).toBe("acct_bob");
    const summary = (await store.conversations()).map((c) => [
      c.id,
      c.accountId,
      c.channel,
      c.isGroup,
      c.recipientIosVersion,
      c.providerDown,
    ]);
    expect(summary).toEqual([
      ["conv_imessage", "acct_alice", "imessage", false, 18, false],
      ["conv_imessage_group", "acct_alice", "imessage", true, 18, false],
      ["conv_imessage_ios17", "acct_alice", "imessage", false, 17, false],
      ["conv_sms", "acct_alice", "sms", false, null, false],
      ["conv_provider_down", "acct_alice", "imessage", false, 18, true],
      ["conv_bob", "acct_bob", "imessage", false, 18, false],
    ]);
  });

  it("passes its own validation", () => {
    expect(() => parseSeed(JSON.stringify(defaultSeed))).not.toThrow();
  });
});

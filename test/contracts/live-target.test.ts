import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SpawnedSandbox, spawnSandbox } from "../../contracts/spawn-sandbox.ts";
import { runContracts } from "./run-contracts.ts";

const liveVariables = [
  "AGENTPHONE_API_KEY",
  "CONTRACT_CONVERSATION_ID",
  "CONTRACT_IMAGE_URL_A",
  "CONTRACT_IMAGE_URL_B",
  "CONTRACT_BASE_URL",
  "CONTRACT_ALLOW_WRITES",
];

let sandbox: SpawnedSandbox;
beforeAll(async () => {
  sandbox = await spawnSandbox(["--port", "0", "--log-level", "silent", "--image-timeout", "1000"]);
});
afterAll(async () => {
  await sandbox?.stop();
});

/** The sandbox's view of one conversation and of the provider, read after a run. */
async function sandboxState() {
  const state = (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as {
    accounts: Array<{ conversations: Array<{ id: string; version: number; background: unknown }> }>;
  };
  const provider = (await (await fetch(`${sandbox.url}/__sandbox/provider`)).json()) as {
    entries: unknown[];
  };
  const conversation = state.accounts
    .flatMap((a) => a.conversations)
    .find((c) => c.id === "conv_imessage");
  return { conversation, uploads: provider.entries.length };
}

function liveEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    CONTRACT_TARGET: "live",
    AGENTPHONE_API_KEY: "sk_sandbox_alice",
    CONTRACT_BASE_URL: sandbox.url,
    CONTRACT_CONVERSATION_ID: "conv_imessage",
    CONTRACT_IMAGE_URL_A: "https://images.sandbox.test/forest.png",
    CONTRACT_IMAGE_URL_B: "https://images.sandbox.test/ocean.png",
    ...extra,
  };
}

describe("the live target", () => {
  it("names every missing variable in one line and exits non-zero", async () => {
    const cleared = Object.fromEntries(liveVariables.map((name) => [name, ""]));
    const { code, output, report } = await runContracts([], {
      ...cleared,
      CONTRACT_TARGET: "live",
    });
    expect(code).toBe(2);
    expect(output.trim().split("\n")).toEqual([
      'contracts: CONTRACT_TARGET=live needs AGENTPHONE_API_KEY, CONTRACT_CONVERSATION_ID, CONTRACT_IMAGE_URL_A, CONTRACT_IMAGE_URL_B (see README, "The contract suite").',
    ]);
    expect(report).toBeUndefined();
  });

  it("writes nothing without CONTRACT_ALLOW_WRITES=1, and says why it skipped", async () => {
    const { code, report } = await runContracts([], liveEnv());
    expect(code).toBe(0);
    const cells = Object.values(report?.tests ?? {}).map((cells) => cells.live);
    expect(cells.some((cell) => cell?.note?.includes("CONTRACT_ALLOW_WRITES=1"))).toBe(true);
    expect(await sandboxState()).toMatchObject({
      conversation: { version: 0, background: null },
      uploads: 0,
    });
  });

  it("passes against the sandbox posing as the live API, and leaves no background behind", async () => {
    const { code, report, output } = await runContracts(
      [],
      liveEnv({
        CONTRACT_ALLOW_WRITES: "1",
        CONTRACT_SMS_CONVERSATION_ID: "conv_sms",
        CONTRACT_OTHER_CONVERSATION_ID: "conv_bob",
        CONTRACT_IMAGE_URL_A_COPY: "https://images.sandbox.test/same-as-forest.png",
      }),
    );
    expect(code, output.slice(-3000)).toBe(0);
    const states = Object.values(report?.tests ?? {}).map((cells) => cells.live?.state);
    expect(states).not.toContain("fail");
    expect(states.filter((s) => s === "pass").length).toBeGreaterThan(20);
    expect(report?.observations.live?.versions?.[0]).toMatch(/a removal counts as one version/);
    const { conversation, uploads } = await sandboxState();
    expect(conversation?.background).toBeNull();
    expect(uploads).toBeGreaterThan(0);
    // The sandbox-only headers never go to the live API: no call carried X-Sandbox-Fault
    // (the statuses and network-fault tests skip there instead).
    const journal = (await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as {
      entries: Array<{ fault: string | null }>;
    };
    expect(journal.entries.length).toBeGreaterThan(20);
    expect(journal.entries.filter((entry) => entry.fault !== null)).toEqual([]);
    expect(
      Object.keys(report?.tests ?? {}).filter((name) => name.startsWith("statuses ›")).length,
    ).toBeGreaterThan(20);
  });
});

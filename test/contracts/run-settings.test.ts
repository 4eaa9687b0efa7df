import { describe, expect, it } from "vitest";
import { runContracts } from "./run-contracts.ts";

describe("agentphone-contracts, given settings it cannot use", () => {
  it("says in one line which --only matches no file of the suite, and exits 2, not 1", async () => {
    const { code, output, report } = await runContracts(["--only", "nosuchfile"]);
    expect(code).toBe(2);
    expect(output.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^contracts: --only nosuchfile matches none of the suite's files: authentication, .*statuses$/,
      ),
    ]);
    expect(report).toBeUndefined();
  });

  it("names the flag and the broken variants' forms for a --target it does not know", async () => {
    const { code, output } = await runContracts(["--target", "nosuch"]);
    expect(code).toBe(2);
    expect(output.trim()).toBe(
      "contracts: --target (CONTRACT_TARGET) must be one of fake, msw, http, prism, live, replay, fake:MUTATION or msw:MUTATION, not nosuch.",
    );
  });
});

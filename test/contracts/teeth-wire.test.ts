import { describe, expect, it } from "vitest";
import { wireMutations } from "../../contracts/mutations.ts";
import { failuresOf, runContracts } from "./run-contracts.ts";

describe("the contract suite's teeth on the wire", () => {
  it("fails against a sandbox that breaks any one status or header the spec lists", {
    timeout: 400_000,
  }, async () => {
    const names = Object.keys(wireMutations);
    const { code, report, output } = await runContracts(
      // The file that provokes every status and header directly: failing it fails the suite.
      [...names.flatMap((name) => ["--target", `fake:${name}`]), "--only", "statuses"],
      { VITEST_MAX_WORKERS: "3" },
    );
    expect(report, output.slice(-3000)).toBeDefined();
    for (const name of names) {
      const failed = failuresOf(report, `fake:${name}`);
      expect(failed, `the suite catches ${wireMutations[name]?.bug}`).not.toEqual([]);
      // Observed directly, by a plain request: never only through the SDK's retries.
      expect(
        failed.some((test) => test.startsWith("statuses ›")),
        `a plain request shows ${wireMutations[name]?.bug}: ${failed.join("; ")}`,
      ).toBe(true);
    }
    expect(code).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { mutations } from "../../contracts/mutations.ts";
import { runContracts } from "./run-contracts.ts";

describe("the contract suite's teeth", () => {
  it("fails against every deliberately broken sandbox, and passes against the real one", {
    timeout: 240_000,
  }, async () => {
    const names = Object.keys(mutations);
    const { code, report, output } = await runContracts([
      "--target",
      "fake",
      ...names.flatMap((name) => ["--target", `fake:${name}`]),
    ]);
    expect(report, output.slice(-3000)).toBeDefined();
    const failures = (target: string) =>
      Object.entries(report?.tests ?? {})
        .filter(([, cells]) => cells[target]?.state === "fail")
        .map(([name]) => name);
    expect(failures("fake"), "the unbroken sandbox passes").toEqual([]);
    for (const name of names) {
      expect(failures(`fake:${name}`), `the suite catches: ${mutations[name]?.bug}`).not.toEqual(
        [],
      );
    }
    expect(code).toBe(1);
  });
});

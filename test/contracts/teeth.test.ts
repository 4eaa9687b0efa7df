import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mutations } from "../../contracts/mutations.ts";
import { contractsDir } from "../../contracts/paths.ts";
import { failuresOf, runContracts } from "./run-contracts.ts";

// Both in-process hosts: the HTTP sandbox and the MSW handlers over the same core.
const hosts = ["fake", "msw"];

// Every file of the suite but the SDK's (its network faults and retries): what the SDK makes
// of a reset, a stall or a 429 no bug in the sandbox's domain changes, and its real waits
// (back-off, stalls) would double this test. npm test runs both on every target anyway.
const sdkFiles = ["network-faults.test.ts", "retries.test.ts"];
const files = readdirSync(contractsDir)
  .filter((name) => name.endsWith(".test.ts") && !sdkFiles.includes(name))
  .flatMap((name) => ["--only", `contracts/${name}`]);

describe("the contract suite's teeth", () => {
  it("fails against every deliberately broken sandbox on either host, and passes against the real ones", {
    timeout: 400_000,
  }, async () => {
    const names = Object.keys(mutations);
    const { code, report, output } = await runContracts(
      hosts
        .flatMap((host) => [
          "--target",
          host,
          ...names.flatMap((name) => ["--target", `${host}:${name}`]),
        ])
        .concat(files),
      // The files mostly wait (the SDK's back-off, download deadlines): a third worker
      // overlaps the waits even on two cores.
      { VITEST_MAX_WORKERS: "3" },
    );
    expect(report, output.slice(-3000)).toBeDefined();
    const failures = (target: string) => failuresOf(report, target);
    for (const host of hosts) {
      expect(failures(host), `the unbroken ${host} passes`).toEqual([]);
      for (const name of names) {
        expect(
          failures(`${host}:${name}`),
          `the suite catches on ${host}: ${mutations[name]?.bug}`,
        ).not.toEqual([]);
      }
    }
    for (const name of names) {
      expect(failures(`msw:${name}`), `${name} breaks the same tests on both hosts`).toEqual(
        failures(`fake:${name}`),
      );
    }
    expect(code).toBe(1);
  });
});

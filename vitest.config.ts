import { defineConfig } from "vitest/config";
import { contractProject } from "./contracts/contract-project.ts";

export default defineConfig({
  test: {
    // Prism and the sandbox's CLI start as child processes; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vitest's default on two cores is one file at a time; most of the slow files wait (on
    // child processes, the SDK's back-off, download deadlines) rather than compute, so a
    // few more overlap those waits. VITEST_MAX_WORKERS overrides it.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS) || 3,
    reporters: ["default", "./contracts/reporters/summary-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "kit",
          include: ["test/**/*.test.ts"],
          // Some kit tests run a whole suite, npm or tsc as child processes, which a
          // loaded two-core machine slows several times over: a hang still ends in 2 min.
          testTimeout: 120_000,
        },
      },
      // The contract suite against the four local targets: proof that the sandbox, its MSW
      // handlers, its CLI, the Prism mock and the spec agree.
      contractProject("fake"),
      contractProject("msw"),
      contractProject("http"),
      contractProject("prism"),
    ],
  },
});

import type { Reporter, TestCase, TestModule } from "vitest/node";

/**
 * Ends a run with every skipped test and its reason, grouped by project, then one plain
 * line `Tests: N passed, N failed, N skipped` that CI can read whatever the runner.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tests: TestCase[] = testModules.flatMap((module) => [...module.children.allTests()]);
    const count = (state: string) => tests.filter((test) => test.result().state === state).length;
    const skipped = new Map<string, number>();
    for (const test of tests) {
      const result = test.result();
      if (result.state !== "skipped") continue;
      const key = `${test.project.name}: ${result.note ?? "skipped without a reason"}`;
      skipped.set(key, (skipped.get(key) ?? 0) + 1);
    }
    const lines: string[] = [];
    if (skipped.size > 0) {
      lines.push("", "Skipped, and why:");
      for (const [reason, n] of [...skipped].sort()) lines.push(`  ${n} × ${reason}`);
    }
    lines.push(
      "",
      `Tests: ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`,
      "",
    );
    process.stdout.write(lines.join("\n"));
  }
}

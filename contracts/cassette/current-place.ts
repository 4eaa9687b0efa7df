import { relative } from "node:path";
import { expect } from "vitest";
import { contractsDir } from "../paths.ts";

let currentTest: string | null = null;

/**
 * Marks the test running now in this worker, or none. The setup file calls it from
 * `beforeEach` and `afterEach`: vitest's own `currentTestName` lingers into `afterAll` and
 * the next file's imports, which would key a target's opening and closing by a test.
 */
export function setCurrentTest(name: string | null): void {
  currentTest = name;
}

/** Where in the suite a request is being made: its contract file, and its test if any. */
export function currentPlace(): { file: string; test: string | null } {
  const path = expect.getState().testPath;
  const file = path
    ? relative(contractsDir, path).replace(/\.test\.[cm]?[jt]s$/, "")
    : "(no contract file)";
  return { file, test: currentTest };
}

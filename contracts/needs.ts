import type { TestContext } from "vitest";
import type { Capabilities, Target } from "./target.ts";

declare module "@vitest/runner" {
  interface TaskMeta {
    /** What a test learned about one of the API's unknowns, for the report. */
    observations?: Record<string, string>;
    /** How the target differed from the sandbox's profile, where the documents allow it. */
    differences?: string[];
    /** Every error code the target answered with. */
    codes?: string[];
  }
}

const why: Record<keyof Capabilities, string> = {
  stateful: "keeps no state: every set answers the same example",
  knowsKeys: "accepts any bearer token",
  knowsConversations: "answers for any conversation id",
  fetchesImages: "does not download images",
  catalogue: "has no images.sandbox.test magic images",
  controlSurface: "has no /__sandbox control surface",
  faults: "cannot inject faults",
  writes: "is read-only: set CONTRACT_ALLOW_WRITES=1 to let the suite change a background",
};

/**
 * Skips the test, with the reason, unless the target can do everything listed.
 *
 * @example
 * it("counts versions", async (ctx) => { needs(ctx, target, "stateful", "writes"); … });
 */
export function needs(
  context: TestContext,
  target: Target,
  ...capabilities: Array<keyof Capabilities>
): void {
  for (const capability of capabilities) {
    if (!target.capabilities[capability]) context.skip(`${target.name} ${why[capability]}`);
  }
}

/** Skips the test, with the reason, unless the target has `value`. */
export function needsValue<T>(context: TestContext, value: T | undefined, reason: string): T {
  if (value === undefined) context.skip(reason);
  return value as T;
}

/** Records what the test saw of one of the API's unknowns; the report lists it. */
export function observe(context: TestContext, key: string, value: string): void {
  context.task.meta.observations = { ...context.task.meta.observations, [key]: value };
}

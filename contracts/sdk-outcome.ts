import type { TestContext } from "vitest";

/** What the official SDK did with one network fault, as the report's table shows it. */
export interface SdkOutcome {
  fault: string;
  /** What the SDK threw, or what it resolved to. */
  outcome: string;
  /** How many requests it sent (redirects a fetch follows by itself are not counted). */
  attempts: number;
  /** How many versions the conversation gained from that one call. */
  versionsAdded: number;
}

declare module "@vitest/runner" {
  interface TaskMeta {
    /** The official SDK's handling of a network fault, for the report's table. */
    sdkOutcome?: SdkOutcome;
  }
}

/** Records what the SDK did with a fault; the matrix reporter prints a table of them. */
export function recordSdkOutcome(context: TestContext, outcome: SdkOutcome): void {
  context.task.meta.sdkOutcome = outcome;
}

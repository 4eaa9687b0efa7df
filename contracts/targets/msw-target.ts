import { setupServer } from "msw/node";
import type { FaultKind } from "../../mock/core/sandbox/fault-kinds.ts";
import { mswFaults } from "../../mock/msw/fault-response.ts";
import { createSandboxHandlers } from "../../mock/msw/node.ts";
import type { MutationOptions } from "../mutations.ts";
import type { Target } from "../target.ts";
import { sandboxTarget } from "./sandbox-target.ts";

/** What {@link mswTarget} needs: how it is labelled, and the sandbox's options. */
export interface MswTargetOptions {
  label: string;
  /** The test file opening it, named if another opens one before it closes this. */
  file: string;
  imageTimeoutMs: number;
  mutation?: MutationOptions | undefined;
}

/** The test file whose MSW server is listening in this worker, if any. */
let listening: string | undefined;

/**
 * The sandbox as MSW handlers, in this worker: `setupServer` answers every `fetch` (the
 * suite's and the official SDK's) to AgentPhone's own base URL, and fails any request it has
 * no handler for. Closing the target closes the server and restores the worker's globals.
 *
 * @example
 * const target = mswTarget({ label: "msw", file: "a.test.ts", imageTimeoutMs: 300 });
 * afterAll(() => target.close());
 */
export function mswTarget(options: MswTargetOptions): Target {
  // A second server in the same worker would only proxy to the first, and lose its handlers
  // when the first closes; the contract files share workers (isolate: false), one at a time.
  if (listening !== undefined) {
    throw new Error(`${listening} left its MSW server listening: close its target in afterAll.`);
  }
  const sandbox = createSandboxHandlers({
    imageTimeoutMs: options.imageTimeoutMs,
    ...options.mutation,
  });
  const server = setupServer(...sandbox.handlers);
  server.listen({ onUnhandledRequest: "error" });
  listening = options.file;
  return sandboxTarget({
    name: "msw",
    label: options.label,
    baseUrl: sandbox.baseUrl,
    apiKey: "sk_sandbox_alice",
    cannotFault: Object.keys(mswFaults.cannot) as FaultKind[],
    async close() {
      server.close();
      listening = undefined;
    },
  });
}

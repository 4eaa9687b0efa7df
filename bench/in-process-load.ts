import { setupServer } from "msw/node";
import type { SandboxControlApi } from "../mock/core/http/control.ts";
import { createSandboxHandlers } from "../mock/msw/node.ts";
import { createSandbox } from "../mock/server.ts";
import { type FetchLoopResult, fetchLoop } from "./fetch-loop.ts";
import type { LoadSettings } from "./load.ts";
import type { Scenario } from "./scenarios.ts";
import { apiKey, benchIds } from "./targets.ts";

/** The two hosts loaded from the bench's own process. */
export type InProcessHostName = "sandbox (HTTP)" | "msw setupServer";

/** One scenario through one in-process host. */
export interface InProcessResult extends FetchLoopResult {
  host: InProcessHostName;
}

interface StartedHost {
  baseUrl: string;
  control: SandboxControlApi;
  stop(): Promise<void>;
}

/** Starts a fresh sandbox of each kind; the bench loads them one after the other. */
const hosts: Record<InProcessHostName, () => Promise<StartedHost>> = {
  async "sandbox (HTTP)"() {
    const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
    return { baseUrl: sandbox.url, control: sandbox.control, stop: () => sandbox.close() };
  },
  async "msw setupServer"() {
    const sandbox = createSandboxHandlers();
    const server = setupServer(...sandbox.handlers);
    // Nothing the bench sends may leave the process: an unhandled request fails its call.
    server.listen({ onUnhandledRequest: "error" });
    return { baseUrl: sandbox.baseUrl, control: sandbox.control, stop: async () => server.close() };
  },
};

/** The hosts' names, in the order the table lists them. */
export const inProcessHosts = Object.keys(hosts) as InProcessHostName[];

/**
 * Starts a fresh `host` in this process, gives each of `connections` loops its own
 * conversation when the scenario needs one, loads it with {@link fetchLoop} and stops it,
 * even when something fails. MSW intercepts this process's `fetch` only while it is
 * loaded, so the HTTP sandbox's requests reach its socket untouched.
 */
export async function runInProcess(
  host: InProcessHostName,
  scenario: Scenario,
  settings: LoadSettings,
): Promise<InProcessResult> {
  const started = await hosts[host]();
  try {
    const ids = scenario.perConnection ? benchIds(settings.connections) : ["conv_imessage"];
    if (scenario.perConnection) {
      for (const id of ids) {
        await started.control.createConversation({
          apiKey,
          id,
          channel: "imessage",
          recipientIosVersion: 18,
        });
      }
    }
    return { host, ...(await fetchLoop(started.baseUrl, scenario, ids, settings)) };
  } finally {
    await started.stop();
  }
}

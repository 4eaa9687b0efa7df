import type autocannon from "autocannon";
import type { LoadErrors, LoadResult, LoadSettings } from "./load.ts";
import type { Scenario } from "./scenarios.ts";

/** What one measured {@link fetchLoop} got: a load row without a server process of its own. */
export type FetchLoopResult = Omit<LoadResult, "target" | "rssBytes">;

// Past the measured seconds, how long a request may still take before it counts as a timeout.
const graceMs = 10_000;

/** Sends one of a scenario's requests with `fetch` and reads the whole answer. */
async function send(baseUrl: string, request: autocannon.Request): Promise<number> {
  const { method, path, headers, body } = request;
  const answer = await fetch(`${baseUrl}${path}`, {
    ...(method === undefined ? {} : { method }),
    ...(headers === undefined ? {} : { headers }),
    ...(body === undefined ? {} : { body }),
  });
  await answer.arrayBuffer();
  return answer.status;
}

const percentile = (sorted: readonly number[], p: number) =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2));

/**
 * Sends `scenario`'s requests with this process's own `fetch`, `connections` at a time
 * (each loop on its own conversation, in turn, as autocannon's connections are), for
 * `seconds`; a request started before the end is awaited and counted.
 */
async function run(
  baseUrl: string,
  scenario: Scenario,
  conversationIds: readonly string[],
  connections: number,
  seconds: number,
) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: LoadErrors = { unexpected: 0, socket: 0, timeouts: 0 };
  // Loops still waiting for an answer when the grace ends count as timeouts. One timer for
  // the run, not a signal per request: that would be a cost of its own in every request.
  let waiting = 0;
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, seconds * 1000 + graceMs);
  });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const end = started + seconds * 1000;
  let over = false;
  const loop = async (conversationId: string) => {
    const requests = scenario.requests(conversationId);
    for (let i = 0; !over && performance.now() < end; i++) {
      const sent = performance.now();
      waiting++;
      try {
        const status = await send(baseUrl, requests[i % requests.length] ?? {});
        latencies.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (!scenario.expected.includes(status)) errors.unexpected++;
      } catch {
        errors.socket++;
      } finally {
        waiting--;
      }
    }
  };
  const loops = Array.from({ length: connections }, (_, i) =>
    loop(conversationIds[i % conversationIds.length] ?? "conv_imessage"),
  );
  await Promise.race([Promise.all(loops), hung]);
  over = true;
  clearTimeout(timer);
  errors.timeouts = waiting;
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const requests = latencies.length + errors.socket + errors.timeouts;
  latencies.sort((a, b) => a - b);
  return {
    scenario: scenario.name,
    requests,
    rps: Math.round(requests / (elapsedMs / 1000)),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
    statuses,
    cpuUsPerRequest: Math.round((cpu.user + cpu.system) / Math.max(1, requests)),
  };
}

/**
 * Loads `baseUrl` with `fetch` from this process: every conversation's requests once, in
 * turn (so the no-op's image is set), then `warmupSeconds` unmeasured and `seconds`
 * measured. Its CPU time per request is this whole process's: client and host together.
 *
 * @example
 * const row = await fetchLoop(sandbox.url, scenario, ["conv_imessage"], settings);
 */
export async function fetchLoop(
  baseUrl: string,
  scenario: Scenario,
  conversationIds: readonly string[],
  settings: LoadSettings,
): Promise<FetchLoopResult> {
  for (const id of conversationIds) {
    for (const request of scenario.requests(id)) {
      await send(baseUrl, request);
    }
  }
  if (settings.warmupSeconds > 0) {
    await run(baseUrl, scenario, conversationIds, settings.connections, settings.warmupSeconds);
  }
  return run(baseUrl, scenario, conversationIds, settings.connections, settings.seconds);
}

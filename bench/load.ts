import autocannon from "autocannon";
import { readCpuMs, readRss } from "./proc-stats.ts";
import type { Scenario } from "./scenarios.ts";
import { spawnServer } from "./spawn-server.ts";
import type { Target, TargetName } from "./targets.ts";

/** How hard and how long to push. */
export interface LoadSettings {
  connections: number;
  /** Seconds of unmeasured load first, so every server is warm (JIT, pools, heap). */
  warmupSeconds: number;
  /** Seconds measured. */
  seconds: number;
}

/** What went wrong during a run, by kind. */
export interface LoadErrors {
  /** Answers with a status the scenario does not expect. */
  unexpected: number;
  /** Socket errors, timeouts excluded. */
  socket: number;
  timeouts: number;
}

/** One scenario against one server. */
export interface LoadResult {
  target: TargetName;
  scenario: Scenario["name"];
  requests: number;
  /** Mean requests per second over the measured seconds. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: LoadErrors;
  statuses: Record<string, number>;
  /** The server's CPU time per request, in µs: steadier than req/s when the machine is shared. */
  cpuUsPerRequest: number;
  /** The server's RSS right after the measured run, in bytes. */
  rssBytes: number;
}

/** Sends `scenario`'s requests over `connections` connections, each to its own id in turn. */
export function fire(
  url: string,
  scenario: Scenario,
  conversationIds: readonly string[],
  load: { connections: number; seconds?: number; amount?: number },
): autocannon.Instance {
  let next = 0;
  const idFor = () => conversationIds[next++ % conversationIds.length] ?? "conv_imessage";
  return autocannon({
    url,
    connections: load.connections,
    timeout: 10,
    ...(load.amount === undefined ? { duration: load.seconds ?? 1 } : { amount: load.amount }),
    requests: scenario.requests(conversationIds[0] ?? "conv_imessage"),
    setupClient: (client) => client.setRequests(scenario.requests(idFor())),
  });
}

/** Splits autocannon's counts into {@link LoadErrors} for the statuses `expected`. */
export function errorsOf(result: autocannon.Result, expected: readonly number[]): LoadErrors {
  const answered = Object.values(result.statusCodeStats).reduce((sum, s) => sum + s.count, 0);
  const right = expected.reduce((sum, s) => sum + (result.statusCodeStats[s]?.count ?? 0), 0);
  return {
    unexpected: answered - right,
    socket: result.errors - result.timeouts,
    timeouts: result.timeouts,
  };
}

/** The total of every kind of error. */
export const errorCount = (errors: LoadErrors) =>
  errors.unexpected + errors.socket + errors.timeouts;

/**
 * Starts a fresh `target`, readies it for `scenario`, warms it up, measures, reads its RSS
 * and stops it, even when something fails.
 */
export async function runLoad(
  target: Target,
  scenario: Scenario,
  settings: LoadSettings,
): Promise<LoadResult> {
  const server = await spawnServer(target.command);
  try {
    const ids = scenario.perConnection
      ? await target.conversations(server.url, settings.connections)
      : ["conv_imessage"];
    await scenario.prepare?.(server.url, ids);
    const load = { connections: settings.connections };
    if (settings.warmupSeconds > 0) {
      await fire(server.url, scenario, ids, { ...load, seconds: settings.warmupSeconds });
    }
    const cpuBefore = readCpuMs(server.pid);
    const result = await fire(server.url, scenario, ids, { ...load, seconds: settings.seconds });
    const cpuMs = readCpuMs(server.pid) - cpuBefore;
    const rssBytes = readRss(server.pid);
    return {
      target: target.name,
      scenario: scenario.name,
      requests: result.requests.total,
      rps: Math.round(result.requests.total / result.duration),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: errorsOf(result, scenario.expected),
      cpuUsPerRequest: Math.round((cpuMs * 1000) / Math.max(1, result.requests.total)),
      statuses: Object.fromEntries(
        Object.entries(result.statusCodeStats).map(([status, s]) => [status, s.count]),
      ),
      rssBytes,
    };
  } finally {
    await server.stop();
  }
}

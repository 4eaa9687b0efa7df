import type autocannon from "autocannon";
import { httpCall } from "./http-call.ts";
import { errorCount, errorsOf, fire, type LoadErrors } from "./load.ts";
import { countFds, readRss } from "./proc-stats.ts";
import { mixedScenario } from "./scenarios.ts";
import { spawnServer } from "./spawn-server.ts";
import { targets } from "./targets.ts";

/** How big a soak. */
export interface SoakSettings {
  requests: number;
  warmupRequests: number;
  connections: number;
}

/** The sandbox's process at one moment of the soak. */
export interface SoakPoint {
  rssBytes: number;
  fds: number;
}

/** A bounded log as the control surface showed it at the end, and whether it kept count. */
export interface LogCheck {
  entries: number;
  dropped: number;
  limit: number;
  /** Calls made, from the bench's count (journal) or the last entry's `seq` (provider log). */
  calls: number;
  ok: boolean;
}

/** What a soak found. */
export interface SoakResult {
  /** Requests asked for; `requests` is how many were answered before the time cap. */
  planned: number;
  requests: number;
  seconds: number;
  rps: number;
  errors: LoadErrors;
  afterWarmup: SoakPoint;
  end: SoakPoint;
  journal: LogCheck;
  providerLog: LogCheck;
}

/** How far RSS and open descriptors may move between warm-up and the end. */
export const soakTolerance = 0.1;
const logLimit = 1000;
const settleMs = 1_000;

/** The longest a soak phase may run, in ms: it stops there, short, rather than hang. */
export const soakCapMs = (requests: number) => Math.max(120, requests / 1000) * 1000;

function capped(run: ReturnType<typeof fire>, ms: number): Promise<autocannon.Result> {
  const timer = setTimeout(() => run.stop(), ms);
  return Promise.resolve(run).finally(() => clearTimeout(timer));
}

const sumStatuses = (stats: Record<string, { count: number }>) =>
  Object.values(stats).reduce((sum, s) => sum + s.count, 0);

function checkLog(
  log: { entries: { seq: number }[]; dropped: number },
  calls: number,
  limit: number,
): LogCheck {
  const entries = log.entries.length;
  const ok = entries === Math.min(limit, calls) && log.dropped === calls - entries;
  return { entries, dropped: log.dropped, limit, calls, ok };
}

/**
 * Runs the mixed scenario against the sandbox's CLI: `warmupRequests`, a pause, a reading
 * of RSS and open file descriptors, then `requests` more, a pause, another reading, and
 * the journal and provider log as `/__sandbox` shows them.
 */
export async function runSoak(settings: SoakSettings): Promise<SoakResult> {
  const sandbox = targets.find((t) => t.name === "sandbox");
  if (!sandbox) throw new Error("no sandbox target");
  const server = await spawnServer(sandbox.command);
  const settle = () => new Promise((resolve) => setTimeout(resolve, settleMs));
  const point = (): SoakPoint => ({ rssBytes: readRss(server.pid), fds: countFds(server.pid) });
  try {
    const ids = await sandbox.conversations(server.url, settings.connections);
    const load = { connections: settings.connections };
    const warm = await capped(
      fire(server.url, mixedScenario, ids, { ...load, amount: settings.warmupRequests }),
      soakCapMs(settings.warmupRequests),
    );
    await settle();
    const afterWarmup = point();
    const soak = await capped(
      fire(server.url, mixedScenario, ids, { ...load, amount: settings.requests }),
      soakCapMs(settings.requests),
    );
    await settle();
    const end = point();
    const read = async (path: string) => JSON.parse((await httpCall(`${server.url}${path}`)).body);
    const journal = await read("/__sandbox/requests");
    const provider = await read("/__sandbox/provider");
    const apiCalls = sumStatuses(warm.statusCodeStats) + sumStatuses(soak.statusCodeStats);
    const lastProviderSeq = provider.entries.at(-1)?.seq ?? 0;
    return {
      planned: settings.requests,
      requests: soak.requests.total,
      seconds: Math.round(soak.duration * 10) / 10,
      rps: Math.round(soak.requests.total / soak.duration),
      errors: errorsOf(soak, mixedScenario.expected),
      afterWarmup,
      end,
      journal: checkLog(journal, apiCalls, journal.limit ?? logLimit),
      providerLog: checkLog(provider, lastProviderSeq, logLimit),
    };
  } finally {
    await server.stop();
  }
}

/** The soak's checks, each with whether it passed. */
export function soakChecks(soak: SoakResult): { name: string; got: string; pass: boolean }[] {
  const growth = (key: keyof SoakPoint) => soak.end[key] / soak.afterWarmup[key] - 1;
  const percent = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
  const log = (check: LogCheck) =>
    `${check.entries} kept (limit ${check.limit}), ${check.dropped} dropped, of ${check.calls}`;
  return [
    {
      name: `all answered within ${soakCapMs(soak.planned) / 1000} s`,
      got: `${soak.requests} in ${soak.seconds} s`,
      pass: soak.requests >= soak.planned,
    },
    {
      name: "no errors",
      got: String(errorCount(soak.errors)),
      pass: errorCount(soak.errors) === 0,
    },
    {
      name: `RSS within ${soakTolerance * 100}% of after warm-up`,
      got: percent(growth("rssBytes")),
      pass: Math.abs(growth("rssBytes")) <= soakTolerance,
    },
    {
      name: `open fds within ${soakTolerance * 100}% of after warm-up`,
      got: `${soak.afterWarmup.fds} → ${soak.end.fds}`,
      pass: Math.abs(growth("fds")) <= soakTolerance,
    },
    { name: "journal bounded, drops counted", got: log(soak.journal), pass: soak.journal.ok },
    {
      name: "provider log bounded, drops counted",
      got: log(soak.providerLog),
      pass: soak.providerLog.ok,
    },
  ];
}

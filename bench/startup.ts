import { httpCall } from "./http-call.ts";
import { readCpuMs, readRss } from "./proc-stats.ts";
import { type ServerCommand, spawnServer } from "./spawn-server.ts";
import type { Target } from "./targets.ts";

/** Something whose start-up is timed: a command, and a request it must answer with 2xx. */
export interface StartupSubject {
  name: string;
  command: ServerCommand;
  firstRequest: Target["firstRequest"];
}

/** Start-up figures over several runs, each a fresh process. */
export interface StartupResult {
  name: string;
  runs: number;
  /** From spawn to the first request answered, in ms: median, fastest, slowest. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** From spawn to the ready line, in ms (median). */
  readyMs: number;
  /** CPU time the process used up to that first answer (median), in ms. */
  cpuMs: number;
  /** RSS right after that first answer (median), in bytes. */
  rssBytes: number;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function startOnce(subject: StartupSubject) {
  const server = await spawnServer(subject.command);
  try {
    const readyMs = performance.now() - server.spawnedAt;
    const { path, method, headers } = subject.firstRequest;
    const answer = await httpCall(`${server.url}${path}`, { method, headers });
    const firstMs = performance.now() - server.spawnedAt;
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`${subject.name}: ${method} ${path} answered ${answer.status}`);
    }
    return { readyMs, firstMs, cpuMs: readCpuMs(server.pid), rssBytes: readRss(server.pid) };
  } finally {
    await server.stop();
  }
}

/**
 * Times `runs` fresh starts of `subject`, from spawn to its first answered request (the
 * URL comes from its ready line, as with `--port 0` nothing else can know it). One run
 * before them is not counted: it fills the OS file cache and tsx's compile cache.
 */
export async function measureStartup(
  subject: StartupSubject,
  runs: number,
): Promise<StartupResult> {
  await startOnce(subject);
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await startOnce(subject));
  const firsts = samples.map((s) => s.firstMs);
  return {
    name: subject.name,
    runs,
    medianMs: Math.round(median(firsts)),
    minMs: Math.round(Math.min(...firsts)),
    maxMs: Math.round(Math.max(...firsts)),
    readyMs: Math.round(median(samples.map((s) => s.readyMs))),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    rssBytes: median(samples.map((s) => s.rssBytes)),
  };
}

import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** The parts of the bench a run can be limited to with `--only`. */
export const sections = [
  "load",
  "redis",
  "msw",
  "startup",
  "images",
  "bundle",
  "contracts",
  "soak",
] as const;
export type Section = (typeof sections)[number];

/** Everything a bench run can be told, from flags first, then `BENCH_*` variables. */
export interface BenchOptions {
  sections: Section[];
  quick: boolean;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  startupRuns: number;
  soakRequests: number;
  /** Where this run's results go; the file there before is the "previous" run. */
  json: string;
  /** The committed figures to compare with. */
  baseline: string;
  /** Also write this run's results to the baseline file. */
  saveBaseline: boolean;
  /** Exit 1 when a target is missed. */
  strict: boolean;
}

/** `--help` text. */
export const usage = `Usage: npm run bench -- [options]

Starts the sandbox, a bare node:http server, a bare Express app and Prism one after the
other, loads each with autocannon on 127.0.0.1, and prints one table; then the no-op and
change paths with state in Redis (a redis-server the bench starts on loopback) beside the
memory store and bare Express (redis); then loads MSW's
setupServer and the HTTP sandbox with the same in-process fetch (msw), and prints the
start-up times (the packed package's bin, installed offline, among them), the 10 MiB
image figures, the size of MSW's browser bundle (bundle), the contract suite's wall time
per target and PASS/MISS per target.

  --quick               a fast sanity run: 1 s per scenario, 0.5 s warm-up, 2 start-ups, small soak
  --seconds N           measured seconds per scenario and server (BENCH_SECONDS, default 5)
  --warmup N            unmeasured seconds before each (BENCH_WARMUP, default 1)
  --connections N       autocannon connections, and fetches in flight for msw
                        (BENCH_CONNECTIONS, default 10)
  --startup-runs N      timed start-ups per server (BENCH_STARTUP_RUNS, default 5)
  --soak                also run the soak (npm run bench:soak runs only the soak)
  --soak-requests N     requests in the soak, after a tenth as many (10000 at least) to warm up
                        (BENCH_SOAK_REQUESTS, default 100000)
  --only LIST           only these sections, comma-separated: ${sections.join(", ")}
  --json FILE           where to write the results (default bench/results/latest.json)
  --baseline FILE       figures to compare with (default bench/baseline.json)
  --save-baseline       also write the results to the baseline file
  --strict              exit 1 when a target is missed`;

const inBench = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function number(flag: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min)
    throw new Error(`${flag} must be a number >= ${min}`);
  return parsed;
}

function whole(flag: string, value: string | undefined, fallback: number): number {
  const parsed = number(flag, value, fallback, 1);
  if (!Number.isInteger(parsed)) throw new Error(`${flag} must be a whole number`);
  return parsed;
}

/**
 * Reads the bench's flags and `BENCH_*` variables; throws an Error naming a bad one.
 *
 * @example
 * parseBenchOptions(["--quick"], {}).seconds; // 1
 */
export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" },
      seconds: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      "startup-runs": { type: "string" },
      soak: { type: "boolean" },
      "soak-requests": { type: "string" },
      only: { type: "string" },
      json: { type: "string" },
      baseline: { type: "string" },
      "save-baseline": { type: "boolean" },
      strict: { type: "boolean" },
    },
  });
  const quick = values.quick ?? false;
  const only = values.only?.split(",").map((s) => s.trim());
  const unknown = only?.filter((s) => !(sections as readonly string[]).includes(s)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: no such section ${unknown.join(", ")}`);
  const chosen =
    (only as Section[] | undefined) ?? sections.filter((s) => s !== "soak" || values.soak);
  return {
    sections: chosen,
    quick,
    connections: whole("--connections", values.connections ?? env.BENCH_CONNECTIONS, 10),
    warmupSeconds: number("--warmup", values.warmup ?? env.BENCH_WARMUP, quick ? 0.5 : 1),
    seconds: number("--seconds", values.seconds ?? env.BENCH_SECONDS, quick ? 1 : 5, 0.1),
    startupRuns: whole(
      "--startup-runs",
      values["startup-runs"] ?? env.BENCH_STARTUP_RUNS,
      quick ? 2 : 5,
    ),
    soakRequests: whole(
      "--soak-requests",
      values["soak-requests"] ?? env.BENCH_SOAK_REQUESTS,
      quick ? 10_000 : 100_000,
    ),
    json: values.json ?? inBench("./results/latest.json"),
    baseline: values.baseline ?? inBench("./baseline.json"),
    saveBaseline: values["save-baseline"] ?? false,
    strict: values.strict ?? false,
  };
}

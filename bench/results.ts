import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { BigImageResult } from "./big-images.ts";
import type { BundleResult } from "./bundle-size.ts";
import type { ContractsResult } from "./contracts-time.ts";
import type { GoalCheck } from "./goals.ts";
import type { InProcessResult } from "./in-process-load.ts";
import type { LoadResult, LoadSettings } from "./load.ts";
import type { Machine } from "./machine.ts";
import type { SoakResult } from "./soak.ts";
import type { StartupResult } from "./startup.ts";

/** One bench run, as written to `bench/results/latest.json` and `bench/baseline.json`. */
export interface BenchResults {
  format: 1;
  /** When the run started, ISO 8601. */
  date: string;
  /** The command that reproduces it. */
  command: string;
  machine: Machine;
  settings: LoadSettings & { startupRuns: number; soakRequests: number; quick: boolean };
  load: LoadResult[];
  /**
   * The sandbox with its state in Redis, beside the memory store and bare Express. Absent
   * from files written before it was measured.
   */
  redis?: LoadResult[];
  /**
   * MSW's setupServer and the HTTP sandbox, loaded by the same `fetch` in the bench's
   * process. Absent from files written before it was measured.
   */
  msw: InProcessResult[];
  startup: StartupResult[];
  /** How long tsc took to precompile for the start-up rows without tsx, in ms. */
  precompileMs: number | null;
  images: BigImageResult[];
  /**
   * The MSW browser entry's bundle, with msw external and bundled in. Absent from files
   * written before it was measured.
   */
  bundle: BundleResult[];
  contracts: ContractsResult[];
  soak: SoakResult | null;
  goals: GoalCheck[];
}

/** Reads a results file, or undefined when there is none or it is not one. */
export function readResults(path: string): BenchResults | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as BenchResults;
    return parsed.format === 1 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a results file, creating its folder. */
export function writeResults(path: string, results: BenchResults): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

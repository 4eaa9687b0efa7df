import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { startVitest } from "vitest/node";
import { readCassette } from "./cassette/cassette.ts";
import { type RunRecording, recordRun } from "./cassette/record-run.ts";
import { contractProject } from "./contract-project.ts";
import { allMutations } from "./mutations.ts";
import { contractsDir, moduleExtension, suiteModule } from "./paths.ts";
import { TargetConfigError } from "./target.ts";
import { readTargetEnv } from "./target-env.ts";

export type { Cassette, Exchange } from "./cassette/cassette.ts";
export { readCassette } from "./cassette/cassette.ts";
export { diffCassettes } from "./cassette/diff-cassettes.ts";
export type { Capabilities, FaultRequest, Target, TargetName } from "./target.ts";
export { TargetConfigError } from "./target.ts";

/** What {@link runContracts} runs, and what it writes. */
export interface ContractRunOptions {
  /**
   * The targets, each `fake`, `msw`, `http`, `prism`, `live`, or `fake:MUTATION` /
   * `msw:MUTATION`. Default: `CONTRACT_TARGET`, else `fake`.
   */
  targets?: string[];
  /** The API's base URL for `http` and `live` (`CONTRACT_BASE_URL`). */
  baseUrl?: string;
  /** Prints the matrix of test × target, and what each target showed of the API's unknowns. */
  report?: boolean;
  /** Writes the matrix and observations as JSON to this file. */
  json?: string;
  /** Writes JUnit XML, which CI systems display, to this file. */
  junit?: string;
  /**
   * Records every exchange with the run's one named target to this cassette (JSON), its
   * secrets and the account's ids replaced by placeholders.
   */
  record?: string;
  /** The cassette the `replay` target answers from (`CONTRACT_CASSETTE`). */
  cassette?: string;
  /** The environment the targets read their settings from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Runs only the suite's files whose names contain one of these (`statuses`, say), as
   * vitest's filters do. Default: every file.
   */
  only?: string[];
  /**
   * What a sandbox reached over `http` is held to: `sandbox` (its own profile, the
   * default) or `documents` (the spec only) (`CONTRACT_PROFILE`).
   */
  profile?: "sandbox" | "documents";
}

/** How a run ended. */
export interface ContractRunResult {
  /** True when no test failed and no error escaped a test. */
  ok: boolean;
  failed: number;
  /** The targets that ran, as given. */
  targets: string[];
}

/** The targets a run covers: as named, or the default, with `--report` adding comparisons. */
export function plannedTargets(options: ContractRunOptions): string[] {
  const env = options.env ?? process.env;
  const named = options.targets ?? (env.CONTRACT_TARGET ? [env.CONTRACT_TARGET] : []);
  const mutation = env.CONTRACT_FAKE_MUTATION;
  let entries = named.length > 0 ? named : [mutation ? `fake:${mutation}` : "fake"];
  if (options.report && named.length === 0) entries = ["fake", "msw", "http", "prism"];
  if (options.report && named.some((n) => n === "http" || n === "live")) {
    entries = [...new Set([...entries, "fake"])];
  }
  return entries;
}

/** Throws {@link TargetConfigError} naming what a run's targets lack, before anything starts. */
export function checkTargets(entries: string[], env: Record<string, string | undefined>): void {
  for (const entry of entries) {
    const target = entry.split(":")[0];
    // Without a base URL, http runs against the sandbox's CLI, which the suite starts itself.
    if (target === "http" && !env.CONTRACT_BASE_URL) continue;
    readTargetEnv({ ...env, CONTRACT_TARGET: target });
    // A cassette that cannot be read stops the run before anything starts.
    if (target === "replay") readCassette(env.CONTRACT_CASSETTE as string);
  }
  // Only the sandboxes in this process can have a bug put in.
  const elsewhere = entries.filter((e) => e.includes(":") && !/^(fake|msw):/.test(e));
  if (elsewhere.length > 0) {
    throw new TargetConfigError(`only fake and msw take a mutation, not ${elsewhere.join(", ")}`);
  }
  const unknown = entries
    .map((e) => e.split(":")[1])
    .filter((m) => m !== undefined && !Object.hasOwn(allMutations, m));
  if (unknown.length > 0) {
    throw new TargetConfigError(
      `no such mutation: ${unknown.join(", ")} (known: ${Object.keys(allMutations).join(", ")})`,
    );
  }
}

/** Throws unless each `--only` filter matches one of the suite's files, as vitest matches them. */
function checkOnly(filters: string[]): void {
  const files = readdirSync(contractsDir).filter((name) =>
    name.endsWith(`.test.${moduleExtension}`),
  );
  const unmatched = filters.filter(
    (filter) => !files.some((name) => join(contractsDir, name).includes(filter)),
  );
  if (unmatched.length > 0) {
    const names = files.map((name) => name.replace(/\.test\.[jt]s$/, "")).join(", ");
    throw new TargetConfigError(
      `--only ${unmatched.join(", ")} matches none of the suite's files: ${names}`,
    );
  }
}

/**
 * Runs the contract suite against the targets, in this process, and resolves with how it
 * ended; throws {@link TargetConfigError} when a target's settings are missing or wrong.
 *
 * @example
 * const { ok } = await runContracts({ targets: ["http"], baseUrl: "http://127.0.0.1:4010", junit: "contracts.xml" });
 * process.exitCode = ok ? 0 : 1;
 */
export async function runContracts(options: ContractRunOptions = {}): Promise<ContractRunResult> {
  const env = options.env ?? process.env;
  if (options.baseUrl !== undefined) env.CONTRACT_BASE_URL = options.baseUrl;
  if (options.cassette !== undefined) env.CONTRACT_CASSETTE = resolve(options.cassette);
  const entries = plannedTargets(options);
  checkTargets(entries, env);
  checkOnly(options.only ?? []);
  if (options.cassette !== undefined && !entries.includes("replay")) {
    throw new TargetConfigError(
      "a cassette is read by the replay target only: add --target replay",
    );
  }
  let recording: RunRecording | undefined;
  if (options.record !== undefined) {
    const [recorded, ...more] = plannedTargets({ ...options, report: false });
    if (recorded === undefined || more.length > 0) {
      throw new TargetConfigError("--record records one target: name just one with --target");
    }
    recording = recordRun(recorded, options.record);
  }
  if (options.json) env.CONTRACT_REPORT_JSON = options.json;
  if (options.profile !== undefined) env.CONTRACT_PROFILE = options.profile;
  if (env !== process.env) Object.assign(process.env, env);
  const vitest = await startVitest("test", options.only ?? [], {
    watch: false,
    config: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: [
      "default",
      suiteModule("reporters/summary-reporter"),
      ...(options.report || options.json ? [suiteModule("reporters/matrix-reporter")] : []),
      ...(options.junit ? ["junit"] : []),
    ],
    ...(options.junit ? { outputFile: { junit: options.junit } } : {}),
    projects: entries.map(contractProject),
  });
  const failed = vitest.state.getCountOfFailedTests();
  const ok =
    failed === 0 && vitest.state.getUnhandledErrors().length === 0 && process.exitCode !== 1;
  await vitest.close();
  recording?.finish(
    [env.AGENTPHONE_API_KEY, env.CONTRACT_API_KEY, env.CONTRACT_ADMIN_TOKEN].flatMap((secret) =>
      secret ? [secret] : [],
    ),
  );
  return { ok, failed, targets: entries };
}

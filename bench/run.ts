import { fileURLToPath } from "node:url";
import { redisServerOrSkip, startRedisServer } from "../test/support/redis-process.ts";
import { measureBigImage } from "./big-images.ts";
import { measureBundle } from "./bundle-size.ts";
import { cleanUpAfterBench, trackChild, trackFolder } from "./child-registry.ts";
import { timeContracts } from "./contracts-time.ts";
import { checkGoals } from "./goals.ts";
import { inProcessHosts, runInProcess } from "./in-process-load.ts";
import { runLoad } from "./load.ts";
import { describeMachine } from "./machine.ts";
import { npmStartRuns } from "./npm-start-runs.ts";
import { parseBenchOptions, type Section, usage } from "./options.ts";
import { installPackedKit } from "./packed-kit.ts";
import { precompile } from "./precompile.ts";
import * as report from "./report.ts";
import { type BenchResults, readResults, writeResults } from "./results.ts";
import { mixedScenario, scenarios } from "./scenarios.ts";
import { runSoak } from "./soak.ts";
import { measureStartup } from "./startup.ts";
import { startupSubjects } from "./startup-subjects.ts";
import { redisSandboxTarget, targets } from "./targets.ts";

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(usage);
  process.exit(0);
}
let options: ReturnType<typeof parseBenchOptions>;
try {
  options = parseBenchOptions(argv, process.env);
} catch (error) {
  console.error(`bench: ${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}

// Whatever happens, no server, suite, compiler or temporary folder of the bench outlives it.
process.on("exit", cleanUpAfterBench);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    cleanUpAfterBench();
    process.exit(130);
  });
}

const progress = (line: string) => process.stderr.write(`… ${line}\n`);
const section = (title: string, body: string) => console.log(`\n## ${title}\n\n${body}`);
const runs = (name: Section) => options.sections.includes(name);
const soakOnly = runs("soak") && options.sections.length === 1;
// As typed: `npm run bench:soak` passes `--only soak` itself.
const typed = soakOnly
  ? argv.filter((arg, i) => arg !== "--only" && argv[i - 1] !== "--only")
  : argv;

// How hard and how long the load and the msw sections push.
const loadSettings = {
  connections: options.connections,
  warmupSeconds: options.warmupSeconds,
  seconds: options.seconds,
};
const machine = describeMachine();
const earlier: report.Earlier = {
  baseline: readResults(options.baseline),
  previous: readResults(options.json),
};
const results: BenchResults = {
  format: 1,
  date: new Date().toISOString(),
  command: [
    `npm run bench${soakOnly ? ":soak" : ""}`,
    ...(typed.length > 0 ? ["--", ...typed] : []),
  ].join(" "),
  machine,
  settings: {
    ...loadSettings,
    startupRuns: options.startupRuns,
    soakRequests: options.soakRequests,
    quick: options.quick,
  },
  load: [],
  redis: [],
  msw: [],
  startup: [],
  precompileMs: null,
  images: [],
  bundle: [],
  contracts: [],
  soak: null,
  goals: [],
};

console.log(`# AgentPhone sandbox bench, ${results.date}`);
console.log(
  `${machine.cpus} × ${machine.cpuModel}, ${(machine.totalMemoryBytes / 1e9).toFixed(1)} GB, ` +
    `Node ${machine.node}, ${machine.os}; load average ${machine.loadAverageAtStart} at start`,
);
for (const [label, run] of [
  ["baseline", earlier.baseline],
  ["previous", earlier.previous],
] as const) {
  if (!run) continue;
  console.log(`Compared with the ${label} run of ${run.date} (${run.command}).`);
  if (run.machine.cpuModel !== machine.cpuModel || run.machine.cpus !== machine.cpus) {
    console.log(`  It ran on another machine (${run.machine.cpus} × ${run.machine.cpuModel}).`);
  }
  if (run.settings.seconds !== options.seconds || run.settings.quick !== options.quick) {
    console.log(`  It ran with other settings (${run.settings.seconds} s per scenario).`);
  }
}
if (machine.loadAverageAtStart > 0.5) {
  console.log("Note: other work was running, or had just ended; figures may be low and noisy.");
}

if (runs("load")) {
  for (const scenario of scenarios) {
    for (const target of targets) {
      progress(`load: ${scenario.name} on ${target.name}`);
      results.load.push(await runLoad(target, scenario, loadSettings));
    }
  }
  section(
    `Load: ${options.connections} connections, ${options.warmupSeconds} s warm-up, ${options.seconds} s measured, each server a fresh process`,
    report.loadTable(results.load, earlier),
  );
}

if (runs("redis")) {
  // The no-op and change paths, where the store is most of the work: Redis beside memory
  // and bare Express, each server a fresh process, in one run.
  const found = redisServerOrSkip({ ...process.env, CI: "" });
  if ("skip" in found) {
    section("Redis store", `Not measured: ${found.skip}.`);
  } else {
    progress("redis: starting redis-server on loopback");
    const redis = await startRedisServer(found.path, (child) => trackChild(child));
    const removeDir = trackFolder(redis.dir);
    try {
      const subjects = [
        ...targets.filter((t) => t.name === "sandbox" || t.name === "express"),
        redisSandboxTarget(redis.url),
      ];
      for (const scenario of scenarios.filter((s) => ["no-op", "alternate"].includes(s.name))) {
        for (const target of subjects) {
          progress(`redis: ${scenario.name} on ${target.name}`);
          results.redis?.push(await runLoad(target, scenario, loadSettings));
        }
      }
    } finally {
      await redis.stop();
      removeDir();
    }
    section(
      `Redis store: the sandbox with its state in Redis beside the memory store and bare Express, ${options.connections} connections, ${options.seconds} s measured`,
      report.loadTable(results.redis ?? [], earlier, "redis"),
    );
  }
}

if (runs("msw")) {
  // The paths through the sandbox's state (a no-op, a change, a DELETE with nothing to
  // remove); the 422 is refused by the body check before any of it.
  const paths = ["no-op", "alternate", "delete"];
  // Both hosts share this process: one uncounted run of each through every path first, or
  // the first measured would pay for compiling what both run (the core, fetch).
  for (const host of inProcessHosts) {
    progress(`msw: warming up ${host}`);
    const seconds = Math.max(0.1, options.warmupSeconds);
    await runInProcess(host, mixedScenario, { ...loadSettings, warmupSeconds: 0, seconds });
  }
  for (const scenario of scenarios.filter((s) => paths.includes(s.name))) {
    for (const host of inProcessHosts) {
      progress(`msw: ${scenario.name} on ${host}`);
      results.msw.push(await runInProcess(host, scenario, loadSettings));
    }
  }
  section(
    `MSW setupServer beside the HTTP sandbox: one in-process fetch loop, ${options.connections} requests in flight, ${options.warmupSeconds} s warm-up, ${options.seconds} s measured`,
    report.mswTable(results.msw, earlier),
  );
}

if (runs("startup")) {
  const skipped = (rows: string) => (error: Error) => {
    progress(`startup: no ${rows} (${error.message.split("\n")[0]})`);
    return null;
  };
  progress("startup: compiling the sandbox with tsc; packing the kit, installing it in a project");
  const [precompiled, packed] = await Promise.all([
    precompile(fileURLToPath(new URL("./results/precompiled/", import.meta.url))).catch(
      skipped("precompiled rows"),
    ),
    installPackedKit().catch(skipped("package bin row")),
  ]);
  results.precompileMs = precompiled?.ms ?? null;
  if (packed)
    progress(`startup: packed in ${packed.packMs} ms, installed in ${packed.installMs} ms`);
  // Read before the runs: a build finished during them would not have been timed.
  const npmStart = npmStartRuns();
  try {
    for (const subject of startupSubjects(precompiled, packed)) {
      progress(`startup: ${subject.name}`);
      results.startup.push(await measureStartup(subject, options.startupRuns));
    }
  } finally {
    precompiled?.remove();
    packed?.remove();
  }
  section(
    `Start-up: spawn to first answered request, median of ${options.startupRuns} (after one uncounted run)`,
    `${report.startupTable(results, earlier)}\n\nnpm start ran ${npmStart}. The package ` +
      "bin is node_modules/.bin/agentphone-sandbox of a project that installed the packed kit.",
  );
}

if (runs("images")) {
  for (const name of ["exactly-10mib.png", "too-large.png"]) {
    progress(`images: ${name}`);
    results.images.push(await measureBigImage(name));
  }
  section("10 MiB images, each on a fresh sandbox", report.imagesTable(results, earlier));
}

if (runs("bundle")) {
  for (const name of ["msw external", "msw bundled"] as const) {
    progress(`bundle: mock/msw/index.ts, ${name}`);
    results.bundle.push(await measureBundle(name));
  }
  section("MSW's browser entry, bundled for the browser", report.bundleTable(results, earlier));
}

if (runs("contracts")) {
  for (const target of ["fake", "http", "prism"] as const) {
    progress(`contracts: ${target}`);
    results.contracts.push(await timeContracts(target));
  }
  section("Contract suite, wall time per target", report.contractsTable(results, earlier));
}

if (runs("soak")) {
  progress(`soak: ${options.soakRequests} requests`);
  results.soak = await runSoak({
    requests: options.soakRequests,
    // Enough for V8's heap to reach its working size, so growth after it would be a leak.
    warmupRequests: Math.max(10_000, Math.round(options.soakRequests / 10)),
    connections: options.connections,
  });
  section("Soak: the sandbox's CLI under the mixed scenario", report.soakTable(results, earlier));
}

results.goals = checkGoals(results.load, results.startup, results.soak, results.bundle);
if (results.goals.some((goal) => goal.pass !== null)) {
  section("Targets", report.goalsTable(results.goals));
}

writeResults(options.json, results);
console.log(`\nResults: ${options.json}`);
if (options.saveBaseline) {
  writeResults(options.baseline, results);
  console.log(`Baseline saved: ${options.baseline}`);
}
if (options.strict && results.goals.some((goal) => goal.pass === false)) process.exitCode = 1;

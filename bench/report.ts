import { bundleLimitBytes } from "./bundle-size.ts";
import type { FetchLoopResult } from "./fetch-loop.ts";
import type { GoalCheck } from "./goals.ts";
import type { InProcessResult } from "./in-process-load.ts";
import { errorCount, type LoadResult } from "./load.ts";
import { megabytes } from "./proc-stats.ts";
import type { BenchResults } from "./results.ts";
import { scenarios } from "./scenarios.ts";
import { type Cell, renderTable } from "./table.ts";
import type { TargetName } from "./targets.ts";

/** The runs to compare with: the committed baseline and the previous `latest.json`. */
export interface Earlier {
  baseline: BenchResults | undefined;
  previous: BenchResults | undefined;
}

/** `+12%`, `-3%`, or `—` when there is nothing to compare with. */
export function delta(now: number | undefined, before: number | undefined): string {
  if (now === undefined || before === undefined || before === 0) return "—";
  const change = Math.round((now / before - 1) * 100);
  return `${change > 0 ? "+" : ""}${change}%`;
}

const mb = (bytes: number) => megabytes(bytes).toFixed(1);
const baselines: TargetName[] = ["node:http", "express", "prism"];
const shortName: Record<TargetName, string> = {
  sandbox: "memory",
  "sandbox+redis": "redis",
  "node:http": "http",
  express: "express",
  prism: "prism",
};

function findLoad(
  results: BenchResults | undefined,
  target: string,
  scenario: string,
  from: "load" | "redis" = "load",
) {
  return results?.[from]?.find((r) => r.target === target && r.scenario === scenario);
}

const ratio = (rps: number, other: { rps: number } | undefined) =>
  other && other.rps > 0 ? `${(rps / other.rps).toFixed(2)}×` : "—";

/** The columns every req/s table starts with, `who` naming the server or host. */
const rateHeader = (who: string) => [
  "scenario",
  who,
  "req/s",
  "p50 ms",
  "p99 ms",
  "errors",
  "CPU µs/req",
];

/** A row's cells under {@link rateHeader}, the scenario left blank when it repeats. */
function rateCells(r: FetchLoopResult, who: string, above: FetchLoopResult | undefined): Cell[] {
  const scenario = above?.scenario === r.scenario ? "" : r.scenario;
  return [scenario, who, r.rps, r.p50Ms, r.p99Ms, errorCount(r.errors), r.cpuUsPerRequest];
}

/** The load table: one row per scenario and server, with ratios to each baseline server. */
export function loadTable(
  load: readonly LoadResult[],
  earlier: Earlier,
  from: "load" | "redis" = "load",
): string {
  // The Redis table compares with the same sandbox in memory, and with bare Express.
  const against: TargetName[] = from === "redis" ? ["sandbox", "express"] : baselines;
  const rows = load.map((r, i) => {
    const same = load.filter((o) => o.scenario === r.scenario);
    const ratios = against.map((b) =>
      ratio(
        r.rps,
        same.find((o) => o.target === b),
      ),
    );
    const before = (results: BenchResults | undefined) =>
      delta(r.rps, findLoad(results, r.target, r.scenario, from)?.rps);
    return [
      ...rateCells(r, r.target, load[i - 1]),
      mb(r.rssBytes),
      ...ratios,
      before(earlier.baseline),
      before(earlier.previous),
    ];
  });
  const legend = scenarios.map((s) => `  ${s.name}: ${s.what}`).join("\n");
  const header = [...rateHeader("server"), "RSS MB", ...against.map((b) => `vs ${shortName[b]}`)];
  const table = renderTable([...header, "req/s vs baseline", "vs previous"], rows);
  return `${table}\n\n${legend}`;
}

/** The in-process table: MSW's setupServer beside the HTTP sandbox, per scenario. */
export function mswTable(msw: readonly InProcessResult[], earlier: Earlier): string {
  const rows = msw.map((r, i) => {
    const http = msw.find((o) => o.scenario === r.scenario && o.host === "sandbox (HTTP)");
    const before = (results: BenchResults | undefined) =>
      delta(r.rps, results?.msw?.find((o) => o.host === r.host && o.scenario === r.scenario)?.rps);
    return [
      ...rateCells(r, r.host, msw[i - 1]),
      ratio(r.rps, http),
      before(earlier.baseline),
      before(earlier.previous),
    ];
  });
  const table = renderTable(
    [...rateHeader("host"), "vs HTTP", "req/s vs baseline", "vs previous"],
    rows,
  );
  const note =
    "Both in the bench's own process, from sources through tsx, each fresh per scenario and " +
    "loaded by the same fetch loop:\n  sandbox (HTTP): createSandbox({ port: 0 }) on " +
    "127.0.0.1, Node's fetch over loopback (not autocannon, so the client is the same);\n" +
    "  msw setupServer: createSandboxHandlers() from mock/msw/node.ts, the same fetch " +
    "intercepted in process, no socket.\nCPU µs/req is the whole process's: client and " +
    "host together. The scenarios are the load table's.";
  return `${table}\n\n${note}`;
}

/** The start-up table: spawn to first answered request, per subject. */
export function startupTable(results: BenchResults, earlier: Earlier): string {
  const rows = results.startup.map((s) => {
    const before = (r: BenchResults | undefined) =>
      delta(s.medianMs, r?.startup.find((o) => o.name === s.name)?.medianMs);
    return [
      s.name,
      s.medianMs,
      `${s.minMs}–${s.maxMs}`,
      s.readyMs,
      s.cpuMs,
      mb(s.rssBytes),
      before(earlier.baseline),
      before(earlier.previous),
    ];
  });
  const header = ["started", "first answer ms", "range", "ready line ms", "CPU ms", "RSS MB"];
  return renderTable([...header, "vs baseline", "vs previous"], rows);
}

/** The two boundary images: time and memory to accept 10 MiB and refuse one byte more. */
export function imagesTable(results: BenchResults, earlier: Earlier): string {
  const rows = results.images.map((i) => {
    const before = (r: BenchResults | undefined) =>
      delta(i.againMs, r?.images.find((o) => o.name === i.name)?.againMs);
    return [
      i.name,
      i.code ? `${i.status} ${i.code}` : String(i.status),
      i.firstMs,
      i.againMs,
      mb(i.rssBeforeBytes),
      `${mb(i.firstPeakRssBytes)} (+${mb(i.firstPeakRssBytes - i.rssBeforeBytes)})`,
      mb(i.againPeakRssBytes),
      before(earlier.baseline),
      before(earlier.previous),
    ];
  });
  const header = ["image", "answer", "first ms", "again ms", "RSS before MB"];
  return renderTable(
    [...header, "peak, first MB", "peak, again MB", "again vs baseline", "vs previous"],
    rows,
  );
}

/** The MSW browser entry's bundle sizes, and whether they show no 10 MiB image is shipped. */
export function bundleTable(results: BenchResults, earlier: Earlier): string {
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  const rows = results.bundle.map((b) => {
    const before = (r: BenchResults | undefined) =>
      delta(b.gzipBytes, r?.bundle?.find((o) => o.name === b.name)?.gzipBytes);
    return [
      b.name,
      b.bytes,
      b.gzipBytes,
      `${Math.round((b.bytes / bundleLimitBytes) * 100)}%`,
      before(earlier.baseline),
      before(earlier.previous),
    ];
  });
  const header = ["mock/msw/index.ts", "minified bytes", "gzip -9 bytes", "of 1 MiB"];
  const table = renderTable([...header, "gzip vs baseline", "vs previous"], rows);
  const largest = Math.max(0, ...results.bundle.map((b) => b.bytes));
  const verdict =
    largest < bundleLimitBytes
      ? `The largest, ${kib(largest)} KiB, is below 1 MiB, a tenth of one 10 MiB boundary ` +
        "image: the catalogue builds those at run time (forestOfSize) and ships none."
      : `The largest, ${kib(largest)} KiB, is NOT below 1 MiB: look for an image shipped in it.`;
  const how =
    "esbuild, platform browser, format esm, minified; gzip is node:zlib at level 9. " +
    '"msw external" is what an app that already has msw adds.';
  return `${table}\n\n${how}\n${verdict}`;
}

/** The contract suite's wall time per target. */
export function contractsTable(results: BenchResults, earlier: Earlier): string {
  const rows = results.contracts.map((c) => {
    const before = (r: BenchResults | undefined) =>
      delta(c.ms, r?.contracts.find((o) => o.target === c.target)?.ms);
    const outcome = c.exitCode === 0 ? (c.summary ?? "passed") : `FAILED (exit ${c.exitCode})`;
    return [
      c.target,
      (c.ms / 1000).toFixed(1),
      outcome,
      before(earlier.baseline),
      before(earlier.previous),
    ];
  });
  return renderTable(["target", "wall s", "result", "vs baseline", "vs previous"], rows);
}

/** The soak's figures in one paragraph; its checks are in the targets table. */
export function soakTable(results: BenchResults, earlier: Earlier): string {
  const soak = results.soak;
  if (!soak) return "";
  const rps = (r: BenchResults | undefined) => delta(soak.rps, r?.soak?.rps ?? undefined);
  const summary =
    `${soak.requests} requests in ${soak.seconds} s (${soak.rps} req/s; vs baseline ` +
    `${rps(earlier.baseline)}, vs previous ${rps(earlier.previous)}); RSS ` +
    `${mb(soak.afterWarmup.rssBytes)} → ${mb(soak.end.rssBytes)} MB, open fds ` +
    `${soak.afterWarmup.fds} → ${soak.end.fds} (after warm-up → end).`;
  return summary;
}

/** PASS or MISS for every target this run measured. */
export function goalsTable(checks: readonly GoalCheck[]): string {
  const measured = checks.filter((c) => c.pass !== null);
  return renderTable(
    ["target", "got", ""],
    measured.map((c) => [c.name, c.got, c.pass ? "PASS" : "MISS"]),
  );
}

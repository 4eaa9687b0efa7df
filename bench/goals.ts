import { type BundleResult, bundleLimitBytes } from "./bundle-size.ts";
import type { LoadResult } from "./load.ts";
import { megabytes } from "./proc-stats.ts";
import { type SoakResult, soakChecks } from "./soak.ts";
import type { StartupResult } from "./startup.ts";
import { packageBinStartup, prismStartup, sandboxStartup } from "./startup-subjects.ts";

/** One target from the issue, and whether this run met it; `pass` is null when not measured. */
export interface GoalCheck {
  name: string;
  got: string;
  pass: boolean | null;
}

/** The targets the sandbox is held to on this machine. */
export const goals = {
  noOpVsExpress: 0.7,
  noOpVsPrism: 2.5,
  startupMs: 300,
  packageBinVsPrismStartup: 0.25,
  rssBytes: 120e6,
};

const ratio = (a: LoadResult | undefined, b: LoadResult | undefined) =>
  a && b && b.rps > 0 ? a.rps / b.rps : undefined;

/** Checks a run against {@link goals} and, when they ran, the soak's and the bundle's checks. */
export function checkGoals(
  load: readonly LoadResult[],
  startup: readonly StartupResult[],
  soak: SoakResult | null,
  bundle: readonly BundleResult[],
): GoalCheck[] {
  const noOp = (target: string) => load.find((r) => r.scenario === "no-op" && r.target === target);
  const vsExpress = ratio(noOp("sandbox"), noOp("express"));
  const vsPrism = ratio(noOp("sandbox"), noOp("prism"));
  const start = startup.find((s) => s.name === sandboxStartup);
  const bin = startup.find((s) => s.name === packageBinStartup);
  const prism = startup.find((s) => s.name === prismStartup);
  const binVsPrism = bin && prism && prism.medianMs > 0 ? bin.medianMs / prism.medianMs : undefined;
  const sandboxRuns = load.filter((r) => r.target === "sandbox");
  const rss = sandboxRuns.length > 0 ? Math.max(...sandboxRuns.map((r) => r.rssBytes)) : undefined;
  const checks: GoalCheck[] = [
    {
      name: `no-op: sandbox req/s ≥ ${goals.noOpVsExpress * 100}% of bare Express`,
      got: vsExpress === undefined ? "not run" : `${Math.round(vsExpress * 100)}%`,
      pass: vsExpress === undefined ? null : vsExpress >= goals.noOpVsExpress,
    },
    {
      name: `no-op: sandbox req/s ≥ ${goals.noOpVsPrism}× Prism`,
      got: vsPrism === undefined ? "not run" : `${vsPrism.toFixed(2)}×`,
      pass: vsPrism === undefined ? null : vsPrism >= goals.noOpVsPrism,
    },
    {
      name: `sandbox start → first answer < ${goals.startupMs} ms (npm start's path, median)`,
      got: start === undefined ? "not run" : `${start.medianMs} ms`,
      pass: start === undefined ? null : start.medianMs < goals.startupMs,
    },
    {
      name: "package bin start-up ≤ ¼ of Prism's (installed, median)",
      got:
        binVsPrism === undefined
          ? "not run"
          : `${bin?.medianMs} ms, ${binVsPrism.toFixed(2)}× Prism's ${prism?.medianMs} ms`,
      pass: binVsPrism === undefined ? null : binVsPrism <= goals.packageBinVsPrismStartup,
    },
    {
      name: `sandbox RSS after load < ${megabytes(goals.rssBytes)} MB (worst scenario)`,
      got: rss === undefined ? "not run" : `${megabytes(rss)} MB`,
      pass: rss === undefined ? null : rss < goals.rssBytes,
    },
  ];
  const largest = bundle.length > 0 ? Math.max(...bundle.map((b) => b.bytes)) : undefined;
  checks.push({
    name: "MSW browser bundle < 1 MiB with msw in it (no 10 MiB image shipped)",
    got: largest === undefined ? "not run" : `${(largest / 1024).toFixed(1)} KiB`,
    pass: largest === undefined ? null : largest < bundleLimitBytes,
  });
  if (soak) {
    for (const check of soakChecks(soak)) checks.push({ ...check, name: `soak: ${check.name}` });
  }
  return checks;
}

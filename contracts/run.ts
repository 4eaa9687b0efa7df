import { parseArgs } from "node:util";
import { startVitest } from "vitest/node";
import { contractProject } from "./contract-project.ts";
import { mutations } from "./mutations.ts";
import { TargetConfigError } from "./target.ts";
import { readTargetEnv } from "./target-env.ts";

const usage = `Usage: npm run contracts -- [--target NAME]... [--report] [--json FILE]

Runs the contract suite against a target (CONTRACT_TARGET, default fake): fake, msw,
http, prism or live, or fake:MUTATION or msw:MUTATION for one of the deliberately broken
sandboxes.
--report  prints a matrix of test × target and what each target showed about the API's
          unknowns; with no target named it runs fake, msw, http and prism side by side,
          and with http or live it runs the fake beside it for comparison.
--json    also writes the matrix and observations to FILE.`;

let values: {
  target?: string[] | undefined;
  report?: boolean | undefined;
  json?: string | undefined;
  help?: boolean | undefined;
};
try {
  ({ values } = parseArgs({
    options: {
      target: { type: "string", multiple: true },
      report: { type: "boolean" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  console.error(`contracts: ${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const named = values.target ?? (process.env.CONTRACT_TARGET ? [process.env.CONTRACT_TARGET] : []);
const mutation = process.env.CONTRACT_FAKE_MUTATION;
let entries = named.length > 0 ? named : [mutation ? `fake:${mutation}` : "fake"];
if (values.report && named.length === 0) entries = ["fake", "msw", "http", "prism"];
if (values.report && named.some((n) => n === "http" || n === "live"))
  entries = [...new Set([...entries, "fake"])];

try {
  for (const entry of entries) {
    const target = entry.split(":")[0];
    // Without a base URL, http runs against the sandbox's CLI, which the suite starts itself.
    if (target === "http" && !process.env.CONTRACT_BASE_URL) continue;
    readTargetEnv({ ...process.env, CONTRACT_TARGET: target });
  }
  // Only the sandboxes in this process can have a bug put in.
  const elsewhere = entries.filter((e) => e.includes(":") && !/^(fake|msw):/.test(e));
  if (elsewhere.length > 0) {
    throw new TargetConfigError(`only fake and msw take a mutation, not ${elsewhere.join(", ")}`);
  }
  const unknown = entries
    .map((e) => e.split(":")[1])
    .filter((m) => m !== undefined && !(m in mutations));
  if (unknown.length > 0) {
    throw new TargetConfigError(
      `no such mutation: ${unknown.join(", ")} (known: ${Object.keys(mutations).join(", ")})`,
    );
  }
} catch (error) {
  if (!(error instanceof TargetConfigError)) throw error;
  console.error(`contracts: ${error.message}`);
  process.exit(2);
}
if (values.json) process.env.CONTRACT_REPORT_JSON = values.json;

const vitest = await startVitest("test", [], {
  watch: false,
  config: false,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  reporters: [
    "default",
    "./contracts/reporters/summary-reporter.ts",
    ...(values.report || values.json ? ["./contracts/reporters/matrix-reporter.ts"] : []),
  ],
  projects: entries.map(contractProject),
});
await vitest.close();

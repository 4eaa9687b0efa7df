import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sandboxBin } from "../contracts/spawn-sandbox.ts";
import { trackChild } from "./child-registry.ts";
import { type SpawnedServer, spawnServer } from "./spawn-server.ts";

/** One run of the contract suite. */
export interface ContractsResult {
  target: string;
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  exitCode: number | null;
  /** The runner's last line, e.g. `43 passed, 0 failed, 0 skipped`; null if it never printed it. */
  summary: string | null;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const timeoutMs = 300_000;

/**
 * Runs `node --import tsx contracts/run.ts --target <target>` as `npm run contracts` would,
 * with no `CONTRACT_*` variable of the caller's, and times it from spawn to exit. For
 * `http` it first starts the sandbox's CLI as `npm test` does (the runner needs a URL for
 * that target) and counts its start in the time, as Prism's is counted for `prism`.
 */
export async function timeContracts(target: "fake" | "http" | "prism"): Promise<ContractsResult> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("CONTRACT_")),
  );
  const started = performance.now();
  let sandbox: SpawnedServer | undefined;
  if (target === "http") {
    // The same arguments as contracts/global-setup.ts gives the CLI for this target.
    sandbox = await spawnServer({
      args: [sandboxBin, "--port", "0", "--log-level", "silent", "--image-timeout", "1000"],
      ready: /sandbox ready at (http:\/\/\S+)/,
    });
    env.CONTRACT_BASE_URL = sandbox.url;
  }
  try {
    return await runSuite(target, env, started);
  } finally {
    await sandbox?.stop();
  }
}

async function runSuite(
  target: string,
  env: NodeJS.ProcessEnv,
  started: number,
): Promise<ContractsResult> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "contracts/run.ts", "--target", target],
    {
      cwd: root,
      env: { ...env, NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  trackChild(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // SIGTERM, not SIGKILL: the suite then stops the Prism it started instead of orphaning it.
  const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  const summary = /^Tests: (.+)$/m.exec(output)?.[1] ?? null;
  return { target, ms: Math.round(performance.now() - started), exitCode, summary };
}

import { type SpawnOptions, spawn } from "node:child_process";
import { trackChild } from "./child-registry.ts";

/** How a command the bench ran to completion ended. */
export interface TrackedRun {
  code: number | null;
  /** Its stdout and stderr, interleaved. */
  output: string;
  ms: number;
}

/**
 * Runs `command …args` to its end as a tracked child, keeping what it prints. It leads its
 * own process group, so that if the bench is ended first, whatever it started ends too.
 *
 * @example
 * const { code, output } = await runTracked("npm", ["pack"], { cwd });
 */
export async function runTracked(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<TrackedRun> {
  const started = performance.now();
  const child = spawn(command, args, {
    ...options,
    detached: process.platform !== "win32",
    stdio: ["ignore", "pipe", "pipe"],
  });
  trackChild(child, process.platform !== "win32");
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  return { code, output, ms: Math.round(performance.now() - started) };
}

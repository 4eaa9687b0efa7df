import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { kitRoot } from "./paths.ts";

/** The sandbox's command line, exactly what `npm start` (and the package's bin) runs. */
export const sandboxBin = join(kitRoot, "bin", "agentphone-sandbox.js");

/** A sandbox running as a child process. */
export interface SpawnedSandbox {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs the CLI with `args` (and `env` added to this process's environment) and resolves
 * with its exit code and output once it exits.
 */
export function runCli(
  args: string[],
  timeoutMs = 20_000,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [sandboxBin, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`CLI did not exit within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts the sandbox's CLI (the `npm start` code path) and resolves with the URL from its
 * ready line.
 *
 * @example
 * const sandbox = await spawnSandbox(["--port", "0"]);
 * await sandbox.stop();
 */
export function spawnSandbox(
  args: string[] = ["--port", "0"],
  timeoutMs = 20_000,
  env: Record<string, string> = {},
): Promise<SpawnedSandbox> {
  const child = spawn(process.execPath, [sandboxBin, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`sandbox did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /sandbox ready at (http:\/\/\S+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stdout?.on("data", (more: Buffer) => (output += more.toString()));
      resolve({
        url: match[1],
        child,
        output: () => output,
        async stop(signal = "SIGTERM") {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with code ${code} before it was ready:\n${output}`));
    });
  });
}
